"""Calls for community leaders in the API: a community's calls (read, and make one through the same
write as the pages) and one call with its questions, rubric and counts.

Staff who serve the community read them ("leaders.view"); its team lead and the network admins make
them ("call.manage"). Applications are the review's (cocreate.api.urls_review).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.accounts.models import User
from cocreate.core.models import Team
from cocreate.leaders import calls
from cocreate.leaders.models import ApplicationStatus, Call, CallCriterion, CallQuestion

from .views import Pages, TenantScoped


class CallQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallQuestion
        fields = ["id", "position", "text", "help_text", "required"]
        read_only_fields = fields


class CallCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CallCriterion
        fields = ["id", "position", "name", "guidance", "beyond_credentials"]
        read_only_fields = fields


class ApplicationCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    submitted = serializers.IntegerField()
    accepted = serializers.IntegerField()
    waitlisted = serializers.IntegerField()
    declined = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class CallSerializer(serializers.ModelSerializer):
    """A call for community leaders. `public_path` is its public page (no account needed)."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    public_path = serializers.SerializerMethodField()
    applications = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "involves",
            "time_asked",
            "compensation",
            "languages",
            "closes_on",
            "status",
            "status_label",
            "name_blind",
            "team",
            "opened_at",
            "closed_at",
            "created_at",
            "version",
            "public_path",
            "applications",
        ]
        read_only_fields = fields

    def get_public_path(self, call: Call) -> str:
        from django.urls import reverse

        return reverse("leaders:join", args=[call.token])

    @extend_schema_field(ApplicationCountsSerializer)
    def get_applications(self, call: Call) -> dict:
        counts = {value: getattr(call, f"n_{value}", 0) for value in ApplicationStatus.values}
        return {"total": getattr(call, "n_applications", 0), **counts}


class CallDetailSerializer(CallSerializer):
    questions = CallQuestionSerializer(many=True, read_only=True)
    criteria = CallCriterionSerializer(many=True, read_only=True)
    reviewers = serializers.SerializerMethodField()

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "questions", "criteria", "reviewers"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_reviewers(self, call: Call) -> list[int]:
        return [row.user_id for row in call.reviewer_rows.all()]


@extend_schema_field(OpenApiTypes.INT)
class _Reviewer(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        community = self.context.get("community")
        return calls.reviewer_choices(community) if community is not None else User.objects.none()


@extend_schema_field(OpenApiTypes.INT)
class _Team(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        community = self.context.get("community")
        return Team.objects.filter(community=community) if community is not None else Team.objects.none()


class MakeCallSerializer(serializers.Serializer):
    """A call to make, as a draft (open it on its page). Languages among the organization's."""

    title = serializers.CharField(max_length=200)
    involves = serializers.CharField(max_length=5000)
    time_asked = serializers.CharField(max_length=300)
    compensation = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    languages = serializers.ListField(child=serializers.CharField(max_length=10), allow_empty=False)
    closes_on = serializers.DateField()
    name_blind = serializers.BooleanField(required=False, default=False)
    team = _Team(required=False, allow_null=True, default=None, help_text=_("A team of the community."))
    reviewers = serializers.ListField(
        child=_Reviewer(
            error_messages={"does_not_exist": _("Reviewers are staff who serve this community.")}
        ),
        required=False,
        default=list,
        help_text=_("Ids of staff who serve this community."),
    )

    def create(self, validated_data) -> Call:
        return calls.do_create_call(
            self.context["community"],
            acting_user=self.context["request"].user,
            details=calls.CallDetails(**validated_data),
        )


@extend_schema(tags=["leaders"])
class CallList(TenantScoped, generics.ListCreateAPIView):
    """A community's calls for community leaders, latest closing first; POST makes one (a draft)."""

    serializer_class = CallSerializer
    pagination_class = Pages
    read_action, write_action = "leaders.view", "call.manage"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        return calls.calls_in(self.community)

    @extend_schema(request=MakeCallSerializer, responses={201: CallDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = MakeCallSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        call = incoming.save()
        return Response(
            CallDetailSerializer(_one(self.community, call.pk)).data, status=status.HTTP_201_CREATED
        )


def _one(community, pk: int) -> Call:
    return calls.calls_in(community).prefetch_related("questions", "criteria", "reviewer_rows").get(pk=pk)


@extend_schema(tags=["leaders"])
class CallDetail(TenantScoped, generics.RetrieveAPIView):
    """One call of the community, with its questions, rubric, reviewers and applications counted."""

    serializer_class = CallDetailSerializer
    read_action = "leaders.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        return calls.calls_in(self.community).prefetch_related("questions", "criteria", "reviewer_rows")

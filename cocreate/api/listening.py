"""Focus groups and listening sessions in the API: a community's sessions with their guide and themes,
proposing a question (partners and staff), and recording one question's notes with the version the
note-taker started from (a stale one is 412 with If-Match, 409 with `version`). The rules are the
pages' rules (cocreate.listening.views)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.core.concurrency import if_match_version
from cocreate.listening import actions
from cocreate.listening.models import FocusGroup, GuideQuestion, Theme

from .errors import IF_MATCH
from .views import Pages, TenantScoped


class GuideQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuideQuestion
        fields = ["id", "text", "text_es", "position", "status", "notes", "version"]
        read_only_fields = ["id", "position", "status", "notes", "version"]


class ThemeSerializer(serializers.ModelSerializer):
    feedback = serializers.IntegerField(source="feedback_id", allow_null=True, read_only=True)
    question = serializers.IntegerField(source="question_id", allow_null=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "name", "summary", "question", "feedback"]
        read_only_fields = fields


class GroupSerializer(serializers.ModelSerializer):
    questions = GuideQuestionSerializer(many=True, read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)
    support_event = serializers.IntegerField(source="support_event_id", allow_null=True, read_only=True)

    class Meta:
        model = FocusGroup
        fields = [
            "id",
            "kind",
            "title",
            "goals",
            "hear_from",
            "held_on",
            "starts_at",
            "duration_minutes",
            "place",
            "modality",
            "language",
            "helps",
            "run_by_intermediary",
            "status",
            "support_event",
            "version",
            "questions",
            "themes",
        ]
        read_only_fields = fields


class NotesSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=10000, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


def _groups(community):
    return (
        FocusGroup.objects.filter(community=community)
        .prefetch_related(
            Prefetch("questions", GuideQuestion.objects.order_by("position", "pk")),
            Prefetch("themes", Theme.objects.order_by("pk")),
        )
        .order_by("-held_on", "-pk")
    )


@extend_schema(tags=["listening"])
class GroupList(TenantScoped, generics.ListAPIView):
    """The community's focus groups and listening sessions, newest first, with their guide and themes."""

    serializer_class = GroupSerializer
    pagination_class = Pages
    read_action = "listening.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FocusGroup.objects.none()
        return _groups(self.community)


@extend_schema(tags=["listening"])
class GroupDetail(TenantScoped, generics.RetrieveAPIView):
    serializer_class = GroupSerializer
    read_action = "listening.view"

    def get_object(self) -> FocusGroup:
        group = _groups(self.community).filter(pk=self.kwargs["pk"]).first()
        if group is None:
            raise Http404
        return group


@extend_schema(tags=["listening"])
class QuestionCreate(TenantScoped, generics.CreateAPIView):
    """Propose a question for a planned session's guide (partners and staff)."""

    serializer_class = GuideQuestionSerializer
    read_action = write_action = "listening.contribute"

    def perform_create(self, serializer):
        group = FocusGroup.objects.filter(community=self.community, pk=self.kwargs["pk"]).first()
        if group is None:
            raise Http404
        group.community = self.community
        serializer.instance = actions.do_propose_question(
            group,
            acting_user=self.request.user,
            text=serializer.validated_data["text"],
            text_es=serializer.validated_data.get("text_es", ""),
        )


@extend_schema(tags=["listening"])
class QuestionNotes(TenantScoped, generics.GenericAPIView):
    """Record what was said in answer to one question (facilitators, a parent facilitator included,
    and staff). Send the version you started from (If-Match or `version`)."""

    serializer_class = NotesSerializer
    read_action = write_action = "listening.view"

    @extend_schema(parameters=[IF_MATCH], request=NotesSerializer, responses=GuideQuestionSerializer)
    def patch(self, request: Request, *args, **kwargs) -> Response:
        question = (
            GuideQuestion.objects.select_related("group__facilitator_partner")
            .filter(community=self.community, group_id=kwargs["pk"], pk=kwargs["qpk"])
            .first()
        )
        if question is None:
            raise Http404
        group = question.group
        group.community = self.community
        if not (
            self.tenant.can("listening.manage", self.community) or actions.facilitates(group, request.user)
        ):
            raise PermissionDenied
        data = NotesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = actions.do_record_notes(
            question,
            acting_user=request.user,
            notes=data.validated_data["notes"],
            version=if_match_version(request),
        )
        return Response(
            GuideQuestionSerializer(saved).data,
            status=status.HTTP_200_OK,
            headers={"ETag": f'"{saved.version}"'},
        )

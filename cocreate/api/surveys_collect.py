"""Surveys in the API: the builder (surveys, questions, state changes) for those who design them, and
answering without an account (`POST /api/v1/surveys/<token>/responses/`, throttled per address).

The same writes as the pages (`cocreate.surveys.builder`, `answering`) with the same permissions:
"survey.design" to make and edit, "survey.send" to open, close and reopen.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from cocreate.core.access import access_community
from cocreate.core.concurrency import if_match_version
from cocreate.core.models import Community
from cocreate.surveys import builder
from cocreate.surveys.answering import AnswerForm, do_submit_response, throttle
from cocreate.surveys.models import Question, QuestionKind, Survey, SurveyStatus
from cocreate.surveys.views_build import access_survey, with_counts

from .views import Pages, TenantScoped


class ChoiceSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True, max_length=24)
    en = serializers.CharField(max_length=200)
    es = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, required=False)

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "key",
            "kind",
            "text",
            "text_es",
            "help",
            "help_es",
            "required",
            "choices",
            "scale_min",
            "scale_max",
            "low_label",
            "low_label_es",
            "high_label",
            "high_label_es",
        ]
        read_only_fields = ["id", "position", "key"]

    def details(self) -> builder.QuestionDetails:
        d = dict(self.validated_data)
        d["choices"] = [dict(c) for c in d.get("choices", [])]
        return builder.QuestionDetails(**d)


class SurveySerializer(serializers.ModelSerializer):
    community: serializers.Field = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    answer_path = serializers.SerializerMethodField()
    responses = serializers.IntegerField(source="n_responses", read_only=True, default=0)
    pretest_responses = serializers.IntegerField(source="n_pretest", read_only=True, default=0)
    status = serializers.CharField(read_only=True, help_text="draft, pretest, open or closed")

    class Meta:
        model = Survey
        fields = [
            "id",
            "community",
            "title",
            "title_es",
            "intro",
            "intro_es",
            "goals",
            "audience",
            "anonymous",
            "status",
            "closes_on",
            "remind_every_days",
            "opened_at",
            "closed_at",
            "version",
            "answer_path",
            "responses",
            "pretest_responses",
        ]
        read_only_fields = ["id", "status", "opened_at", "closed_at", "version"]

    def get_answer_path(self, survey: Survey) -> str:
        from django.urls import reverse

        return reverse("surveys:answer", args=[survey.token])


class SurveyDetailSerializer(SurveySerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "questions"]


class MakeSurveySerializer(SurveySerializer):
    community = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A community's slug; empty: the organization."
    )

    class Meta(SurveySerializer.Meta):
        pass


def _fields(data: dict) -> dict:
    return {k: v for k, v in data.items() if k in builder.SURVEY_FIELDS}


def _detail(tenant, pk: int) -> dict:
    survey = access_survey(tenant, pk)
    return SurveyDetailSerializer(survey).data


@extend_schema(tags=["surveys"])
class SurveyList(TenantScoped, generics.ListCreateAPIView):
    """The organization's surveys this person may design; POST makes a draft."""

    serializer_class = SurveySerializer
    pagination_class = Pages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        tenant = self.tenant
        if not tenant.can_anywhere("survey.design"):
            raise PermissionDenied
        qs = Survey.objects.filter(organization=tenant.organization).select_related("community")
        if not tenant.can("survey.design"):
            qs = qs.filter(
                community_id__in=[pk for pk in tenant.community_roles if tenant.can("survey.design", pk)]
            )
        return with_counts(qs).order_by("-created_at", "-pk")

    @extend_schema(request=MakeSurveySerializer, responses={201: SurveyDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = MakeSurveySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        slug = incoming.validated_data.get("community") or ""
        community: Community | None = None
        if slug:
            community = access_community(self.tenant, slug, "survey.design")
        else:
            self.tenant.require("survey.design")
        survey = builder.do_create_survey(
            self.tenant.organization,
            acting_user=request.user,
            community=community,
            **_fields(incoming.validated_data),
        )
        return Response(_detail(self.tenant, survey.pk), status=status.HTTP_201_CREATED)


@extend_schema(tags=["surveys"])
class SurveyDetail(TenantScoped, APIView):
    """One survey with its questions; PATCH edits its settings (send the version: If-Match)."""

    serializer_class = SurveyDetailSerializer

    @extend_schema(responses=SurveyDetailSerializer)
    def get(self, request: Request, org: str, pk: int) -> Response:
        return Response(_detail(self.tenant, pk))

    @extend_schema(request=SurveySerializer, responses=SurveyDetailSerializer)
    def patch(self, request: Request, org: str, pk: int) -> Response:
        survey = access_survey(self.tenant, pk)
        incoming = SurveySerializer(survey, data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        builder.do_update_survey(
            survey,
            acting_user=request.user,
            version=if_match_version(request),
            **_fields(incoming.validated_data),
        )
        return Response(_detail(self.tenant, pk))


@extend_schema(tags=["surveys"])
class QuestionCreate(TenantScoped, APIView):
    serializer_class = QuestionSerializer

    @extend_schema(request=QuestionSerializer, responses={201: QuestionSerializer})
    def post(self, request: Request, org: str, pk: int) -> Response:
        survey = access_survey(self.tenant, pk)
        incoming = QuestionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        question = builder.do_add_question(survey, acting_user=request.user, details=incoming.details())
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["surveys"])
class QuestionDetail(TenantScoped, APIView):
    """PUT replaces a question (while nobody has really answered); DELETE removes it."""

    serializer_class = QuestionSerializer

    def _question(self, pk: int, question: int) -> Question:
        survey = access_survey(self.tenant, pk)
        row = Question.objects.filter(survey=survey, pk=question).first()
        if row is None:
            raise Http404
        row.survey = survey
        return row

    @extend_schema(request=QuestionSerializer, responses=QuestionSerializer)
    def put(self, request: Request, org: str, pk: int, question: int) -> Response:
        row = self._question(pk, question)
        incoming = QuestionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        builder.do_edit_question(row, acting_user=request.user, details=incoming.details())
        return Response(QuestionSerializer(row).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, org: str, pk: int, question: int) -> Response:
        builder.do_delete_question(self._question(pk, question), acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StateSerializer(serializers.Serializer):
    change = serializers.ChoiceField(choices=["pretest", "draft", "open", "close", "reopen"])


STATE_WRITES: dict[str, tuple[Callable[..., Survey], str]] = {
    "pretest": (builder.do_start_pretest, "survey.design"),
    "draft": (builder.do_back_to_draft, "survey.design"),
    "open": (builder.do_open_survey, "survey.send"),
    "close": (builder.do_close_survey, "survey.send"),
    "reopen": (builder.do_reopen_survey, "survey.send"),
}


@extend_schema(tags=["surveys"])
class SurveyState(TenantScoped, APIView):
    """Move a survey on: pre-test, back to draft, open, close, reopen (a repeat changes nothing)."""

    serializer_class = StateSerializer

    @extend_schema(request=StateSerializer, responses=SurveyDetailSerializer)
    def post(self, request: Request, org: str, pk: int) -> Response:
        incoming = StateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        write, permission = STATE_WRITES[incoming.validated_data["change"]]
        write(access_survey(self.tenant, pk, permission), acting_user=request.user)
        return Response(_detail(self.tenant, pk))


class SurveyAnswersIn(serializers.Serializer):
    answers = serializers.DictField(
        help_text="{question id: value}: a choice's key, a list of keys, a number, or text.",
        child=serializers.JSONField(),
    )
    language = serializers.ChoiceField(choices=["en", "es"], default="en")
    partner_type = serializers.CharField(required=False, allow_blank=True, default="")
    community = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="An organization's survey: the community's slug.",
    )


class SurveyResponseOut(serializers.Serializer):
    id = serializers.IntegerField()
    pretest = serializers.BooleanField()


class AnswerThrottle(AnonRateThrottle):
    rate = "600/hour"


@extend_schema(tags=["surveys"], auth=[])
class ResponseCreate(APIView):
    """Answer an anonymous survey (or any survey in its pre-test) without an account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnswerThrottle]
    serializer_class = SurveyAnswersIn

    @extend_schema(request=SurveyAnswersIn, responses={201: SurveyResponseOut})
    def post(self, request: Request, token: str) -> Response:
        survey = Survey.objects.select_related("organization", "community").filter(token=token).first()
        if survey is None or survey.status == SurveyStatus.DRAFT:
            raise Http404
        if not survey.anonymous and survey.status != SurveyStatus.PRETEST:
            raise Http404  # personal surveys are answered through each person's link
        incoming = SurveyAnswersIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        if throttle().exceeded(request._request):
            return Response(
                {"non_field_errors": ["Too many answers from this address in the last hour."]},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
        raw = incoming.validated_data["answers"]
        data = {}
        for q in questions:
            value = raw.get(str(q.pk))
            if value is None:
                continue
            data[f"q_{q.pk}"] = value if q.kind == QuestionKind.MULTIPLE else str(value)
        communities = None
        if survey.community_id is None:
            communities = list(Community.objects.filter(organization_id=survey.organization_id))
            slug = incoming.validated_data.get("community")
            match = next((c for c in communities if c.slug == slug), None)
            data["community"] = str(match.pk) if match else ""
        language = incoming.validated_data["language"]
        form = AnswerForm(
            data,
            survey=survey,
            questions=questions,
            language=language,
            ask_type=False,
            communities=communities,
        )
        if not form.is_valid():
            errors = {k: v for k, v in form.errors.items() if k != "website"}
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        with timezone.override(survey.organization.time_zone):
            response = do_submit_response(
                survey,
                answers=form.answers(),
                language=language,
                partner_type=incoming.validated_data.get("partner_type", ""),
                community=form.cleaned_data.get("community"),
            )
        throttle().record(request._request)
        return Response({"id": response.pk, "pretest": response.pretest}, status=status.HTTP_201_CREATED)

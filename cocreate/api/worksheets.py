"""A community's toolkit worksheets in the API: the list, one worksheet with its working text, its drafts
and versions, its comments; saving a step (with the step's `started_from`: a stale save is answered 409
with the text saved meanwhile), commenting, saving a draft and publishing. The same writes as the pages
(`cocreate.worksheets.engine`)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cocreate.worksheets import definitions, engine
from cocreate.worksheets.models import Worksheet, WorksheetComment, WorksheetVersion

from .views import Pages, TenantScoped

TAGS = ["worksheets"]


class WorksheetPersonField(serializers.CharField):
    def to_representation(self, user) -> str:
        return user.display_name if user is not None else ""


class WorksheetRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Worksheet
        fields = ["id", "title", "kind", "status", "published_number", "language", "version", "changed_at"]
        read_only_fields = fields


class WorksheetStepSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField(help_text="In the reader's language.")
    counter = serializers.IntegerField(help_text="Send it back as `started_from` when saving the step.")


class WorksheetDetailSerializer(serializers.ModelSerializer):
    steps = serializers.SerializerMethodField()
    content = serializers.JSONField(read_only=True, help_text="step key -> field key -> value")
    step_versions = serializers.JSONField(read_only=True)

    class Meta:
        model = Worksheet
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "published_number",
            "language",
            "version",
            "changed_at",
            "steps",
            "content",
            "step_versions",
        ]
        read_only_fields = fields

    @extend_schema_field(WorksheetStepSerializer(many=True))
    def get_steps(self, ws) -> list[dict]:
        return [
            {
                "key": s["key"],
                "title": definitions.text(s["title"]),
                "counter": int(ws.step_versions.get(s["key"], 0)),
            }
            for s in engine.steps_of(ws)
        ]


class WorksheetVersionSerializer(serializers.ModelSerializer):
    saved_by = WorksheetPersonField(read_only=True)
    content = serializers.JSONField(read_only=True)

    class Meta:
        model = WorksheetVersion
        fields = ["id", "kind", "number", "note", "saved_by", "saved_at", "content"]
        read_only_fields = fields


class WorksheetCommentSerializer(serializers.ModelSerializer):
    author = WorksheetPersonField(read_only=True)
    draft = serializers.IntegerField(source="draft_id", allow_null=True, required=False)

    class Meta:
        model = WorksheetComment
        fields = ["id", "step_key", "draft", "author", "body", "created_at", "resolved_at"]
        read_only_fields = ["id", "author", "created_at", "resolved_at"]


class WorksheetStepSaveSerializer(serializers.Serializer):
    values = serializers.JSONField(help_text="field key -> value; a rows field: a list of {column: value}.")
    started_from = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The step's `counter` when you read it (or the fingerprint of its content).",
    )


class WorksheetStaleStepSerializer(serializers.Serializer):
    non_field_errors = serializers.ListField(child=serializers.CharField())
    saved = serializers.JSONField(help_text="The step's values saved meanwhile.")
    current = serializers.IntegerField(help_text="The step's counter now: send it to keep your text.")


class WorksheetDraftSaveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class WorksheetPublishSerializer(serializers.Serializer):
    based_on = serializers.IntegerField(
        required=False, allow_null=True, help_text="The `published_number` you saw (none: not published yet)."
    )
    draft = serializers.IntegerField(required=False, allow_null=True, help_text="A draft to publish.")


class _Scoped(TenantScoped):
    read_action = "worksheet.view"
    write_action = "worksheet.contribute"
    kwargs: dict

    def worksheet(self) -> Worksheet:
        ws = (
            engine.worksheets_of(self.tenant.organization, self.community)
            .select_related("template_version")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if ws is None:
            raise Http404
        ws.organization, ws.community = self.tenant.organization, self.community
        return ws


@extend_schema(tags=TAGS)
class WorksheetList(_Scoped, generics.ListAPIView):
    """The community's worksheets, most recently changed first."""

    serializer_class = WorksheetRowSerializer
    pagination_class = Pages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Worksheet.objects.none()
        return (
            engine.worksheets_of(self.tenant.organization, self.community)
            .defer("content")
            .order_by("-changed_at", "-pk")
        )


@extend_schema(tags=TAGS)
class WorksheetDetail(_Scoped, generics.RetrieveAPIView):
    """One worksheet: its steps (each with its counter) and its working text."""

    serializer_class = WorksheetDetailSerializer

    def get_object(self) -> Worksheet:
        return self.worksheet()


@extend_schema(tags=TAGS)
class WorksheetVersionList(_Scoped, generics.ListAPIView):
    """The worksheet's drafts and published versions, newest first."""

    serializer_class = WorksheetVersionSerializer
    pagination_class = Pages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorksheetVersion.objects.none()
        return (
            WorksheetVersion.objects.filter(worksheet=self.worksheet())
            .select_related("saved_by")
            .order_by("-saved_at", "-pk")
        )


@extend_schema(tags=TAGS)
class WorksheetCommentList(_Scoped, generics.ListCreateAPIView):
    """The worksheet's comments (GET); add one (POST), on a step (`step_key`) or a draft (`draft`)."""

    serializer_class = WorksheetCommentSerializer
    pagination_class = Pages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WorksheetComment.objects.none()
        return WorksheetComment.objects.filter(worksheet=self.worksheet()).select_related("author")

    def perform_create(self, serializer) -> None:
        ws = self.worksheet()
        data = serializer.validated_data
        draft_pk = data.get("draft_id")
        draft = engine.access_version(ws, draft_pk) if draft_pk else None
        serializer.instance = engine.do_comment(
            ws,
            acting_user=self.tenant.user,
            body=data["body"],
            draft=draft,
            step_key=data.get("step_key", ""),
        )


class WorksheetStepSave(_Scoped, APIView):
    @extend_schema(
        request=WorksheetStepSaveSerializer,
        responses={200: WorksheetDetailSerializer, 409: WorksheetStaleStepSerializer},
        tags=TAGS,
    )
    def post(self, request: Request, org: str, slug: str, pk: int, step_key: str) -> Response:
        """Save one step. Someone saved it since your `started_from`: 409 with their text (`saved`) and
        the step's counter now (`current`); nothing of yours is saved."""
        ws = self.worksheet()
        body = WorksheetStepSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data["values"]
        if not isinstance(values, dict):
            raise serializers.ValidationError({"values": ["Send the values as an object."]})
        try:
            engine.do_save_step(
                ws,
                step_key,
                acting_user=self.tenant.user,
                values=values,
                started_from=body.validated_data.get("started_from"),
            )
        except engine.StaleStep as stale:
            return Response(
                {"non_field_errors": stale.messages, "saved": stale.saved, "current": stale.current},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(WorksheetDetailSerializer(ws).data)


class WorksheetDraftSave(_Scoped, APIView):
    @extend_schema(request=WorksheetDraftSaveSerializer, responses=WorksheetVersionSerializer, tags=TAGS)
    def post(self, request: Request, org: str, slug: str, pk: int) -> Response:
        """Save the working text as a draft (unchanged since the last draft: that draft)."""
        body = WorksheetDraftSaveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        draft = engine.do_save_draft(
            self.worksheet(), acting_user=self.tenant.user, note=body.validated_data.get("note", "")
        )
        return Response(WorksheetVersionSerializer(draft).data, status=status.HTTP_201_CREATED)


class WorksheetPublish(_Scoped, APIView):
    write_action = "worksheet.publish"

    @extend_schema(request=WorksheetPublishSerializer, responses=WorksheetVersionSerializer, tags=TAGS)
    def post(self, request: Request, org: str, slug: str, pk: int) -> Response:
        """Publish the working text (or a draft) as the next version; someone published since your
        `based_on`: that version, nothing new."""
        ws = self.worksheet()
        body = WorksheetPublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        draft_pk = body.validated_data.get("draft")
        draft = engine.access_version(ws, draft_pk) if draft_pk else None
        version = engine.do_publish(
            ws, acting_user=self.tenant.user, based_on=body.validated_data.get("based_on"), draft=draft
        )
        return Response(WorksheetVersionSerializer(version).data)

"""The versions of a community's texts in the organization's other languages (`core.translations`).

- `GET translations/`: every version written, for the texts this person may read (filters: `kind`,
  `object_id`, `language`), each saying whether its original changed since (`stale`);
- `GET translations/needed/`: what still lacks a version, or has a stale one (translators only);
- `POST translations/`: write one version (`text` empty removes it), through `do_save_translation`
  (translators: `content.translate`, staff and partners).

`kind` is a key of the `translatable_texts` registry: planning.goal, planning.action,
planning.feedback, meetings.meeting, meetings.agenda, meetings.decision, meetings.agreement.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.core import translations
from cocreate.core.actions import do_save_translation
from cocreate.core.models import ContentTranslation
from cocreate.core.registry import translatable_texts

from .views import Pages, TenantScoped


def _kinds() -> list[str]:
    return [entry.key for entry in translatable_texts]


class TranslationSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What the text is: a key such as planning.goal.")
    object_id = serializers.IntegerField()
    field = serializers.CharField()
    language = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    stale = serializers.BooleanField(read_only=True, help_text="The original changed after this was written.")
    updated_at = serializers.DateTimeField(read_only=True)


class NeededSerializer(serializers.Serializer):
    kind = serializers.CharField()
    object_id = serializers.IntegerField()
    field = serializers.CharField()
    language = serializers.CharField(help_text="The language a version is wanted in.")
    original = serializers.CharField()
    original_language = serializers.CharField()
    stale = serializers.BooleanField(
        help_text="A version exists but was written before the original changed."
    )
    existing = serializers.CharField(allow_blank=True, help_text="That older version, to start from.")


@extend_schema(tags=["translations"])
class TranslationList(TenantScoped, generics.GenericAPIView):
    """The versions written for the community's texts; POST writes one (translators)."""

    pagination_class = Pages
    serializer_class = TranslationSerializer
    read_action, write_action = "community.view", "content.translate"

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=_kinds()),
            OpenApiParameter("object_id", int),
            OpenApiParameter("language", str),
        ],
        responses=TranslationSerializer(many=True),
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        params = request.query_params
        kinds = [e for e in translatable_texts if not params.get("kind") or e.key == params["kind"]]
        # What this person may read: one query per kind of text (ids only), then the versions.
        readable: dict[int, tuple[str, dict[int, object]]] = {}
        query = Q()
        for entry in kinds:
            objects = entry.objects(self.tenant, self.community)
            if params.get("object_id", "").isdigit():
                objects = objects.filter(pk=int(params["object_id"]))
            by_pk = {obj.pk: obj for obj in objects}
            ct = ContentType.objects.get_for_model(entry.model)
            readable[ct.pk] = (entry.key, by_pk)
            query |= Q(content_type=ct, object_id__in=list(by_pk))
        rows = ContentTranslation.objects.filter(query, organization=self.tenant.organization).exclude(
            field=""
        )
        if not kinds:
            rows = rows.none()
        if params.get("language"):
            rows = rows.filter(language=params["language"])
        page = self.paginate_queryset(rows.order_by("content_type_id", "object_id", "field", "language"))
        data = []
        for row in page or []:
            key, by_pk = readable[row.content_type_id]
            original = getattr(by_pk[row.object_id], row.field, "") or ""
            data.append(
                {
                    "kind": key,
                    "object_id": row.object_id,
                    "field": row.field,
                    "language": row.language,
                    "text": row.text,
                    "stale": row.source_hash != translations.text_hash(original),
                    "updated_at": row.updated_at,
                }
            )
        return self.get_paginated_response(TranslationSerializer(data, many=True).data)

    @extend_schema(request=TranslationSerializer, responses={201: TranslationSerializer, 204: None})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = TranslationSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        found = translations.find(self.tenant, self.community, data["kind"], data["object_id"])
        if found is None:
            raise Http404
        row = do_save_translation(
            found[1],
            acting_user=request.user,
            field=data["field"],
            language=data["language"],
            text=data["text"],
        )
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        out = {**data, "text": row.text, "stale": False, "updated_at": row.updated_at}
        return Response(TranslationSerializer(out).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["translations"])
class NeededList(TenantScoped, generics.GenericAPIView):
    """What the community's texts still lack in the organization's languages, stale versions first."""

    pagination_class = Pages
    serializer_class = NeededSerializer
    read_action = "content.translate"

    @extend_schema(parameters=[OpenApiParameter("language", str)], responses=NeededSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        found = translations.gaps(self.tenant, self.community, language=request.query_params.get("language"))
        page: list[translations.Gap] | None = self.paginate_queryset(found)  # type: ignore[arg-type]  # a list pages as well as a queryset
        data = [
            {
                "kind": gap.entry.key,
                "object_id": gap.obj.pk,
                "field": gap.field,
                "language": gap.language,
                "original": gap.original,
                "original_language": gap.original_language,
                "stale": gap.stale,
                "existing": gap.existing.text if gap.existing else "",
            }
            for gap in page or []
        ]
        return self.get_paginated_response(NeededSerializer(data, many=True).data)

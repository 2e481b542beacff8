"""The co-production steps board in the API: the eight steps with what Cocreate knows (facts), the
team's ratings and the suggestions (GET), and one step's rating changed (PATCH, with the version).

Everyone who sees a community reads its board ("steps.view"); staff and partners rate ("steps.rate").
A PATCH sends the version it read (If-Match or `version`); a stale one is refused (412/409) with what
changed; `version` 0 means "this step had no rating when I read it".
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cocreate.core.concurrency import if_match_version
from cocreate.steps import queries
from cocreate.steps.actions import do_rate_step
from cocreate.steps.guide import STEPS
from cocreate.steps.models import Rating, StepRating

from .errors import IF_MATCH
from .views import TenantScoped


class FactSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(help_text=_("Where it lives in Cocreate (empty when you may not open it)."))
    good = serializers.BooleanField(help_text=_("False when the sentence says something is missing."))


class SuggestionSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField()


class SummarySerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices, source="value")
    rating_label = serializers.CharField(source="label")
    meaning = serializers.CharField()
    count = serializers.IntegerField()


class StepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    meaning = serializers.CharField()
    rating = serializers.ChoiceField(choices=Rating.choices)
    rating_label = serializers.CharField()
    notes = serializers.CharField()
    next_step = serializers.CharField()
    version = serializers.IntegerField(
        help_text=_("Send it back when you change the rating (0: not rated yet).")
    )
    updated_by = serializers.CharField()
    updated_at = serializers.DateTimeField(allow_null=True)
    facts = FactSerializer(many=True)
    suggestions = SuggestionSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    summary = SummarySerializer(many=True)
    steps = StepSerializer(many=True)


class RatingSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    next_step = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(required=False, min_value=0, write_only=True)


class RatedSerializer(serializers.ModelSerializer):
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)

    class Meta:
        model = StepRating
        fields = ["step", "rating", "rating_label", "notes", "next_step", "version", "updated_at"]
        read_only_fields = fields


def _step(card: queries.Card) -> dict:
    row = card.rating
    return {
        "number": card.step.number,
        "name": str(card.step.name),
        "meaning": str(card.step.meaning),
        "rating": card.rating_value,
        "rating_label": card.rating_label,
        "notes": row.notes if row else "",
        "next_step": row.next_step if row else "",
        "version": row.version if row else 0,
        "updated_by": row.updated_by.display_name if row and row.updated_by else "",
        "updated_at": row.updated_at if row else None,
        "facts": [vars(f) for f in card.evidence.facts],
        "suggestions": [vars(s) for s in card.evidence.suggestions],
    }


@extend_schema(tags=["co-production steps"])
class StepsBoard(TenantScoped, APIView):
    """The community's co-production steps board: the summary and the eight steps."""

    read_action = "steps.view"

    @extend_schema(responses=BoardSerializer, operation_id="steps_board_retrieve")
    def get(self, request: Request, *args, **kwargs) -> Response:
        data = queries.board(self.tenant, self.community)
        body = {"summary": data["summary"], "steps": [_step(card) for card in data["cards"]]}
        return Response(BoardSerializer(body).data)


@extend_schema(tags=["co-production steps"])
class StepRatingDetail(TenantScoped, APIView):
    """The team's rating of one step (1–8): where it is, its notes and what it will do next."""

    read_action = "steps.view"
    write_action = "steps.rate"

    def _current(self, n: int) -> StepRating | None:
        if not 1 <= n <= len(STEPS):
            raise Http404
        return StepRating.objects.filter(community=self.community, step=n).first()

    @extend_schema(responses=StepSerializer, operation_id="steps_rating_retrieve")
    def get(self, request: Request, *args, n: int, **kwargs) -> Response:
        self._current(n)  # 404 for a step that does not exist
        card = queries.board(self.tenant, self.community)["cards"][n - 1]
        body = _step(card)
        return Response(StepSerializer(body).data, headers={"ETag": f'"{body["version"]}"'})

    @extend_schema(
        responses=RatedSerializer,
        parameters=[IF_MATCH],
        request=RatingSerializer,
        operation_id="steps_rating_partial_update",
    )
    def patch(self, request: Request, *args, n: int, **kwargs) -> Response:
        current = self._current(n)
        incoming = RatingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        saved = do_rate_step(
            self.community,
            acting_user=request.user,
            step=n,
            version=if_match_version(request),
            rating=data.get("rating", current.rating if current else Rating.NOT_STARTED),
            notes=data.get("notes", current.notes if current else ""),
            next_step=data.get("next_step", current.next_step if current else ""),
        )
        return Response(RatedSerializer(saved).data, headers={"ETag": f'"{saved.version}"'})

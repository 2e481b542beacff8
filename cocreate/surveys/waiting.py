"""Surveys on a person's "for me" home: the open ones sent to her (one query)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from cocreate.core.registry import WaitingItem
from cocreate.lib.urls import page_reverser

from .models import Invitation, SurveyStatus

LIMIT = 20


def open_surveys(user, community_ids: list[int]) -> list[WaitingItem]:
    """Open surveys sent to her (as a user, or through her partner record) in these communities: a
    personal one until she answers it; an anonymous one while it is open (it cannot know)."""
    rows = (
        Invitation.objects.filter(Q(user_id=user.pk) | Q(partner__user_id=user.pk))
        .filter(community_id__in=community_ids, survey__status=SurveyStatus.OPEN, answered=False)
        .select_related("survey", "community")
        .only(
            "pk",
            "token",
            "survey__id",
            "survey__title",
            "survey__title_es",
            "survey__token",
            "survey__anonymous",
            "survey__closes_on",
            "community__name",
        )
        .order_by("survey__closes_on", "pk")[:LIMIT]
    )
    url = page_reverser()
    language = (translation.get_language() or "en").split("-")[0]
    items = []
    for inv in rows:
        survey = inv.survey
        link = (
            url("surveys:answer", survey.token)
            if survey.anonymous
            else url("surveys:answer_personal", inv.token)
        )
        items.append(
            WaitingItem(
                kind=_("Survey"),
                title=(survey.title_es if language == "es" and survey.title_es else survey.title),
                url=link,
                community=inv.community.name if inv.community else "",
                due=survey.closes_on,
                note=_("If you have already answered, thank you.")
                if survey.anonymous
                else _("Not answered yet."),
            )
        )
    return items

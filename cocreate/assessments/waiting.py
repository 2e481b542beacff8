"""Assessments' part of a person's "for me" home (`core.registry.waiting_sources`, `change_sources`):
the rounds she was asked to answer and has not sent yet, and the rounds of her communities whose
results came out since her last visit. One query each, whatever the number of communities and rounds.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.registry import ChangeItem, WaitingItem
from cocreate.lib.urls import page_reverser

from .models import Administration, AdministrationStatus, Invitee
from .text import pick

LIMIT = 20


def _name(adm: Administration) -> str:
    return adm.title or pick(adm.version.name) or adm.instrument_key


def waiting_rounds(user, community_ids: list[int]) -> list[WaitingItem]:
    """Open rounds she is invited to and has not submitted, with their due date. One query."""
    qs = (
        Invitee.objects.filter(
            user_id=user.pk,
            submitted_at__isnull=True,
            administration__community_id__in=community_ids,
            administration__status=AdministrationStatus.OPEN,
        )
        .select_related("administration__community__organization", "administration__version")
        .only(
            "pk",
            "draft_saved_at",
            "administration__id",
            "administration__title",
            "administration__instrument_key",
            "administration__due_on",
            "administration__anonymous",
            "administration__version__definition",
            "administration__community__name",
            "administration__community__slug",
            "administration__community__organization__slug",
        )
        .order_by("administration__due_on", "-administration__opened_at")[:LIMIT]
    )
    today = timezone.localdate()
    url = page_reverser()
    items = []
    for invitee in qs:
        adm = invitee.administration
        c = adm.community
        items.append(
            WaitingItem(
                kind=_("Assessment to answer"),
                title=_name(adm),
                url=url("assessments:answer", c.organization.slug, c.slug, adm.pk),
                community=c.name,
                due=adm.due_on,
                note=_("You started: your answers are saved. Continue when you can.")
                if invitee.draft_saved_at
                else _("Your answers count. It takes a few minutes; you can save and come back."),
                overdue=adm.due_on is not None and adm.due_on < today,
            )
        )
    return items


def results_out(user, community_ids: list[int], since: datetime, limit: int) -> list[ChangeItem]:
    """Rounds of her communities closed since `since`: their results are there to read. One query."""
    qs = (
        Administration.objects.filter(
            community_id__in=community_ids, status=AdministrationStatus.CLOSED, closed_at__gt=since
        )
        .select_related("community__organization", "version")
        .only(
            "pk",
            "title",
            "instrument_key",
            "closed_at",
            "version__definition",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("-closed_at", "-pk")[:limit]
    )
    url = page_reverser()
    return [
        ChangeItem(
            kind=_("Results ready"),
            title=_name(adm),
            url=url("assessments:results", adm.community.organization.slug, adm.community.slug, adm.pk),
            at=adm.closed_at,
            community=adm.community.name,
        )
        for adm in qs
    ]

"""The meeting texts a team writes for partners, which may carry a version in each of the
organization's languages (`core.translations`): meetings (title, minutes), agenda items, decisions
and the current shared agreement's answers."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.access import Tenant
from cocreate.core.models import Community
from cocreate.core.registry import TranslatableText, translatable_texts

from .models import AgendaItem, AgreementAnswer, AgreementVersion, Decision, Meeting


def _scope(qs: QuerySet, tenant: Tenant, community: Community | None) -> QuerySet:
    qs = qs.filter(organization=tenant.organization).select_related("community")
    return qs.filter(community=community) if community is not None else qs


def meetings(tenant: Tenant, community: Community | None) -> QuerySet[Meeting]:
    return _scope(Meeting.objects.all(), tenant, community)


def agenda_items(tenant: Tenant, community: Community | None) -> QuerySet[AgendaItem]:
    return _scope(AgendaItem.objects.all(), tenant, community)


def decisions(tenant: Tenant, community: Community | None) -> QuerySet[Decision]:
    """Decisions kept to staff only for those who may see them (as `access.decisions_in`)."""
    qs = Decision.objects.all()
    if not tenant.can("meeting.change", community):
        qs = qs.filter(visible_to_community=True)
    return _scope(qs, tenant, community)


def agreement_answers(tenant: Tenant, community: Community | None) -> QuerySet[AgreementAnswer]:
    """The answers of each community's current version (older versions are kept as they were)."""
    latest = (
        AgreementVersion.objects.filter(community=OuterRef("community"), number__isnull=False)
        .order_by("-number")
        .values("pk")[:1]
    )
    return _scope(AgreementAnswer.objects.filter(version=Subquery(latest)), tenant, community)


def register() -> None:
    translatable_texts.register(
        TranslatableText(
            key="meetings.meeting",
            order=40,
            model=Meeting,
            fields=("title", "minutes"),
            label=_("Meeting"),
            objects=meetings,
            url=lambda m, org, slug: reverse("meetings:meeting_detail", args=[org, slug, m.pk]),
        )
    )
    translatable_texts.register(
        TranslatableText(
            key="meetings.agenda",
            order=50,
            model=AgendaItem,
            fields=("title",),
            label=_("Agenda item"),
            objects=agenda_items,
            url=lambda i, org, slug: reverse("meetings:meeting_detail", args=[org, slug, i.meeting_id]),
        )
    )
    translatable_texts.register(
        TranslatableText(
            key="meetings.decision",
            order=60,
            model=Decision,
            fields=("title", "proposal", "rationale"),
            label=_("Decision"),
            objects=decisions,
            url=lambda d, org, slug: reverse("meetings:decision_detail", args=[org, slug, d.pk]),
        )
    )
    translatable_texts.register(
        TranslatableText(
            key="meetings.agreement",
            order=70,
            model=AgreementAnswer,
            fields=("always", "sometimes", "never"),
            label=_("Shared agreement"),
            objects=agreement_answers,
            url=lambda a, org, slug: reverse("meetings:agreement", args=[org, slug]),
        )
    )

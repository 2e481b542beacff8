""" "You said, we did": what partners said, what was done about it and when that was reported back.

Anyone who contributes to the plan (partners included) records what was said; staff move an item
through open → in progress → done (or won't do, with the reason) and record when and how the answer
went back to the people who raised it. Writes check what the database cannot (partners and links of
this community) and raise `ValidationError` keyed by field, so forms show messages next to the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core import translations
from cocreate.core.access import Tenant
from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, tenant_scope
from cocreate.partners.models import Partner

from . import notifications
from .access import responsible_partners
from .models import OPEN_FEEDBACK_STATUSES, Action, FeedbackItem, FeedbackStatus, Goal

SAID_FIELDS = {"said", "anonymous", "source", "said_on", "goal", "action"}
OUTCOME_FIELDS = {"status", "reason", "done_text", "done_on", "reported_on", "reported_how"}
# Open items first, then those in progress, then the closed ones: what still needs an answer leads.
STATUS_ORDER = {
    FeedbackStatus.OPEN: 0,
    FeedbackStatus.IN_PROGRESS: 1,
    FeedbackStatus.DONE: 2,
    FeedbackStatus.WONT_DO: 3,
}


# Reads -------------------------------------------------------------------------------------------------


def feedback_in(community: Community) -> QuerySet[FeedbackItem]:
    """The community's items, open first and newest first within each status, with who raised them and
    the goal or action they link to (two queries however many)."""
    return (
        FeedbackItem.objects.filter(community=community)
        .select_related("goal", "action")
        .prefetch_related(Prefetch("partners", Partner.objects.only("pk", "name").order_by("name")))
        .annotate(
            status_rank=Case(
                *[When(status=status, then=Value(rank)) for status, rank in STATUS_ORDER.items()],
                output_field=IntegerField(),
            )
        )
        .order_by("status_rank", "-said_on", "-pk")
    )


def open_count(community: Community) -> int:
    return FeedbackItem.objects.filter(community=community, status__in=OPEN_FEEDBACK_STATUSES).count()


@dataclass
class OpenFeedback:
    """The newest open items for the community page, and how many are open in all."""

    items: list[FeedbackItem]
    count: int
    url: str


def open_feedback(community: Community, org_slug: str, shown: int = 3) -> OpenFeedback:
    """Two queries (the items and their versions in other languages), or three when more items are
    open than are shown."""
    items = list(
        FeedbackItem.objects.filter(community=community, status__in=OPEN_FEEDBACK_STATUSES)
        .only("pk", "said", "said_on", "status", "community_id")
        .order_by("-said_on", "-pk")[:shown]
    )
    count = open_count(community) if len(items) == shown else len(items)
    translations.with_translations(items)
    return OpenFeedback(
        items=items, count=count, url=reverse("planning:feedback", args=[org_slug, community.slug])
    )


def access_feedback(
    tenant: Tenant, community: Community, pk: int, action: str = "planning.view"
) -> FeedbackItem:
    """An item of this community (same 404 for missing and another community's)."""
    item = feedback_in(community).filter(organization=tenant.organization, pk=pk).first()
    if item is None:
        raise Http404
    tenant.require(action, community)
    item.community = community
    return item


# Writes ------------------------------------------------------------------------------------------------


def _check(community: Community, fields: dict, partners: list[Partner], *, partners_given: bool) -> None:
    errors: dict[str, str] = {}
    if "said" in fields and not (fields["said"] or "").strip():
        errors["said"] = _("Write what was said.")
    if partners:
        allowed = set(
            responsible_partners(community)
            .filter(pk__in=[p.pk for p in partners])
            .values_list("pk", flat=True)
        )
        if any(p.pk not in allowed for p in partners):
            errors["partners"] = _("Choose partners of this community.")
    if partners_given and not partners and not fields.get("anonymous"):
        errors["partners"] = _("Choose who raised it, or tick “anonymous or a group”.")
    goal: Goal | None = fields.get("goal")
    action: Action | None = fields.get("action")
    if goal is not None and goal.community_id != community.pk:
        errors["goal"] = _("Choose a goal of this community.")
    if action is not None and action.community_id != community.pk:
        errors["action"] = _("Choose an action of this community.")
    status = fields.get("status")
    if status == FeedbackStatus.WONT_DO and not (fields.get("reason") or "").strip():
        errors["reason"] = _("Say why it will not be done: the people who raised it deserve the reason.")
    if status == FeedbackStatus.DONE and not (fields.get("done_text") or "").strip():
        errors["done_text"] = _("Say what was done.")
    if fields.get("reported_on") and not (fields.get("reported_how") or "").strip():
        errors["reported_how"] = _("Say how it was reported back (a meeting, a letter, a call…).")
    if fields.get("reported_how", "").strip() and not fields.get("reported_on"):
        errors["reported_on"] = _("Give the date it was reported back.")
    for name in ("done_on", "reported_on"):
        when: date | None = fields.get(name)
        if when and when > timezone.localdate():
            errors[name] = _("Pick today or an earlier date.")
    if errors:
        raise WriteError(errors)


def _tidy(fields: dict) -> dict:
    tidy: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if tidy.get("action") is not None and tidy.get("goal") is None:
        tidy["goal"] = tidy["action"].goal  # an action's goal is linked too, so the goal page can find it
    if tidy.get("status") == FeedbackStatus.DONE and not tidy.get("done_on"):
        tidy["done_on"] = timezone.localdate()
    return tidy


@transaction.atomic
def do_record_feedback(
    community: Community, *, acting_user: User | None, partners=(), **fields
) -> FeedbackItem:
    """Record what partners said (and, for staff, what has happened since)."""
    unknown = set(fields) - SAID_FIELDS - OUTCOME_FIELDS
    if unknown:
        raise TypeError(f"unknown feedback fields: {sorted(unknown)}")
    partners = list(partners)
    fields.setdefault("said", "")
    _check(community, fields, partners, partners_given=True)
    item = FeedbackItem(
        organization_id=community.organization_id,
        community=community,
        created_by=acting_user,
        **_tidy(fields),
    )
    item._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    item.save()
    translations.record_original(item)
    if partners:
        item.partners.set(partners, through_defaults=tenant_scope(item))
    if item.reported_on:
        notifications.feedback_reported(item, acting_user)
    return item


@transaction.atomic
def do_update_feedback(
    item: FeedbackItem, *, acting_user: User | None, partners=None, version: int | None = None, **fields
) -> FeedbackItem:
    """Change an item: its status, what was done, when and how it was reported back; with `partners`,
    those are who raised it from now on. An edit started from an older `version` raises StaleEdit."""
    unknown = set(fields) - SAID_FIELDS - OUTCOME_FIELDS
    if unknown:
        raise TypeError(f"unknown feedback fields: {sorted(unknown)}")
    merged = {
        name: getattr(item, name)
        for name in ("status", "reason", "done_text", "reported_on", "reported_how", "anonymous")
    }
    merged.update(fields)
    partners_list = list(partners) if partners is not None else []
    _check(item.community, merged, partners_list, partners_given=partners is not None)
    claim_edit(item, version)
    was_reported = item.reported_on is not None
    for name, value in _tidy(fields).items():
        setattr(item, name, value)
    item.updated_at = timezone.now()
    item._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    item.save()
    if partners is not None:
        item.partners.set(partners_list, through_defaults=tenant_scope(item))
    if item.reported_on and not was_reported:
        notifications.feedback_reported(item, acting_user)
    return item

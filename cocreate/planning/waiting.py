"""Planning's part of a person's "for me" home (`core.registry.waiting_sources`, `change_sources`):
the actions she is responsible for, with their due dates, and what changed on them and on the
community's "you said, we did" list since her last visit.

Each function is one query whatever the number of communities and actions (bounded by `LIMIT`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.registry import ChangeItem, WaitingItem
from cocreate.lib.urls import page_reverser

from .models import (
    DUE_SOON_DAYS,
    OPEN_ACTION_STATUSES,
    Action,
    ActionOwner,
    ActionStatus,
    FeedbackItem,
    FeedbackStatus,
)

LIMIT = 50  # her list stays a list: the next fifty actions are more than a phone screen holds


def owned_by(user) -> Q:
    """Actions this person is responsible for: named herself, or as a partner linked to her sign-in.
    Read from the owners' side (their user and partner indexes), so the database never walks every
    action of a large portfolio to ask each whether it is hers."""
    named = ActionOwner.objects.filter(user_id=user.pk).order_by().values("action_id")
    as_partner = ActionOwner.objects.filter(partner__user_id=user.pk).order_by().values("action_id")
    # One set (UNION), not `pk IN (…) OR pk IN (…)`: PostgreSQL cannot turn an OR of two subqueries
    # into a join, so it walked every action of the organization to test each against both (14 ms at
    # `state`, 50,000 actions); from the union it reads her few actions by their primary key.
    return Q(pk__in=named.union(as_partner))


def _rows(qs):
    return qs.select_related("community__organization").only(
        "pk",
        "strategy",
        "due_on",
        "status",
        "goal_id",
        "updated_at",
        "community__name",
        "community__slug",
        "community__organization__slug",
    )


def waiting_actions(user, community_ids: list[int]) -> list[WaitingItem]:
    """Her open actions (not started, in progress, blocked), soonest due first. One query."""
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    qs = _rows(
        Action.objects.filter(owned_by(user), community_id__in=community_ids, status__in=OPEN_ACTION_STATUSES)
    ).order_by("due_on", "pk")[:LIMIT]
    url = page_reverser()
    statuses = dict(ActionStatus.choices)
    items = []
    for action in qs:
        c = action.community
        if action.due_on < today:
            note = _("Not done yet. Tell the team how it is going, or mark it done.")
        elif action.due_on <= soon:
            note = _("Due soon. Status: %(status)s") % {"status": statuses[action.status]}
        else:
            note = _("Status: %(status)s") % {"status": statuses[action.status]}
        items.append(
            WaitingItem(
                kind=_("Your action"),
                title=action.strategy,
                source=action,
                field="strategy",
                url=url("planning:note_create", c.organization.slug, c.slug, action.pk),
                community=c.name,
                due=action.due_on,
                note=note,
                overdue=action.due_on < today,
            )
        )
    return items


def changed_actions(user, community_ids: list[int], since: datetime, limit: int) -> list[ChangeItem]:
    """Her actions that someone else changed since `since` (status, dates, what it is), read from the
    actions' history. One query."""
    # A scalar subquery (not EXISTS): PostgreSQL turns an EXISTS into a semi-join and may then walk the
    # whole action table in primary-key order to merge it; this one is asked only of her few actions
    # changed after `since` (read on the community and `updated_at` index).
    by_others = (
        Action.history.model.objects.filter(id=OuterRef("pk"), history_date__gt=since)
        .exclude(history_user_id=user.pk)
        .order_by()
        .values("history_id")[:1]
    )
    qs = _rows(
        Action.objects.annotate(change_by_other=Subquery(by_others)).filter(
            owned_by(user),
            community_id__in=community_ids,
            updated_at__gt=since,
            change_by_other__isnull=False,
        )
    ).order_by("-updated_at", "-pk")[:limit]
    url = page_reverser()
    statuses = dict(ActionStatus.choices)
    return [
        ChangeItem(
            kind=_("Your action changed"),
            title=action.strategy,
            source=action,
            field="strategy",
            url=url(
                "planning:goal", action.community.organization.slug, action.community.slug, action.goal_id
            )
            + f"#action-{action.pk}",
            at=action.updated_at,
            community=action.community.name,
            note=_("Status: %(status)s") % {"status": statuses[action.status]},
        )
        for action in qs
    ]


def answered_feedback(user, community_ids: list[int], since: datetime, limit: int) -> list[ChangeItem]:
    """ "You said, we did": items of her communities done or declined since `since`. One query."""
    qs = (
        FeedbackItem.objects.filter(
            community_id__in=community_ids,
            updated_at__gt=since,
            status__in=[FeedbackStatus.DONE, FeedbackStatus.WONT_DO],
        )
        .select_related("community__organization")
        .only(
            "pk",
            "said",
            "status",
            "done_text",
            "reason",
            "updated_at",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("-updated_at", "-pk")[:limit]
    )
    url = page_reverser()
    items = []
    for item in qs:
        c = item.community
        done = item.status == FeedbackStatus.DONE
        items.append(
            ChangeItem(
                kind=_("You said, we did") if done else _("Feedback answered"),
                title=item.said,
                source=item,
                field="said",
                url=url("planning:feedback_item", c.organization.slug, c.slug, item.pk),
                at=item.updated_at,
                community=c.name,
                note=(item.done_text if done else item.reason)[:300],
            )
        )
    return items

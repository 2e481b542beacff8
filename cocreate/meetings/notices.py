"""What the people asked on a proposal are told, through the notifications app: that it waits for
their position (when it opens, and when someone is added later), and its outcome when it closes.
Called inside the write's transaction; `notify` sends the emails after commit, never twice (the key)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds

from .models import Decision

OPENED = "proposal_opened"
CLOSED = "proposal_outcome"


def register_kinds() -> None:
    """In MeetingsConfig.ready()."""
    notification_kinds.register(
        NotificationKind(
            key=OPENED,
            order=40,
            label=_("A proposal is open for your position"),
            template="meetings/notifications/proposal_opened",
        )
    )
    notification_kinds.register(
        NotificationKind(
            key=CLOSED,
            order=41,
            label=_("The outcome of a proposal you were asked about"),
            template="meetings/notifications/proposal_outcome",
        )
    )


def _url(decision: Decision) -> str:
    community = decision.community
    return reverse(
        "meetings:decision_detail", args=[community.organization.slug, community.slug, decision.pk]
    )


def proposal_opened(decision: Decision, recipients: list[User]) -> None:
    """Tell `recipients` that `decision` is open for their position (inside the write's transaction)."""
    if not recipients:
        return
    notify(
        kind=OPENED,
        recipients=recipients,
        organization=decision.community.organization,
        community=decision.community,
        key=f"decision:{decision.pk}:opened",
        url=_url(decision),
        context={
            "title": decision.title,
            "community": decision.community.name,
            "method": decision.method,
            "secret_vote": decision.secret_vote,
            "closes_at": decision.closes_at.isoformat() if decision.closes_at else "",
        },
    )


def proposal_closed(decision: Decision, recipients: list[User]) -> None:
    """Tell `recipients` the outcome of `decision` (inside the write's transaction)."""
    if not recipients:
        return
    notify(
        kind=CLOSED,
        recipients=recipients,
        organization=decision.community.organization,
        community=decision.community,
        key=f"decision:{decision.pk}:closed",
        url=_url(decision),
        context={
            "title": decision.title,
            "community": decision.community.name,
            "outcome": decision.outcome,
            "rationale": decision.rationale,
        },
    )

"""What planning tells people (`cocreate.notifications`): that she was named responsible for an action,
and that a "you said, we did" item she raised was reported back.

The kinds are registered in `PlanningConfig.ready()`; their words are the templates
`planning/notifications/<kind>.txt` (title) and `<kind>_body.txt` (email). Each call happens inside the
`do_*` that made the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds
from cocreate.partners.models import Partner

from .models import Action, FeedbackItem

KINDS = [
    NotificationKind(
        "action_owner",
        30,
        _("You are named responsible for an action"),
        "planning/notifications/action_owner",
    ),
    NotificationKind(
        "feedback_reported",
        35,
        _("What you said was answered (you said, we did)"),
        "planning/notifications/feedback_reported",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


def people_of(partner_ids: Iterable[int], user_ids: Iterable[int]) -> list[User]:
    """These members, and these partners' sign-ins (partners without one are left out). One query."""
    from django.db.models import Q

    linked = Partner.objects.active().filter(pk__in=list(partner_ids), user__isnull=False).values("user")
    return list(User.objects.filter(Q(pk__in=list(user_ids)) | Q(pk__in=linked), is_active=True))


def owners_named(
    action: Action, partner_ids: list[int], user_ids: list[int], acting_user: User | None
) -> int:
    """Tell the people just named responsible for `action` (not the one who named herself)."""
    if not partner_ids and not user_ids:
        return 0
    people = [u for u in people_of(partner_ids, user_ids) if acting_user is None or u.pk != acting_user.pk]
    if not people:
        return 0
    community = action.community
    goal = action.goal
    return notify(
        kind="action_owner",
        recipients=people,
        organization=community.organization,
        community=community,
        key=f"action:{action.pk}:owner",
        url=reverse("planning:goal", args=[community.organization.slug, community.slug, goal.pk])
        + f"#action-{action.pk}",
        context={
            "strategy": Truncator(action.strategy).chars(200),
            "goal": Truncator(goal.statement).chars(200),
            "due_on": action.due_on.isoformat() if action.due_on else None,
            "community": community.name,
        },
    )


def feedback_reported(item: FeedbackItem, acting_user: User | None) -> int:
    """Tell those who raised `item` that it was reported back (once per item)."""
    partner_ids = list(item.partners.values_list("pk", flat=True))
    people = [u for u in people_of(partner_ids, []) if acting_user is None or u.pk != acting_user.pk]
    if not people:
        return 0
    community = item.community
    return notify(
        kind="feedback_reported",
        recipients=people,
        organization=community.organization,
        community=community,
        key=f"feedback:{item.pk}:reported",
        url=reverse("planning:feedback_item", args=[community.organization.slug, community.slug, item.pk]),
        context={
            "said": Truncator(item.said).chars(160),
            "status": item.status,
            "done_text": Truncator(item.done_text).chars(600),
            "reason": Truncator(item.reason).chars(600),
            "reported_how": item.reported_how,
            "community": community.name,
        },
    )

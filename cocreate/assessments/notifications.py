"""What assessments tell people (`cocreate.notifications`): a round waiting for her answers.

This notification is the assessment invitation: its email (the kind's `_body.txt`, with the link to
answer) is the invitation email that `do_invite` used to send through a task of its own, so one event
sends one email, in the reader's language, and the inbox shows the same thing.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds

from .models import Administration

KINDS = [
    NotificationKind(
        "assessment_invited",
        40,
        _("An assessment waits for your answers"),
        "assessments/notifications/assessment_invited",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


def invited(adm: Administration, users: list) -> int:
    community = adm.community
    return notify(
        kind="assessment_invited",
        recipients=users,
        organization=community.organization,
        community=community,
        key=f"administration:{adm.pk}:invited",
        url=adm.get_absolute_url() + "answer/",
        context={
            "instrument_name": adm.version.name,  # every language it has; the template picks the reader's
            "community": community.name,
            "anonymous": adm.anonymous,
            "due_on": adm.due_on.isoformat() if adm.due_on else None,
        },
    )

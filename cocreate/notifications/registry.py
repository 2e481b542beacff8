"""The kinds of notification, registered by the apps that send them.

`notifications` sits on its own floor just above `accounts`: it knows people and organizations, and no
domain app. Each domain app that tells people something registers its kinds in its
`AppConfig.ready()`:

    from cocreate.notifications.registry import NotificationKind, notification_kinds
    notification_kinds.register(NotificationKind(
        key="meeting_planned", order=10, label=_("A meeting is planned"),
        template="meetings/notifications/meeting_planned"))

`<template>.txt` is the one-line title (the inbox item and the email's subject) and
`<template>_body.txt` the email's text; both are rendered with the notification's `context` plus
`notification`, `recipient` and `link` (the absolute address it leads to), in the reader's language
and her organization's time zone. `default_email` is what a person gets by email until she chooses
otherwise on her notification settings page: "immediately", "digest" or "off" (the inbox always
gets it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from cocreate.core.registry import Registry

IMMEDIATELY = "immediately"
DIGEST = "digest"
OFF = "off"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    order: int
    label: str | Promise  # what the settings page and the unsubscribe page call it
    template: str  # "<app>/notifications/<kind>": .txt is the title, _body.txt the email's text
    default_email: str = IMMEDIATELY

    @property
    def title_template(self) -> str:
        return f"{self.template}.txt"

    @property
    def body_template(self) -> str:
        return f"{self.template}_body.txt"


notification_kinds: Registry[NotificationKind] = Registry("notification_kinds")

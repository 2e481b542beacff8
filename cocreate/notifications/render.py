"""A notification in words: its title (the inbox and the email's subject) and its email, rendered from
its kind's templates in the reader's language and her organization's time zone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .registry import NotificationKind, notification_kinds

if TYPE_CHECKING:
    from cocreate.accounts.models import User

    from .models import Notification

UNSUBSCRIBE_SALT = "cocreate.notifications.unsubscribe"


def language_of(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def link(notification: Notification) -> str:
    return settings.SITE_URL + (notification.url or reverse("notifications:inbox"))


def _context(notification: Notification, recipient: User) -> dict[str, Any]:
    return {
        **(notification.context or {}),
        "notification": notification,
        "recipient": recipient,
        "link": link(notification),
    }


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text template rendered without HTML escaping (the page that shows it escapes it once)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def title(notification: Notification, recipient: User | None = None) -> str:
    """The one-line title in the active language, in the notification's organization's time zone
    (the caller has `organization` loaded)."""
    kind = notification_kinds.get(notification.kind)
    if kind is None:  # a kind no app registers any more
        return notification.kind.replace("_", " ").capitalize()
    with timezone.override(notification.organization.time_zone):
        text = render_text(kind.title_template, _context(notification, recipient or notification.recipient))
    return " ".join(text.split())


def unsubscribe_token(user: User, kinds: list[str]) -> str:
    return signing.dumps({"u": user.pk, "k": kinds}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, list[str]]:
    """(user id, kinds) from a token; `signing.BadSignature` when it was not ours."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    kinds = data.get("k")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(data.get("u"), int) or not isinstance(kinds, list):
        raise signing.BadSignature("malformed")
    return data["u"], [str(k) for k in kinds]


def unsubscribe_link(user: User, kinds: list[str]) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kinds)])


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 one-click: a mail program may POST `List-Unsubscribe=One-Click` to `url`."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def email_for(notification: Notification, recipient: User) -> tuple[str, str, dict[str, str]]:
    """(subject, body, headers) of one notification's email, in the recipient's language and her
    organization's time zone."""
    kind: NotificationKind | None = notification_kinds.get(notification.kind)
    with translation.override(language_of(recipient)), timezone.override(notification.organization.time_zone):
        context = _context(notification, recipient)
        subject = title(notification, recipient)
        body = render_text(kind.body_template, context) if kind else ""
        unsubscribe = unsubscribe_link(recipient, [notification.kind])
        text = render_to_string(
            "notifications/email/notification.txt",
            {
                **context,
                "body": body.strip(),
                "kind_label": kind.label if kind else notification.kind,
                "unsubscribe": unsubscribe,
                "settings_link": settings.SITE_URL + reverse("notifications:preferences"),
            },
        )
    return subject, text, unsubscribe_headers(unsubscribe)


def digest_for(
    notifications: list[Notification], recipient: User, organization_name: str, time_zone: str
) -> tuple[str, str, dict[str, str]]:
    """(subject, body, headers) of one person's daily digest of these notifications."""
    kinds = sorted({n.kind for n in notifications})
    with translation.override(language_of(recipient)), timezone.override(time_zone):
        items = [{"title": title(n, recipient), "link": link(n), "notification": n} for n in notifications]
        unsubscribe = unsubscribe_link(recipient, kinds)
        labels = [str(k.label) for k in notification_kinds if k.key in kinds]
        context = {
            "recipient": recipient,
            "items": items,
            "organization_name": organization_name,
            "unsubscribe": unsubscribe,
            "labels": labels,
            "settings_link": settings.SITE_URL + reverse("notifications:preferences"),
            "inbox_link": settings.SITE_URL + reverse("notifications:inbox"),
        }
        subject = " ".join(render_to_string("notifications/email/digest_subject.txt", context).split())
        body = render_to_string("notifications/email/digest_body.txt", context)
    return subject, body, unsubscribe_headers(unsubscribe)

"""Every write of notifications: `notify` (what the other apps call), reading, and preferences.

`notify` is called inside the emitting write's transaction (a `do_*` function). It makes the inbox rows
at once and, after commit, queues ONE task for the whole batch, which emails those who want it now;
those who chose the daily digest get it with `cocreate send-notification-digests`. See `models` for the
life of an email and `tasks` for how it is sent once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.errors import WriteError

from .models import EmailChoice, EmailState, Notification, NotificationAttachment, NotificationPreference
from .registry import DIGEST, IMMEDIATELY, OFF, notification_kinds

if TYPE_CHECKING:
    from cocreate.core.models import Community, Organization

Attachment = tuple[str, bytes, str]  # file name, content, content type

_STATE_FOR_CHOICE = {IMMEDIATELY: EmailState.IMMEDIATE, DIGEST: EmailState.DIGEST, OFF: EmailState.NONE}


def email_choices(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's email choice for `kind` (the kind's default where she made none). One query."""
    entry = notification_kinds.get(kind)
    default = entry.default_email if entry else IMMEDIATELY
    ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "email")
    )
    return {pk: chosen.get(pk, default) for pk in ids}


def notify(
    *,
    kind: str,
    recipients: Iterable[User | None],
    organization: Organization,
    key: str,
    community: Community | None = None,
    url: str = "",
    context: dict[str, Any] | None = None,
    attachments: Sequence[Attachment] = (),
) -> int:
    """Tell these people about one event: an inbox row each, and an email after commit according to
    each one's choice for this kind. Returns how many rows were new.

    `key` with (recipient, kind) makes the row unique: calling again with the same key tells nobody
    twice. Duplicates, None and people who can no longer sign in are dropped from `recipients`.
    Four or five queries whatever the number of people (their choices; the insert; which rows are new;
    the attachments, if any; the unread counters), then one task after commit. The new rows keep
    this call's `claim` token until a sending run stamps its own.
    """
    if notification_kinds.get(kind) is None:
        raise ValueError(f"Unknown notification kind {kind!r}: register it in the emitting app's ready().")
    people: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in people:
            people[user.pk] = user
    if not people:
        return 0
    choices = email_choices(people, kind)
    now = timezone.now()
    run = uuid.uuid4()  # tells this call's rows from those an earlier call made with the same key
    rows = [
        Notification(
            organization=organization,
            community=community,
            recipient_id=pk,
            kind=kind,
            key=key,
            url=url,
            context=context or {},
            created_at=now,
            email_state=_STATE_FOR_CHOICE.get(choices[pk], EmailState.NONE),
            claim=run,
        )
        for pk in people
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    new = Notification.objects.filter(claim=run, kind=kind, key=key)
    created = list(new.values_list("recipient_id", "email_state"))
    if not created:
        return 0
    if attachments:
        NotificationAttachment.objects.bulk_create(
            [
                NotificationAttachment(
                    organization=organization,
                    kind=kind,
                    key=key,
                    filename=name,
                    content=content,
                    content_type=content_type,
                )
                for name, content, content_type in attachments
            ],
            ignore_conflicts=True,
        )
    recount_unread([pk for pk, _state in created])
    if any(state == EmailState.IMMEDIATE for _pk, state in created):
        from .tasks import send_notification_emails

        org_id = organization.pk
        transaction.on_commit(lambda: send_notification_emails.enqueue(org_id, kind, key))
    return len(created)


def recount_unread(user_ids: Iterable[int]) -> None:
    """Set each person's unread count (shown in the header without a query) from her inbox. One query."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


@transaction.atomic
def do_mark_read(notification: Notification, *, acting_user: User) -> Notification:
    """Mark one of her notifications read (a repeat changes nothing)."""
    if notification.recipient_id != acting_user.pk:
        raise WriteError("This notification is someone else's.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        recount_unread([acting_user.pk])
    return notification


@transaction.atomic
def do_mark_all_read(user: User, *, acting_user: User) -> int:
    """Mark all her notifications read; how many were unread."""
    if user.pk != acting_user.pk:
        raise WriteError("You can only mark your own notifications read.")
    count = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        User.objects.filter(pk=user.pk).update(unread_notifications=0)
    user.unread_notifications = 0
    return count


@transaction.atomic
def do_set_notification_preferences(user: User, *, acting_user: User | None, choices: dict[str, str]) -> None:
    """Record how she wants to hear about each kind by email (`choices`: kind → immediately/digest/off).

    Unknown kinds or choices are refused. Emails not yet sent for a kind she turned off are not sent;
    those waiting for a kind she moved between "at once" and "digest" follow her new choice."""
    if acting_user is not None and acting_user.pk != user.pk:
        raise WriteError("You can only change your own notification settings.")
    valid = set(EmailChoice.values)
    errors = {kind: "Unknown kind." for kind in choices if notification_kinds.get(kind) is None}
    errors.update(
        {kind: "Choose at once, daily digest or no email." for kind, v in choices.items() if v not in valid}
    )
    if errors:
        raise WriteError(errors)
    for kind, email in choices.items():
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})
        waiting = Notification.objects.filter(
            recipient=user,
            kind=kind,
            email_state__in=[EmailState.IMMEDIATE, EmailState.DIGEST, EmailState.RETRY],
        )
        if email == OFF:
            waiting.update(email_state=EmailState.NONE, next_attempt_at=None)
        elif email == DIGEST:
            waiting.filter(email_state=EmailState.IMMEDIATE).update(email_state=EmailState.DIGEST)

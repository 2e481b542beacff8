"""Sending notification emails once, retrying when the mail server refuses, and the daily digests.

Every send starts with a claim: one conditional UPDATE moves the rows still waiting (`immediate`,
`retry` that is due, or `digest`) to `sending` and stamps them with this run's token; the run then
sends only the rows carrying its token. Two runs at the same moment (or one task run twice) cannot
claim the same row, so nobody gets an email twice. A worker that dies mid-send leaves its rows in
`sending`: they are never sent again (at most once, never twice).

When the mail server refuses (`SMTPException`, `OSError` such as a refused or dropped connection),
the row goes to `retry` with its `attempts` counted and a `next_attempt_at` further each time
(`RETRY_DELAYS`); `cocreate retry-notification-emails` (every few minutes from cron) sends those due.
After `MAX_ATTEMPTS` it gives up: `failed`, and her inbox says the email could not be sent.

The daily digest (`cocreate send-notification-digests`) claims each person's day per organization
(`NotificationDigestClaim`, its own local day), in batches, like the action digests of `planning`:
running it again the same day sends nobody a second digest. A digest the server refused gives its
claim and its rows back for the next run.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
import zoneinfo
from collections import defaultdict
from datetime import date, timedelta
from functools import partial

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.models import Organization

from .models import EmailState, Notification, NotificationAttachment, NotificationDigestClaim
from .render import digest_for, email_for

log = logging.getLogger(__name__)

RETRY_DELAYS = [timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=8)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1  # the first try and one per delay
BATCH_SIZE = 200
REFUSED = (smtplib.SMTPException, OSError)  # OSError covers ConnectionError and socket timeouts
CLAIMS_KEPT_DAYS = 7


def claim_event(organization_id: int, kind: str, key: str) -> uuid.UUID | None:
    """Claim the immediate emails of one event; the run's token, or None when nothing was waiting."""
    run = uuid.uuid4()
    claimed = Notification.objects.filter(
        organization_id=organization_id, kind=kind, key=key, email_state=EmailState.IMMEDIATE
    ).update(email_state=EmailState.SENDING, claim=run)
    return run if claimed else None


def claim_due_retries(now=None, *, batch_size: int = BATCH_SIZE) -> list[uuid.UUID]:
    """Claim the emails whose retry is due, a batch per token."""
    now = now or timezone.now()
    runs: list[uuid.UUID] = []
    while True:
        ids = list(
            Notification.objects.filter(email_state=EmailState.RETRY, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return runs
        run = uuid.uuid4()
        if Notification.objects.filter(pk__in=ids, email_state=EmailState.RETRY).update(
            email_state=EmailState.SENDING, claim=run
        ):
            runs.append(run)
        if len(ids) < batch_size:
            return runs


def _attachments(rows: list[Notification]) -> dict[tuple[int, str, str], list[NotificationAttachment]]:
    """The files of these rows' events, in one query."""
    events = {(n.organization_id, n.kind, n.key) for n in rows}
    if not events:
        return {}
    found: dict[tuple[int, str, str], list[NotificationAttachment]] = defaultdict(list)
    keys = {key for _org, _kind, key in events}
    for a in NotificationAttachment.objects.filter(key__in=keys).order_by("pk"):
        if (a.organization_id, a.kind, a.key) in events:
            found[a.organization_id, a.kind, a.key].append(a)
    return found


def _message(subject: str, body: str, to: str, headers: dict[str, str], files) -> EmailMessage:
    message = EmailMessage(subject, body, None, [to], headers=headers)
    for f in files:
        message.attach(f.filename, bytes(f.content), f.content_type)
    return message


def _refused(n: Notification, error: Exception) -> None:
    attempts = n.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        log.warning("notification %s: giving up after %s attempts (%s)", n.pk, attempts, error)
        Notification.objects.filter(pk=n.pk).update(
            email_state=EmailState.FAILED, attempts=attempts, next_attempt_at=None, claim=None
        )
    else:
        log.info("notification %s: mail server refused (%s); retrying", n.pk, error)
        Notification.objects.filter(pk=n.pk).update(
            email_state=EmailState.RETRY,
            attempts=attempts,
            next_attempt_at=timezone.now() + RETRY_DELAYS[attempts - 1],
            claim=None,
        )


def send_claimed(run: uuid.UUID | str) -> int:
    """Email every row this run claimed, each in its recipient's language; how many went out.

    Two queries for the batch (the rows with their people and organizations; the attachments), then
    per email one send and one UPDATE that records how it went."""
    rows = list(
        Notification.objects.filter(claim=run, email_state=EmailState.SENDING)
        .select_related("recipient", "organization")
        .order_by("pk")
    )
    files = _attachments(rows)
    connection = get_connection()
    sent = 0
    for n in rows:
        recipient = n.recipient
        if not recipient.is_active or not recipient.email:
            Notification.objects.filter(pk=n.pk).update(email_state=EmailState.NONE, claim=None)
            continue
        try:
            subject, body, headers = email_for(n, recipient)
            message = _message(
                subject, body, recipient.email, headers, files.get((n.organization_id, n.kind, n.key), [])
            )
            message.connection = connection
            message.send()
        except REFUSED as error:
            connection.close()  # the next message opens a fresh connection
            _refused(n, error)
            continue
        except Exception:  # a broken template must not stop the batch; a retry would fail the same way
            log.exception("notification %s could not be emailed", n.pk)
            Notification.objects.filter(pk=n.pk).update(email_state=EmailState.FAILED, claim=None)
            continue
        Notification.objects.filter(pk=n.pk).update(
            email_state=EmailState.SENT, emailed_at=timezone.now(), attempts=n.attempts + 1, claim=None
        )
        sent += 1
    return sent


# --- The daily digest ---------------------------------------------------------------------------


def local_today(organization: Organization) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(organization.time_zone))


def enqueue_digests(today: date | None = None, *, batch_size: int = BATCH_SIZE) -> int:
    """Claim today's digest of everyone with notifications waiting for it, organization by
    organization (each on its own day), and queue one task per batch; how many digests were claimed."""
    claimed = 0
    organizations = list(Organization.objects.filter(archived_at__isnull=True).order_by("pk"))
    if organizations:
        oldest = min(today or local_today(org) for org in organizations)
        NotificationDigestClaim.objects.filter(day__lt=oldest - timedelta(days=CLAIMS_KEPT_DAYS)).delete()
    for organization in organizations:
        claimed += enqueue_organization_digests(organization, today or local_today(organization), batch_size)
    return claimed


def enqueue_organization_digests(
    organization: Organization, today: date, batch_size: int = BATCH_SIZE
) -> int:
    """One organization's digests for its day `today`, `batch_size` people at a time, each batch in
    its own transaction (a run stopped halfway leaves the finished batches claimed and queued)."""
    from .tasks import send_notification_digests

    claimed, after = 0, 0
    day = today.isoformat()
    waiting = User.objects.filter(
        Exists(
            Notification.objects.filter(
                recipient=OuterRef("pk"), organization=organization, email_state=EmailState.DIGEST
            )
        ),
        ~Exists(
            NotificationDigestClaim.objects.filter(user=OuterRef("pk"), organization=organization, day=today)
        ),
        is_active=True,
    )
    while True:
        with transaction.atomic():
            batch = list(
                waiting.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch_size]
            )
            if batch:
                run = uuid.uuid4()
                NotificationDigestClaim.objects.bulk_create(
                    [
                        NotificationDigestClaim(organization=organization, user_id=pk, day=today, run=run)
                        for pk in batch
                    ],
                    ignore_conflicts=True,
                )
                ours = NotificationDigestClaim.objects.filter(organization=organization, day=today, run=run)
                if Notification.objects.filter(
                    organization=organization,
                    email_state=EmailState.DIGEST,
                    recipient_id__in=ours.values("user_id"),
                ).update(email_state=EmailState.SENDING, claim=run):
                    claimed += ours.count()
                    transaction.on_commit(
                        partial(send_notification_digests.enqueue, str(run), organization.pk, day)
                    )
        if len(batch) < batch_size:
            return claimed
        after = batch[-1]


def send_digests(run: uuid.UUID | str, organization_id: int, day: str) -> int:
    """Email each person of this run her digest; how many went out. A refused digest gives its rows
    and its day's claim back, so the next run sends it."""
    organization = Organization.objects.get(pk=organization_id)
    rows = list(
        Notification.objects.filter(claim=run, email_state=EmailState.SENDING)
        .select_related("recipient", "organization")
        .order_by("recipient_id", "created_at", "pk")
    )
    files = _attachments(rows)
    by_person: dict[int, list[Notification]] = defaultdict(list)
    for n in rows:
        by_person[n.recipient_id].append(n)
    connection = get_connection()
    sent = 0
    for person_rows in by_person.values():
        recipient = person_rows[0].recipient
        ids = [n.pk for n in person_rows]
        try:
            subject, body, headers = digest_for(
                person_rows, recipient, organization.name, organization.time_zone
            )
            attached = [f for n in person_rows for f in files.get((n.organization_id, n.kind, n.key), [])]
            message = _message(subject, body, recipient.email, headers, attached)
            message.connection = connection
            message.send()
        except Exception as error:
            if isinstance(error, REFUSED):
                connection.close()
            log.warning("notification digest to user %s failed: %s", recipient.pk, error)
            Notification.objects.filter(pk__in=ids).update(email_state=EmailState.DIGEST, claim=None)
            NotificationDigestClaim.objects.filter(
                organization_id=organization_id, user_id=recipient.pk, day=date.fromisoformat(day)
            ).delete()
            continue
        Notification.objects.filter(pk__in=ids).update(
            email_state=EmailState.SENT, emailed_at=timezone.now(), claim=None
        )
        sent += 1
    return sent

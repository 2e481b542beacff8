"""Notifications: what a person is told (her inbox), how she wants to hear about each kind by email,
and the bookkeeping that sends each email once.

A `Notification` is one person's copy of one event, unique on (recipient, kind, key): the emitting
app chooses the key (e.g. ``meeting:12:planned``), so telling her the same thing twice makes no second
row. Its email goes through `email_state`:

    immediate ─claim→ sending ─→ sent
        ↑                  └─ refused by the mail server → retry ─(back-off)─→ sending … → failed
    digest ─(the daily digest claims it)→ sending ─→ sent
    none   (she turned email off for this kind: inbox only)

A row moves to `sending` only through one conditional UPDATE stamped with the claiming run's `claim`
token, so two workers (or the same task run twice) never send it twice.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import Community, Organization

from .registry import DIGEST, IMMEDIATELY, OFF


class EmailChoice(models.TextChoices):
    IMMEDIATELY = IMMEDIATELY, _("Email me at once")
    DIGEST = DIGEST, _("Once a day, in a digest")
    OFF = OFF, _("No email (only here)")


class EmailState(models.TextChoices):
    NONE = "none", _("not emailed")
    IMMEDIATE = "immediate", _("to email now")
    DIGEST = "digest", _("waiting for the daily digest")
    SENDING = "sending", _("being emailed")
    RETRY = "retry", _("to email again later")
    SENT = "sent", _("emailed")
    FAILED = "failed", _("could not be emailed")


class Notification(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)  # a path on this site
    context = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=12, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)  # the run that is sending it

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="one_notification_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["email_state", "next_attempt_at"], name="notification_email_queue"),
            models.Index(fields=["claim"], name="notification_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient_id}"

    @property
    def unread(self) -> bool:
        return self.read_at is None


class NotificationAttachment(models.Model):
    """A file sent with every email of one event (e.g. the meeting's .ics): stored once per event, not
    once per person, and kept for retries and digests."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "key", "filename"], name="one_attachment_per_event_file"
            )
        ]

    def __str__(self) -> str:
        return self.filename


class NotificationPreference(models.Model):
    """How one person wants to hear about one kind by email. No row: the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    email = models.CharField(max_length=12, choices=EmailChoice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.email}"


class NotificationDigestClaim(models.Model):
    """One person's daily notification digest from one organization, claimed for its local day (like
    `planning.DigestClaim`): the unique constraint lets only one run send it; a failed send deletes it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    run = models.UUIDField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "day"], name="one_notification_digest_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organization_id} on {self.day}"

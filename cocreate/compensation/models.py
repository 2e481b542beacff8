"""Paying community leaders fairly: the organization's compensation policy, claims, approvals, payments.

* `Policy` — one version of the organization's compensation policy, in force from `effective_from`
  until the next version's date: the honorarium (per hour or per day, the time it pays for with a
  maximum for each part), child care up to a daily cap (above it only with an exception the named
  approver granted), travel by the mile or at actual cost with receipts, which events need approval
  first, the notice about taxes and benefits in both languages, and the yearly reporting threshold;
* `Claim` — what one leader claims for one event she attended (a team meeting or a support event),
  made under the policy version in force on the event's date and keeping it; its amounts are worked
  out by `cocreate.compensation.money.work_out` and stored line by line (`lines`, `total`); every
  change after approval is a new `ClaimVersion`;
* `ExceptionRequest` — asked before the event: child care above the daily cap, or a special event;
* `Receipt` — a photo or PDF for a cost claimed at actual cost;
* `Payment` — finance's record that a claim was paid (date, method, reference).

Money is `Decimal` in the policy's currency; every line is rounded to the cent (half up) and the total
is the sum of the lines.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization
from cocreate.partners.models import Partner

ZERO = Decimal("0")


def money_field(label, **kw):
    return models.DecimalField(
        label, max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)], **kw
    )


def hours_field(label, **kw):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, validators=[MinValueValidator(ZERO)], **kw
    )


class Basis(models.TextChoices):
    HOUR = "hour", _("Per hour")
    DAY = "day", _("Per day")


class Policy(models.Model):
    """One version of an organization's compensation policy, in force from `effective_from`."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("version"), editable=False)
    effective_from = models.DateField(_("in force from"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    honorarium_basis = models.CharField(_("honorarium paid"), max_length=4, choices=Basis, default=Basis.HOUR)
    honorarium_rate = money_field(_("honorarium rate"))
    max_prep_hours = hours_field(_("most preparation time paid (hours)"))
    max_meeting_hours = hours_field(_("most meeting time paid (hours)"))
    max_travel_hours = hours_field(_("most travel time paid (hours)"))
    childcare_daily_cap = money_field(_("child care: most paid per day"))
    childcare_exception_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who approves child care above the cap"),
    )
    mileage_rate = models.DecimalField(
        _("travel: rate per mile"), max_digits=6, decimal_places=3, validators=[MinValueValidator(ZERO)]
    )
    actual_costs_allowed = models.BooleanField(_("travel at actual cost, with receipts"), default=True)
    special_event_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who approves special events beforehand"),
    )
    notice_en = models.TextField(_("notice about taxes and benefits (English)"), max_length=3000)
    notice_es = models.TextField(_("notice about taxes and benefits (Spanish)"), max_length=3000)
    reporting_threshold = money_field(_("yearly reporting threshold"), default=Decimal("600.00"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-effective_from", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="one_policy_number_per_org"),
            models.UniqueConstraint(fields=["organization", "effective_from"], name="one_policy_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} v{self.number}"

    def notice(self, language: str) -> str:
        return self.notice_es if language.startswith("es") and self.notice_es else self.notice_en


class ExceptionKind(models.TextChoices):
    CHILDCARE = "childcare", _("Child care above the daily cap")
    SPECIAL_EVENT = "special_event", _("A special event")


class ExceptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Not approved")


class EventRef(models.Model):
    """The event a claim or an exception is for: a team meeting or a support event (exactly one)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    support_event = models.ForeignKey(
        "support.SupportEvent", null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    event_date = models.DateField(_("date of the event"))
    event_title = models.CharField(_("event"), max_length=300)

    class Meta:
        abstract = True


class ExceptionRequest(EventRef):
    """Asked before the event; decided by the approver the policy names."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what for"), max_length=14, choices=ExceptionKind)
    amount = money_field(_("amount expected"))
    reason = models.TextField(_("why"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=ExceptionStatus, default=ExceptionStatus.PENDING
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.TextField(_("note"), blank=True, max_length=3000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=True) ^ models.Q(support_event__isnull=True),
                name="exception_for_one_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.event_title}"


class TravelMode(models.TextChoices):
    NONE = "none", _("No travel costs")
    MILEAGE = "mileage", _("By the mile")
    ACTUAL = "actual", _("Actual costs, with receipts")


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sent for approval")
    RETURNED = "returned", _("Returned to you")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Claim(Versioned, EventRef):
    """One leader's claim for one event she attended, under the policy version of the event's date."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.RESTRICT, related_name="claims")
    policy = models.ForeignKey(Policy, on_delete=models.RESTRICT, related_name="claims")
    prep_hours = hours_field(_("preparation time (hours)"), default=ZERO)
    meeting_hours = hours_field(_("meeting time (hours)"), default=ZERO)
    travel_hours = hours_field(_("travel time (hours)"), default=ZERO)
    childcare_cost = money_field(_("child care paid"), default=ZERO)
    travel_mode = models.CharField(
        _("travel costs"), max_length=8, choices=TravelMode, default=TravelMode.NONE
    )
    miles = models.DecimalField(
        _("miles, there and back"),
        max_digits=7,
        decimal_places=1,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    exception = models.ForeignKey(
        ExceptionRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    note = models.TextField(_("note"), blank=True, max_length=3000)
    lines = models.JSONField(default=list, editable=False)  # money.work_out(...) as stored, see money.Line
    total = money_field(_("total"), default=ZERO, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ClaimStatus, default=ClaimStatus.SUBMITTED)
    return_reason = models.TextField(_("why it was returned"), blank=True, max_length=3000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-event_date", "-pk"]
        indexes = [
            models.Index(fields=["organization", "status", "event_date"], name="claim_org_status_date"),
            models.Index(fields=["partner", "event_date"], name="claim_partner_date"),
            models.Index(fields=["community", "status", "event_date"], name="claim_community_status_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=True) ^ models.Q(support_event__isnull=True),
                name="claim_for_one_event",
            ),
            models.UniqueConstraint(
                fields=["partner", "meeting"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_claim_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["partner", "support_event"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_claim_per_support_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.event_title}"


class ClaimVersion(models.Model):
    """The claim's amounts as approved (or changed after approval): the record that never changes."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    lines = models.JSONField(default=list)
    total = money_field(_("total"))
    reason = models.TextField(_("what changed and why"), blank=True, max_length=3000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["claim", "number"], name="one_claim_version_number")]

    def __str__(self) -> str:
        return f"{self.claim_id} v{self.number}"


class ExpenseKind(models.TextChoices):
    LODGING = "lodging", _("Lodging")
    TOLLS = "tolls", _("Tolls")
    PARKING = "parking", _("Parking")
    TRANSPORT = "transport", _("Other transport (bus, train, taxi)")
    REGISTRATION = "registration", _("Registration")


def receipt_path(instance, filename: str) -> str:
    return f"receipts/{instance.organization_id}/{uuid.uuid4().hex}"


class Receipt(models.Model):
    """A photo or PDF of a receipt, kept out of the public web: served only to who may see the claim."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to=receipt_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.original_name


class Expense(models.Model):
    """A travel cost claimed at actual cost, with its receipt."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(_("what"), max_length=14, choices=ExpenseKind)
    amount = money_field(_("amount"))
    receipt = models.ForeignKey(Receipt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class PaymentMethod(models.TextChoices):
    DIRECT_DEPOSIT = "direct_deposit", _("Direct deposit")
    CHECK = "check", _("Check")
    GIFT_CARD = "gift_card", _("Gift card")
    OTHER = "other", _("Other")


class Payment(models.Model):
    """Finance's record that a claim was paid."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    claim = models.OneToOneField(Claim, on_delete=models.RESTRICT, related_name="payment")
    partner = models.ForeignKey(Partner, on_delete=models.RESTRICT, related_name="+")
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("how"), max_length=16, choices=PaymentMethod)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    amount = money_field(_("amount"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "paid_on"], name="payment_org_paid_on"),
            models.Index(fields=["partner", "paid_on"], name="payment_partner_paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} paid {self.paid_on}"

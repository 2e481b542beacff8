"""Process observations: a team member shadows one process through the eyes of the people it serves.

An `ObservationPlan` says what the team wants to learn (the aim), which process it will watch, where
that process starts and ends, how it will be shadowed and when, and who will observe. Each time someone
observes, an `ObservationRecord` keeps what they saw: the steps they expected beside what actually
happened (`ObservationStep`, in order), who was present and in what role, and what surprised them.

What confused or frustrated people, where things got stuck and the changes worth trying are kept one
by one as `Finding`s, so that each can become a "you said, we did" item or a PDSA change idea; the
finding keeps the link to what it became.

Rows carry `organization` and `community` so every scoping filter is one indexed column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization

if TYPE_CHECKING:
    from cocreate.accounts.models import User
    from cocreate.partners.models import Partner


class ShadowMethod(models.TextChoices):
    WALK_THROUGH = "walk_through", _("Walk through it as a family would")
    SIT_IN = "sit_in", _("Sit in and watch")
    FOLLOW = "follow", _("Follow one referral or case from start to end")
    SIMULATE = "simulate", _("Role-play or simulate the steps")
    INTERVIEW = "interview", _("Talk with people who go through it")
    OTHER = "other", _("Another way")


class FindingKind(models.TextChoices):
    CONFUSION = "confusion", _("Confusing or frustrating")
    BOTTLENECK = "bottleneck", _("Bottleneck or challenge")
    CHANGE = "change", _("Change to try")


class ObservationPlan(Versioned):
    """What the team will observe, how and when, and who will do it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="observation_plans")
    aim = models.TextField(_("what we want to learn"), max_length=2000)
    process = models.CharField(_("the process to observe"), max_length=300)
    starts_where = models.CharField(_("where the process starts"), max_length=300)
    ends_where = models.CharField(_("where the process ends"), max_length=300)
    method = models.CharField(_("how it will be shadowed"), max_length=12, choices=ShadowMethod)
    method_notes = models.TextField(_("how, in more detail"), blank=True, max_length=2000)
    planned_on = models.DateField(_("planned date"))
    planned_until = models.DateField(_("last planned date"), null=True, blank=True)
    observers: models.ManyToManyField[User, ObservationPlanObserver] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ObservationPlanObserver",
        blank=True,
        related_name="+",
        verbose_name=_("observers"),
    )
    partners: models.ManyToManyField[Partner, ObservationPlanPartner] = models.ManyToManyField(
        "partners.Partner",
        through="ObservationPlanPartner",
        blank=True,
        related_name="+",
        verbose_name=_("partners observing"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("observation plan")
        verbose_name_plural = _("observation plans")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_until__isnull=True)
                | models.Q(planned_until__gte=models.F("planned_on")),
                name="observation_plan_ends_on_or_after_start",
            )
        ]
        indexes = [models.Index(fields=["community", "planned_on"])]

    def __str__(self) -> str:
        return self.process


class ObservationRecord(Versioned):
    """One observation session: who watched, when, and what they saw."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(ObservationPlan, on_delete=models.CASCADE, related_name="records")
    observed_on = models.DateField(_("date observed"))
    started_at = models.TimeField(_("from"), null=True, blank=True)
    ended_at = models.TimeField(_("until"), null=True, blank=True)
    observers: models.ManyToManyField[User, ObservationRecordObserver] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ObservationRecordObserver",
        blank=True,
        related_name="+",
        verbose_name=_("who observed"),
    )
    partners: models.ManyToManyField[Partner, ObservationRecordPartner] = models.ManyToManyField(
        "partners.Partner",
        through="ObservationRecordPartner",
        blank=True,
        related_name="+",
        verbose_name=_("partners who observed"),
    )
    present = models.TextField(_("who was present and their roles"), blank=True, max_length=4000)
    surprises = models.TextField(_("what surprised us"), blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["observed_on", "started_at", "pk"]
        verbose_name = _("observation record")
        verbose_name_plural = _("observation records")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(started_at__isnull=True)
                | models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gt=models.F("started_at")),
                name="observation_record_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["plan", "observed_on"])]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.observed_on}"


# Who observes: the many-to-many rows, each carrying the plan's or record's organization and community
# like every other row here (fill them with `through_defaults`). They keep the tables and column names
# Django gave the automatic tables they replaced.


class ObservationPlanObserver(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    observationplan = models.ForeignKey(ObservationPlan, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "observations_observationplan_observers"
        unique_together = [("observationplan", "user")]

    def __str__(self) -> str:
        return f"{self.observationplan_id}: {self.user_id}"


class ObservationPlanPartner(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    observationplan = models.ForeignKey(ObservationPlan, on_delete=models.CASCADE)
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "observations_observationplan_partners"
        unique_together = [("observationplan", "partner")]

    def __str__(self) -> str:
        return f"{self.observationplan_id}: {self.partner_id}"


class ObservationRecordObserver(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    observationrecord = models.ForeignKey(ObservationRecord, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "observations_observationrecord_observers"
        unique_together = [("observationrecord", "user")]

    def __str__(self) -> str:
        return f"{self.observationrecord_id}: {self.user_id}"


class ObservationRecordPartner(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    observationrecord = models.ForeignKey(ObservationRecord, on_delete=models.CASCADE)
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "observations_observationrecord_partners"
        unique_together = [("observationrecord", "partner")]

    def __str__(self) -> str:
        return f"{self.observationrecord_id}: {self.partner_id}"


class ObservationStep(models.Model):
    """One step of the process: what the team expected, and what actually happened."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(ObservationRecord, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    expected = models.CharField(_("step we expected"), max_length=500, blank=True)
    happened = models.CharField(_("what actually happened"), max_length=1000, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(expected="", happened=""), name="observation_step_says_something"
            )
        ]

    def __str__(self) -> str:
        return self.expected or self.happened


class Finding(models.Model):
    """Something the observer noticed that the team can act on, and what it became."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    record = models.ForeignKey(ObservationRecord, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=10, choices=FindingKind)
    text = models.CharField(_("finding"), max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)
    feedback_item = models.ForeignKey(
        "planning.FeedbackItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observation_findings",
        verbose_name=_("feedback item it became"),
    )
    cycle = models.ForeignKey(
        "planning.PdsaCycle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observation_findings",
        verbose_name=_("change idea it became"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "kind", "position", "pk"]
        indexes = [models.Index(fields=["record", "kind", "position"])]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_acted_on(self) -> bool:
        return self.feedback_item_id is not None or self.cycle_id is not None

"""The implementation-support log: each piece of support the intermediary delivered to a community.

Dosage (how often, how long, in what, for whom) is counted from these rows with grouped queries
(`queries/dosage.py`). What a team needs to count by sits in columns or narrow tables, never in JSON:
the capacity domains an event addressed are rows of `SupportEventDomain`, the people present by
partner type are five headcount columns, so a month's dosage is two `GROUP BY`s however many events
a community has.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization, Stage
from cocreate.core.versioned import VersionedDocument, version_constraints
from cocreate.partners.models import CAPACITY_DOMAINS, DOMAIN_LABELS, Partner, PartnerType

if TYPE_CHECKING:  # the through models name these by string
    from cocreate.accounts.models import User
    from cocreate.planning.models import Action, Goal

MIN_HOURS = Decimal("0.1")
MAX_HOURS = Decimal("24")


class SupportType(models.TextChoices):
    LISTENING = "listening", _("Listening session")
    COACHING = "coaching", _("Coaching")
    TRAINING = "training", _("Training")
    CONSULTATION = "consultation", _("Consultation")
    OBSERVATION = "observation", _("Observation")
    PLANNING = "planning", _("Planning meeting")
    OTHER = "other", _("Other")


class Function(models.TextChoices):
    """The five intermediary functions (seed 002)."""

    IS = "is", _("Implementation support")
    PEC = "pec", _("Partnership, engagement and communication")
    REDL = "redl", _("Research, evaluation and data linking")
    WFD = "wfd", _("Workforce development")
    PF = "pf", _("Policy and finance")


# Short names for tables, chart legends and phone screens.
FUNCTION_SHORT = {
    Function.IS: _("Implementation support"),
    Function.PEC: _("Partnership and engagement"),
    Function.REDL: _("Research and data"),
    Function.WFD: _("Workforce"),
    Function.PF: _("Policy and finance"),
}


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    PHONE = "phone", _("Phone")
    HYBRID = "hybrid", _("Hybrid")


DOMAIN_KEYS = [key for key, _label in CAPACITY_DOMAINS]
# One headcount column per partner type: people present, registered as partners or not.
HEADCOUNT_FIELDS = {ptype: f"headcount_{ptype}" for ptype in PartnerType.values}


class SupportEvent(Versioned):
    """One session of support delivered to a community: when, how long, what kind, for whom, what next."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="support_events")
    date = models.DateField(_("date"), default=timezone.localdate)
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1)
    event_type = models.CharField(_("type of support"), max_length=20, choices=SupportType)
    function = models.CharField(_("intermediary function"), max_length=8, choices=Function)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality)
    facilitators: models.ManyToManyField[User, SupportFacilitator] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SupportFacilitator", related_name="facilitated_support_events"
    )
    attendee_partners: models.ManyToManyField[Partner, PartnerAttendance] = models.ManyToManyField(
        Partner, through="PartnerAttendance", related_name="support_events"
    )
    attendee_users: models.ManyToManyField[User, UserAttendance] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="UserAttendance", related_name="attended_support_events"
    )
    goals: models.ManyToManyField[Goal, SupportEventGoal] = models.ManyToManyField(
        "planning.Goal", through="SupportEventGoal", related_name="support_events"
    )
    actions: models.ManyToManyField[Action, SupportEventAction] = models.ManyToManyField(
        "planning.Action", through="SupportEventAction", related_name="support_events"
    )
    headcount_agency = models.PositiveSmallIntegerField(default=0)
    headcount_funder = models.PositiveSmallIntegerField(default=0)
    headcount_intermediary = models.PositiveSmallIntegerField(default=0)
    headcount_community = models.PositiveSmallIntegerField(default=0)
    headcount_research = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(_("summary"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("support event")
        verbose_name_plural = _("support events")
        indexes = [
            models.Index(fields=["community", "-date"], name="support_event_community_date"),
            models.Index(
                fields=["organization", "logged_by", "-created_at"], name="support_event_last_logged"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_HOURS),
                name="support_hours_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_event_type_display()} · {self.date} · {self.hours} h"

    def url(self, name: str = "detail") -> str:
        return reverse(
            f"support:{name}", args=[self.community.organization.slug, self.community.slug, self.pk]
        )

    def get_absolute_url(self) -> str:
        return self.url()

    @property
    def headcounts(self) -> dict[str, int]:
        """{partner type: people present}, every type included."""
        return {ptype: getattr(self, field) for ptype, field in HEADCOUNT_FIELDS.items()}

    @property
    def headcount_total(self) -> int:
        return sum(self.headcounts.values())


class SupportEventDomain(models.Model):
    """A capacity domain an event addressed: a narrow table, so hours by domain is one grouped query.

    The event's date and hours are copied here (the writes rewrite these rows with the event), so a
    community's hours by domain and month read this table alone, by its (community, date) index.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(SupportEvent, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("capacity domain"), max_length=20, choices=CAPACITY_DOMAINS)
    date = models.DateField()  # the event's
    hours = models.DecimalField(max_digits=3, decimal_places=1)  # the event's

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "domain"], name="one_row_per_event_domain")]
        indexes = [models.Index(fields=["community", "date"], name="support_domain_community_date")]

    def __str__(self) -> str:
        return str(DOMAIN_LABELS.get(self.domain, self.domain))


class SupportFacilitator(models.Model):
    """Who from the intermediary delivered the support (a practitioner's dosage counts these)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(SupportEvent, on_delete=models.CASCADE, related_name="facilitator_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_row_per_event_facilitator")
        ]
        # A practitioner's portfolio: the communities they facilitated in, without reading the events.
        indexes = [
            models.Index(fields=["user", "organization", "community"], name="support_facilitator_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} facilitated {self.event_id}"


class PartnerAttendance(models.Model):
    """A registered partner of the community who attended."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(SupportEvent, on_delete=models.CASCADE, related_name="partner_rows")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "partner"], name="one_row_per_event_partner")]

    def __str__(self) -> str:
        return f"partner {self.partner_id} at {self.event_id}"


class UserAttendance(models.Model):
    """A member of the community (with a sign-in but no partner record) who attended."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(SupportEvent, on_delete=models.CASCADE, related_name="user_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_row_per_event_user")]

    def __str__(self) -> str:
        return f"user {self.user_id} at {self.event_id}"


class SupportEventGoal(models.Model):
    """A goal of the community's plan that the event served (the goal page lists its support)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(SupportEvent, on_delete=models.CASCADE, related_name="goal_rows")
    goal = models.ForeignKey("planning.Goal", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "goal"], name="one_row_per_event_goal")]
        indexes = [models.Index(fields=["goal", "event"], name="support_goal_event")]

    def __str__(self) -> str:
        return f"{self.event_id} served goal {self.goal_id}"


class SupportEventAction(models.Model):
    """An action of the community's plan that the event served."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(SupportEvent, on_delete=models.CASCADE, related_name="action_rows")
    action = models.ForeignKey("planning.Action", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "action"], name="one_row_per_event_action")]
        indexes = [models.Index(fields=["action", "event"], name="support_action_event")]

    def __str__(self) -> str:
        return f"{self.event_id} served action {self.action_id}"


class EventSurvey(models.Model):
    """The interim-outcomes round sent to an event's attendees: one per event, opened through the
    assessments app (this row only links the two)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    event = models.OneToOneField(SupportEvent, on_delete=models.CASCADE, related_name="survey")
    administration = models.OneToOneField(
        "assessments.Administration", on_delete=models.CASCADE, related_name="support_event_survey"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interim-outcomes survey of an event")
        verbose_name_plural = _("interim-outcomes surveys of events")

    def __str__(self) -> str:
        return f"survey {self.administration_id} of event {self.event_id}"


# Implementation-support plan ---------------------------------------------------------------------------
# The intermediary's written plan for one community: why and how it will work with the community's team,
# and its support activities by implementation stage, each with the support functions it serves and who
# provides it. A versioned document (`cocreate/core/versioned.py`): staff edit one draft per community,
# and publishing the draft makes it version N+1. Earlier versions stay readable and printable.
# Business rules live in `cocreate/support/plan.py`.


class SupportPlanVersion(VersionedDocument):
    """One version of a community's support plan: the draft (no number yet) or published version N."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="support_plan_versions")
    purpose = models.TextField(_("purpose of the support"), blank=True, max_length=6000)
    how_we_work = models.TextField(_("how we will work together"), blank=True, max_length=6000)
    history = HistoricalRecords()

    class Meta(VersionedDocument.Meta):
        verbose_name = _("implementation-support plan version")
        verbose_name_plural = _("implementation-support plan versions")
        constraints = version_constraints("support_plan")


class SupportActivity(models.Model):
    """One support activity of a plan version: at which stage, what, when, which support functions it
    serves (keys of `Function`), and who provides it: staff of the organization, and/or someone named
    in words (an outside trainer, a partner agency).

    `key` stays the same when a draft is started from a published version, so two versions can be
    compared activity by activity."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(SupportPlanVersion, on_delete=models.CASCADE, related_name="activities")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    title = models.CharField(_("activity"), max_length=300)
    details = models.TextField(_("what it involves"), blank=True, max_length=4000)
    timing = models.CharField(_("when and how often"), max_length=200, blank=True)
    functions = models.JSONField(_("support functions"), default=list, blank=True)
    providers: models.ManyToManyField[User, SupportActivityProvider] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="SupportActivityProvider",
        blank=True,
        related_name="+",
        verbose_name=_("provided by (staff)"),
    )
    provider_name = models.CharField(_("provided by (others)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_support_activity_per_key")
        ]

    def __str__(self) -> str:
        return self.title[:80]


class SupportActivityProvider(models.Model):
    """A staff member who provides an activity: carries the activity's organization and community like
    every row here (fill with `through_defaults`); keeps the table of the automatic one it replaced."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    supportactivity = models.ForeignKey(SupportActivity, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "support_supportactivity_providers"
        unique_together = [("supportactivity", "user")]

    def __str__(self) -> str:
        return f"{self.supportactivity_id}: {self.user_id}"

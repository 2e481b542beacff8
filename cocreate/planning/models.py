"""Planning and improvement: goals by horizon, their action plans, progress notes and equity intentions.

A `Goal` belongs to a community (optionally to one of its teams) and says what the team wants to change,
by when, and why it matters to the team and to the families and community members involved. It can
work on assessment items that the team chose with "make this a goal" (`GoalItem`, which keeps the link
to the `GapFlag` and so to the round and the item) and on capacity domains.

Each goal has its `Action`s: the strategy or activity, start and due dates, resources, how success will
be measured, who is responsible (`ActionOwner`: a partner of the community or a member who signs in),
a status and dated `ProgressNote`s. Each team member can record the `EquityIntention` they hold for a goal.

Rows carry `organization` and `community` so every scoping filter is one or two indexed columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization, Team

if TYPE_CHECKING:
    from cocreate.partners.models import Partner


class Horizon(models.IntegerChoices):
    """How far out a goal looks. Integers so that goals sort from the nearest horizon."""

    NOW = 1, _("Right away")
    SIX_MONTHS = 2, _("About 6 months")
    ONE_YEAR = 3, _("About 1 year")


# The target date a horizon suggests, in days from today, when the team does not give one.
HORIZON_DAYS = {Horizon.NOW: 30, Horizon.SIX_MONTHS: 182, Horizon.ONE_YEAR: 365}


class GoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


OPEN_GOAL_STATUSES = [GoalStatus.PROPOSED, GoalStatus.ACTIVE]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    BLOCKED = "blocked", _("Blocked")
    DROPPED = "dropped", _("Dropped")


# Actions still owed: these can be overdue or due soon. Done and dropped ones cannot.
OPEN_ACTION_STATUSES = [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED]
DUE_SOON_DAYS = 14


class Intention(models.TextChoices):
    """The four equity intentions a person can hold while working on a goal (our wording)."""

    NOTICE = "notice", _("Notice and name bias and inequity")
    UNDERSTAND = "understand", _("Seek to understand the experience of those closest to the issue")
    ACT = "act", _("Use what we learn to act")
    AVOID = "avoid", _("Avoid recreating inequities")


# Prompts for "why it matters": what leadership by families and community members can bring, to the
# team and to the people themselves. Shown beside the two "why" fields of a goal.
BENEFITS_TO_TEAM = [
    _("See the issue in its full complexity and find changes worth testing, so improvement comes sooner"),
    _("Add a point of view the team would otherwise miss"),
    _("Build ties with neighborhoods and the wider community"),
    _("Make sure materials and messages speak to the people they are meant for"),
    _("Help the team test changes and make sense of what the tests show"),
]
BENEFITS_TO_COMMUNITY = [
    _("Understand how the system works"),
    _("Be heard, and help build a system that reflects their values"),
    _("Speak up for their community and bring its views into the improvement work"),
    _("Learn new skills"),
    _("Get to know the rest of the team and feel part of a community"),
    _("Keep a feedback loop open between the people served and the system"),
]


class Goal(Versioned):
    """What a community's team wants to change, by when, and why it matters."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="goals")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="goals", verbose_name=_("team")
    )
    horizon = models.PositiveSmallIntegerField(_("horizon"), choices=Horizon, default=Horizon.SIX_MONTHS)
    target_on = models.DateField(_("target date"))
    statement = models.TextField(_("goal statement"), max_length=1000)
    why_team = models.TextField(_("why it matters to the team"), blank=True, max_length=4000)
    why_community = models.TextField(
        _("why it matters to the families and community members involved"), blank=True, max_length=4000
    )
    domains = models.JSONField(_("capacity domains"), default=list, blank=True)  # CAPACITY_DOMAINS keys
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus, default=GoalStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["horizon", "target_on", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        indexes = [
            models.Index(fields=["community", "status", "horizon", "target_on"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self) -> str:
        return self.statement[:80]


class GoalItem(models.Model):
    """An assessment item a goal works on, taken from a gap the team flagged on a round's results.

    The instrument and item keys are copied so that later rounds of the same instrument (which may use
    a newer version, with other item rows) can be read for the same item: did the gap close?
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="items")
    gap = models.ForeignKey("assessments.GapFlag", on_delete=models.CASCADE, related_name="goal_links")
    administration = models.ForeignKey(
        "assessments.Administration", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey("assessments.Item", on_delete=models.PROTECT, related_name="+")
    instrument_key = models.SlugField(max_length=60)
    item_key = models.SlugField(max_length=60)
    linked_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["goal", "linked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["goal", "gap"], name="one_link_per_goal_and_gap")]
        indexes = [models.Index(fields=["administration", "item"])]

    def __str__(self) -> str:
        return f"{self.goal_id} ← {self.item_key}"


class Action(Versioned):
    """One strategy or activity toward a goal: when, with what, how success shows, and its status."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    strategy = models.TextField(_("strategy or activity"), max_length=2000)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due"))
    resources = models.TextField(_("resources needed"), blank=True, max_length=2000)
    measure = models.TextField(_("measures of success"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus, default=ActionStatus.NOT_STARTED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "position", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True) | models.Q(due_on__gte=models.F("starts_on")),
                name="action_due_on_or_after_start",
            )
        ]
        indexes = [
            # The overdue and due-soon lists: one community, or the communities a practitioner serves.
            models.Index(fields=["community", "status", "due_on"]),
            models.Index(fields=["organization", "status", "due_on"]),
            models.Index(fields=["goal", "position"]),
            # "What changed since your last visit" on the "for me" home: her communities' actions
            # changed after a moment, newest first (else every action of the community is read).
            models.Index(fields=["community", "updated_at"], name="action_community_updated"),
        ]

    def __str__(self) -> str:
        return self.strategy[:80]


class ActionOwner(models.Model):
    """A person responsible for an action: a partner of the community, or a member who signs in."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="owners")
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="action_owners"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_owners",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(partner__isnull=False, user__isnull=True)
                    | models.Q(partner__isnull=True, user__isnull=False)
                ),
                name="action_owner_is_a_partner_or_a_user",
            ),
            models.UniqueConstraint(
                fields=["action", "partner"],
                condition=models.Q(partner__isnull=False),
                name="one_owner_per_partner",
            ),
            models.UniqueConstraint(
                fields=["action", "user"], condition=models.Q(user__isnull=False), name="one_owner_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.partner_id or self.user_id}"


class ProgressNote(models.Model):
    """A dated note on how an action is going; it may record a change of status."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("what happened"), max_length=4000)
    status_to = models.CharField(_("status changed to"), max_length=12, choices=ActionStatus, blank=True)
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-noted_on", "-written_at", "-pk"]
        indexes = [models.Index(fields=["action", "noted_on"])]

    def __str__(self) -> str:
        return self.text[:80]


class EquityIntention(models.Model):
    """The equity intention one team member holds for one goal, with an optional note."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="intentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    intention = models.CharField(_("the intention I hold"), max_length=12, choices=Intention)
    note = models.TextField(_("a note"), blank=True, max_length=2000)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "intention", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "user"], name="one_intention_per_person_and_goal")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.intention}"


# PDSA cycles -------------------------------------------------------------------------------------------


class CycleStatus(models.TextChoices):
    """Where a PDSA cycle stands: the phase it is in, then the decision that closed it."""

    PLANNING = "planning", _("Planning")
    DOING = "doing", _("Doing")
    STUDYING = "studying", _("Studying")
    ACTING = "acting", _("Deciding")
    ADOPTED = "adopted", _("Adopted")
    ADAPTED = "adapted", _("Adapted")
    ABANDONED = "abandoned", _("Abandoned")


class Decision(models.TextChoices):
    ADOPT = "adopt", _("Adopt: keep the change and spread it")
    ADAPT = "adapt", _("Adapt: change it and test again")
    ABANDON = "abandon", _("Abandon: stop testing this change")


DECISION_STATUS = {
    Decision.ADOPT: CycleStatus.ADOPTED,
    Decision.ADAPT: CycleStatus.ADAPTED,
    Decision.ABANDON: CycleStatus.ABANDONED,
}


class PdsaCycle(Versioned):
    """One Plan-Do-Study-Act test of a change idea, for an action. "Adapt" leads to a next cycle, which
    points back here as its `predecessor`."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField(default=1)  # 1, 2, 3… within the action
    predecessor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    # Plan
    change_idea = models.TextField(_("change idea"), max_length=2000)
    prediction = models.TextField(_("prediction"), max_length=2000)
    measure_name = models.CharField(_("what will be measured"), max_length=200)
    measure_unit = models.CharField(_("unit"), max_length=40, blank=True)
    # Do
    what_happened = models.TextField(_("what happened"), blank=True, max_length=4000)
    # Study
    results = models.TextField(_("results against the prediction"), blank=True, max_length=4000)
    # Act
    decision = models.CharField(_("decision"), max_length=8, choices=Decision, blank=True)
    decision_notes = models.TextField(_("why, and what next"), blank=True, max_length=4000)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CycleStatus, default=CycleStatus.DOING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "number", "pk"]
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        indexes = [models.Index(fields=["action", "number"])]

    def __str__(self) -> str:
        return self.change_idea[:80]


class DataPoint(models.Model):
    """One dated value of a cycle's measure: the points of its run chart."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey(PdsaCycle, on_delete=models.CASCADE, related_name="points")
    measured_on = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["cycle", "measured_on", "pk"]
        indexes = [models.Index(fields=["cycle", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


# "You said, we did" ------------------------------------------------------------------------------------


class FeedbackSource(models.TextChoices):
    DIRECT = "direct", _("Said directly")
    MEETING = "meeting", _("At a meeting")
    SURVEY = "survey", _("In a survey")
    LISTENING = "listening", _("At a listening session")
    OBSERVATION = "observed", _("Seen in a process observation")
    OTHER = "other", _("Other")


class FeedbackStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    WONT_DO = "wont_do", _("Won't do")


OPEN_FEEDBACK_STATUSES = [FeedbackStatus.OPEN, FeedbackStatus.IN_PROGRESS]


class FeedbackItem(Versioned):
    """Something partners said, what was done about it, and when that was reported back to them."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="feedback_items")
    said = models.TextField(_("what was said"), max_length=4000)
    partners: models.ManyToManyField[Partner, FeedbackItemPartner] = models.ManyToManyField(
        "partners.Partner",
        through="FeedbackItemPartner",
        blank=True,
        related_name="feedback_items",
        verbose_name=_("who raised it"),
    )
    anonymous = models.BooleanField(_("anonymous or a group"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=FeedbackSource, default=FeedbackSource.DIRECT
    )
    said_on = models.DateField(_("date said"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=12, choices=FeedbackStatus, default=FeedbackStatus.OPEN)
    reason = models.TextField(_("why not"), blank=True, max_length=2000)
    done_text = models.TextField(_("what was done"), blank=True, max_length=4000)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reported_on = models.DateField(_("reported back on"), null=True, blank=True)
    reported_how = models.CharField(_("how it was reported back"), max_length=300, blank=True)
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_items"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback_items"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-said_on", "-pk"]
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        indexes = [models.Index(fields=["community", "status", "said_on"])]

    def __str__(self) -> str:
        return self.said[:80]


class DigestClaim(models.Model):
    """One person's daily action digest for one organization, claimed for the organization's local day.

    Whoever inserts the row sends the digest: two runs of the command at the same moment cannot both
    claim it (the unique constraint), and `run` tells each run which rows it inserted. A digest that
    could not be sent deletes its claim, so the next run retries it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    run = models.UUIDField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "day"], name="one_digest_a_day_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organization_id} on {self.day}"


class FeedbackItemPartner(models.Model):
    """Who raised a feedback item: carries the item's organization and community like every row here
    (fill with `through_defaults`); keeps the table and columns of the automatic table it replaced."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    feedbackitem = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE)
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "planning_feedbackitem_partners"
        unique_together = [("feedbackitem", "partner")]

    def __str__(self) -> str:
        return f"{self.feedbackitem_id}: {self.partner_id}"

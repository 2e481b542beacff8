"""How a community's team works together: its shared agreement (versioned, acknowledged by each member),
the decisions it takes (proposal, method, who took part and where they stood, outcome) and its meetings
(agenda, time and place, attendees, rotating roles, prep before and debrief after, minutes).

A published agreement version never changes: editing works on a draft, and publishing the draft makes
it version N+1, which everyone acknowledges afresh (acknowledgements belong to a version).

A decision taken by secret vote keeps only the counts per position: no row names a voter, so no page,
export or history can link a person to a choice.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization
from cocreate.core.versioned import VersionedDocument, version_constraints
from cocreate.partners.models import Partner, PartnerType
from cocreate.planning.models import Action


class AgreementQuestion(models.TextChoices):
    """The toolkit's shared-agreement questions, in its order."""

    DISCUSS = "discuss", _("How will we discuss ideas and options?")
    DECIDE = "decide", _("How will we make decisions?")
    MEETINGS = "meetings", _("How will we schedule and run our meetings?")
    TIME = "time", _("How will we respect each other's time and deadlines?")
    FOLLOW_THROUGH = "follow_through", _("How will we share out tasks and follow through on our commitments?")
    PREPARE = "prepare", _("What do we expect of each other in preparing for and attending meetings?")
    COMMUNICATE = "communicate", _("How will we communicate with one another?")
    INFORMATION = "information", _("How will we pass on information?")
    CONFLICT = "conflict", _("How will we handle conflict constructively?")


# The three columns of the toolkit's table: what the team always, sometimes and never does.
ANSWER_COLUMNS = ("always", "sometimes", "never")
MAX_ANSWER_LENGTH = 2000


class AgreementVersion(VersionedDocument):
    """One version of a community's shared agreement: the draft (no number yet) or published version N
    (a versioned document: `cocreate/core/versioned.py`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="agreement_versions")
    history = HistoricalRecords()

    class Meta(VersionedDocument.Meta):
        verbose_name = _("shared agreement version")
        verbose_name_plural = _("shared agreement versions")
        constraints = version_constraints("agreement")

    def get_absolute_url(self) -> str:
        args = [self.community.organization.slug, self.community.slug]
        if self.number is None:
            return reverse("meetings:agreement_edit", args=args)
        return reverse("meetings:agreement_version", args=[*args, self.number])


class AgreementAnswer(models.Model):
    """The team's own words for one question: what it always, sometimes and never does."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(_("question"), max_length=20, choices=AgreementQuestion)
    always = models.TextField(_("always do"), blank=True, max_length=MAX_ANSWER_LENGTH)
    sometimes = models.TextField(_("sometimes do"), blank=True, max_length=MAX_ANSWER_LENGTH)
    never = models.TextField(_("never do"), blank=True, max_length=MAX_ANSWER_LENGTH)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.question}"


class Acknowledgement(models.Model):
    """A team member's "I have read and agree" to one published version."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="one_acknowledgement_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} acknowledged {self.version_id}"


# Decisions -----------------------------------------------------------------------------------------------


class Method(models.TextChoices):
    CONSENT = "consent", _("Consent (no one objects)")
    CONSENSUS = "consensus", _("Consensus (everyone agrees or stands aside)")
    MAJORITY = "majority", _("Majority vote")
    DELEGATED = "delegated", _("Decided by a named person after consultation")


# Methods where an unresolved objection stops the proposal being adopted.
NO_OBJECTION_METHODS = frozenset({Method.CONSENT, Method.CONSENSUS})


class Position(models.TextChoices):
    AGREE = "agree", _("Agree")
    STAND_ASIDE = "stand_aside", _("Stand aside")
    OBJECT = "object", _("Object")
    # Only where the method is consent: "I cannot live with this", which stops the proposal.
    BLOCK = "block", _("Block")


# Positions that need a reason and an answer before a consent or consensus proposal is adopted.
OBJECTING = frozenset({Position.OBJECT, Position.BLOCK})
# What a secret ballot can say (counted in the decision row: no reason, nothing that names her).
BALLOT_POSITIONS = (Position.AGREE, Position.STAND_ASIDE, Position.OBJECT)


def positions_for(method: str) -> list[str]:
    """The positions a person may state on a proposal decided by `method`."""
    if method == Method.CONSENT:
        return list(Position.values)
    return [p.value for p in BALLOT_POSITIONS]


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open for positions")
    CLOSED = "closed", _("Decided")


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    DEFERRED = "deferred", _("Deferred")


class Decision(Versioned):
    """A proposal the team decided on: how, with whom, and what came of it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("proposal in a line"), max_length=200)
    proposal = models.TextField(_("proposal"), blank=True, max_length=5000)
    method = models.CharField(_("how we decided"), max_length=12, choices=Method)
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("date"), default=timezone.localdate)
    # A proposal opened for positions is "open" until its lead closes it with the outcome; a decision
    # recorded after the fact is "closed" from the start.
    status = models.CharField(
        _("status"), max_length=8, choices=DecisionStatus, default=DecisionStatus.CLOSED
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome, blank=True)
    rationale = models.TextField(_("rationale"), blank=True, max_length=5000)
    # A secret vote stores these three counts and no participant rows at all. While the vote is open
    # the counts grow one ballot at a time under the row's lock, written without a history row (see
    # `mask_open_tally`), and nobody is shown them until it closes.
    secret_vote = models.BooleanField(_("secret vote"), default=False)
    votes_agree = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_stand_aside = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_object = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting = models.ForeignKey(
        "Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("taken in the meeting"),
    )
    plan_actions: models.ManyToManyField[Action, DecisionAction] = models.ManyToManyField(
        Action, through="DecisionAction", related_name="decisions", blank=True
    )
    visible_to_community = models.BooleanField(_("visible to the community"), default=True)
    published = models.BooleanField(_("published"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["community", "-decided_on"], name="decision_community_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(secret_vote=False) | models.Q(method="majority"),
                name="secret_vote_is_a_majority_vote",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:decision_detail", args=[self.community.organization.slug, self.community.slug, self.pk]
        )

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN

    @property
    def tally_hidden(self) -> bool:
        """An open secret vote shows no counts (each new count would tell who just voted how)."""
        return self.secret_vote and self.is_open

    @property
    def vote_counts(self) -> dict[str, int]:
        return {
            Position.AGREE: self.votes_agree or 0,
            Position.STAND_ASIDE: self.votes_stand_aside or 0,
            Position.OBJECT: self.votes_object or 0,
        }


class Participant(models.Model):
    """Someone who took part in an open decision (a partner of the community, or a member), and where
    they stood. The partner type is kept as it was on the day."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="participants")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType, blank=True)
    position = models.CharField(_("position"), max_length=12, choices=Position)
    reason = models.TextField(_("reason for objecting"), blank=True, max_length=2000)
    resolution = models.TextField(_("how the objection was resolved"), blank=True, max_length=2000)
    # Who wrote this position down: the person herself (from her phone), or a lead on her behalf
    # (positions given aloud in a meeting). None for decisions recorded after the fact.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(_("recorded on her behalf"), default=False)
    # The objector's own "this is resolved for me" (she may also write how).
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stated_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Moved on by each change of her position (under the decision's row lock), so a change started
    # from an older one (another window, an API client's If-Match) is refused. Not `Versioned`: a
    # position has no edit page of its own (she restates it on the proposal's page), and restating the
    # same position again changes nothing rather than moving the version on.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "partner"], name="one_row_per_decision_partner"),
            models.UniqueConstraint(fields=["decision", "user"], name="one_row_per_decision_user"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id or self.user_id}: {self.position}"

    @property
    def name(self) -> str:
        """Read from the partner or the person (so an erased partner's name goes with the erasure)."""
        if self.partner is not None:
            return self.partner.name
        return self.user.display_name if self.user is not None else ""

    @property
    def person_key(self) -> str:
        return f"p{self.partner_id}" if self.partner_id else f"u{self.user_id}"

    @property
    def is_objection(self) -> bool:
        return self.position in OBJECTING

    @property
    def is_resolved(self) -> bool:
        return bool(self.resolution.strip() or self.resolved_by_id)

    @property
    def is_unresolved_objection(self) -> bool:
        return self.is_objection and not self.is_resolved


class Asked(models.Model):
    """Someone asked to state a position on an open proposal: a partner of the community (with or
    without a sign-in; without one, a lead records what she says) or a member without a partner
    record. Exactly one of the two is set."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="asked")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "partner"], name="one_asked_row_per_partner"),
            models.UniqueConstraint(fields=["decision", "user"], name="one_asked_row_per_user"),
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) ^ models.Q(user__isnull=True),
                name="asked_is_partner_or_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.person_key}"

    @property
    def person_key(self) -> str:
        return f"p{self.partner_id}" if self.partner_id else f"u{self.user_id}"

    @property
    def name(self) -> str:
        if self.partner is not None:
            return self.partner.name
        return self.user.display_name if self.user is not None else ""


class HasVoted(models.Model):
    """That one person has cast her ballot in a secret vote — and nothing about how. Deliberately no
    timestamp, no history and no link to the counts: the ballot itself is only +1 on one of the
    decision's counts, so nothing stored can tie a person to a choice."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "user"], name="one_ballot_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} has voted on {self.decision_id}"


class Reply(models.Model):
    """An answer to an objection, in the open: everyone who can read the proposal reads the thread."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="replies")
    objection = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reply"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"reply to {self.objection_id}"


class DecisionAction(models.Model):
    """An action of the community's plan that the decision created or set going."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="action_rows")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "action"], name="one_row_per_decision_action")
        ]

    def __str__(self) -> str:
        return f"decision {self.decision_id} → action {self.action_id}"


# Meetings ------------------------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingRole(models.TextChoices):
    """The roles that rotate from meeting to meeting (add one here and the form and rotation follow)."""

    FACILITATOR = "facilitator", _("Facilitator")
    NOTE_TAKER = "note_taker", _("Note taker")
    TIMEKEEPER = "timekeeper", _("Timekeeper")
    PROCESS_OBSERVER = "process_observer", _("Process observer")


class PersonRef(models.Model):
    """Someone of the community: a partner (with or without a sign-in) or a member without a partner
    record. Exactly one of the two is set."""

    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def person_key(self) -> str:
        return f"p{self.partner_id}" if self.partner_id else f"u{self.user_id}"

    @property
    def name(self) -> str:
        if self.partner is not None:
            return self.partner.name
        return self.user.display_name if self.user is not None else ""


http_or_https = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with https://")
)


class Meeting(Versioned):
    """One meeting of a community's team: when and where, who comes, its agenda, roles and minutes."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True, validators=[http_or_https])
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=20000)
    # Prep with community leaders, before the meeting.
    prep_with = models.CharField(_("who prepared it"), max_length=300, blank=True)
    prep_on = models.DateField(_("prepared on"), null=True, blank=True)
    prep_agenda_agreed = models.BooleanField(_("agenda agreed with community leaders"), default=False)
    prep_accessibility = models.BooleanField(_("accessibility needs arranged"), default=False)
    prep_childcare = models.BooleanField(_("childcare arranged"), default=False)
    prep_interpretation = models.BooleanField(_("interpretation arranged"), default=False)
    prep_notes = models.TextField(_("prep notes"), blank=True, max_length=5000)
    # Debrief, after the meeting.
    debrief_worked = models.TextField(_("what worked"), blank=True, max_length=5000)
    debrief_change = models.TextField(_("what to change"), blank=True, max_length=5000)
    debrief_follow_ups = models.TextField(_("follow-ups"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["community", "starts_at"], name="meeting_community_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:meeting_detail", args=[self.community.organization.slug, self.community.slug, self.pk]
        )

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_prep(self) -> bool:
        return bool(
            self.prep_with
            or self.prep_on
            or self.prep_notes
            or self.prep_agenda_agreed
            or self.prep_accessibility
            or self.prep_childcare
            or self.prep_interpretation
        )

    @property
    def has_debrief(self) -> bool:
        return bool(self.debrief_worked or self.debrief_change or self.debrief_follow_ups)


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order, with who leads it and how long it gets."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("item"), max_length=300)
    owner_partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duration = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_key(self) -> str:
        if self.owner_partner_id:
            return f"p{self.owner_partner_id}"
        return f"u{self.owner_user_id}" if self.owner_user_id else ""

    @property
    def owner_name(self) -> str:
        if self.owner_partner is not None:
            return self.owner_partner.name
        return self.owner_user.display_name if self.owner_user is not None else ""


class Attendee(PersonRef):
    """Someone invited to a meeting; `attended` is whether they came (None: not recorded yet)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    # Recorded with the minutes; a community leader's claim for the meeting relies on it
    # (cocreate.compensation.events): she may claim unless she is recorded as absent.
    attended = models.BooleanField(_("came"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "partner"], name="one_attendee_row_per_partner"),
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendee_row_per_user"),
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) ^ models.Q(user__isnull=True),
                name="attendee_is_partner_or_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.person_key}"


class RoleAssignment(PersonRef):
    """Who holds one of the rotating roles in one meeting."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=MeetingRole)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="one_holder_per_meeting_role"),
            models.CheckConstraint(
                condition=models.Q(partner__isnull=True) ^ models.Q(user__isnull=True),
                name="role_holder_is_partner_or_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.role} {self.person_key}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret token in a community's calendar feed address (calendar apps cannot sign in).
    Staff regenerate it when it has gone too far: the old address stops working at once."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["token"])

    def __str__(self) -> str:
        return f"calendar feed of {self.community_id}"


def mask_open_tally(sender, history_instance, **kwargs) -> None:
    """History keeps no count of an open secret vote: a snapshot taken between two ballots (the lead
    moving the closing time, say) would show which way the ballots in between went. The counts enter
    the history once, when the vote closes. Connected to simple_history's pre_create_historical_record."""
    if history_instance.secret_vote and history_instance.status == DecisionStatus.OPEN:
        for position in BALLOT_POSITIONS:
            setattr(history_instance, f"votes_{position}", None)

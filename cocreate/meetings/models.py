"""How a community's team works together: its shared agreement (versioned, acknowledged by each member)
and the decisions it takes (proposal, method, who took part and where they stood, outcome).

A published agreement version never changes: editing works on a draft, and publishing the draft makes
it version N+1, which everyone acknowledges afresh (acknowledgements belong to a version).

A decision taken by secret vote keeps only the counts per position: no row names a voter, so no page,
export or history can link a person to a choice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.models import Community, Organization
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


class AgreementVersion(models.Model):
    """One version of a community's shared agreement: the draft (no number yet) or published version N."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveIntegerField(_("version"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("shared agreement version")
        verbose_name_plural = _("shared agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="one_agreement_version_number"),
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(number__isnull=True),
                name="one_agreement_draft_per_community",
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True, published_at__isnull=True)
                | models.Q(number__isnull=False, published_at__isnull=False),
                name="agreement_published_with_number",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.number}" if self.number else "draft"

    @property
    def is_draft(self) -> bool:
        return self.number is None

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


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    DEFERRED = "deferred", _("Deferred")


class Decision(models.Model):
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
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    rationale = models.TextField(_("rationale"), blank=True, max_length=5000)
    # A secret vote stores these three counts and no participant rows at all.
    secret_vote = models.BooleanField(_("secret vote"), default=False)
    votes_agree = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_stand_aside = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_object = models.PositiveSmallIntegerField(null=True, blank=True)
    plan_actions = models.ManyToManyField(
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
    def is_unresolved_objection(self) -> bool:
        return self.position == Position.OBJECT and not self.resolution.strip()


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

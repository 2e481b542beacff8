"""Community leaders: calls and applications, fair review, support over time, peer support networks.

The coproduction toolkit's infrastructure for leadership by people with lived experience (seed 004:
applications, training, mentors, recognition, peer support networks), as data:

* a `Call` for community leaders, with its own snapshot of the organization's questions
  (`CallQuestion`) and review rubric (`CallCriterion`), so editing the organization's lists never
  changes what an applicant answered or a reviewer scored;
* an `Application` submitted without an account on the call's public page; `Review` and `ReviewScore`
  by each assigned reviewer, alone first; the decision (accept, wait list, decline) with its message;
* a `Leader` — the partner an accepted application (or a team lead) made a community leader — with
  an onboarding checklist (`OnboardingCompletion` of orientation and the organization's
  `TrainingModule`s), a mentor and dated `CheckIn`s, and `Recognition`s;
* opt-in `PeerNetwork`s of leaders across the organization's communities, with members, meetings,
  shared resources and "what worked for us" posts.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization, Team
from cocreate.partners.models import Partner


def new_token() -> str:
    return secrets.token_urlsafe(18)


# The organization's own lists -------------------------------------------------------------------------


class LeaderSettings(models.Model):
    """How one organization runs its calls: how long declined and withdrawn applications are kept."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="leader_settings"
    )
    anonymise_after_days = models.PositiveIntegerField(
        _("anonymise declined and withdrawn applications after (days)"), default=180
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.organization_id}"


class ApplicationQuestion(models.Model):
    """One question of the organization's application form (the toolkit's set unless it wrote its own)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    active = models.BooleanField(_("asked in new calls"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class RubricCriterion(models.Model):
    """One criterion of the organization's review rubric; some name strengths beyond credentials."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("what to look for"), blank=True, max_length=2000)
    beyond_credentials = models.BooleanField(_("a strength beyond the usual credentials"), default=False)
    active = models.BooleanField(_("used in new calls"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class TrainingModule(models.Model):
    """One module of the shared-language training the organization asks new leaders to take."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("module"), max_length=200)
    description = models.TextField(_("what it covers"), blank=True, max_length=2000)
    active = models.BooleanField(_("on new leaders' checklists"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


# Calls and applications ------------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Call(Versioned):
    """A call for community leaders: for which community (or team), the role, what it asks and offers."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="leader_calls")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    title = models.CharField(_("role"), max_length=200)
    involves = models.TextField(_("what it involves"), max_length=5000)
    time_asked = models.CharField(_("time asked"), max_length=300)
    compensation = models.CharField(_("compensation offered"), max_length=300, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(_("status"), max_length=10, choices=CallStatus, default=CallStatus.DRAFT)
    name_blind = models.BooleanField(
        _("name-blind review"),
        default=False,
        help_text=_("Reviewers do not see names and contact details until the decision."),
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["-closes_on", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "closes_on"], name="call_org_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == CallStatus.OPEN and self.closes_on >= timezone.localdate()


class CallQuestion(models.Model):
    """A question as this call asks it (copied from the organization's list when the call was made)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class CallCriterion(models.Model):
    """A rubric criterion as this call's reviewers score it (copied when the call was made)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("criterion"), max_length=200)
    guidance = models.TextField(_("what to look for"), blank=True, max_length=2000)
    beyond_credentials = models.BooleanField(_("a strength beyond the usual credentials"), default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class CallReviewer(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewer_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="one_reviewer_row_per_call")]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.user_id}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Wait list")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AccessNeed(models.TextChoices):
    INTERPRETATION = "interpretation", _("Interpretation")
    CHILD_CARE = "child_care", _("Child care")
    TRANSPORT = "transport", _("Transport")


class HeardFrom(models.TextChoices):
    FRIEND = "friend", _("A friend or family member")
    SCHOOL = "school", _("A school, clinic or program")
    COMMUNITY_GROUP = "community_group", _("A community group or place of worship")
    SOCIAL_MEDIA = "social_media", _("Social media")
    TEAM_MEMBER = "team_member", _("Someone on the team")
    OTHER = "other", _("Somewhere else")


# Two-hour meeting times an applicant can choose (start-end, 24 h), mapped to a part of the day.
MEETING_TIMES = [
    ("08-10", _("8 to 10 in the morning")),
    ("10-12", _("10 in the morning to noon")),
    ("12-14", _("Noon to 2 in the afternoon")),
    ("14-16", _("2 to 4 in the afternoon")),
    ("16-18", _("4 to 6 in the afternoon")),
    ("18-20", _("6 to 8 in the evening")),
]


class Application(models.Model):
    """One person's application to a call, sent from its public page without an account."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    answers = models.JSONField(default=dict, blank=True)  # {str(CallQuestion.pk): text}
    available_days = models.JSONField(_("days that suit"), default=list, blank=True)  # partners.Weekday
    meeting_times = models.JSONField(_("two-hour meeting times that suit"), default=list, blank=True)
    access_needs = models.JSONField(_("access needs"), default=list, blank=True)  # AccessNeed
    access_notes = models.CharField(_("anything else we should arrange"), max_length=500, blank=True)
    heard_from = models.CharField(_("how you heard"), max_length=20, choices=HeardFrom, blank=True)
    heard_from_detail = models.CharField(_("where"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    decision_message = models.TextField(_("message to the applicant"), blank=True, max_length=5000)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["token", "name", "email", "phone", "address", "answers", "access_notes"]
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["call", "status"], name="application_call_status"),
            models.Index(fields=["organization", "status", "decided_at"], name="application_org_decided"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "email"],
                condition=~models.Q(status="withdrawn") & ~models.Q(email=""),
                name="one_live_application_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """One reviewer's scoring of one application, made alone; `submitted_at` once they are done."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.reviewer_id}"


class ReviewScore(models.Model):
    """A score of 1 (not yet seen) to 4 (a clear strength) on one criterion."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(CallCriterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="score_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class SubmissionAttempt(models.Model):
    """One submission seen from one address (hashed), kept a day: the per-address throttle."""

    address_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.address_hash[:8]


# Support over time -----------------------------------------------------------------------------------


class Leader(models.Model):
    """A partner who is one of the community's leaders with lived experience, and their support."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="leaders")
    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="leader")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_on = models.DateField(_("leader since"), default=timezone.localdate)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentor_since = models.DateField(_("mentor since"), null=True, blank=True)
    last_check_in_on = models.DateField(null=True, blank=True, editable=False)
    show_recognitions_publicly = models.BooleanField(
        _("show my recognitions on the community page"), default=False
    )
    ended_on = models.DateField(_("stepped down on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        indexes = [models.Index(fields=["community", "ended_on"], name="leader_community_active")]

    def __str__(self) -> str:
        return f"{self.partner_id}"


ORIENTATION = "orientation"


class OnboardingCompletion(models.Model):
    """One checklist item done: the orientation (module empty) or one training module."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(
        TrainingModule, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    completed_on = models.DateField(_("completed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "module"], name="one_completion_per_module"),
            models.UniqueConstraint(
                fields=["leader"], condition=models.Q(module__isnull=True), name="one_orientation_per_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader_id}: {self.module_id or ORIENTATION}"


class CheckIn(models.Model):
    """A mentor's dated check-in with a leader."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="check_ins")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField(_("date"))
    notes = models.TextField(_("what we talked about"), blank=True, max_length=5000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.leader_id}: {self.on}"


class Recognition(models.Model):
    """Something a leader achieved, recognised by the team."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="recognitions")
    title = models.CharField(_("what they achieved"), max_length=300)
    description = models.TextField(_("the story"), blank=True, max_length=5000)
    on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return self.title


# Peer support networks -------------------------------------------------------------------------------


class PeerNetwork(Versioned):
    """An opt-in network of community leaders across the organization's communities."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("what it is for"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    """A leader who joined a network (by their own choice)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(PeerNetwork, on_delete=models.CASCADE, related_name="members")
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="network_rows")
    joined_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "leader"], name="one_row_per_network_member")
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.leader_id}"


class PostKind(models.TextChoices):
    RESOURCE = "resource", _("Shared resource")
    WORKED = "worked", _("What worked for us")


class NetworkPost(models.Model):
    """A shared resource or a "what worked for us" story in a network."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(PeerNetwork, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, max_length=10000)
    link = models.URLField(_("link"), blank=True, max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class NetworkMeeting(models.Model):
    """A meeting of a peer network (across communities, so not one community's team meeting)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(PeerNetwork, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), blank=True, max_length=5000)
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="network_meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

"""Focus groups and listening sessions (seed 004): a small group of people heard at once, around a
short guide of questions written together, with consent asked before anything is noted, and the
themes heard turned into "you said, we did" items so the loop closes.

A session the intermediary runs counts as technical assistance (seed 001): once it is held, its
support event (cocreate.support) is logged from it, so it shows in the community's dosage.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization
from cocreate.partners.models import Partner, PartnerType
from cocreate.planning.models import FeedbackItem
from cocreate.support.models import Modality, SupportEvent

# A guide of five or six questions fits a session of an hour or two and leaves room to listen.
READY_MIN, READY_MAX = 5, 6


class Kind(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    LISTENING = "listening", _("Listening session")


class GroupStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Closed")


class Help(models.TextChoices):
    """What the team offers so that people can take part."""

    CHILD_CARE = "child_care", _("Child care")
    INTERPRETATION = "interpretation", _("Interpretation")
    TRANSPORT = "transport", _("Transport")
    FOOD = "food", _("Food")
    HONORARIUM = "honorarium", _("Payment for their time")


class QuestionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DROPPED = "dropped", _("Dropped")


class ConsentHow(models.TextChoices):
    SPOKEN = "spoken", _("Said so aloud")
    WRITTEN = "written", _("Signed a form")
    ONLINE = "online", _("Agreed online")


class FocusGroup(Versioned):
    """One focus group or listening session of a community."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="focus_groups")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.LISTENING)
    title = models.CharField(_("title"), max_length=200)
    goals = models.TextField(_("what we want to learn"), max_length=3000)
    hear_from = models.TextField(_("who we want to hear from"), max_length=2000, blank=True)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    modality = models.CharField(_("modality"), max_length=12, choices=Modality, default=Modality.IN_PERSON)
    language = models.CharField(
        _("language of the session"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    other_languages = models.CharField(_("other languages spoken"), max_length=200, blank=True)
    helps = models.JSONField(_("support for taking part"), default=list, blank=True)
    help_notes = models.TextField(_("more about the support offered"), max_length=1000, blank=True)
    facilitator_partner = models.ForeignKey(
        Partner,
        verbose_name=_("facilitator (a partner)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facilitator_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator (a team member)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    co_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run_by_intermediary = models.BooleanField(_("run by the intermediary"), default=False)
    guide_open = models.BooleanField(_("guide open for partners' questions"), default=False)
    support_event = models.OneToOneField(
        SupportEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="focus_group"
    )
    status = models.CharField(_("status"), max_length=8, choices=GroupStatus, default=GroupStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focus group or listening session")
        verbose_name_plural = _("focus groups and listening sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["community", "status", "held_on"])]

    def __str__(self) -> str:
        return self.title

    def help_labels(self) -> list[str]:
        labels = dict(Help.choices)
        return [str(labels[h]) for h in self.helps if h in labels]

    def url(self, name: str = "group") -> str:
        return reverse(f"listening:{name}", args=[self.organization.slug, self.community.slug, self.pk])


class GuideQuestion(Versioned):
    """A question of the guide: proposed by anyone on the team, accepted or dropped by staff; once the
    session is held, `notes` holds what was said in answer (two note-takers never overwrite each other:
    each save claims the version it started from)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("question"), max_length=1000)
    text_es = models.TextField(_("question in Spanish"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=QuestionStatus, default=QuestionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("what was said"), max_length=10000, blank=True)
    notes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def text_in(self, language: str) -> str:
        return self.text_es if language == "es" and self.text_es else self.text


class Participant(models.Model):
    """A partner invited to the session. Their type and lived experience are copied when invited, so
    who was heard stays true after a partner record changes. Consent to be noted is asked at the start
    and recorded with who recorded it and how; `attended` None means not known yet."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="participants")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType)
    lived_experience = models.BooleanField(_("lived experience"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    consent = models.BooleanField(_("agreed to be noted"), null=True, blank=True)
    consent_how = models.CharField(_("how they agreed"), max_length=8, choices=ConsentHow, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "partner"], name="listening_participant_once")
        ]

    def __str__(self) -> str:
        return str(self.partner_id)

    @property
    def settled(self) -> bool:
        """Notes may start once each invited person is either known absent or has given an answer."""
        return self.attended is False or (self.attended is True and self.consent is not None)


class Theme(models.Model):
    """Something heard across the session, in the team's words; it can become one "you said, we did"
    item (anonymous: it is what a group said), once."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(FocusGroup, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=200)
    summary = models.TextField(_("what we heard"), max_length=4000)
    question = models.ForeignKey(
        GuideQuestion,
        verbose_name=_("question it answers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    feedback = models.OneToOneField(
        FeedbackItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="listening_theme"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

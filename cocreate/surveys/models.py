"""Surveys: a builder, anonymous or personal links, answers, results under the small-group rule, themes.

The toolkit asks teams to listen (seed 004's surveys: set the goals, choose the audience, write the
questions, pre-test them) and to close the loop. Here:

* a `Survey` belongs to a community, or to the organization when it goes to several communities; it
  is drafted, pre-tested (answers marked and left out of the results), opened and closed (by hand or
  on its close date), with reminders to those invited who have not answered;
* its `Question`s — single or multiple choice, scale, number, free text; required or not — each in
  English and Spanish (`text`, `text_es`; choices as `[{key, en, es}]`);
* an anonymous survey has one public link (`token`) and keeps nothing that ties a response to a
  person: no invitation, no partner, no time of day (`submitted_on` is a date). A personal survey
  sends one link per invited person (`Invitation`), and a response knows its invitation;
* a `Response` is one person's answers (`Answer`: the choices' keys, a number or a text);
* results are shown only through `cocreate.assessments.disclosure` (no figure from fewer than three
  answers; nothing while the survey collects answers) — see `results.py`;
* a `Theme` groups free-text answers (`AnswerTheme`), as the team assigns them; `SurveyFeedback` links
  an answer or a theme to the "you said, we did" item it became.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization


def new_token() -> str:
    return secrets.token_urlsafe(18)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PRETEST = "pretest", _("Pre-test")  # answers are marked and left out of the results
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(Versioned):
    """A survey of one community, or of the organization (across its communities when `community` is
    empty)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True, max_length=4000)
    intro_es = models.TextField(_("introduction in Spanish"), blank=True, max_length=4000)
    goals = models.TextField(_("what we want to learn"), blank=True, max_length=4000)
    audience = models.CharField(_("who we want to hear from"), blank=True, max_length=500)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("One link for everyone; nothing ties an answer to a person."),
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus, default=SurveyStatus.DRAFT)
    closes_on = models.DateField(_("close date"), null=True, blank=True)
    remind_every_days = models.PositiveSmallIntegerField(
        _("remind those who have not answered every (days)"), null=True, blank=True
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "community", "status"])]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


class Question(models.Model):
    """One question of a survey, in English and Spanish."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=24, default=new_token, editable=False)  # stable in exports
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind)
    text = models.CharField(_("question"), max_length=500)
    text_es = models.CharField(_("question in Spanish"), max_length=500, blank=True)
    help = models.CharField(_("help"), max_length=500, blank=True)
    help_es = models.CharField(_("help in Spanish"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)  # [{key, en, es}]
    scale_min = models.SmallIntegerField(_("lowest"), default=1)
    scale_max = models.SmallIntegerField(_("highest"), default=5)
    low_label = models.CharField(_("lowest means"), max_length=100, blank=True)
    low_label_es = models.CharField(_("lowest means (Spanish)"), max_length=100, blank=True)
    high_label = models.CharField(_("highest means"), max_length=100, blank=True)
    high_label_es = models.CharField(_("highest means (Spanish)"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """One person's link to a personal survey (or a note that the anonymous link was sent to them)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=8, default="en")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(default=0)
    answered = models.BooleanField(default=False)  # personal surveys only: an anonymous one never knows

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "partner"],
                condition=models.Q(partner__isnull=False),
                name="one_invite_per_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Response(models.Model):
    """One person's answers. Anonymous: no invitation, no person, only the date."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # the community answered for (an organization's survey asks which)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    language = models.CharField(max_length=8, default="en")
    partner_type = models.CharField(max_length=20, blank=True)  # PartnerType: from her record, or as she said
    pretest = models.BooleanField(default=False)
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["survey", "pretest", "community"])]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Answer(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # keys of the chosen choices
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)  # scale, number
    text = models.TextField(blank=True, max_length=4000)

    class Meta:
        indexes = [models.Index(fields=["question", "response"])]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_survey_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class Theme(Versioned):
    """A theme the team gives to free-text answers (of one question, or of the whole survey); its name
    and summary are edited with a version check (two analysts never overwrite each other)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("theme"), max_length=200)
    summary = models.TextField(_("what people said"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    answers: models.ManyToManyField[Answer, AnswerTheme] = models.ManyToManyField(
        Answer, through="AnswerTheme", blank=True, related_name="themes"
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "question", "name"], name="one_theme_name")]

    def __str__(self) -> str:
        return self.name


class AnswerTheme(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE)
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["theme", "answer"], name="one_answer_theme")]

    def __str__(self) -> str:
        return f"{self.theme_id}:{self.answer_id}"


class SurveyFeedback(models.Model):
    """A "you said, we did" item made from a survey's answer or theme (one item per answer or theme)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="feedback_links")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    feedback = models.OneToOneField(
        "planning.FeedbackItem", on_delete=models.CASCADE, related_name="survey_link"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["theme"], condition=models.Q(theme__isnull=False), name="one_item_per_theme"
            ),
            models.UniqueConstraint(
                fields=["answer"], condition=models.Q(answer__isnull=False), name="one_item_per_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.feedback_id}"

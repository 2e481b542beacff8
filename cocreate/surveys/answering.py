"""Answering a survey, without an account: the form a respondent fills in and the one write that
stores her answers (all of them, or nothing).

An anonymous response keeps nothing that ties it to a person: no invitation, no partner, no address,
no time of day (`submitted_on` is a date). The address is used only, hashed, to throttle abuse
(`cocreate.lib.public_forms`), and the token is never logged.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.errors import WriteError
from cocreate.core.models import Community
from cocreate.lib.public_forms import HONEYPOT, Throttle
from cocreate.partners.models import Partner, PartnerType

from .models import Answer, Invitation, Question, QuestionKind, Response, Survey, SurveyStatus

MANY_COMMUNITIES = 40  # above this, an organization's survey asks for the community by name

# "Which describes you best", in plain words (the respondent's, not the program's).
DESCRIBE_CHOICES = [
    (PartnerType.COMMUNITY.value, gettext_lazy("A parent, family member, young person or neighbour")),
    (PartnerType.AGENCY.value, gettext_lazy("I work for an agency that provides services")),
    (PartnerType.FUNDER.value, gettext_lazy("I fund services or make policy")),
    (PartnerType.INTERMEDIARY.value, gettext_lazy("I work for an organization that supports the programs")),
    (PartnerType.RESEARCH.value, gettext_lazy("I do research or evaluation")),
]


def throttle() -> Throttle:
    return Throttle("surveys.answer", int(getattr(settings, "SURVEY_SUBMISSIONS_PER_HOUR", 60)))


def in_language(obj: Any, field: str, language: str) -> str:
    """The Spanish of a text for Spanish readers when there is one, else the English."""
    if language == "es":
        spanish = getattr(obj, f"{field}_es", "")
        if spanish:
            return spanish
    return getattr(obj, field)


def choice_text(choice: dict, language: str) -> str:
    return (choice.get("es") if language == "es" else "") or choice.get("en", "")


def field_name(question: Question) -> str:
    return f"q_{question.pk}"


def _field(question: Question, language: str) -> forms.Field:
    label = in_language(question, "text", language)
    help_text = in_language(question, "help", language)
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": question.required}
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(
            choices=[(c["key"], choice_text(c, language)) for c in question.choices],
            widget=forms.RadioSelect,
            **common,
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c["key"], choice_text(c, language)) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if question.kind == QuestionKind.SCALE:
        low = in_language(question, "low_label", language)
        high = in_language(question, "high_label", language)
        points = list(range(question.scale_min, question.scale_max + 1))
        choices = []
        for point in points:
            words = low if point == points[0] else high if point == points[-1] else ""
            choices.append((str(point), f"{point} – {words}" if words else str(point)))
        return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class AnswerForm(forms.Form):
    """One survey's questions in the respondent's language; plus, when nobody knows them yet, which
    describes her best (optional) and, for an organization's survey, which community."""

    def __init__(
        self,
        data=None,
        *,
        survey: Survey,
        questions: list[Question],
        language: str,
        ask_type: bool,
        communities: list[Community] | None = None,
        auto_id: str = "id_%s",
    ):
        super().__init__(data, auto_id=auto_id)
        self.survey, self.questions, self.language = survey, questions, language
        self.many_communities = False
        if communities is not None:
            self.communities = {str(c.pk): c for c in communities}
            self.by_name = {c.name.casefold(): c for c in communities}
            if len(communities) > MANY_COMMUNITIES:
                self.many_communities = True
                self.fields["community"] = forms.CharField(
                    label=_("Which community are you answering about?"),
                    help_text=_("Start typing its name."),
                    widget=forms.TextInput(attrs={"list": "survey-communities", "autocomplete": "off"}),
                )
            else:
                self.fields["community"] = forms.ChoiceField(
                    label=_("Which community are you answering about?"),
                    choices=[("", "—"), *[(str(c.pk), c.name) for c in communities]],
                )
        if ask_type:
            self.fields["describe"] = forms.ChoiceField(
                label=_("Which describes you best?"),
                help_text=_("Optional. It helps us see whether every group was heard."),
                choices=DESCRIBE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )
        for question in questions:
            self.fields[field_name(question)] = _field(question, language)
        self.fields[HONEYPOT] = forms.CharField(
            required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        )
        self.required_error = _("Please answer this question.")
        for f in self.fields.values():
            f.error_messages["required"] = self.required_error

    def question_fields(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[field_name(q)]) for q in self.questions]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean_community(self) -> Community:
        value = self.cleaned_data["community"]
        found = self.by_name.get(value.strip().casefold()) if self.many_communities else None
        found = found or self.communities.get(str(value))
        if found is None:
            raise forms.ValidationError(_("Choose a community from the list."))
        return found

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}


def _answer_row(survey: Survey, response: Response, question: Question, value: Any) -> Answer | None:
    if value in (None, "", [], ()):
        return None
    row = Answer(organization_id=survey.organization_id, survey=survey, response=response, question=question)
    if question.kind == QuestionKind.SINGLE:
        row.choices = [value]
    elif question.kind == QuestionKind.MULTIPLE:
        row.choices = list(value)
    elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        row.number = Decimal(value)
    else:
        row.text = str(value).strip()
        if not row.text:
            return None
    return row


def _check(questions: list[Question], answers: dict[int, Any]) -> None:
    errors: dict[str, str] = {}
    for q in questions:
        value = answers.get(q.pk)
        if q.required and value in (None, "", [], ()):
            errors[field_name(q)] = _("Please answer this question.")
        keys = {c["key"] for c in q.choices or []}
        if q.kind == QuestionKind.SINGLE and value not in (None, "") and value not in keys:
            errors[field_name(q)] = _("Choose one of the answers shown.")
        if q.kind == QuestionKind.MULTIPLE and value and not set(value) <= keys:
            errors[field_name(q)] = _("Choose from the answers shown.")
        if q.kind == QuestionKind.SCALE and value not in (None, ""):
            if not q.scale_min <= int(str(value)) <= q.scale_max:
                errors[field_name(q)] = _("Choose a point on the scale.")
    if errors:
        raise WriteError(errors)


@transaction.atomic
def do_submit_response(
    survey: Survey,
    *,
    answers: dict[int, Any],
    language: str,
    partner_type: str = "",
    community: Community | None = None,
    invitation: Invitation | None = None,
) -> Response:
    """Store one person's answers, all or nothing. `invitation` only for a personal survey's link:
    answered once. Pre-test answers are marked (and left out of the results)."""
    survey = Survey.objects.select_related("organization").get(pk=survey.pk)
    if survey.status not in (SurveyStatus.PRETEST, SurveyStatus.OPEN):
        raise WriteError(_("This survey is not taking answers."))
    if survey.status == SurveyStatus.OPEN and survey.closes_on and survey.closes_on < timezone.localdate():
        raise WriteError(_("This survey is not taking answers."))
    if invitation is not None:
        if survey.anonymous:
            invitation = None  # an anonymous survey never ties a response to a person
        else:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.answered:
                raise WriteError(_("You already answered this survey. Thank you!"))
    if survey.community_id is not None:
        community_id = survey.community_id
    elif community is not None and community.organization_id == survey.organization_id:
        community_id = community.pk
    else:
        raise WriteError({"community": _("Choose a community from the list.")})
    if partner_type not in PartnerType.values:
        partner_type = ""
    questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
    _check(questions, answers)
    response = Response.objects.create(
        organization_id=survey.organization_id,
        community_id=community_id,
        survey=survey,
        invitation=invitation,
        language=language if language in dict(settings.LANGUAGES) else "en",
        partner_type=partner_type,
        pretest=survey.status == SurveyStatus.PRETEST,
        submitted_on=timezone.localdate(),
    )
    rows = [_answer_row(survey, response, q, answers.get(q.pk)) for q in questions]
    Answer.objects.bulk_create([r for r in rows if r is not None])
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(answered=True)
    return response


def known_partner_type(survey: Survey, user, invitation: Invitation | None) -> str:
    """Her partner type from her record (a personal invitation, or a signed-in partner), else ""."""
    if invitation is not None and invitation.partner_id:
        return (
            Partner.objects.filter(pk=invitation.partner_id).values_list("partner_type", flat=True).first()
            or ""
        )
    if user is not None and user.is_authenticated:
        qs = Partner.objects.filter(user=user, organization_id=survey.organization_id, erased_at__isnull=True)
        if survey.community_id:
            qs = qs.filter(community_id=survey.community_id)
        return qs.values_list("partner_type", flat=True).first() or ""
    return ""

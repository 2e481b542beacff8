"""Writing a survey: its settings, its questions, and its states (draft → pre-test → open → closed).

Rules the builder keeps:

* **Spanish.** When the organization writes for partners in Spanish (`"es"` in its languages), a
  survey cannot start its pre-test or open until every text a respondent reads has its Spanish: the
  title, the introduction (when there is one), each question and its help, each choice, and the words
  at both ends of a scale. A draft may leave them empty while the team writes. The refusal names each
  text that still needs it.
* **Questions are fixed once real answers exist.** Pre-test answers do not count (they are there to
  find the questions that need changing); once one non-pre-test answer is stored, changing a question
  would mix answers to two different questions in the results, so the builder refuses.
* **States.** draft → pretest → open → closed, or draft → open. A closed survey reopens only while no
  "you said, we did" item was made from its answers: once the team reported back on what people said,
  new answers would change results the community was already told about.
  Every state change locks the row first, so a burst of identical requests makes one change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Organization

from .models import Question, QuestionKind, Response, Survey, SurveyFeedback, SurveyStatus, new_token

SURVEY_FIELDS = (
    "title",
    "title_es",
    "intro",
    "intro_es",
    "goals",
    "audience",
    "anonymous",
    "closes_on",
    "remind_every_days",
)
CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
MAX_CHOICES = 30
MAX_SCALE_POINTS = 11


def wants_spanish(organization: Organization) -> bool:
    return "es" in (organization.languages or [])


def has_real_answers(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey, pretest=False).exists()


def _check_dates(closes_on: date | None) -> None:
    if closes_on is not None and closes_on < timezone.localdate():
        raise WriteError({"closes_on": _("Choose a close date from today on.")})


@transaction.atomic
def do_create_survey(
    organization: Organization, *, acting_user, community: Community | None, **fields
) -> Survey:
    """A new draft survey of one community, or of the organization when `community` is None."""
    if community is not None and community.organization_id != organization.pk:
        raise WriteError({"community": _("Choose one of the organization's communities.")})
    _check_dates(fields.get("closes_on"))
    survey = Survey(organization=organization, community=community, created_by=acting_user)
    for name in SURVEY_FIELDS:
        if name in fields:
            setattr(survey, name, fields[name])
    survey._history_user = acting_user  # type: ignore[attr-defined]
    survey.save()
    return survey


@transaction.atomic
def do_update_survey(survey: Survey, *, acting_user, version: int | None, **fields) -> Survey:
    """Edit a survey's settings (the version the editor started from; a stale edit is refused)."""
    claim_edit(survey, version)
    if "anonymous" in fields and fields["anonymous"] != survey.anonymous:
        if survey.status != SurveyStatus.DRAFT:
            raise WriteError(
                {"anonymous": _("Anonymous or personal links are chosen before the survey is sent.")}
            )
    if "closes_on" in fields and fields["closes_on"] != survey.closes_on:
        _check_dates(fields["closes_on"])
    for name in SURVEY_FIELDS:
        if name in fields:
            setattr(survey, name, fields[name])
    survey.updated_at = timezone.now()
    survey._history_user = acting_user  # type: ignore[attr-defined]
    survey.save()
    return survey


# Questions -------------------------------------------------------------------------------------------


@dataclass
class QuestionDetails:
    kind: str
    text: str
    text_es: str = ""
    help: str = ""
    help_es: str = ""
    required: bool = False
    choices: list[dict] | None = None  # [{"key"?, "en", "es"}]
    scale_min: int = 1
    scale_max: int = 5
    low_label: str = ""
    low_label_es: str = ""
    high_label: str = ""
    high_label_es: str = ""


def _refuse_if_fixed(survey: Survey) -> None:
    if survey.status == SurveyStatus.CLOSED:
        raise WriteError(_("This survey is closed: its questions can no longer change."))
    if has_real_answers(survey):
        raise WriteError(
            _(
                "People have already answered this survey, so its questions can no longer change: "
                "the results would mix answers to two different questions. Make a new survey to ask "
                "something else."
            )
        )


def _clean_choices(details: QuestionDetails, old: list[dict]) -> list[dict]:
    if details.kind not in CHOICE_KINDS:
        return []
    keys = {c.get("key") for c in old}
    cleaned = []
    for choice in details.choices or []:
        en, es = (choice.get("en") or "").strip(), (choice.get("es") or "").strip()
        if not en and not es:
            continue
        if not en:
            raise WriteError({"choices": _("Each choice needs its English text.")})
        key = choice.get("key") if choice.get("key") in keys else new_token()[:10]
        cleaned.append({"key": key, "en": en[:200], "es": es[:200]})
    if len(cleaned) < 2:
        raise WriteError({"choices": _("Give at least two choices.")})
    if len(cleaned) > MAX_CHOICES:
        raise WriteError({"choices": _("Give at most %(n)s choices.") % {"n": MAX_CHOICES}})
    if len({str(c["en"]).casefold() for c in cleaned}) < len(cleaned):
        raise WriteError({"choices": _("Two choices say the same thing: make each one different.")})
    return cleaned


def _apply(question: Question, details: QuestionDetails) -> None:
    if details.kind not in QuestionKind.values:
        raise WriteError({"kind": _("Choose a kind of question.")})
    if not details.text.strip():
        raise WriteError({"text": _("Write the question.")})
    question.choices = _clean_choices(details, question.choices or [])
    if details.kind == QuestionKind.SCALE:
        if details.scale_min >= details.scale_max:
            raise WriteError({"scale_max": _("The highest point must be above the lowest.")})
        if details.scale_max - details.scale_min + 1 > MAX_SCALE_POINTS:
            raise WriteError({"scale_max": _("A scale has at most 11 points.")})
    for name in (
        "kind",
        "text",
        "text_es",
        "help",
        "help_es",
        "required",
        "scale_min",
        "scale_max",
        "low_label",
        "low_label_es",
        "high_label",
        "high_label_es",
    ):
        value = getattr(details, name)
        setattr(question, name, value.strip() if isinstance(value, str) else value)
    if details.kind != QuestionKind.SCALE:
        question.low_label = question.low_label_es = question.high_label = question.high_label_es = ""


@transaction.atomic
def do_add_question(survey: Survey, *, acting_user, details: QuestionDetails) -> Question:
    survey = lock(survey)
    _refuse_if_fixed(survey)
    last = Question.objects.filter(survey=survey).aggregate(m=Max("position"))["m"]
    question = Question(organization_id=survey.organization_id, survey=survey, position=(last or 0) + 1)
    _apply(question, details)
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


@transaction.atomic
def do_edit_question(question: Question, *, acting_user, details: QuestionDetails) -> Question:
    lock(question.survey)
    _refuse_if_fixed(question.survey)
    _apply(question, details)
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


@transaction.atomic
def do_delete_question(question: Question, *, acting_user) -> None:
    lock(question.survey)
    _refuse_if_fixed(question.survey)
    Question.objects.filter(survey=question.survey, position__gt=question.position).update(
        position=F("position") - 1
    )
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.delete()


@transaction.atomic
def do_move_question(question: Question, *, acting_user, up: bool) -> None:
    """Swap the question with the one above (or below); the first stays first."""
    lock(question.survey)
    _refuse_if_fixed(question.survey)
    rows = list(Question.objects.filter(survey_id=question.survey_id).order_by("position", "pk"))
    index = next(i for i, q in enumerate(rows) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            Question.objects.filter(pk=row.pk).update(position=position)


# States -------------------------------------------------------------------------------------------------


def missing_spanish(survey: Survey, questions: list[Question]) -> list[str]:
    """The texts a respondent reads that have no Spanish yet, named for the team."""
    missing = []
    if survey.title and not survey.title_es:
        missing.append(_("the title"))
    if survey.intro and not survey.intro_es:
        missing.append(_("the introduction"))
    for number, q in enumerate(questions, start=1):
        parts = []
        if not q.text_es:
            parts.append(_("its text"))
        if q.help and not q.help_es:
            parts.append(_("its help"))
        if any(not c.get("es") for c in q.choices or []):
            parts.append(_("its choices"))
        if (q.low_label and not q.low_label_es) or (q.high_label and not q.high_label_es):
            parts.append(_("the words at the ends of its scale"))
        if parts:
            missing.append(_("question %(n)s (%(parts)s)") % {"n": number, "parts": ", ".join(parts)})
    return missing


def _ready_to_ask(survey: Survey) -> None:
    questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
    if not questions:
        raise WriteError(_("Add at least one question first."))
    if wants_spanish(survey.organization):
        missing = missing_spanish(survey, questions)
        if missing:
            raise WriteError(
                _(
                    "This survey is meant for Spanish speakers too: write the Spanish of %(missing)s "
                    "before anyone answers it."
                )
                % {"missing": "; ".join(missing)}
            )


def _state(survey: Survey, acting_user, status: str, **stamps) -> Survey:
    survey.status = status
    for name, value in stamps.items():
        setattr(survey, name, value)
    survey.updated_at = timezone.now()
    survey._history_user = acting_user  # type: ignore[attr-defined]
    survey.save(update_fields=["status", "updated_at", *stamps])
    return survey


@transaction.atomic
def do_start_pretest(survey: Survey, *, acting_user) -> Survey:
    """Draft → pre-test: the same link works, with a banner; answers are marked and left out."""
    survey = lock(survey)
    if survey.status == SurveyStatus.PRETEST:
        return survey
    if survey.status != SurveyStatus.DRAFT:
        raise WriteError(_("Only a draft can be pre-tested."))
    _ready_to_ask(survey)
    return _state(survey, acting_user, SurveyStatus.PRETEST)


@transaction.atomic
def do_back_to_draft(survey: Survey, *, acting_user) -> Survey:
    """Pre-test → draft, to change the questions the pre-test showed were unclear."""
    survey = lock(survey)
    if survey.status == SurveyStatus.DRAFT:
        return survey
    if survey.status != SurveyStatus.PRETEST:
        raise WriteError(_("Only a survey in its pre-test goes back to draft."))
    return _state(survey, acting_user, SurveyStatus.DRAFT)


@transaction.atomic
def do_open_survey(survey: Survey, *, acting_user) -> Survey:
    """Draft or pre-test → open. Pre-test answers stay marked (the team may delete them)."""
    survey = lock(survey)
    if survey.status == SurveyStatus.OPEN:
        return survey
    if survey.status == SurveyStatus.CLOSED:
        raise WriteError(_("This survey is closed: reopen it instead."))
    if survey.closes_on is not None and survey.closes_on < timezone.localdate():
        raise WriteError({"closes_on": _("The close date has passed: choose a later one first.")})
    _ready_to_ask(survey)
    return _state(survey, acting_user, SurveyStatus.OPEN, opened_at=survey.opened_at or timezone.now())


@transaction.atomic
def do_close_survey(survey: Survey, *, acting_user) -> Survey:
    survey = lock(survey)
    if survey.status == SurveyStatus.CLOSED:
        return survey
    if survey.status != SurveyStatus.OPEN:
        raise WriteError(_("Only an open survey can be closed."))
    return _state(survey, acting_user, SurveyStatus.CLOSED, closed_at=timezone.now())


def results_shared(survey: Survey) -> bool:
    return SurveyFeedback.objects.filter(survey=survey).exists()


@transaction.atomic
def do_reopen_survey(survey: Survey, *, acting_user, closes_on: date | None = None) -> Survey:
    """Closed → open again, while nothing was reported back from its answers (see the module)."""
    survey = lock(survey)
    if survey.status == SurveyStatus.OPEN:
        return survey
    if survey.status != SurveyStatus.CLOSED:
        raise WriteError(_("Only a closed survey can be reopened."))
    if results_shared(survey):
        raise WriteError(
            _(
                "The team has already reported back on these answers (“you said, we did”), so the "
                "survey stays closed: make a new one to ask again."
            )
        )
    if closes_on is not None:
        _check_dates(closes_on)
        survey.closes_on = closes_on
    elif survey.closes_on is not None and survey.closes_on < timezone.localdate():
        survey.closes_on = None
    return _state(survey, acting_user, SurveyStatus.OPEN, closed_at=None, closes_on=survey.closes_on)


@transaction.atomic
def do_delete_pretest_answers(survey: Survey, *, acting_user) -> int:
    """Delete the answers given during the pre-test (they never count in the results anyway)."""
    survey = lock(survey)
    rows = Response.objects.filter(survey=survey, pretest=True)
    count = rows.count()
    rows.delete()
    return count


def close_due_surveys(organization: Organization | None = None, today: date | None = None) -> int:
    """Close the open surveys whose close date has passed (the command, and each visit). One query
    when none is due."""
    today = today or timezone.localdate()
    qs = Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=today)
    if organization is not None:
        qs = qs.filter(organization=organization)
    closed = 0
    for survey in qs.only("pk"):
        if do_close_survey(survey, acting_user=None).closed_at:
            closed += 1
    return closed


def close_if_due(survey: Survey) -> Survey:
    """On a visit to one survey: close it when its date has passed."""
    if (
        survey.status == SurveyStatus.OPEN
        and survey.closes_on is not None
        and survey.closes_on < timezone.localdate()
    ):
        closed = do_close_survey(survey, acting_user=None)
        survey.status, survey.closed_at = closed.status, closed.closed_at
    return survey

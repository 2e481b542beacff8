"""The organization's application questions: the default set, and the writes of the settings page.

An organization that has written none yet gets the toolkit's sample questions (seed 004,
*Applications*), in our own words, stored in the organization's first language at the time they are
made: from then on they are its own text, to edit like any other. A call copies the active ones when it
is made (`calls.do_create_call`), so editing this list never changes what an applicant answered.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cocreate.core.errors import WriteError
from cocreate.core.models import Organization

from .models import ApplicationQuestion

# (question, help, required) — translated into the organization's language when they are stored.
DEFAULT_QUESTIONS: list[tuple[str, str, bool]] = [
    (
        gettext_noop("Tell us about a time you led something, paid or unpaid."),
        gettext_noop(
            "At home, at school, at work, in your faith community or your neighbourhood: it all counts."
        ),
        True,
    ),
    (
        gettext_noop("Describe something you saw get better, or that you helped make better."),
        gettext_noop("What changed, and what was your part in it?"),
        False,
    ),
    (
        gettext_noop("Tell us about a time you noticed a chance to improve how something worked."),
        gettext_noop("What did you notice, and what did you do about it?"),
        False,
    ),
    (
        gettext_noop("What makes you want to join this work?"),
        "",
        True,
    ),
    (
        gettext_noop("Tell us about a time you solved a problem together with other people."),
        gettext_noop("Who was involved, and how did you work it out?"),
        False,
    ),
    (
        gettext_noop(
            "Is there anything that could make it hard for you to take part, that we should sort out first?"
        ),
        gettext_noop("For example times, child care, transport, language or technology."),
        False,
    ),
]


def ensure_default_questions(organization: Organization) -> bool:
    """Give an organization that has no questions yet the default set, in its first language.
    True when it made them."""
    with transaction.atomic():
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if ApplicationQuestion.objects.filter(organization=organization).exists():
            return False
        language = (organization.languages or ["en"])[0]
        with translation.override(language):
            ApplicationQuestion.objects.bulk_create(
                ApplicationQuestion(
                    organization=organization,
                    position=index,
                    text=_(text),
                    help_text=_(help_text) if help_text else "",
                    required=required,
                )
                for index, (text, help_text, required) in enumerate(DEFAULT_QUESTIONS, start=1)
            )
    return True


def shown(text: str) -> str:
    """A question (or its help) in the reader's language when it is one of the default set as it was
    stored in English, else as the organization wrote it."""
    return _(text) if text in _DEFAULT_TEXTS else text


_DEFAULT_TEXTS = {t for q in DEFAULT_QUESTIONS for t in q[:2] if t}


def questions_of(organization: Organization):
    return ApplicationQuestion.objects.filter(organization=organization).order_by("position", "pk")


def _clean(text: str, help_text: str) -> tuple[str, str]:
    text, help_text = (text or "").strip(), (help_text or "").strip()
    if not text:
        raise WriteError({"text": _("Write the question.")})
    return text, help_text


@transaction.atomic
def do_add_question(
    organization: Organization, *, acting_user, text: str, help_text: str = "", required: bool = False
) -> ApplicationQuestion:
    """Add a question at the end of the organization's list (asked in calls made from now on)."""
    text, help_text = _clean(text, help_text)
    last = questions_of(organization).aggregate(last=Max("position"))["last"] or 0
    question = ApplicationQuestion(
        organization=organization, position=last + 1, text=text, help_text=help_text, required=required
    )
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


@transaction.atomic
def do_edit_question(
    question: ApplicationQuestion,
    *,
    acting_user,
    text: str,
    help_text: str = "",
    required: bool = False,
    active: bool = True,
) -> ApplicationQuestion:
    """Change a question's wording, whether it must be answered, or whether new calls ask it. Calls
    made before keep the question as it was."""
    question.text, question.help_text = _clean(text, help_text)
    question.required, question.active = required, active
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


@transaction.atomic
def do_move_question(question: ApplicationQuestion, *, acting_user, up: bool) -> ApplicationQuestion:
    """Swap a question with the one before (up) or after it; the list is renumbered 1, 2, 3 …"""
    rows = list(questions_of(question.organization).select_for_update())
    index = next(i for i, row in enumerate(rows) if row.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row._history_user = acting_user
            row.save(update_fields=["position"])
    return next(row for row in rows if row.pk == question.pk)

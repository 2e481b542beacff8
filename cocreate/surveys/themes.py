"""Themes of a survey's free-text answers: the team names them, says in a line what people said, and
gives answers to them. Only people who may analyse the survey (staff, evaluators) write here; what the
community sees of a theme (its name, summary and count) goes through `results.themes_of`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError

from .models import Answer, AnswerTheme, Question, QuestionKind, Survey, Theme


def _check_name(survey: Survey, question: Question | None, name: str, *, keep: Theme | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise WriteError({"name": _("Give the theme a name.")})
    taken = Theme.objects.filter(survey=survey, question=question, name__iexact=name)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise WriteError({"name": _("This question already has a theme with that name.")})
    return name


@transaction.atomic
def do_create_theme(
    survey: Survey, *, acting_user: User | None, question: Question | None, name: str, summary: str = ""
) -> Theme:
    """A new theme for a question's written answers (or for the whole survey, without a question)."""
    if question is not None and (question.survey_id != survey.pk or question.kind != QuestionKind.TEXT):
        raise WriteError({"question": _("Choose a free-text question of this survey.")})
    name = _check_name(survey, question, name)
    try:
        with transaction.atomic():
            return Theme.objects.create(
                organization_id=survey.organization_id,
                survey=survey,
                question=question,
                name=name,
                summary=(summary or "").strip(),
                created_by=acting_user,
            )
    except IntegrityError as error:  # the same name saved at the same moment by someone else
        raise WriteError({"name": _("This question already has a theme with that name.")}) from error


@transaction.atomic
def do_update_theme(
    theme: Theme, *, acting_user: User | None, name: str, summary: str = "", version: int | None = None
) -> Theme:
    """Rename a theme and change what it says people said. An edit started from an older `version`
    raises StaleEdit (nothing saved)."""
    name = _check_name(theme.survey, theme.question, name, keep=theme)
    claim_edit(theme, version)
    theme.name = name
    theme.summary = (summary or "").strip()
    theme.save(update_fields=["name", "summary"])
    return theme


@transaction.atomic
def do_delete_theme(theme: Theme, *, acting_user: User | None) -> None:
    """Delete a theme; its answers stay, without it. A theme that became a "you said, we did" item
    goes with its link; the item itself stays on the community's page."""
    theme.delete()


@transaction.atomic
def do_assign_theme(
    theme: Theme, *, acting_user: User | None, add: Iterable[Answer] = (), remove: Iterable[Answer] = ()
) -> int:
    """Give answers to a theme (and take others off it). Returns how many answers it has now."""
    add, remove = list(add), list(remove)
    if any(
        a.survey_id != theme.survey_id or (theme.question_id and a.question_id != theme.question_id)
        for a in add
    ):
        raise WriteError({"answers": _("Choose answers to this theme's question.")})
    AnswerTheme.objects.filter(theme=theme, answer__in=remove).delete()
    have = set(AnswerTheme.objects.filter(theme=theme).values_list("answer_id", flat=True))
    AnswerTheme.objects.bulk_create(
        [
            AnswerTheme(organization_id=theme.organization_id, theme=theme, answer=a)
            for a in {a.pk: a for a in add if a.pk not in have}.values()
        ],
        ignore_conflicts=True,
    )
    return AnswerTheme.objects.filter(theme=theme).count()

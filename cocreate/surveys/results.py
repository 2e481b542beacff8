"""A survey's results: the only module that reads survey answers for display (pages, files, the API).

Everything shown goes through `cocreate.assessments.disclosure` (`SurveyDisclosure`): nothing but the
number of answers until the survey is closed; no figure of a question from fewer than three answers;
a breakdown by community, kind of partner or language only when none of its groups has one or two
answers; free-text answers only from three, sorted, with nothing tying them to a person's other answers.
Pre-test answers never count.

The figures are counted in the database, whatever the number of responses: one grouped query per
breakdown (by language, by kind of partner, and by community for an organization's survey) gives each
group's count of each set of choices, each count and sum of numbers and each count of written answers;
the question's own figures are the sum of its groups. One more query gives the spread of numbers (for
the median). A set of choices is grouped as the stored JSON list (`["yes"]`, `["a", "c"]`): the number
of distinct sets stays small, it groups alike on SQLite and PostgreSQL, and the keys are split here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Sum, Value, When
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cocreate.assessments import disclosure
from cocreate.core.models import Community
from cocreate.partners.models import PartnerType

from .models import Answer, AnswerTheme, Question, QuestionKind, Response, Survey, SurveyFeedback, Theme

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}
NUMBER_KINDS = {QuestionKind.SCALE, QuestionKind.NUMBER}
DIMENSIONS = {
    "community": ("response__community_id", gettext_lazy("By community")),
    "partner_type": ("response__partner_type", gettext_lazy("By kind of partner")),
    "language": ("response__language", gettext_lazy("By language")),
}
LANGUAGES = {"en": gettext_lazy("English"), "es": gettext_lazy("Spanish")}
WITHHELD = disclosure.WITHHELD_SIZE


def spanish() -> bool:
    return (get_language() or "en").startswith("es")


def question_text(question: Question) -> str:
    return question.text_es if spanish() and question.text_es else question.text


def choice_label(choice: dict) -> str:
    return (choice.get("es") if spanish() else "") or choice.get("en") or choice.get("key", "")


def counted_answers(survey: Survey) -> QuerySet[Answer]:
    """The answers that count: the survey's, outside the pre-test."""
    return Answer.objects.filter(survey=survey, response__pretest=False)


def no_answers() -> QuerySet[Answer]:
    return Answer.objects.none()


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey, pretest=False).count()


# Figures ------------------------------------------------------------------------------------------------


@dataclass
class ChoiceCount:
    key: str
    label: str
    count: int
    percent: float  # of those who answered the question (several choices: may add up to more than 100)


@dataclass
class Group:
    key: str
    label: str
    answered: int
    choices: list[ChoiceCount] = field(default_factory=list)
    mean: float | None = None


@dataclass
class Breakdown:
    dimension: str
    title: str
    shown: bool
    groups: list[Group]  # empty when not shown: not even the groups' sizes

    @property
    def why(self) -> str:
        return "" if self.shown else _("Hidden: a group of fewer than 3.")


@dataclass
class ThemeResult:
    theme: Theme
    count: int | None  # None: one or two answers ("fewer than 3")
    feedback: Any = None  # the planning.FeedbackItem made from it
    item_url: str = ""  # set by the page
    make_url: str = ""


@dataclass
class QuestionResult:
    question: Question
    text: str
    answered: int
    shown: bool
    choices: list[ChoiceCount] = field(default_factory=list)
    scale: list[ChoiceCount] = field(default_factory=list)  # a scale's spread: one row per point
    mean: float | None = None
    median: float | None = None
    breakdowns: list[Breakdown] = field(default_factory=list)
    texts_shown: bool = False
    themes: list[ThemeResult] = field(default_factory=list)
    themes_url: str = ""  # set by the page

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def why(self) -> str:
        if self.shown:
            return ""
        if self.kind == QuestionKind.TEXT:
            return _("The answers are shown from 3 written answers.")
        return _("Hidden: fewer than 3 answers.")


@dataclass
class SurveyResults:
    survey: Survey
    released: bool
    responses: int
    questions: list[QuestionResult]

    @property
    def themes(self) -> list[ThemeResult]:
        return [t for q in self.questions for t in q.themes]


def percent(count: int, of: int) -> float:
    return round(100 * count / of, 1) if of else 0.0


def median_of(spread: dict[Decimal, int]) -> float | None:
    """The median of values given as value -> how many gave it."""
    n = sum(spread.values())
    if not n:
        return None
    middle = [(n - 1) // 2, n // 2]
    found: list[float] = []
    seen = 0
    for value in sorted(spread):
        for position in middle:
            if seen <= position < seen + spread[value]:
                found.append(float(value))
        seen += spread[value]
    return round(sum(found) / 2, 2)


@dataclass
class _Tally:
    """One group's answers to one question, as counted by the database."""

    rows: int = 0  # answers with a set of choices
    choices: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    numbers: int = 0
    total: Decimal = Decimal(0)
    written: int = 0

    def answered(self, kind: str) -> int:
        if kind in CHOICE_KINDS:
            return self.rows
        if kind in NUMBER_KINDS:
            return self.numbers
        return self.written

    def add(self, other: _Tally) -> None:
        self.rows += other.rows
        for key, n in other.choices.items():
            self.choices[key] += n
        self.numbers += other.numbers
        self.total += other.total
        self.written += other.written


def _tallies(survey: Survey, dimension: str) -> dict[int, dict[str, _Tally]]:
    """question pk -> group key -> tally, in one grouped query."""
    column = DIMENSIONS[dimension][0]
    rows = (
        counted_answers(survey)
        .annotate(has_text=Case(When(text="", then=Value(0)), default=Value(1), output_field=IntegerField()))
        .values("question_id", column, "choices", "has_text")
        .annotate(n=Count("pk"), numbers=Count("number"), total=Sum("number"))
        .order_by()
    )
    out: dict[int, dict[str, _Tally]] = defaultdict(lambda: defaultdict(_Tally))
    for row in rows:
        tally = out[row["question_id"]][str(row[column] or "")]
        keys = row["choices"] or []
        if keys:
            tally.rows += row["n"]
            for key in set(keys):
                tally.choices[str(key)] += row["n"]
        tally.numbers += row["numbers"]
        tally.total += row["total"] or 0
        tally.written += row["n"] if row["has_text"] else 0
    return out


def _spreads(survey: Survey) -> dict[int, dict[Decimal, int]]:
    """question pk -> number -> how many gave it (for the scales' spread and every median)."""
    rows = (
        counted_answers(survey)
        .filter(number__isnull=False)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[int, dict[Decimal, int]] = defaultdict(dict)
    for row in rows:
        out[row["question_id"]][Decimal(row["number"])] = row["n"]
    return out


def _choice_counts(question: Question, tally: _Tally, answered: int) -> list[ChoiceCount]:
    return [
        ChoiceCount(
            key=c["key"],
            label=choice_label(c),
            count=tally.choices.get(c["key"], 0),
            percent=percent(tally.choices.get(c["key"], 0), answered),
        )
        for c in question.choices or []
        if isinstance(c, dict) and c.get("key")
    ]


def _group_labels(survey: Survey, dimension: str, keys: Iterable[str]) -> dict[str, str]:
    if dimension == "community":
        ids = [int(k) for k in keys if k]
        names = dict(
            Community.objects.filter(organization_id=survey.organization_id, pk__in=ids).values_list(
                "pk", "name"
            )
        )
        return {str(pk): name for pk, name in names.items()} | {"": _("No community given")}
    if dimension == "partner_type":
        return {str(k): str(v) for k, v in PartnerType.choices} | {"": _("Not said")}
    return {k: str(v) for k, v in LANGUAGES.items()}


def dimensions_of(survey: Survey) -> list[str]:
    """The breakdowns a survey has: by community only for an organization's survey."""
    names = ["partner_type", "language"]
    return (["community"] if survey.community_id is None else []) + names


def themes_of(survey: Survey, shown: disclosure.SurveyDisclosure) -> dict[int | None, list[ThemeResult]]:
    """question pk (None: the whole survey) -> its themes, each with its count under the small-group rule
    and the "you said, we did" item made from it (three queries)."""
    themes = list(Theme.objects.filter(survey=survey).order_by("name", "pk"))
    counts = dict(
        AnswerTheme.objects.filter(theme__survey=survey, answer__response__pretest=False)
        .values("theme_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("theme_id", "n")
    )
    items = {
        link.theme_id: link.feedback
        for link in SurveyFeedback.objects.filter(survey=survey, theme__isnull=False).select_related(
            "feedback", "feedback__community"
        )
    }
    out: dict[int | None, list[ThemeResult]] = defaultdict(list)
    for theme in themes:
        out[theme.question_id].append(
            ThemeResult(theme=theme, count=shown.count(counts.get(theme.pk, 0)), feedback=items.get(theme.pk))
        )
    return out


def results_for(survey: Survey, *, questions: list[Question] | None = None) -> SurveyResults:
    """The survey's results as they may be shown to anyone who may see the survey.

    While the survey collects answers: the number of responses only (two queries). Closed: three or
    four more grouped queries and three for the themes, however many responses."""
    questions = list(survey.questions.all()) if questions is None else questions
    responses = response_count(survey)
    shown = disclosure.for_survey(status=survey.status, responses=responses)
    if not shown.released:
        return SurveyResults(
            survey=survey,
            released=False,
            responses=responses,
            questions=[QuestionResult(q, question_text(q), 0, False) for q in questions],
        )
    dims = dimensions_of(survey)
    by_dim = {dim: _tallies(survey, dim) for dim in dims}
    spreads = _spreads(survey)
    themes = themes_of(survey, shown)
    labels = {
        dim: _group_labels(survey, dim, {k for groups in by_dim[dim].values() for k in groups})
        for dim in dims
    }
    out = []
    for q in questions:
        total = _Tally()
        for tally in by_dim[dims[-1]].get(q.pk, {}).values():
            total.add(tally)
        answered = total.answered(q.kind)
        result = QuestionResult(
            question=q,
            text=question_text(q),
            answered=answered,
            shown=shown.question(answered),
            themes=themes.get(q.pk, []),
        )
        if q.kind == QuestionKind.TEXT:
            result.texts_shown = shown.texts(answered)
            result.shown = result.texts_shown
        elif result.shown:
            _fill(result, q, total, answered, spreads.get(q.pk, {}))
            for dim in dims:
                result.breakdowns.append(_breakdown(shown, q, dim, by_dim[dim].get(q.pk, {}), labels[dim]))
        out.append(result)
    return SurveyResults(survey=survey, released=True, responses=responses, questions=out)


def _fill(result: QuestionResult, q: Question, total: _Tally, answered: int, spread: dict) -> None:
    if q.kind in CHOICE_KINDS:
        result.choices = _choice_counts(q, total, answered)
        return
    result.mean = round(float(total.total) / answered, 2)
    result.median = median_of(spread)
    if q.kind == QuestionKind.SCALE:
        result.scale = [
            ChoiceCount(
                key=str(point),
                label=str(point),
                count=spread.get(Decimal(point), 0),
                percent=percent(spread.get(Decimal(point), 0), answered),
            )
            for point in range(q.scale_min, q.scale_max + 1)
        ]


def _breakdown(
    shown: disclosure.SurveyDisclosure,
    q: Question,
    dim: str,
    groups: dict[str, _Tally],
    labels: dict[str, str],
) -> Breakdown:
    sizes = {key: tally.answered(q.kind) for key, tally in groups.items()}
    title = str(DIMENSIONS[dim][1])
    if not shown.breakdown(sum(sizes.values()), sizes.values()):
        return Breakdown(dim, title, False, [])
    rows = []
    for key, tally in groups.items():
        n = sizes[key]
        if not n:
            continue
        group = Group(key=key, label=labels.get(key, key), answered=n)
        if q.kind in CHOICE_KINDS:
            group.choices = _choice_counts(q, tally, n)
        else:
            group.mean = round(float(tally.total) / n, 2)
        rows.append(group)
    rows.sort(key=lambda g: g.label.lower())
    return Breakdown(dim, title, True, rows)


# Free text ----------------------------------------------------------------------------------------------


def texts_of(survey: Survey, question: Question, *, theme: Theme | None = None) -> QuerySet[Answer]:
    """A question's written answers, sorted by their words (never by who or when), or those under a
    theme. Check `written_shown` first: only from three written answers."""
    qs = counted_answers(survey).filter(question=question).exclude(text="")
    if theme is not None:
        qs = qs.filter(themes=theme)
    return qs.only("pk", "text", "question_id").order_by("text", "pk")


def written_count(survey: Survey, question: Question) -> int:
    return counted_answers(survey).filter(question=question).exclude(text="").count()


def written_shown(survey: Survey, question: Question) -> bool:
    shown = disclosure.for_survey(status=survey.status, responses=0)
    return shown.texts(written_count(survey, question))


def theme_counts(survey: Survey, question: Question) -> dict[int, int | None]:
    """theme pk -> its answers (None for one or two), for the themes page."""
    shown = disclosure.for_survey(status=survey.status, responses=0)
    counts = dict(
        AnswerTheme.objects.filter(theme__question=question, answer__response__pretest=False)
        .values("theme_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("theme_id", "n")
    )
    return {
        pk: shown.count(counts.get(pk, 0))
        for pk in Theme.objects.filter(survey=survey, question=question).values_list("pk", flat=True)
    }


def texts_by_theme(survey: Survey, results: SurveyResults) -> list[tuple[Question, str, list[str]]]:
    """For files: (question, theme name or "", its answers' texts) for each text question whose answers
    may be shown (one query for all of them)."""
    questions = [q.question for q in results.questions if q.kind == QuestionKind.TEXT and q.texts_shown]
    if not questions:
        return []
    rows = (
        counted_answers(survey)
        .filter(question__in=questions)
        .exclude(text="")
        .values_list("question_id", "text", "themes__name")
        .order_by("question_id", "themes__name", "text")
    )
    grouped: dict[tuple[int, str], list[str]] = defaultdict(list)
    for question_id, text, theme_name in rows:
        grouped[(question_id, theme_name or "")].append(text)
    out = []
    for q in questions:
        for (question_id, name), texts in sorted(grouped.items(), key=lambda kv: (kv[0][1] == "", kv[0][1])):
            if question_id == q.pk:
                out.append((q, name, texts))
    return out

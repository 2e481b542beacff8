"""What may be shown from a group's answers: the one place that decides, for every surface.

Pages, charts, CSV/XLSX, PDF reports, the REST API, the consensus session, trends, the support
outcomes and a goal's item progress all show figures built from people's individual answers. Each of
them reads those figures through this module (`results.results_for` for one round, `shown_scores` for
the cached scores of many), and `tests/test_disclosure_surfaces.py` fails when a module outside the
allowlist reads answers or the cached scores directly.

The rules, in the words of the help note (`assessments/results/_why_hidden.html`):

1. **Small groups.** No figure is built from fewer than `MIN_GROUP` (3) people: an item's mean,
   score or spread of answers needs three people who gave it a value ("I don't know" and skipped
   items count as no value); a perspective's share needs three people of that perspective; the
   written reflections and evidence need three responses.
2. **Complementary suppression.** A figure that is withheld never enters a figure that is shown:
   section scores and the total leave out items withheld under rule 1 (else the total minus the items
   shown would give the hidden one back); and when one perspective group of an item has one or two
   people, no perspective's share of that item is shown (else the pooled score minus the other
   group's share would give that person's answer back), nor how many of each group answered it
   (that would tell whether the small group said "I don't know"). The small group is the group's
   whole membership in the round: per item, whether the other group's share shows would otherwise
   tell whether she answered that item.
3. **Agreed values are the team's, not a person's.** A value the team agreed for an item is shown
   whatever the number of answers; it does not make anything built from the individual answers
   visible (the other items, the spread, the section scores made of individual means).
4. **Nothing while answers come in (differencing over time).** Figures built from answers are shown
   only once a round has stopped collecting answers (the consensus session or closed). The set of
   answers behind them can no longer grow, so nobody can compare the figures before and after one
   more person answered, even though the round page says who has answered. While a round collects
   answers, every surface shows only how many people have answered.

Why rule 4 rather than rounding or releasing in batches: a mean moved by one answer out of n is that
answer divided by n, and rounding to a coarse step still leaks it for small n; batches need the
order in which anonymous answers arrived, which the database deliberately does not keep. Holding
every figure until the set is final is simple, explainable to a parent, and leaks nothing.

What remains possible, as with any published average: when everyone in a group of three or more
gave the same answer, the figures say so, and people who answered can subtract their own answers.
That is the floor the small-group rule sets (never fewer than three people behind a figure).

Surveys (`cocreate.surveys.results`, the only reader of survey answers for display) follow the same
rules, applied per question (`SurveyDisclosure`):

* rule 4: no figure until the survey is closed (`survey_released`); while it collects answers, or is
  pre-tested, a page shows only how many have answered;
* rule 1: no count, percentage, mean or median of a question from fewer than three answers, and a
  theme's count of answers is shown only from three;
* rule 2: a breakdown of a question (by community for an organization's survey, by kind of partner,
  by language) shows its groups only when none has one or two answers; when one has, the whole
  breakdown of that question is withheld ("hidden: a group of fewer than 3"), since the question's
  total minus the groups shown would give the small group's answers back;
* free-text answers are readable only when the question has three written answers or more, and
  then without anything that ties them to the rest of a person's answers (no response, no order of
  arrival: they are sorted);
* pre-test answers never count.

The cached `Administration.scores` are written by `cached_results` with these rules applied (and a
`rule` marker); `shown_scores` reads any cached scores, applying the coarse rule to caches written
before the marker existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import scoring

MIN_GROUP = 3  # no figure from fewer people than this (never lower it: the help promises three)
RULE = 1  # written into the cached scores computed under these rules
OPEN = "open"  # AdministrationStatus.OPEN, without importing the models (they import this module)
WITHHELD_SIZE = "<3"  # how a file shows the size of a group of one or two


def enough(n: int) -> bool:
    """Whether a figure built from `n` people may be shown."""
    return n >= MIN_GROUP


def released(status: str) -> bool:
    """Whether a round has stopped collecting answers, so that the set behind its figures is final."""
    return status != OPEN


def shown_size(n: int) -> int | None:
    """A group's size as it may be shown: None for one or two people (shown as 'fewer than 3')."""
    return n if n == 0 or enough(n) else None


def answered(answers: Iterable[Mapping[str, Any]], key: str) -> int:
    """How many of these responses gave the item a value ("I don't know" is no value)."""
    return sum(1 for a in answers if isinstance(a.get(key), int | float) and not isinstance(a.get(key), bool))


def values_of(answers: Iterable[Mapping[str, Any]], key: str) -> list[int]:
    return [v for a in answers if isinstance(v := a.get(key), int | float) and not isinstance(v, bool)]  # type: ignore[misc]


@dataclass(frozen=True)
class RoundDisclosure:
    """What one round may show, decided from its responses (never shown themselves)."""

    released: bool
    responses: int
    item_n: Mapping[str, int]  # item key -> people who gave it a value
    group_item_n: Mapping[str, Mapping[str, int]]  # perspective -> item key -> people
    group_sizes: Mapping[str, int]  # perspective -> responses
    agreed: frozenset[str] = field(default_factory=frozenset)

    def item(self, key: str) -> bool:
        """An item's figures built from individual answers: its mean, score, spread and evidence."""
        return self.released and enough(self.item_n.get(key, 0))

    def value(self, key: str) -> bool:
        """The value shown for an item: the agreed one always, else the individual mean under rule 1."""
        return key in self.agreed or self.item(key)

    def alignment(self, key: str) -> bool:
        """Each perspective's share of an item: only when no group has one or two people in the
        round, and none has one or two who gave the item a value."""
        if not self.item(key):
            return False
        sizes = [*self.group_sizes.values(), *(by_item.get(key, 0) for by_item in self.group_item_n.values())]
        return all(n == 0 or enough(n) for n in sizes)

    @property
    def counts(self) -> bool:
        """How many were asked an item and how many said "I don't know": only once the round is
        released, from three responses or more, and with no group of one or two beside them (asked
        counts per section would give the small group's size, "I don't know" counts its answers)."""
        return (
            self.released
            and enough(self.responses)
            and all(n == 0 or enough(n) for n in self.group_sizes.values())
        )

    def group_size(self, perspective: str) -> int | None:
        return shown_size(self.group_sizes.get(perspective, 0))

    @property
    def texts(self) -> bool:
        """Written reflections and evidence: only from three responses or more."""
        return self.released and enough(self.responses)

    @property
    def any_item(self) -> bool:
        return any(self.item(key) for key in self.item_n)

    @property
    def nothing(self) -> bool:
        """Nothing at all to show from this round: no item may be shown and nothing was agreed."""
        return not self.agreed and not self.any_item


def for_round(
    *,
    status: str,
    item_keys: Sequence[str],
    rows: Sequence[tuple[Mapping[str, Any], str]],  # (answers, perspective) per response
    agreed: Iterable[str] = (),
) -> RoundDisclosure:
    answers = [a for a, _p in rows]
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for a, perspective in rows:
        groups.setdefault(perspective, []).append(a)
    return RoundDisclosure(
        released=released(status),
        responses=len(rows),
        item_n={key: answered(answers, key) for key in item_keys},
        group_item_n={p: {key: answered(g, key) for key in item_keys} for p, g in groups.items()},
        group_sizes={p: len(g) for p, g in groups.items()},
        agreed=frozenset(agreed),
    )


def alignment(
    item_keys: list[str],
    groups: Mapping[str, list[Mapping[str, Any]]],
    maximum: float,
    shown: RoundDisclosure,
) -> list[scoring.Alignment]:
    """Each perspective's share per item, as it may be shown: groups of one or two withheld (rule 1)
    and, beside them, every other group of the item too (rule 2: the pooled score minus the other
    group's share would give the small group's answers back). The groups' sizes for the item are
    withheld alike: how many of each group gave the item a value would tell whether the small group
    answered it or said "I don't know", and "I don't know" is an answer too."""
    rows = scoring.alignment(item_keys, groups, maximum, min_group=MIN_GROUP)
    for a in rows:
        if not shown.alignment(a.key):
            a.shares = {p: None for p in a.shares}
            a.sizes = {p: None for p in a.sizes}
            a.gap = None
    return rows


def results(
    *,
    status: str,
    items: list[tuple[str, str]],
    answers: Sequence[Mapping[str, int]],
    agreed: Mapping[str, int],
    method: str,
    maximum: float,
    target: float | None,
    sums: Mapping[str, list[float]] | None = None,
    responses: int | None = None,
) -> scoring.Results:
    """`scoring.results` under the rules: items withheld under rule 1 carry no value and enter no
    section score or total (rule 2); while the round collects answers only agreed values count (rule 4)."""
    live = released(status)
    return scoring.results(
        items=items,
        answers=answers if live else [],
        agreed=agreed,
        method=method,
        maximum=maximum,
        target=target,
        sums=sums if live else None,
        responses=len(answers) if responses is None else responses,
        min_group=MIN_GROUP,
    )


def cached_results(**kwargs: Any) -> dict:
    """The cached scores (`Administration.scores`) of a round, computed under the rules."""
    cache = results(**kwargs).as_cache()
    cache["rule"] = RULE
    return cache


@dataclass(frozen=True)
class ShownScores:
    total: float | None
    sections: dict[str, float | None]
    items: dict[str, float | None]
    agreed: int

    @property
    def withheld(self) -> bool:
        return self.total is None and not any(v is not None for v in self.sections.values())


def shown_scores(*, status: str, responses: int, scores: Mapping[str, Any] | None) -> ShownScores:
    """The figures of a round's cached scores that may be shown, for lists, trends and other apps.

    A cache written under the rules (`rule` set) is shown as it is once the round stopped collecting
    answers; an older one only when the round has three answers or more (it may mix small items in).
    """
    cache = scores or {}
    agreed = int(cache.get("agreed") or 0)
    trusted = cache.get("rule") == RULE and released(status)
    if not trusted and not (released(status) and enough(responses)):
        return ShownScores(None, {}, {}, agreed if released(status) else 0)
    return ShownScores(
        total=cache.get("total"),
        sections=dict(cache.get("sections") or {}),
        items=dict(cache.get("items") or {}),
        agreed=agreed,
    )


def shown_value(*, status: str, responses: int, rule: Any, value: Any) -> float | None:
    """One figure read straight from the cached scores column (a `KeyTransform`): None unless shown.

    Pass the round's `rule` marker read alongside (`KeyTransform("rule", "scores")`).
    """
    if not released(status):
        return None
    if rule != RULE and not enough(responses):
        return None
    return None if value is None else float(value)


# Surveys ------------------------------------------------------------------------------------------------

SURVEY_CLOSED = "closed"  # SurveyStatus.CLOSED, without importing the surveys app (a higher floor)


def survey_released(status: str) -> bool:
    """Whether a survey has stopped collecting answers for good (closed): rule 4."""
    return status == SURVEY_CLOSED


def breakdown_shown(group_sizes: Iterable[int]) -> bool:
    """A breakdown's groups (answers per group for one question): all or nothing (rule 2)."""
    return all(n == 0 or enough(n) for n in group_sizes)


@dataclass(frozen=True)
class SurveyDisclosure:
    """What one survey may show, decided from how many answered each question (and each group)."""

    released: bool
    responses: int

    def question(self, answered: int) -> bool:
        """A question's counts, percentages, mean and median."""
        return self.released and enough(answered)

    def breakdown(self, answered: int, group_sizes: Iterable[int]) -> bool:
        """A question's breakdown by one dimension: rule 1 for the question, rule 2 for its groups."""
        return self.question(answered) and breakdown_shown(group_sizes)

    def texts(self, written: int) -> bool:
        """A question's free-text answers (and the answers under a theme)."""
        return self.released and enough(written)

    def count(self, n: int) -> int | None:
        """A count (a choice's, a theme's) as it may be shown: None for one or two."""
        return shown_size(n) if self.released else None


def for_survey(*, status: str, responses: int) -> SurveyDisclosure:
    return SurveyDisclosure(released=survey_released(status), responses=responses)

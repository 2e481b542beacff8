"""Reads behind the results pages, exports and community panel: what a team sees after a round.

Everything here is aggregate. Individual answers are read to count and average them, never to show
them, and what may be shown of them is decided by `disclosure` (small groups, complementary
suppression, nothing while a round collects answers): an item's mean and spread need three people,
alignment shares need every perspective group of the item at zero or three and more, texts need
three responses. Respondents are never loaded.

Each function reads a fixed number of queries: one administration's rows (its items, its handful of
responses, its agreed values and flagged gaps), or one column of cached scores for a trend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from cocreate.core.access import Tenant
from cocreate.core.models import Community, Stage

from . import answering, disclosure, scoring
from .models import (
    Administration,
    AdministrationStatus,
    Consensus,
    GapFlag,
    InstrumentVersion,
    Invitee,
    Item,
    Kind,
    Perspective,
    Reflection,
    Response,
    Scoring,
    Section,
    VersionStatus,
    invited_count,
)
from .text import pick

PERSPECTIVES = [Perspective.PROFESSIONAL, Perspective.LIVED]
PANEL_OPEN = 5  # open rounds listed on the community page; the rest are on the assessments list
PANEL_GAPS = 20  # pending gaps listed on the community page; the rest are on the results pages


# Formatting ----------------------------------------------------------------------------------------------


def format_score(value: float | None, method: str, *, mark: str = "") -> str:
    """'45%', '45.5%', '3.25' or '12' in the reader's number format; an em dash when there is nothing.

    Scores arrive rounded by the engine (a percent to one decimal, means and sums to two), so this only
    drops trailing zeros and uses the language's decimal mark. Written out rather than `floatformat`:
    a trend of many rounds formats thousands of numbers, and those pass the `mark` looked up once.
    """
    if value is None:
        return "—"
    text = f"{value:.{1 if method == Scoring.PERCENT else 2}f}".rstrip("0").rstrip(".")
    mark = mark or get_format("DECIMAL_SEPARATOR")
    if mark != ".":
        text = text.replace(".", mark)
    return f"{text}%" if method == Scoring.PERCENT else text


def decimal_mark() -> str:
    return get_format("DECIMAL_SEPARATOR")


def unit_label(method: str) -> str:
    labels: dict[str, str] = {
        Scoring.PERCENT: _("percent of possible"),
        Scoring.MEAN: _("mean value"),
        Scoring.SUM: _("sum of values"),
    }
    return labels.get(method, "")


def axis_domain(version: InstrumentVersion, sections: int = 1) -> list[float] | None:
    """The whole range a score can take, so a chart never makes 45% look like most of the way."""
    values = version.scale_values
    if version.scoring == Scoring.PERCENT:
        return [0, 100]
    if version.scoring == Scoring.MEAN and values:
        return [min(0, min(values)), max(values)]
    return None  # sums: from zero up to whatever was reached


def _url_prefix(org_slug: str, community_slug: str) -> str:
    """'/o/sic/c/riverside/': every assessments link of a community starts here (resolved once)."""
    return reverse("core:community", args=[org_slug, community_slug])


# One administration --------------------------------------------------------------------------------------


@dataclass
class ItemRow:
    item: Item
    number: str  # "2.3": section 2, item 3 — how charts and tables refer to an item briefly
    text: str
    lived_text: str  # the lived-experience wording of a paired item, else ""
    score: float | None
    value: float | None  # agreed value, else the individual mean
    agreed: bool
    below: bool
    spread: scoring.Spread
    score_text: str = ""
    note: str = ""  # what the team said when it agreed
    artifacts: str = ""
    flag: GapFlag | None = None

    value_label: str = ""  # the scale's words for an agreed value
    # The item's figures built from individual answers (mean, score, spread) are not shown
    # (`disclosure`): its spread is then empty and its value is the agreed one or none.
    withheld: bool = False
    # Filled in by the results page: the goals working on the item (from the apps above), and for a
    # team round not yet agreed, "not yet: mean of N answers".
    goals: list[Any] = field(default_factory=list)
    mean_of: str = ""
    # Of the responses: how many were asked the item and how many said "I don't know" (left out of
    # the score). None when withheld (an anonymous round with one or two answers).
    asked: int | None = None
    dont_know: int | None = None

    @property
    def can_flag(self) -> bool:
        return self.below and self.flag is None

    @property
    def pending(self) -> bool:
        return self.flag is not None and self.flag.resolved_at is None


@dataclass
class SectionRow:
    section: Section
    number: int
    title: str
    score: float | None
    below: bool
    score_text: str
    items: list[ItemRow] = field(default_factory=list)

    @property
    def agreed(self) -> int:
        return sum(row.agreed for row in self.items)


@dataclass
class AlignmentRow:
    item: ItemRow
    shares: dict[str, float | None]  # perspective -> percent, None when withheld
    sizes: dict[str, int | None]  # perspective -> people, None for one or two
    gap: float | None
    flagged: bool

    def cells(self) -> list[tuple[str, float | None, bool]]:
        """(perspective, share, withheld) in the order of PERSPECTIVES."""
        return [(p, self.shares.get(p), self.shares.get(p) is None) for p in PERSPECTIVES]


@dataclass
class Round:
    """One administration in a trend: its cached scores, read from one column."""

    adm: Administration
    label: str  # when it opened: what a chart axis and a sentence call it
    total: float | None
    sections: dict[str, float | None]
    items: dict[str, float | None]
    responses: int
    url: str = ""

    @property
    def final(self) -> bool:
        return self.adm.status == AdministrationStatus.CLOSED


@dataclass
class AdministrationResults:
    adm: Administration
    version: InstrumentVersion
    method: str
    target: float | None
    total: float | None
    sections: list[SectionRow]
    items: list[ItemRow]
    responses: int
    agreed: int
    scale: list[dict]  # [{value, label}] as the instrument lists it
    divergence: list[ItemRow] | None  # widest disagreement first; None when withheld
    alignment: list[AlignmentRow] | None  # paired instruments only
    reflections: list[tuple[str, list[str]]]  # (prompt, answers in alphabetical order): no one's order
    rounds: list[Round]  # every round of this instrument in the community, oldest first
    shown: disclosure.RoundDisclosure | None = None  # what `disclosure` let through

    @property
    def collecting(self) -> bool:
        """Answers are still being collected: nothing built from them is shown yet (`disclosure`)."""
        return not disclosure.released(self.adm.status)

    @property
    def some_withheld(self) -> bool:
        """Some item's figures are held back (small group): the page says why."""
        return any(row.withheld and not row.agreed for row in self.items)

    # People whose perspective (lived experience or not) changed after they answered: a count, never who.
    perspective_changes: int = 0
    asked_by_section: bool = False  # the round asked some sections of some people only

    @property
    def name(self) -> str:
        return pick(self.version.name)

    @property
    def is_team(self) -> bool:
        return self.version.kind == Kind.TEAM

    @property
    def is_final(self) -> bool:
        return self.adm.status == AdministrationStatus.CLOSED

    @property
    def total_text(self) -> str:
        return format_score(self.total, self.method)

    @property
    def target_text(self) -> str:
        return format_score(self.target, self.method) if self.target is not None else ""

    @property
    def total_below(self) -> bool:
        return scoring.below_target(self.total, self.target)

    @property
    def unit(self) -> str:
        return unit_label(self.method)

    @property
    def unit_sentence(self) -> str:
        values = self.version.scale_values
        if self.method == Scoring.MEAN and values:
            return _("Scores are mean values on the scale from %(low)s to %(high)s.") % {
                "low": min(values),
                "high": max(values),
            }
        if self.method == Scoring.SUM:
            return _("Scores are sums of the items' values.")
        return _("Scores are a percent of the highest possible.")

    @property
    def status_line(self) -> str:
        """Whether these numbers can still move, in the words a team uses."""
        n, m = self.agreed, len(self.items)
        if self.is_final:
            if self.is_team and n < m:
                return _(
                    "Final. %(n)d of %(m)d items agreed; the others show the mean of individual answers."
                ) % {"n": n, "m": m}
            return _("Final.")
        if not self.is_team:
            return _("Provisional: answers are still being collected.")
        if n == 0:
            return _("Provisional: individual answers only; the team has not agreed any item yet.")
        return _("Provisional: %(n)d of %(m)d items agreed.") % {"n": n, "m": m}

    @property
    def divergence_withheld(self) -> bool:
        return self.divergence is None

    @property
    def scores_withheld(self) -> bool:
        """Nothing of this round may be shown: no item's value (none agreed, none from three people)."""
        return all(row.value is None for row in self.items)

    @property
    def withheld_reason(self) -> str:
        """Why nothing of this round is shown (when `scores_withheld`), in a parent's words."""
        if self.collecting:
            return _(
                "Answers are still being collected. Results appear when the round stops collecting "
                "answers, so that nobody can work out one person's answers by comparing before and after."
            )
        return _(
            "Fewer than %(n)s people answered, so the results would be their own answers: they are not shown."
        ) % {"n": disclosure.MIN_GROUP}

    @property
    def below_items(self) -> list[ItemRow]:
        return [row for row in self.items if row.below]

    @property
    def scale_labels(self) -> list[str]:
        return [pick(point.get("label")) for point in self.scale]

    @property
    def is_binary(self) -> bool:
        return len(self.scale) == 2

    @property
    def previous(self) -> Round | None:
        earlier = [r for r in self.rounds if r.adm.opened_at < self.adm.opened_at and r.adm.pk != self.adm.pk]
        return earlier[-1] if earlier else None

    @property
    def previous_total_text(self) -> str:
        previous = self.previous
        return format_score(previous.total if previous else None, self.method)

    @property
    def team_notes(self) -> list[ItemRow]:
        return [row for row in self.items if row.note or row.artifacts]


# A published or retired version's sections and items never change (editing makes a new draft version),
# so each process reads them once. Keyed by creation time as well as pk: a test database reuses pks.
_FROZEN_ITEMS: dict[tuple[int, object], tuple[list[Section], list[Item]]] = {}
_FROZEN_ITEMS_MAX = 256


def numbered_items(version: InstrumentVersion) -> tuple[list[Section], list[Item]]:
    """A version's sections (in order) and items (with their section), as results and answers read them."""
    if version.status == VersionStatus.DRAFT:
        return _read_items(version)
    key = (version.pk, version.created_at)
    found = _FROZEN_ITEMS.get(key)
    if found is None:
        if len(_FROZEN_ITEMS) >= _FROZEN_ITEMS_MAX:
            _FROZEN_ITEMS.clear()
        found = _FROZEN_ITEMS[key] = _read_items(version)
    return found


def _read_items(version: InstrumentVersion) -> tuple[list[Section], list[Item]]:
    items = list(
        Item.objects.filter(version=version)
        .select_related("section")
        .order_by("section__position", "position")
        .only(
            "key",
            "text",
            "wordings",
            "position",
            "version_id",
            "section__key",
            "section__title",
            "section__position",
        )
    )
    sections: dict[int, Section] = {}
    for item in items:
        sections.setdefault(item.section_id, item.section)
    return list(sections.values()), items


def results_for(adm: Administration, *, with_reflections: bool = False) -> AdministrationResults:
    """Scores, spreads and alignment of one administration, from its rows (a fixed number of queries).

    `adm` comes from `access_administration` (its version loaded). Reflection answers are read only when
    asked for (the page shows them to staff), and even then without any person or order attached.
    """
    version = adm.version
    method = version.scoring
    target = None if version.target is None else float(version.target)
    scale_values = version.scale_values
    maximum = max(scale_values) if scale_values else 0
    sections, items = numbered_items(version)
    computed = _computed(adm, version, items, maximum=maximum, target=target, scale_values=scale_values)
    engine, spreads, consensus = computed.engine, computed.spreads, computed.consensus
    shown = computed.shown
    flags = {
        f.item_id: f
        for f in GapFlag.objects.filter(administration=adm).only("item_id", "resolved_at", "score")
    }

    section_rows: dict[int, SectionRow] = {}
    for number, section in enumerate(sections, start=1):
        value = engine.sections.get(section.key)
        section_rows[section.pk] = SectionRow(
            section=section,
            number=number,
            title=pick(section.title),
            score=value,
            below=scoring.below_target(value, target),
            score_text=format_score(value, method),
        )
    labels = {point["value"]: pick(point.get("label")) for point in version.scale}
    item_rows: list[ItemRow] = []
    for item in items:
        result = engine.items[item.key]
        row_section = section_rows[item.section_id]
        agreed = consensus.get(item.pk)
        row = ItemRow(
            item=item,
            number=f"{row_section.number}.{len(row_section.items) + 1}",
            text=pick(item.text),
            lived_text=pick(item.wordings.get(Perspective.LIVED)) if version.paired else "",
            score=result.score,
            value=result.value,
            agreed=result.agreed,
            below=scoring.below_target(result.score, target),
            spread=spreads[item.key],
            score_text=format_score(result.score, method),
            note=agreed.note if agreed else "",
            artifacts=agreed.artifacts if agreed else "",
            flag=flags.get(item.pk),
            value_label=labels.get(agreed.value, str(agreed.value)) if agreed else "",
            withheld=not shown.item(item.key),
        )
        row_section.items.append(row)
        item_rows.append(row)

    by_key = {row.item.key: row for row in item_rows}
    if shown.counts:  # "asked" and "I don't know" per item (`disclosure`)
        for row in item_rows:
            counts = computed.counts[row.item.key]
            row.asked, row.dont_know = counts.asked, counts.dont_know
    divergence = None
    # Only the spreads of items three people or more gave a value (`disclosure`); none at all if none.
    if shown.any_item:
        order = scoring.disagreement_order({row.item.key: row.spread for row in item_rows})
        divergence = [by_key[key] for key in order if not by_key[key].withheld and by_key[key].spread.n]

    alignment = None
    if computed.alignment is not None:
        alignment = [
            AlignmentRow(by_key[a.key], a.shares, a.sizes, a.gap, a.flagged) for a in computed.alignment
        ]

    reflections = []
    if with_reflections:
        reflections = [
            (pick(prompt.get("text")), computed.reflections.get(prompt["key"], []))
            for prompt in version.definition.get("reflection_prompts", [])
        ]

    return AdministrationResults(
        adm=adm,
        version=version,
        method=method,
        target=target,
        total=engine.total,
        sections=list(section_rows.values()),
        items=item_rows,
        responses=computed.responses,
        agreed=engine.agreed,
        scale=version.scale,
        divergence=divergence,
        alignment=alignment,
        reflections=reflections,
        rounds=rounds_of(adm.community, adm.instrument_key),
        shown=shown,
        # Only paired instruments show results per perspective (one query, then); a count, never who.
        perspective_changes=answering.perspective_changes(adm)
        if version.paired and computed.responses and shown.counts
        else 0,
        asked_by_section=computed.asked_by_section,
    )


@dataclass(frozen=True)
class _Computed:
    """What a round's rows say, before any language, person or later event is applied to it."""

    responses: int
    engine: scoring.Results
    spreads: dict[str, scoring.Spread]
    consensus: dict[int, Consensus]  # by item pk
    alignment: list | None  # scoring.alignment's rows, paired instruments only
    reflections: dict[str, list[str]]  # prompt key -> answers in alphabetical order
    shown: disclosure.RoundDisclosure
    counts: dict[str, answering.ItemCounts]  # item key -> asked, answered, "I don't know"
    asked_by_section: bool


# A closed round is locked: its responses and agreed values never change again, so each process keeps
# what they compute to (bounded). Gap flags, goals and later rounds are read on every request.
_CLOSED: dict[tuple[int, object], _Computed] = {}
_CLOSED_MAX = 512


def _computed(
    adm: Administration,
    version: InstrumentVersion,
    items: list[Item],
    *,
    maximum: float,
    target: float | None,
    scale_values: list[int],
) -> _Computed:
    closed = adm.status == AdministrationStatus.CLOSED and adm.closed_at is not None
    key = (adm.pk, adm.closed_at)
    if closed and key in _CLOSED:
        return _CLOSED[key]
    # Plain rows, not model instances: thirty responses of forty answers each are read on every view.
    rows = list(
        Response.objects.filter(administration=adm).values_list(
            "answers", "perspective", "reflections", "dont_know", "sections"
        )
    )
    consensus = {
        c.item_id: c
        for c in Consensus.objects.filter(administration=adm).only("item_id", "value", "note", "artifacts")
    }
    answers = [row[0] for row in rows]
    shown = disclosure.for_round(
        status=adm.status,
        item_keys=[item.key for item in items],
        rows=[(row[0], row[1]) for row in rows],
        agreed=[item.key for item in items if item.pk in consensus],
    )
    engine = disclosure.results(
        status=adm.status,
        items=[(item.key, item.section.key) for item in items],
        answers=answers,
        agreed={item.key: consensus[item.pk].value for item in items if item.pk in consensus},
        method=version.scoring,
        maximum=maximum,
        target=target,
    )
    nobody = scoring.spread([], scale_values)  # what a withheld item's spread shows: nothing
    spreads = {
        item.key: scoring.spread(disclosure.values_of(answers, item.key), scale_values)
        if shown.item(item.key)
        else nobody
        for item in items
    }
    alignment = None
    if version.paired:
        groups: dict[str, list] = {p: [row[0] for row in rows if row[1] == p] for p in PERSPECTIVES}
        alignment = disclosure.alignment([item.key for item in items], groups, maximum, shown)
    reflections: dict[str, list[str]] = {}
    for prompt in version.definition.get("reflection_prompts", []) if shown.texts else []:
        texts = (row[2].get(prompt["key"], "") for row in rows if row[2])
        reflections[prompt["key"]] = sorted((t for t in texts if t), key=str.casefold)
    counts = answering.item_counts(
        [(item.key, item.section.key) for item in items], [(row[0], row[3], row[4]) for row in rows]
    )
    asked_by_section = any(row[4] for row in rows)
    computed = _Computed(
        len(rows), engine, spreads, consensus, alignment, reflections, shown, counts, asked_by_section
    )
    if closed:
        if len(_CLOSED) >= _CLOSED_MAX:
            _CLOSED.clear()
        _CLOSED[key] = computed
    return computed


# Trends --------------------------------------------------------------------------------------------------


def _round_labels(adms: list[Administration]) -> list[str]:
    """'Mar 3, 2026', made unique when two rounds opened the same day (a chart axis needs distinct labels).

    Dates rather than titles: they are short enough for an axis on a phone and they say how far apart
    the rounds were; the tables show the titles beside them.
    """
    fmt = get_format("DATE_FORMAT")  # once, and each day once: a trend may have many rounds
    labels: list[str] = []
    seen: dict[str, int] = {}
    days: dict[date, str] = {}
    for adm in adms:
        day = timezone.localtime(adm.opened_at).date()
        if day not in days:
            days[day] = dateformat.format(day, fmt)
        label = days[day]
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return labels


def rounds_of(
    community: Community, key: str, *, sections: bool = False, items: Sequence[str] = ()
) -> list[Round]:
    """Every administration of an instrument in a community, oldest first, from the cached scores column.

    One query. Only the parts of the cached scores asked for are read (the total always, the section
    scores and the scores of some items on request): the whole column carries every item of every
    round, which a trend of many rounds does not need.
    """
    parts = {
        "total_score": KeyTransform("total", "scores"),
        "agreed_count": KeyTransform("agreed", "scores"),
        "disclosure_rule": KeyTransform("rule", "scores"),
    }
    if sections:
        parts["section_scores"] = KeyTransform("sections", "scores")
    for i, item_key in enumerate(items):
        parts[f"item_score_{i}"] = KeyTransform(item_key, KeyTransform("items", "scores"))
    adms = list(
        Administration.objects.filter(
            organization_id=community.organization_id, community=community, instrument_key=key
        )
        .order_by("opened_at", "pk")
        .only(
            "pk",
            "organization_id",
            "community_id",
            "version_id",
            "instrument_key",
            "title",
            "stage",
            "status",
            "opened_at",
            "closed_at",
            "response_count",
            "anonymous",
        )
        .annotate(**parts)
    )
    prefix = _url_prefix(community.organization.slug, community.slug)
    rounds = []
    for adm, label in zip(adms, _round_labels(adms), strict=True):
        # Only what `disclosure` lets through: nothing while a round collects answers, and for caches
        # written before its rules, nothing from fewer than three answers.
        def shown(value: Any, adm: Administration = adm) -> Any:
            return disclosure.shown_value(
                status=adm.status,
                responses=adm.response_count,
                rule=adm.disclosure_rule,  # type: ignore[attr-defined]  # annotated by the query above
                value=value,
            )

        section_scores = (adm.section_scores or {}) if sections else {}  # type: ignore[attr-defined]  # annotated by the query above
        rounds.append(
            Round(
                adm=adm,
                label=label,
                total=shown(adm.total_score),  # type: ignore[attr-defined]  # annotated by the query above
                sections={k: v for k, v in section_scores.items() if shown(v) is not None},
                items={k: shown(getattr(adm, f"item_score_{i}")) for i, k in enumerate(items)},
                responses=adm.response_count,
                url=f"{prefix}assessments/{adm.pk}/results/",
            )
        )
    return rounds


@dataclass
class GapOutcome:
    """A flagged gap and what the next round said about it."""

    flag: GapFlag
    text: str
    flagged_in: Round
    next_round: Round | None
    next_score: float | None
    method: str
    target: float | None

    @property
    def status(self) -> str:
        if self.next_round is None:
            return "waiting"
        if self.next_score is None:
            return "unscored"
        if self.target is not None and self.next_score >= self.target:
            return "closed"
        flagged = float(self.flag.score)
        if self.next_score > flagged:
            return "improved"
        if self.next_score < flagged:
            return "lower"
        return "same"

    @property
    def status_text(self) -> str:
        before = format_score(float(self.flag.score), self.method)
        after = format_score(self.next_score, self.method)
        return {
            "waiting": _("Not re-assessed yet."),
            "unscored": _("Not scored in the next round."),
            "closed": _("Gap closed: %(before)s → %(after)s, at or above the target.")
            % {"before": before, "after": after},
            "improved": _("Improved: %(before)s → %(after)s, still below the target.")
            % {"before": before, "after": after},
            "lower": _("Lower: %(before)s → %(after)s.") % {"before": before, "after": after},
            "same": _("No change: %(before)s.") % {"before": before},
        }[self.status]


@dataclass
class Trend:
    key: str
    name: str
    method: str
    target: float | None
    rounds: list[Round]
    sections: list[tuple[str, str]]  # (key, title) in the latest version's order
    gaps: list[GapOutcome]
    domain: list[float] | None

    @property
    def enough(self) -> bool:
        return len(self.rounds) >= 2

    @property
    def target_text(self) -> str:
        return format_score(self.target, self.method) if self.target is not None else ""

    def table(self) -> list[tuple[Round, list[tuple[str, str]], str]]:
        """Per round: (section title, score) in column order, and the total, formatted."""
        mark = decimal_mark()
        return [
            (
                r,
                [
                    (title, format_score(r.sections.get(key), self.method, mark=mark))
                    for key, title in self.sections
                ],
                format_score(r.total, self.method, mark=mark),
            )
            for r in self.rounds
        ]


def empty_trend(version: InstrumentVersion) -> Trend:
    """The trend of an instrument not yet run in a community: its name and target, no rounds."""
    return Trend(
        key=version.instrument.key,
        name=pick(version.name),
        method=version.scoring,
        target=None if version.target is None else float(version.target),
        rounds=[],
        sections=[],
        gaps=[],
        domain=axis_domain(version),
    )


def trend_for(community: Community, key: str, *, until: Administration | None = None) -> Trend | None:
    """Every round of one instrument in a community, with section titles and what became of flagged gaps.

    With `until`, the rounds up to that one (a round's report compares it with earlier ones only).
    Four queries whatever the number of rounds: the rounds (scores column only), their versions, those
    versions' sections, and the community's flags for this instrument. None when the key was never used.
    """
    flags = list(
        GapFlag.objects.filter(
            organization_id=community.organization_id,
            community=community,
            administration__instrument_key=key,
        )
        .select_related("item")
        .only("administration_id", "score", "resolved_at", "flagged_at", "item__key", "item__text")
        .order_by("flagged_at", "pk")
    )
    rounds = rounds_of(community, key, sections=True, items=sorted({f.item.key for f in flags}))
    if until is not None:
        ends = [i for i, r in enumerate(rounds) if r.adm.pk == until.pk]
        rounds = rounds[: ends[0] + 1] if ends else rounds
    if not rounds:
        return None
    version_ids = {r.adm.version_id for r in rounds}
    versions = {
        v.pk: v
        for v in InstrumentVersion.objects.filter(pk__in=version_ids).only(
            "pk", "scoring", "target", "definition", "kind"
        )
    }
    latest = versions[rounds[-1].adm.version_id]
    titles: dict[str, str] = {}
    order: dict[str, tuple[int, int]] = {}
    latest_rank = {pk: (0 if pk == latest.pk else 1) for pk in versions}
    for s in Section.objects.filter(version_id__in=version_ids).only(
        "version_id", "key", "title", "position"
    ):
        rank = (latest_rank[s.version_id], s.position)
        if s.key not in order or rank < order[s.key]:
            order[s.key] = rank
            titles[s.key] = pick(s.title)
    reached = {k for r in rounds for k in r.sections}
    sections = [(k, titles[k]) for k in sorted(order, key=order.__getitem__) if k in reached]
    method = latest.scoring
    target = None if latest.target is None else float(latest.target)

    position = {r.adm.pk: i for i, r in enumerate(rounds)}
    gaps = []
    for flag in flags:
        i = position.get(flag.administration_id)
        if i is None:
            continue
        after = rounds[i + 1] if i + 1 < len(rounds) else None
        gaps.append(
            GapOutcome(
                flag=flag,
                text=pick(flag.item.text),
                flagged_in=rounds[i],
                next_round=after,
                next_score=after.items.get(flag.item.key) if after else None,
                method=method,
                target=target,
            )
        )
    return Trend(
        key=key,
        name=pick(latest.name),
        method=method,
        target=target,
        rounds=rounds,
        sections=sections,
        gaps=gaps,
        domain=axis_domain(latest),
    )


# The community page --------------------------------------------------------------------------------------


@dataclass
class LatestResult:
    adm: Administration
    name: str
    final: bool
    total_text: str
    target_text: str
    below: bool
    sections_below: int
    sections: int
    url: str
    trend_url: str


@dataclass
class OpenRound:
    adm: Administration
    name: str
    title: str
    answered: int
    invited: int
    answer_url: str  # empty unless the viewer is invited and has not answered
    url: str


@dataclass
class PendingGap:
    flag: GapFlag
    text: str
    instrument: str
    score_text: str
    url: str


@dataclass
class ReflectionRow:
    domain: str
    question: str
    answer: str
    written_at: datetime


@dataclass
class CommunityPanel:
    latest: list[LatestResult]
    open_rounds: list[OpenRound]
    gaps: list[PendingGap]
    more_gaps: int
    reflections: list[ReflectionRow]
    stage_label: str
    list_url: str
    reflections_url: str
    more_open: bool = False

    @property
    def empty(self) -> bool:
        return not (self.latest or self.open_rounds or self.gaps or self.reflections)


def community_section(tenant: Tenant, community: Community) -> dict:
    """The assessments section of the community page (registered in AssessmentsConfig.ready())."""
    can_plan = tenant.can("planning.change", community)
    org = tenant.organization
    return {
        "assessments_panel": community_panel(tenant, community),
        "new_goal_url": reverse("planning:goal_create", args=[org.slug, community.slug]) if can_plan else "",
    }


def community_panel(tenant: Tenant, community: Community) -> CommunityPanel:
    """What the community page shows of assessments, in four queries whatever the history.

    1. a few open rounds (with the invitee count and whether the viewer still has to answer), 2. the
    latest scored round of each instrument, 3. pending gaps, 4. this stage's reflections.
    """
    prefix = _url_prefix(tenant.organization.slug, community.slug)
    scoped = Administration.objects.filter(organization=tenant.organization, community=community)
    latest_scored = (  # the latest round with figures that may show: no longer collecting answers
        scoped.filter(instrument_key=OuterRef("instrument_key"), response_count__gt=0)
        .exclude(status=AdministrationStatus.OPEN)
        .order_by("-opened_at", "-pk")
        .values("pk")[:1]
    )
    mine = Invitee.objects.filter(administration=OuterRef("pk"), user=tenant.user, submitted_at__isnull=True)
    open_statuses = [AdministrationStatus.OPEN, AdministrationStatus.CONSENSUS]
    fields = (
        "pk",
        "instrument_key",
        "title",
        "status",
        "opened_at",
        "response_count",
        "anonymous",
        "scores",
        "version__scoring",
        "version__target",
        "version__definition",
    )
    # Rounds the viewer still has to answer first, then the newest; a few, however many are open.
    opened = list(
        scoped.filter(status__in=open_statuses)
        .select_related("version")
        .only(*fields)
        .annotate(
            invited=invited_count(),
            to_answer=Exists(mine),
        )
        .order_by(F("to_answer").desc(), "-opened_at", "-pk")[: PANEL_OPEN + 1]
    )
    # The latest round with answers of each instrument (one per instrument, whatever the history).
    scored = list(
        scoped.filter(pk=Subquery(latest_scored))
        .select_related("version")
        .only(*fields)
        .order_by("instrument_key")
    )
    open_rounds = []
    for open_adm in opened[:PANEL_OPEN]:
        open_rounds.append(
            OpenRound(
                adm=open_adm,
                name=pick(open_adm.version.name),
                title=open_adm.title,
                answered=open_adm.response_count,
                invited=open_adm.invited,
                answer_url=(
                    f"{prefix}assessments/{open_adm.pk}/answer/"
                    if open_adm.to_answer and open_adm.status == AdministrationStatus.OPEN
                    else ""
                ),
                url=f"{prefix}assessments/{open_adm.pk}/results/",
            )
        )
    latest = []
    for adm in scored:
        shown = adm.shown_scores  # what `disclosure` lets through of the cached scores
        if shown.withheld:  # still collecting answers, or too few people behind any figure
            continue
        version = adm.version
        target = None if version.target is None else float(version.target)
        section_scores = {k: v for k, v in shown.sections.items() if v is not None}
        latest.append(
            LatestResult(
                adm=adm,
                name=pick(version.name),
                final=adm.status == AdministrationStatus.CLOSED,
                total_text=format_score(shown.total, version.scoring),
                target_text=format_score(target, version.scoring) if target is not None else "",
                below=scoring.below_target(shown.total, target),
                sections_below=sum(scoring.below_target(v, target) for v in section_scores.values()),
                sections=len(section_scores),
                url=f"{prefix}assessments/{adm.pk}/results/",
                trend_url=f"{prefix}assessments/trend/{adm.instrument_key}/",
            )
        )

    flags = list(
        GapFlag.objects.filter(
            organization=tenant.organization, community=community, resolved_at__isnull=True
        )
        .select_related("item", "administration__version")
        .only(
            "pk",
            "score",
            "flagged_at",
            "administration_id",
            "item__text",
            "administration__version__scoring",
            "administration__version__definition",
        )
        .order_by("-flagged_at", "-pk")[: PANEL_GAPS + 1]
    )
    gaps = [
        PendingGap(
            flag=flag,
            text=pick(flag.item.text),
            instrument=pick(flag.administration.version.name),
            score_text=format_score(float(flag.score), flag.administration.version.scoring),
            url=f"{prefix}assessments/{flag.administration_id}/results/#item-{flag.item_id}",
        )
        for flag in flags[:PANEL_GAPS]
    ]

    return CommunityPanel(
        latest=latest,
        open_rounds=open_rounds,
        more_open=len(opened) > PANEL_OPEN,
        gaps=gaps,
        more_gaps=max(0, len(flags) - PANEL_GAPS),
        reflections=stage_reflections(community),
        stage_label=str(Stage(community.stage).label),
        list_url=reverse("assessments:list", args=[tenant.organization.slug, community.slug]),
        reflections_url=reverse("assessments:reflections", args=[tenant.organization.slug, community.slug]),
    )


def stage_reflections(community: Community) -> list[ReflectionRow]:
    """The team's latest answer to each stage-guided question of the community's current stage (one query)."""
    rows = Reflection.objects.filter(
        organization_id=community.organization_id, community=community, stage=community.stage
    ).only("domain", "question_key", "answer", "written_at")
    latest: dict[tuple[str, str], Reflection] = {}
    for reflection in rows.order_by("-written_at", "-pk"):
        latest.setdefault((reflection.domain, reflection.question_key), reflection)
    if not latest:
        return []
    from cocreate.partners.models import CAPACITY_DOMAINS

    from .instruments import stage_questions  # reads a file: only when there is something to label

    questions = stage_questions()
    result = []
    for domain, label in CAPACITY_DOMAINS:
        for question in questions.get(domain, {}).get(community.stage, []):
            row = latest.get((domain, question["key"]))
            if row is not None:
                result.append(
                    ReflectionRow(
                        domain=str(label),
                        question=pick(question["text"]),
                        answer=row.answer,
                        written_at=row.written_at,
                    )
                )
    return result

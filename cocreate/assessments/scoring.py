"""Scores, spreads and alignment: pure functions over plain numbers, shared by pages, exports and the API.

Scores are in the unit of the instrument's scoring method: a percent of the possible maximum, a mean
value, or a sum. An item's value is the team's agreed value when there is one, else the mean of the
individual answers (surveys never have agreed values).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

ALIGNMENT_GAP = 25.0  # percentage points between perspectives that flag a pair as misaligned


def score(given: Iterable[float | None], method: str, maximum: float) -> float | None:
    """Score a set of item values (None when there are none)."""
    values = [v for v in given if v is not None]
    if not values:
        return None
    if method == "sum":
        return round(sum(values), 2)
    if method == "mean":
        return round(statistics.fmean(values), 2)
    if maximum <= 0:
        return None
    return round(100 * sum(values) / (maximum * len(values)), 1)


def below_target(value: float | None, target: float | None) -> bool:
    return value is not None and target is not None and value < target


@dataclass
class Spread:
    """How the individual ratings of one item spread across the scale."""

    counts: dict[int, int]
    n: int
    low: int | None
    high: int | None
    mean: float | None
    stdev: float

    @property
    def range(self) -> int:
        return 0 if self.low is None or self.high is None else self.high - self.low


def spread(given: Iterable[int | None], scale_values: list[int]) -> Spread:
    values = [v for v in given if v is not None]
    counts = Counter(values)
    n = len(values)
    mean = sum(values) / n if n else 0.0
    # Plain float arithmetic: statistics.pstdev works in exact fractions, far slower for a page of
    # forty items, and a spread of small whole numbers needs no such precision.
    stdev = math.sqrt(sum((v - mean) ** 2 for v in values) / n) if n > 1 else 0.0
    return Spread(
        counts={v: counts.get(v, 0) for v in scale_values},
        n=n,
        low=min(values) if values else None,
        high=max(values) if values else None,
        mean=round(mean, 2) if n else None,
        stdev=round(stdev, 3),
    )


def disagreement_order(spreads: Mapping[str, Spread]) -> list[str]:
    """Item keys, widest disagreement first (range, then standard deviation); ties keep their order."""
    keys = list(spreads)
    return sorted(keys, key=lambda k: (-spreads[k].range, -spreads[k].stdev, keys.index(k)))


@dataclass
class ItemResult:
    key: str
    section: str
    value: float | None  # agreed value, else the individual mean
    agreed: bool
    score: float | None


@dataclass
class Results:
    method: str
    target: float | None
    total: float | None
    sections: dict[str, float | None]
    items: dict[str, ItemResult]
    responses: int
    agreed: int
    extra: dict = field(default_factory=dict)

    def as_cache(self) -> dict:
        return {
            "total": self.total,
            "sections": self.sections,
            "responses": self.responses,
            "agreed": self.agreed,
            "items": {k: r.score for k, r in self.items.items()},
        }


def results(
    *,
    items: list[tuple[str, str]],  # (item key, section key), in order
    answers: Sequence[Mapping[str, int]],
    agreed: Mapping[str, int],
    method: str,
    maximum: float,
    target: float | None,
    sums: Mapping[str, list[float]] | None = None,
    responses: int | None = None,
    min_group: int = 1,
) -> Results:
    """Scores per item, section and in total, from individual answers and agreed values.

    Instead of the answers, `sums` ({item key: [sum, count]}) and `responses` may be given: the
    running totals a round keeps while it collects answers, so each new answer need not re-read the rest.
    An item not agreed and answered by fewer than `min_group` people gets no value, and so counts in
    no section score or total (`disclosure` passes its small-group rule).
    """
    if sums is not None:
        means = {key: total / count for key, (total, count) in sums.items() if count >= max(min_group, 1)}
    by_item: dict[str, ItemResult] = {}
    value: float | None
    for key, section in items:
        if key in agreed:
            value, is_agreed = float(agreed[key]), True
        elif sums is not None:
            value, is_agreed = means.get(key), False
        else:
            individual = [a[key] for a in answers if a.get(key) is not None]
            enough = individual and len(individual) >= min_group
            value, is_agreed = (statistics.fmean(individual) if enough else None), False
        by_item[key] = ItemResult(key, section, value, is_agreed, score([value], method, maximum))
    sections: dict[str, list[float | None]] = {}
    for r in by_item.values():
        sections.setdefault(r.section, []).append(r.value)
    return Results(
        method=method,
        target=target,
        total=score([r.value for r in by_item.values()], method, maximum),
        sections={key: score(values, method, maximum) for key, values in sections.items()},
        items=by_item,
        responses=len(answers) if responses is None else responses,
        agreed=sum(r.agreed for r in by_item.values()),
    )


@dataclass
class Alignment:
    """One paired item: the share of each perspective at the top of the scale, shown only for big groups."""

    key: str
    shares: dict[str, float | None]  # perspective -> percent (None when the group is too small)
    sizes: dict[str, int | None]  # people per perspective (None: one or two, not shown)
    gap: float | None

    @property
    def flagged(self) -> bool:
        return self.gap is not None and self.gap >= ALIGNMENT_GAP


def alignment(
    item_keys: list[str],
    answers_by_perspective: Mapping[str, list[Mapping[str, int]]],
    maximum: float,
    *,
    min_group: int,
) -> list[Alignment]:
    """Per item, each perspective's mean as a percent of the maximum; groups under `min_group` are
    withheld here, and `disclosure` withholds the other groups beside them."""
    rows = []
    for key in item_keys:
        shares: dict[str, float | None] = {}
        sizes: dict[str, int | None] = {}
        for perspective, answers in answers_by_perspective.items():
            values = [a[key] for a in answers if a.get(key) is not None]
            sizes[perspective] = len(values)
            shares[perspective] = score(values, "percent", maximum) if len(values) >= min_group else None
        known = [s for s in shares.values() if s is not None]
        gap = round(max(known) - min(known), 1) if len(known) >= 2 else None
        rows.append(Alignment(key, shares, sizes, gap))
    return rows

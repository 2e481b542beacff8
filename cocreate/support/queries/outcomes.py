"""Dosage beside interim outcomes and capacity: three measures over the same months, side by side.

Descriptive only. The months line up so a team can read them together; nothing here estimates what
the support caused. The scores come from the cached totals of each round (`Administration.scores`),
never from the responses: one query for the rounds of both instruments, one for their latest
versions (scoring method, range, target), and the dosage's own grouped queries — however many events
and rounds the community has.

A month's score is the average of the totals of the rounds opened that month. An anonymous round with
fewer than three answers, or still collecting them, is withheld as `assessments.disclosure` decides
(as on its results page), and counted as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import F, Q
from django.db.models.fields.json import KeyTransform
from django.utils import timezone

from cocreate.assessments import disclosure
from cocreate.assessments.models import Administration, InstrumentVersion, VersionStatus
from cocreate.assessments.results import axis_domain
from cocreate.core.models import Community

from . import dosage as q

INTERIM_KEY = "interim-outcomes"
CAPACITY_KEY = "capacity"
KEYS = (INTERIM_KEY, CAPACITY_KEY)


@dataclass
class MonthScore:
    """The rounds of one instrument opened in one month."""

    scores: list[float] = field(default_factory=list)  # each scored round's total
    responses: int = 0  # answers in the scored rounds
    withheld: int = 0  # anonymous rounds with too few answers to show

    @property
    def rounds(self) -> int:
        return len(self.scores)

    @property
    def score(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 2) if self.scores else None


@dataclass
class Measure:
    """How an instrument scores (from its latest version in the community's rounds)."""

    key: str
    method: str = "mean"
    domain: list[float] | None = None
    target: float | None = None


@dataclass
class MonthOutcomes:
    month: date
    dosage: q.MonthDosage
    scores: dict[str, MonthScore]  # instrument key -> its rounds that month

    @property
    def interim(self) -> MonthScore:
        return self.scores[INTERIM_KEY]

    @property
    def capacity(self) -> MonthScore:
        return self.scores[CAPACITY_KEY]

    @property
    def empty(self) -> bool:
        return not self.dosage.events and not any(s.rounds or s.withheld for s in self.scores.values())


@dataclass
class Outcomes:
    months: list[MonthOutcomes]
    measures: dict[str, Measure]

    @property
    def has_support(self) -> bool:
        return any(m.dosage.events for m in self.months)

    def has_scores(self, key: str) -> bool:
        return any(m.scores[key].rounds for m in self.months)

    def withheld(self, key: str) -> int:
        return sum(m.scores[key].withheld for m in self.months)

    @property
    def empty(self) -> bool:
        return all(m.empty for m in self.months)


def _month_of(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _rounds(community: Community, first: date | None, today: date) -> list[dict]:
    """Both instruments' rounds opened in the window, with their cached totals (one query)."""
    rounds = Administration.objects.filter(
        organization_id=community.organization_id, community=community, instrument_key__in=KEYS
    )
    if first is not None:
        rounds = rounds.filter(opened_at__gte=timezone.make_aware(datetime.combine(first, time.min)))
    end = timezone.make_aware(datetime.combine(q.add_months(q.month_start(today), 1), time.min))
    return list(
        rounds.filter(opened_at__lt=end)
        .annotate(total=KeyTransform("total", "scores"), rule=KeyTransform("rule", "scores"))
        .order_by("opened_at", "pk")
        .values("instrument_key", "version_id", "opened_at", "status", "response_count", "total", "rule")
    )


def _measures(rounds: list[dict]) -> dict[str, Measure]:
    """Each instrument's scoring, range and target, from the newest version its rounds used (one query)."""
    latest: dict[str, int] = {}
    for row in rounds:
        latest[row["instrument_key"]] = row["version_id"]
    versions = {}
    if latest:
        versions = {
            v.pk: v
            for v in InstrumentVersion.objects.filter(pk__in=set(latest.values())).only(
                "pk", "scoring", "target", "definition"
            )
        }
    measures = {}
    for key in KEYS:
        version = versions.get(latest[key]) if key in latest else None
        if version is None:
            measures[key] = Measure(key=key, method="mean" if key == INTERIM_KEY else "percent")
            continue
        measures[key] = Measure(
            key=key,
            method=version.scoring,
            domain=axis_domain(version),
            target=None if version.target is None else float(version.target),
        )
    return measures


def interim_version(organization_id: int) -> InstrumentVersion | None:
    """The interim-outcomes survey to send: the organization's own published adaptation if it has one,
    else the built-in; the newest published version of it."""
    return (
        InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED, instrument__key=INTERIM_KEY)
        .filter(Q(instrument__organization_id=organization_id) | Q(instrument__organization__isnull=True))
        .select_related("instrument")
        .order_by(F("instrument__organization_id").asc(nulls_last=True), "-number")  # the own one first
        .first()
    )


def outcomes_by_month(
    community: Community, *, months: int | None = 12, today: date | None = None
) -> Outcomes:
    """Dosage, interim-outcomes and capacity scores per month, oldest first, empty months included.

    `months=None`: from the first event or round, whichever came first.
    """
    today = today or timezone.localdate()
    first = q.window_start(months, today)
    dosage = q.dosage_by_month(community, months=months, today=today, by_domain=False)
    rounds = _rounds(community, first, today)
    if first is None:
        starts = [m.month for m in dosage[:1]] + [_month_of(r["opened_at"]) for r in rounds[:1]]
        if not starts:
            return Outcomes(months=[], measures=_measures(rounds))
        first = min(starts)
    by_month = {m.month: m for m in dosage}
    result = {
        month: MonthOutcomes(
            month=month,
            dosage=by_month.get(month) or q.MonthDosage(month=month),
            scores={key: MonthScore() for key in KEYS},
        )
        for month in q.month_starts(first, today)
    }
    for row in rounds:
        month = result.get(_month_of(row["opened_at"]))
        if month is None:
            continue
        score = month.scores[row["instrument_key"]]
        total = disclosure.shown_value(
            status=row["status"], responses=row["response_count"], rule=row["rule"], value=row["total"]
        )
        if total is None and row["response_count"]:
            score.withheld += 1
        elif total is not None:
            score.scores.append(total)
            score.responses += row["response_count"]
    return Outcomes(months=list(result.values()), measures=_measures(rounds))

"""Where the partnership has gaps: who is missing from the table, who is kept at arm's length, which teams
lack a bench of community members with lived experience, who is below plan, and who has gone quiet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import ngettext

from cocreate.core.models import Community, Team

from .models import PARTNER_TYPE_SHORT, EngagementLevel, Level, Partner, PartnerType

BENCH_SIZE = 2  # every team keeps at least two community members with lived experience


@dataclass
class Gaps:
    missing_types: list[PartnerType] = field(default_factory=list)
    inform_only_types: list[PartnerType] = field(default_factory=list)
    no_level_types: list[PartnerType] = field(default_factory=list)  # at the table, no level recorded yet
    thin_teams: list[tuple[Team, int]] = field(default_factory=list)
    below_plan: list[Partner] = field(default_factory=list)
    stale: list[Partner] = field(default_factory=list)
    stale_days: int = 60
    partner_count: int = 0

    @property
    def missing_type_labels(self) -> list[str | Promise]:
        return [PARTNER_TYPE_SHORT[t] for t in self.missing_types]

    @property
    def inform_only_type_labels(self) -> list[str | Promise]:
        return [PARTNER_TYPE_SHORT[t] for t in self.inform_only_types]

    @property
    def no_level_type_labels(self) -> list[str | Promise]:
        return [PARTNER_TYPE_SHORT[t] for t in self.no_level_types]

    @property
    def count(self) -> int:
        return (
            len(self.missing_types)
            + len(self.inform_only_types)
            + len(self.no_level_types)
            + len(self.thin_teams)
            + len(self.below_plan)
            + len(self.stale)
        )


def stale_before():
    return timezone.localdate() - timedelta(days=settings.PARTNER_STALE_DAYS)


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def stale_q(cutoff=None) -> Q:
    """Partners without contact since `cutoff` (default: PARTNER_STALE_DAYS ago): last engaged before
    it, or never engaged and added before it (someone added today has not gone quiet)."""
    cutoff = cutoff or stale_before()
    return Q(last_engaged_on__lt=cutoff) | Q(last_engaged_on__isnull=True, created_at__lt=_start_of(cutoff))


def is_stale(partner: Partner, cutoff) -> bool:
    if partner.last_engaged_on is not None:
        return partner.last_engaged_on < cutoff
    return partner.created_at < _start_of(cutoff)


def _bench_member_for_team():
    return Q(
        roles__partner__partner_type=PartnerType.COMMUNITY,
        roles__partner__lived_experience=True,
        roles__partner__erased_at=None,
        roles__partner__archived_at=None,
    )


def community_gaps(community: Community, *, limit: int = 10) -> Gaps:
    """The gap list for one community page, in three indexed queries (partners, their levels, teams).

    Levels are read by their own `community` column rather than joined from the partners, so the
    database touches only this community's rows however large the organization grows.
    """
    cutoff = stale_before()
    partners = list(
        Partner.objects.active()
        .filter(community=community)
        .only("pk", "name", "partner_type", "last_engaged_on", "created_at", "community_id")
        .order_by("name")
    )
    deepest_of: dict[int, int] = {}
    below: set[int] = set()
    levels = EngagementLevel.objects.filter(community=community).values_list(
        "partner_id", "current", "planned"
    )
    for partner_id, current, planned in levels:
        deepest_of[partner_id] = max(deepest_of.get(partner_id, 0), current)
        if planned > current:
            below.add(partner_id)
    gaps = Gaps(stale_days=settings.PARTNER_STALE_DAYS, partner_count=len(partners))
    deepest: dict[str, int] = {}
    for partner in partners:
        level = deepest_of.get(partner.pk, 0)  # 0: no level recorded yet (not "informed")
        deepest[partner.partner_type] = max(deepest.get(partner.partner_type, 0), level)
        if partner.pk in below and len(gaps.below_plan) < limit:
            gaps.below_plan.append(partner)
        if is_stale(partner, cutoff) and len(gaps.stale) < limit:
            gaps.stale.append(partner)
    for ptype in PartnerType:
        if ptype.value not in deepest:
            gaps.missing_types.append(ptype)
        elif deepest[ptype.value] == 0:
            gaps.no_level_types.append(ptype)
        elif deepest[ptype.value] <= Level.INFORM:
            gaps.inform_only_types.append(ptype)
    teams = Team.objects.filter(community=community, archived_at__isnull=True).annotate(
        bench=Count("roles__partner", filter=_bench_member_for_team(), distinct=True)
    )
    gaps.thin_teams = [(team, team.bench) for team in teams if team.bench < BENCH_SIZE]
    return gaps


def portfolio_gap_counts(community_ids: list[int]) -> dict[int, dict[str, int]]:
    """Gap counts for a page of communities in three grouped, indexed queries (flat as data grows)."""
    counts = {
        pk: {
            "missing_types": len(PartnerType),
            "inform_only_types": 0,
            "no_level_types": 0,
            "thin_teams": 0,
            "below_plan": 0,
            "stale": 0,
        }
        for pk in community_ids
    }
    if not community_ids:
        return counts
    stale = stale_q()
    by_type = (
        Partner.objects.active()
        .filter(community_id__in=community_ids)
        .order_by()
        .values("community_id", "partner_type")
        .annotate(stale=Count("pk", filter=stale))
    )
    present: dict[tuple[int, str], int] = {}
    for row in by_type:
        counts[row["community_id"]]["missing_types"] -= 1
        counts[row["community_id"]]["stale"] += row["stale"]
        present[(row["community_id"], row["partner_type"])] = 0  # no level recorded yet
    levels = (
        EngagementLevel.objects.filter(
            community_id__in=community_ids,
            # Redundant, but it lets the database find the partners by community instead of scanning them all.
            partner__community_id__in=community_ids,
            partner__archived_at__isnull=True,
            partner__erased_at__isnull=True,
        )
        .order_by()
        .values("community_id", "partner__partner_type")
        .annotate(
            deepest=Max("current"), below=Count("partner", filter=Q(planned__gt=F("current")), distinct=True)
        )
    )
    for row in levels:
        key = (row["community_id"], row["partner__partner_type"])
        present[key] = max(present.get(key, 0), row["deepest"])
        counts[row["community_id"]]["below_plan"] += row["below"]
    for (community_id, _type), deepest in present.items():
        if deepest == 0:
            counts[community_id]["no_level_types"] += 1
        elif deepest <= Level.INFORM:
            counts[community_id]["inform_only_types"] += 1
    teams = (
        Team.objects.filter(community_id__in=community_ids, archived_at__isnull=True)
        .annotate(bench=Count("roles__partner", filter=_bench_member_for_team(), distinct=True))
        .filter(bench__lt=BENCH_SIZE)
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"))
    )
    for row in teams:
        counts[row["community_id"]]["thin_teams"] = row["n"]
    return counts


def portfolio_gaps(community_ids) -> dict[int, list[str]]:
    """Each community's gap badges for the portfolio's "Partner gaps" column (a few queries a page)."""
    return {pk: gap_badges(counts) for pk, counts in portfolio_gap_counts(list(community_ids)).items()}


def gap_badges(counts: dict[str, int]) -> list[str]:
    """A community's gap counts as the short texts of the portfolio table's badges, those above zero."""
    phrases = [
        (
            counts["missing_types"],
            ngettext("%(n)s type missing", "%(n)s types missing", counts["missing_types"]),
        ),
        (
            counts["inform_only_types"],
            ngettext("%(n)s type only informed", "%(n)s types only informed", counts["inform_only_types"]),
        ),
        (
            counts["no_level_types"],
            ngettext(
                "%(n)s type with no level yet", "%(n)s types with no level yet", counts["no_level_types"]
            ),
        ),
        (
            counts["thin_teams"],
            ngettext("%(n)s team needs a bench", "%(n)s teams need a bench", counts["thin_teams"]),
        ),
        (counts["below_plan"], ngettext("%(n)s below plan", "%(n)s below plan", counts["below_plan"])),
        (
            counts["stale"],
            ngettext("%(n)s without recent contact", "%(n)s without recent contact", counts["stale"]),
        ),
    ]
    return [text % {"n": n} for n, text in phrases if n]

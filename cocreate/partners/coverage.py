"""Where the partnership has gaps: who is missing from the table, who is kept at arm's length, which teams
lack a bench of community members with lived experience, who is below plan, and who has gone quiet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils import timezone

from cocreate.core.models import Community, Team

from .models import PARTNER_TYPE_SHORT, EngagementLevel, Level, Partner, PartnerType

BENCH_SIZE = 2  # every team keeps at least two community members with lived experience


@dataclass
class Gaps:
    missing_types: list[PartnerType] = field(default_factory=list)
    inform_only_types: list[PartnerType] = field(default_factory=list)
    thin_teams: list[tuple[Team, int]] = field(default_factory=list)
    below_plan: list[Partner] = field(default_factory=list)
    stale: list[Partner] = field(default_factory=list)
    stale_days: int = 60
    partner_count: int = 0

    @property
    def missing_type_labels(self) -> list[str]:
        return [PARTNER_TYPE_SHORT[t] for t in self.missing_types]

    @property
    def inform_only_type_labels(self) -> list[str]:
        return [PARTNER_TYPE_SHORT[t] for t in self.inform_only_types]

    @property
    def count(self) -> int:
        return (
            len(self.missing_types)
            + len(self.inform_only_types)
            + len(self.thin_teams)
            + len(self.below_plan)
            + len(self.stale)
        )


def stale_before():
    return timezone.localdate() - timedelta(days=settings.PARTNER_STALE_DAYS)


def _bench_member_for_team():
    return Q(
        roles__partner__partner_type=PartnerType.COMMUNITY,
        roles__partner__lived_experience=True,
        roles__partner__erased_at=None,
        roles__partner__archived_at=None,
    )


def community_gaps(community: Community, *, limit: int = 10) -> Gaps:
    """The gap list for one community page: two queries, one row per partner and one per team."""
    cutoff = stale_before()
    below = EngagementLevel.objects.filter(partner=OuterRef("pk"), planned__gt=F("current"))
    rows = (
        Partner.objects.active()
        .filter(community=community)
        .annotate(deepest=Max("levels__current"), below_plan=Exists(below))
        .only("pk", "name", "partner_type", "last_engaged_on", "community_id")
        .order_by("name")
    )
    gaps = Gaps(stale_days=settings.PARTNER_STALE_DAYS)
    deepest: dict[str, int] = {}
    for partner in rows:
        gaps.partner_count += 1
        level = partner.deepest or Level.INFORM
        deepest[partner.partner_type] = max(deepest.get(partner.partner_type, 0), level)
        if partner.below_plan and len(gaps.below_plan) < limit:
            gaps.below_plan.append(partner)
        if (partner.last_engaged_on is None or partner.last_engaged_on < cutoff) and len(gaps.stale) < limit:
            gaps.stale.append(partner)
    for ptype in PartnerType:
        if ptype.value not in deepest:
            gaps.missing_types.append(ptype)
        elif deepest[ptype.value] <= Level.INFORM:
            gaps.inform_only_types.append(ptype)
    teams = Team.objects.filter(community=community, archived_at__isnull=True).annotate(
        bench=Count("roles__partner", filter=_bench_member_for_team(), distinct=True)
    )
    gaps.thin_teams = [(team, team.bench) for team in teams if team.bench < BENCH_SIZE]
    return gaps


def portfolio_gap_counts(community_ids: list[int]) -> dict[int, dict[str, int]]:
    """Gap counts for a page of communities in two grouped queries (flat as the portfolio grows)."""
    counts = {
        pk: {
            "missing_types": len(PartnerType),
            "inform_only_types": 0,
            "thin_teams": 0,
            "below_plan": 0,
            "stale": 0,
        }
        for pk in community_ids
    }
    if not community_ids:
        return counts
    stale = Q(last_engaged_on__lt=stale_before()) | Q(last_engaged_on__isnull=True)
    by_type = (
        Partner.objects.active()
        .filter(community_id__in=community_ids)
        .order_by()
        .values("community_id", "partner_type")
        .annotate(
            deepest=Max("levels__current"),
            below_plan=Count("pk", filter=Q(levels__planned__gt=F("levels__current")), distinct=True),
            stale=Count("pk", filter=stale, distinct=True),
        )
    )
    for row in by_type:
        gaps = counts[row["community_id"]]
        gaps["missing_types"] -= 1
        if (row["deepest"] or Level.INFORM) <= Level.INFORM:
            gaps["inform_only_types"] += 1
        gaps["below_plan"] += row["below_plan"]
        gaps["stale"] += row["stale"]
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

"""Generated partners for benchmarks: areas and a plan per community, partners of every type, ladder
histories and team roles. Steps for `cocreate.core.generate` (see its docstring for the contract)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cocreate.core.generate import Build, Step, insert, person_name
from cocreate.core.models import Team

from .actions import default_areas_for
from .models import EngagementChange, EngagementLevel, EngagementPlan, Level, Partner, PartnerType, TeamRole

# Share of each partner type among a community's partners (community members are the largest group).
TYPE_MIX = [
    (PartnerType.COMMUNITY, 40),
    (PartnerType.AGENCY, 25),
    (PartnerType.RESEARCH, 10),
    (PartnerType.INTERMEDIARY, 10),
    (PartnerType.FUNDER, 15),
]
REASONS = [
    "Came to a listening session and asked to stay involved.",
    "Reviewed the draft plan and suggested changes the team adopted.",
    "Joined the monthly planning meeting.",
    "Co-facilitated a community meeting.",
    "Stepped back for a few months for family reasons.",
]


def create_areas_and_plans(build: Build) -> Iterator[int]:
    """What the post-save signal does for each new community (bulk inserts send no signals)."""
    areas = [area for community in build.communities for area in default_areas_for(community)]
    build.extra["areas"] = {}
    for batch in insert(build, type(areas[0]), areas):
        for area in batch:
            build.extra["areas"].setdefault(area.community_id, []).append(area)
        yield len(batch)
    plans = (EngagementPlan(organization=build.org, community=c) for c in build.communities)
    for batch in insert(build, EngagementPlan, plans):
        yield len(batch)


def create_partner_records(build: Build) -> Iterator[int]:
    rng, per = build.rng, build.options.partners_per_community
    types = [t for t, share in TYPE_MIX for _ in range(share)]

    def rows():
        for i, community in enumerate(build.communities):
            for j in range(per):
                ptype = types[(j * 37 + i) % len(types)]
                lived = ptype == PartnerType.COMMUNITY and rng.random() < 0.85
                yield Partner(
                    organization=build.org,
                    community=community,
                    name=person_name(rng),
                    partner_type=ptype,
                    lived_experience=lived,
                    languages=rng.choice(["English", "English, Spanish", "Spanish", "English, Vietnamese"]),
                    email=f"p{i}-{j}@{build.options.email_domain}",
                    available_days=sorted(rng.sample(range(7), rng.randint(1, 4))),
                    available_times=[rng.choice(["morning", "afternoon", "evening"])],
                    last_engaged_on=(build.now - timedelta(days=rng.randint(0, 120))).date(),
                    created_at=community.created_at,
                )

    build.extra["partners"] = []
    for batch in insert(build, Partner, rows()):
        build.extra["partners"].extend(batch)
        yield len(batch)


def create_ladder_histories(build: Build) -> Iterator[int]:
    """Each partner climbs (and sometimes steps back) in one or two areas; the last move is their level."""
    rng, per_partner = build.rng, build.options.level_changes_per_partner
    levels: list[EngagementLevel] = []

    def changes():
        for partner in build.extra["partners"]:
            areas = rng.sample(build.extra["areas"][partner.community_id], 2)
            moves = [per_partner - per_partner // 2, per_partner // 2]
            for area, n in zip(areas, moves, strict=True):
                if not n:
                    continue
                current, planned = None, rng.randint(Level.CONSULT, Level.CO_LEAD)
                when = build.now - timedelta(days=30 * n + rng.randint(0, 20))
                for _ in range(n):
                    previous = current
                    step = rng.choice([1, 1, 1, -1]) if current else 0
                    current = min(max((current or rng.randint(1, 2)) + step, Level.INFORM), Level.CO_LEAD)
                    yield EngagementChange(
                        organization=build.org,
                        community_id=partner.community_id,
                        partner=partner,
                        area=area,
                        from_current=previous,
                        to_current=current,
                        from_planned=planned if previous else None,
                        to_planned=planned,
                        reason=rng.choice(REASONS),
                        changed_at=when,
                    )
                    when += timedelta(days=rng.randint(15, 40))
                assert current is not None  # n > 0 moves were made
                levels.append(
                    EngagementLevel(
                        organization=build.org,
                        community_id=partner.community_id,
                        partner=partner,
                        area=area,
                        current=current,
                        planned=planned,
                        changed_at=when,
                    )
                )

    for batch in insert(build, EngagementChange, changes()):
        yield len(batch)
    for batch in insert(build, EngagementLevel, levels):
        yield len(batch)


def create_team_roles(build: Build) -> Iterator[int]:
    """A few partners on each team; some teams get fewer than two community members (a gap to show)."""
    rng = build.rng
    teams: dict[int, list[Team]] = {}
    for team in Team.objects.filter(organization=build.org).only("pk", "community_id"):
        teams.setdefault(team.community_id, []).append(team)
    by_community: dict[int, list[Partner]] = {}
    for partner in build.extra["partners"]:
        by_community.setdefault(partner.community_id, []).append(partner)

    def rows():
        for community_id, partners in by_community.items():
            for team in teams.get(community_id, []):
                for partner in rng.sample(partners, min(len(partners), rng.randint(1, 5))):
                    yield TeamRole(
                        organization=build.org,
                        community_id=community_id,
                        team=team,
                        partner=partner,
                        title="Family leader" if partner.lived_experience else "Team member",
                        responsibilities="Comes to the monthly meeting and reviews drafts.",
                    )

    for batch in insert(build, TeamRole, rows()):
        yield len(batch)


def _partners_total(build: Build) -> int:
    return len(build.communities) * build.options.partners_per_community


STEPS = [
    Step("areas, plans", create_areas_and_plans, lambda b: len(b.communities) * 6),
    Step("partners", create_partner_records, _partners_total),
    Step(
        "ladder",
        create_ladder_histories,
        lambda b: _partners_total(b) * (b.options.level_changes_per_partner + 2),
    ),
    Step("team roles", create_team_roles, lambda b: len(b.communities) * 6),
]

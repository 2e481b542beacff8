"""Generated action plans for benchmarks. Steps for `cocreate.core.generate` (see its docstring).

At the state scale (100 communities) every community has `GOALS_PER_COMMUNITY` goals with
`ACTIONS_PER_GOAL` actions each: 5,000 goals and 50,000 actions, each action with one or two people
responsible (a partner of the community, the team lead or the practitioner), a progress note on about a
third of them, and the team lead's equity intention on every goal. Larger networks keep the total near
`MAX_GOALS`; smaller ones (tests, the tiny benchmark) get a few goals per community. The community the
benchmark measures always gets the full plan. Due dates spread from two months ago to half a year
ahead, so the overdue and due-soon lists have rows to show.

As everywhere in generated data, bulk inserts write no history records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cocreate.assessments.generate import bench_community
from cocreate.core.generate import Build, Step, insert
from cocreate.core.models import Team
from cocreate.partners.models import CAPACITY_DOMAINS

from .models import (
    Action,
    ActionOwner,
    ActionStatus,
    EquityIntention,
    Goal,
    GoalStatus,
    Horizon,
    Intention,
    ProgressNote,
)

GOALS_PER_COMMUNITY = 50
ACTIONS_PER_GOAL = 10
MAX_GOALS = 5_000
QUICK_GOALS = 3  # below the state scale
STATE_SCALE = 100

STATEMENTS = [
    "Families and community members sit on every planning group, with support to take part",
    "Parents co-lead the listening sessions and report back what changed",
    "Every partner type has a seat on the implementation team",
    "The team reviews its data with families every quarter",
    "Community leaders are paid fairly for their time",
    "New home visitors are coached within their first month",
    "Our messages reach families in Spanish and English",
    "Two community members with lived experience join each team",
]
WHY_TEAM = "Families see what we miss, and changes they shape are the ones that last."
WHY_COMMUNITY = "Parents want a real say in the services they use, and to learn how the system works."
STRATEGIES = [
    "Hold a listening session with families in the evening, with child care",
    "Invite three parents to co-host the next team meeting",
    "Ask the county funder to name a representative for the team",
    "Draft the meeting agenda with the family advisory group a week ahead",
    "Translate the sign-up form and the flyer into Spanish",
    "Set up the quarterly data review with the team and two parents",
    "Write the honorarium policy and share it with community leaders",
    "Pair each new home visitor with a coach",
    "Report back to the families what changed after their feedback",
    "Train the team on consent-based decisions",
]
RESOURCES = ["Child care and an interpreter", "A room in the library", "Two hours of coaching", ""]
MEASURES = ["Twelve families attend", "Three parents join the team", "Every form in two languages", ""]
NOTES = [
    "Booked the room and the interpreter.",
    "Fewer families came than hoped; trying a Saturday next.",
    "Waiting on the funder's answer.",
    "Done, and shared at the team meeting.",
]
GOAL_STATUSES = (
    [GoalStatus.ACTIVE] * 12 + [GoalStatus.PROPOSED] * 3 + [GoalStatus.ACHIEVED] * 4 + [GoalStatus.DROPPED]
)
ACTION_STATUSES = (
    [ActionStatus.NOT_STARTED] * 8
    + [ActionStatus.IN_PROGRESS] * 6
    + [ActionStatus.DONE] * 7
    + [ActionStatus.BLOCKED] * 2
    + [ActionStatus.DROPPED]
)
DOMAINS = [key for key, _label in CAPACITY_DOMAINS]


def goals_for(build: Build, index: int) -> int:
    n = len(build.communities)
    if index == bench_community(build):
        return GOALS_PER_COMMUNITY
    if n >= STATE_SCALE:
        return max(QUICK_GOALS, min(GOALS_PER_COMMUNITY, MAX_GOALS // n))
    return QUICK_GOALS


def goal_count(build: Build) -> int:
    return sum(goals_for(build, i) for i in range(len(build.communities)))


def create_plans(build: Build) -> Iterator[int]:
    """Goals, then their actions, owners, notes and intentions, a few communities at a time."""
    rng, org_id, today = build.rng, build.org.pk, build.now.date()
    teams: dict[int, list[int]] = {}
    for team in Team.objects.filter(organization=build.org).only("pk", "community_id"):
        teams.setdefault(team.community_id, []).append(team.pk)
    partners: dict[int, list[int]] = {}
    for partner in build.extra.get("partners", []):
        partners.setdefault(partner.community_id, []).append(partner.pk)
    communities = list(enumerate(build.communities))
    for start in range(0, len(communities), 10):
        chunk = communities[start : start + 10]
        goals = []
        for i, community in chunk:
            lead = build.leads[i]
            for g in range(goals_for(build, i)):
                horizon = Horizon.values[g % 3]
                goals.append(
                    Goal(
                        organization_id=org_id,
                        community_id=community.pk,
                        team_id=rng.choice(teams[community.pk])
                        if community.pk in teams and g % 3 == 0
                        else None,
                        horizon=horizon,
                        target_on=today + timedelta(days=(30, 182, 365)[horizon - 1] + rng.randint(-20, 20)),
                        statement=STATEMENTS[g % len(STATEMENTS)],
                        why_team=WHY_TEAM,
                        why_community=WHY_COMMUNITY,
                        domains=[rng.choice(DOMAINS)],
                        status=rng.choice(GOAL_STATUSES),
                        created_by_id=lead.pk,
                        created_at=build.now,
                        updated_at=build.now,
                    )
                )
        saved_goals = [goal for batch in insert(build, Goal, goals) for goal in batch]
        index_of = {community.pk: i for i, community in chunk}
        actions = []
        for goal in saved_goals:
            for a in range(ACTIONS_PER_GOAL):
                due = today + timedelta(days=rng.randint(-60, 180))
                status = rng.choice(ACTION_STATUSES)
                actions.append(
                    Action(
                        organization_id=org_id,
                        community_id=goal.community_id,
                        goal_id=goal.pk,
                        strategy=STRATEGIES[(goal.pk + a) % len(STRATEGIES)],
                        starts_on=due - timedelta(days=rng.randint(7, 60)),
                        due_on=due,
                        resources=rng.choice(RESOURCES),
                        measure=rng.choice(MEASURES),
                        status=status,
                        done_on=min(due, today) if status == ActionStatus.DONE else None,
                        position=a + 1,
                        created_by_id=goal.created_by_id,
                        created_at=build.now,
                        updated_at=build.now,
                    )
                )
        saved_actions = [action for batch in insert(build, Action, actions) for action in batch]
        owners, notes = [], []
        for action in saved_actions:
            i = index_of[action.community_id]
            people = [build.leads[i].pk, build.practitioner_of(i).pk]
            choices = partners.get(action.community_id, [])
            if choices and rng.random() < 0.7:
                owners.append(
                    ActionOwner(organization_id=org_id, action_id=action.pk, partner_id=rng.choice(choices))
                )
                if rng.random() < 0.4:
                    owners.append(
                        ActionOwner(organization_id=org_id, action_id=action.pk, user_id=rng.choice(people))
                    )
            else:
                owners.append(
                    ActionOwner(organization_id=org_id, action_id=action.pk, user_id=rng.choice(people))
                )
            if action.status != ActionStatus.NOT_STARTED and rng.random() < 0.5:
                notes.append(
                    ProgressNote(
                        organization_id=org_id,
                        community_id=action.community_id,
                        action_id=action.pk,
                        text=rng.choice(NOTES),
                        noted_on=min(today, action.due_on),
                        written_by_id=rng.choice(people),
                        written_at=build.now,
                    )
                )
        for _batch in insert(build, ActionOwner, owners):
            pass
        for _batch in insert(build, ProgressNote, notes):
            pass
        intentions = [
            EquityIntention(
                organization_id=org_id,
                community_id=goal.community_id,
                goal_id=goal.pk,
                user_id=build.leads[index_of[goal.community_id]].pk,
                intention=Intention.values[goal.pk % 4],
                recorded_at=build.now,
            )
            for goal in saved_goals
        ]
        for _batch in insert(build, EquityIntention, intentions):
            pass
        yield len(saved_goals)


STEPS = [Step("action plans", create_plans, goal_count)]

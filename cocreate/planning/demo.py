"""Northfield's demo action plans: Riverside's goals by horizon (one of them made from the gap its first
capacity round flagged), their actions with named owners, progress notes and equity intentions, and one
Lakeview goal with an overdue action for the practitioner's list. Written through the `do_*` functions,
so the history reads as if the team had done it. A community that has goals already is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.assessments.models import GapFlag
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.partners.models import Partner

from . import actions
from .models import ActionStatus, Goal, GoalStatus, Horizon, Intention

WHY_TEAM = (
    "We plan for families without hearing from them first, and then wonder why the sessions are empty. "
    "Parents see what we miss."
)
WHY_COMMUNITY = (
    "Parents asked for a real say in the home visits they receive, and to learn how the program decides "
    "what to offer."
)


def seed_planning(communities: dict[str, Community]) -> None:
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    if "lead" not in people or "practitioner" not in people:
        return
    riverside, lakeview = communities.get("riverside"), communities.get("lakeview")
    if riverside is not None and not Goal.objects.filter(community=riverside).exists():
        _riverside(riverside, people)
    if lakeview is not None and not Goal.objects.filter(community=lakeview).exists():
        _lakeview(lakeview, people)


def _add(goal, by, strategy, *, start, due, owners=(), people=(), status=ActionStatus.NOT_STARTED, **fields):
    today = timezone.localdate()
    return actions.do_add_action(
        goal,
        acting_user=by,
        strategy=strategy,
        starts_on=today + timedelta(days=start) if start is not None else None,
        due_on=today + timedelta(days=due),
        partners=list(owners),
        users=list(people),
        status=status,
        **fields,
    )


def _riverside(community: Community, people: dict[str, User]) -> None:
    dana, priya, maria = people["lead"], people["practitioner"], people.get("parent")
    partners = {p.name: p for p in Partner.objects.active().filter(community=community)}

    def partner(name):
        return [partners[name]] if name in partners else []

    today = timezone.localdate()
    gap = GapFlag.objects.filter(community=community, resolved_at__isnull=True).order_by("flagged_at").first()
    listening = actions.do_create_goal(
        community,
        acting_user=dana,
        statement=(
            "Families and staff build what we know together: parents help plan and run every listening "
            "session, and the team shows what it did with what it heard"
        ),
        horizon=Horizon.SIX_MONTHS,
        target_on=today + timedelta(days=150),
        why_team=WHY_TEAM,
        why_community=WHY_COMMUNITY,
        domains=["co-creation"],
        status=GoalStatus.ACTIVE,
        gaps=[gap] if gap else [],
    )
    invite = _add(
        listening,
        dana,
        "Invite three parents to co-host the next listening session, with child care and an interpreter",
        start=-20,
        due=10,
        owners=partner("María López"),
        people=[dana],
        status=ActionStatus.IN_PROGRESS,
        resources="Child care for up to ten children; a Spanish interpreter; the library's community room",
        measure="Three parents co-host; at least twelve families attend",
    )
    actions.do_add_progress_note(
        invite,
        acting_user=dana,
        text="María and Keisha said yes; the library room is booked for the second Thursday.",
        noted_on=today - timedelta(days=6),
    )
    _add(
        listening,
        priya,
        "Try a new format for the sessions: small tables, each with a parent as facilitator",
        start=12,
        due=40,
        owners=partner("Keisha Brown"),
        people=[priya],
        resources="Two hours of coaching for the parent facilitators",
        measure="Families say they were heard (exit cards); the format is kept or changed by the team",
    )
    _add(
        listening,
        dana,
        "Report back to the families what changed after the last session (“you said, we did”)",
        start=-30,
        due=-5,
        people=[dana],
        measure="A one-page summary in English and Spanish, shared at both family resource centres",
    )
    for user, intention, note in (
        (dana, Intention.NOTICE, "I will name it when our schedule keeps working parents out."),
        (maria, Intention.UNDERSTAND, "Voy a preguntar a las familias antes de proponer algo."),
        (priya, Intention.AVOID, "Coaching the facilitators so that no one is there just for show."),
    ):
        if user is not None:
            actions.do_record_intention(listening, acting_user=user, intention=intention, note=note)

    forms = actions.do_create_goal(
        community,
        acting_user=dana,
        statement="Every sign-up form and flyer is in Spanish and English",
        horizon=Horizon.NOW,
        target_on=today + timedelta(days=21),
        why_community="Half of the families we serve read Spanish first.",
        domains=["media"],
        status=GoalStatus.ACTIVE,
    )
    translated = _add(
        forms,
        dana,
        "Translate the sign-up form and the two flyers",
        start=-25,
        due=-8,
        owners=partner("Tomás Herrera"),
        status=ActionStatus.IN_PROGRESS,
    )
    actions.do_add_progress_note(
        translated,
        acting_user=dana,
        text="Tomás checked the translation with two parents. Done.",
        noted_on=today - timedelta(days=9),
        status=ActionStatus.DONE,
    )
    _add(
        forms,
        dana,
        "Print the flyers and leave them at both family resource centres",
        start=None,
        due=6,
        owners=partner("Riverside County Health Department"),
    )

    actions.do_create_goal(
        community,
        acting_user=priya,
        statement="Two community members with lived experience on every team, paid fairly for their time",
        horizon=Horizon.ONE_YEAR,
        target_on=today + timedelta(days=330),
        why_team="Decisions made with the people they affect hold up better.",
        domains=["leadership"],
        status=GoalStatus.PROPOSED,
    )


def _lakeview(community: Community, people: dict[str, User]) -> None:
    priya = people["practitioner"]
    goal = actions.do_create_goal(
        community,
        acting_user=priya,
        statement="Every home visitor has a coach again, after the step back to installation",
        horizon=Horizon.SIX_MONTHS,
        domains=["workforce"],
        status=GoalStatus.ACTIVE,
    )
    _add(
        goal,
        priya,
        "Schedule a first coaching session with each new home visitor",
        start=-30,
        due=-3,
        people=[priya],
        measure="Every new home visitor coached within their first month",
    )

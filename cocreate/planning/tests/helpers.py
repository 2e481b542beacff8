"""Goals and actions for the cast's communities, made on demand (the cast itself stays small)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.planning import actions
from cocreate.planning.models import Action, Goal, Horizon


def today():
    return timezone.localdate()


def make_goal(cast, statement="Parents help lead every planning meeting", community=None, **fields) -> Goal:
    fields.setdefault("horizon", Horizon.SIX_MONTHS)
    return actions.do_create_goal(
        community or cast.community, acting_user=cast.lead, statement=statement, **fields
    )


def make_action(
    goal, cast, strategy="Hold a listening session with families", *, due_in=20, **fields
) -> Action:
    fields.setdefault("due_on", today() + timedelta(days=due_in))
    return actions.do_add_action(goal, acting_user=cast.lead, strategy=strategy, **fields)


def riverside_goal(cast) -> Goal:
    """One goal with one action in Riverside (the same one however often it is asked for)."""
    goal = Goal.objects.filter(community=cast.community).order_by("pk").first()
    if goal is None:
        goal = make_goal(cast)
        make_action(goal, cast)
    return goal


def riverside_action(cast) -> Action:
    return riverside_goal(cast).actions.order_by("pk")[0]

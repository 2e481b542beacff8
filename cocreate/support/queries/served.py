"""Which support served a goal of the community's plan: for the goal's page in planning.

An event serves a goal when it was logged against the goal itself or against one of its actions.
Each function is one query, however many events and actions the goal has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum

from ..models import SupportEvent, SupportEventAction, SupportEventGoal

RECENT_SHOWN = 5  # events listed on a goal's page; the rest are counted


def events_serving_goal(goal) -> QuerySet[SupportEvent]:
    """The support events that served `goal` or one of its actions, newest first (each once)."""
    direct = SupportEventGoal.objects.filter(goal_id=goal.pk).values("event_id")
    through_actions = SupportEventAction.objects.filter(action__goal_id=goal.pk).values("event_id")
    return SupportEvent.objects.filter(
        Q(pk__in=direct) | Q(pk__in=through_actions),
        organization_id=goal.organization_id,
        community_id=goal.community_id,
    ).order_by("-date", "-pk")


@dataclass
class GoalSupport:
    events: int
    hours: Decimal
    last_on: date | None
    recent: list[SupportEvent]  # the newest RECENT_SHOWN (`event.url()` needs no query)


def goal_support(goal, *, shown: int = RECENT_SHOWN) -> GoalSupport:
    """What the goal's page shows: how much support served it, and the latest events (two queries)."""
    events = events_serving_goal(goal)
    totals = events.order_by().aggregate(n=Count("pk"), hours=Sum("hours"), last=Max("date"))
    recent = list(events.select_related("community__organization")[:shown])
    return GoalSupport(
        events=totals["n"] or 0,
        hours=totals["hours"] or Decimal("0.0"),
        last_on=totals["last"],
        recent=recent,
    )

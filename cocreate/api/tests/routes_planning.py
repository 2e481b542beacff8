"""The planning API in the permission matrix (anonymous callers get 401: the token is the way in).

Everyone in Riverside reads its goals, actions and cycles; staff write goals and actions; everyone
who contributes to the plan, partners included, adds data points. PUT and PATCH are checked with the
same roles in test_planning_api (the matrix client sends forms, which DRF reads for POST only).
"""

from datetime import timedelta

from django.utils import timezone

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.planning.tests.helpers import riverside_action, riverside_goal
from cocreate.planning.tests.routes import CONTRIBUTE
from cocreate.planning.tests.routes_pdsa import riverside_cycle
from cocreate.testing.routes import Route


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/planning/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, hidden=NOT_RIVERSIDE, **kw)


ROUTES = [
    API("api:planning_goals", lambda c: riverside(c, "goals/"), SEES_RIVERSIDE),
    API(
        "api:planning_goals",
        lambda c: riverside(c, "goals/"),
        STAFF,
        method="post",
        data=lambda c: {"statement": "Families co-chair the planning meetings", "horizon": 2},
        allowed_status=201,
    ),
    API("api:planning_goal", lambda c: riverside(c, f"goals/{riverside_goal(c).pk}/"), SEES_RIVERSIDE),
    API("api:planning_actions", lambda c: riverside(c, "actions/"), SEES_RIVERSIDE),
    API(
        "api:planning_actions",
        lambda c: riverside(c, "actions/"),
        STAFF,
        method="post",
        data=lambda c: {
            "goal": riverside_goal(c).pk,
            "strategy": "Ask three parents to co-chair",
            "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
        allowed_status=201,
    ),
    API("api:planning_action", lambda c: riverside(c, f"actions/{riverside_action(c).pk}/"), SEES_RIVERSIDE),
    API(
        "api:planning_action_progress",
        lambda c: riverside(c, f"actions/{riverside_action(c).pk}/progress/"),
        SEES_RIVERSIDE,
    ),
    # A progress note: everyone who contributes to the plan (moving the status: see test_planning_api).
    API(
        "api:planning_action_progress",
        lambda c: riverside(c, f"actions/{riverside_action(c).pk}/progress/"),
        CONTRIBUTE,
        method="post",
        data=lambda c: {"text": "Called the library about the room"},
        allowed_status=201,
    ),
    API("api:planning_cycles", lambda c: riverside(c, "cycles/"), SEES_RIVERSIDE),
    API("api:planning_cycle", lambda c: riverside(c, f"cycles/{riverside_cycle(c).pk}/"), SEES_RIVERSIDE),
    API(
        "api:planning_points",
        lambda c: riverside(c, f"cycles/{riverside_cycle(c).pk}/points/"),
        CONTRIBUTE,
        method="post",
        data=lambda c: {"measured_on": "2020-01-01", "value": "4"},
        allowed_status=201,
    ),
]

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import ORG_MEMBERS, Route

from .helpers import riverside_action, riverside_goal

CONTRIBUTE = STAFF | {"partner"}


def plan(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/planning/"


def goal(c, suffix=""):
    return f"{plan(c)}goals/{riverside_goal(c).pk}/{suffix}"


def action(c, suffix):
    return f"{plan(c)}actions/{riverside_action(c).pk}/{suffix}"


# Everyone in Riverside sees its plan; staff write goals and actions; every team member, partners
# included, adds progress notes and their own equity intention. "My actions" is each member's own list.
ROUTES = [
    Route("planning:plan", plan, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:due", lambda c: f"{plan(c)}due/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:goal_create", lambda c: f"{plan(c)}goals/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route("planning:goal", goal, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:goal_edit", lambda c: goal(c, "edit/"), STAFF, hidden=NOT_RIVERSIDE),
    Route("planning:action_create", lambda c: goal(c, "actions/new/"), STAFF, hidden=NOT_RIVERSIDE),
    Route("planning:intention", lambda c: goal(c, "intention/"), CONTRIBUTE, hidden=NOT_RIVERSIDE),
    Route(
        "planning:intention",
        lambda c: goal(c, "intention/"),
        CONTRIBUTE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"intention": "notice", "note": ""},
        allowed_status=302,
    ),
    Route("planning:action_edit", lambda c: action(c, "edit/"), STAFF, hidden=NOT_RIVERSIDE),
    Route("planning:note_create", lambda c: action(c, "notes/new/"), CONTRIBUTE, hidden=NOT_RIVERSIDE),
    Route(
        "planning:note_create",
        lambda c: action(c, "notes/new/"),
        CONTRIBUTE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"text": "Booked the room.", "noted_on": "2020-01-01"},
        allowed_status=302,
    ),
    Route("planning:my_actions", lambda c: f"/o/{c.org.slug}/planning/my-actions/", ORG_MEMBERS),
]

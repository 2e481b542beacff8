"""The meetings API (agreement, decisions, meetings) in the permission matrix: read only, for everyone
who sees the community (anonymous callers get 401: the token is the way in)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.meetings.tests.helpers import (
    riverside_decision,
    riverside_meeting,
    riverside_proposal,
    riverside_version,
)
from cocreate.meetings.tests.routes import ASKED, new_proposal
from cocreate.testing.routes import Route


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


def proposal(c, suffix=""):
    return riverside(c, f"decisions/{riverside_proposal(c).pk}/{suffix}")


def open_body(c):
    body = new_proposal(c)
    body["closes_at"] = body["closes_at"] + ":00"
    return body


def agreement(c):
    riverside_version(c)
    return riverside(c, "agreement/")


ROUTES = [
    API("api:agreement", agreement, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API("api:decisions", lambda c: riverside(c, "decisions/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:decision",
        lambda c: riverside(c, f"decisions/{riverside_decision(c).pk}/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    API(
        "api:proposal_open",
        lambda c: riverside(c, "proposals/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=open_body,
        allowed_status=201,
    ),
    API(
        "api:decision_position",
        lambda c: proposal(c, "position/"),
        ASKED,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"position": "stand_aside"},
    ),
    API("api:decision_positions", lambda c: proposal(c, "positions/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:proposal_close",
        lambda c: proposal(c, "close/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"outcome": "deferred"},
    ),
    API("api:meetings", lambda c: riverside(c, "meetings/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:meeting",
        lambda c: riverside(c, f"meetings/{riverside_meeting(c).pk}/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
]

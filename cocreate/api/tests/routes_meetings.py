"""The meetings API (agreement, decisions, meetings) in the permission matrix: read only, for everyone
who sees the community (anonymous callers get 401: the token is the way in)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE
from cocreate.meetings.tests.helpers import riverside_decision, riverside_meeting, riverside_version
from cocreate.testing.routes import Route


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


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
    API("api:meetings", lambda c: riverside(c, "meetings/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:meeting",
        lambda c: riverside(c, f"meetings/{riverside_meeting(c).pk}/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
]

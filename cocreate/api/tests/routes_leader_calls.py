"""The calls API in the permission matrix (anonymous callers get 401: the token is the way in)."""

from datetime import timedelta

from django.utils import timezone

from cocreate.core.tests.routes import NOT_RIVERSIDE, STAFF
from cocreate.leaders.tests.helpers_calls import riverside_call
from cocreate.testing.routes import Route

MANAGE = frozenset({"admin", "lead"})


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/calls/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


ROUTES = [
    API("api:leader_calls", lambda c: riverside(c), STAFF, hidden=NOT_RIVERSIDE),
    API(
        "api:leader_calls",
        lambda c: riverside(c),
        MANAGE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {
            "title": "Youth leader",
            "involves": "Meet monthly with the team.",
            "time_asked": "Two hours a month",
            "languages": ["en"],
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
        allowed_status=201,
    ),
    API("api:leader_call", lambda c: riverside(c, f"{riverside_call(c).pk}/"), STAFF, hidden=NOT_RIVERSIDE),
]

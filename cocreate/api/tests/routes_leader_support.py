"""Support over time and peer networks in the API's permission matrix (anonymous callers: 401)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, STAFF
from cocreate.leaders.tests.factories_support import cast_network, partner_as_leader, riverside_leader
from cocreate.leaders.tests.routes_networks import FRONT
from cocreate.testing.routes import Route


def leaders(c):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/leaders/"


def networks(c):
    partner_as_leader(c)
    return f"/api/v1/orgs/{c.org.slug}/networks/"


ROUTES = [
    Route("api:leaders", leaders, STAFF, anonymous_status=401, hidden=NOT_RIVERSIDE),
    Route(
        "api:leader",
        lambda c: f"{leaders(c)}{riverside_leader(c).pk}/",
        STAFF,
        anonymous_status=401,
        hidden=NOT_RIVERSIDE,
    ),
    Route("api:networks", networks, FRONT, anonymous_status=401),
    Route(
        "api:network_join",
        lambda c: f"{networks(c)}{cast_network(c).pk}/join/",
        frozenset({"partner"}),
        method="post",
        data=lambda c: {},
        anonymous_status=401,
    ),
    Route(
        "api:network_leave",
        lambda c: f"{networks(c)}{cast_network(c).pk}/leave/",
        frozenset({"partner"}),
        method="post",
        data=lambda c: {},
        anonymous_status=401,
    ),
]

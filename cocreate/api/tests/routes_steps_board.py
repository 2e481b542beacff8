"""The steps board in the API in the permission matrix: everyone who sees Riverside reads it."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE
from cocreate.testing.routes import Route


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/steps/{suffix}"


ROUTES = [
    Route("api:steps_board", riverside, SEES_RIVERSIDE, anonymous_status=401, hidden=NOT_RIVERSIDE),
    Route(
        "api:steps_rating",
        lambda c: riverside(c, "2/"),
        SEES_RIVERSIDE,
        anonymous_status=401,
        hidden=NOT_RIVERSIDE,
    ),
]

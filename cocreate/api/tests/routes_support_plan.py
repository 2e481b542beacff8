"""The support plan in the API (read-only) in the permission matrix: everyone who sees Riverside reads
its published plan; anonymous callers get 401."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE
from cocreate.support.tests.routes_plan import riverside_plan
from cocreate.testing.routes import Route


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/support-plan/{suffix}"


ROUTES = [
    Route("api:support_plan", riverside, SEES_RIVERSIDE, anonymous_status=401, hidden=NOT_RIVERSIDE),
    Route(
        "api:support_plan_version",
        lambda c: riverside(c, f"{riverside_plan(c).number}/"),
        SEES_RIVERSIDE,
        anonymous_status=401,
        hidden=NOT_RIVERSIDE,
    ),
]

"""The kinds' API in the permission matrix (anonymous callers: 401)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route
from cocreate.worksheets.tests.kinds_helpers import goals_sheet, prism_sheet, riverside_sheet


def sheet(c, ws, suffix):
    return f"/api/v1/orgs/{c.org.slug}/worksheets/{ws.pk}/{suffix}"


ROUTES = [
    Route(
        "api:worksheet_kind",
        lambda c: sheet(c, riverside_sheet(c, "ignite"), "kind/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
        anonymous_status=401,
    ),
    Route(
        "api:worksheet_make_goals",
        lambda c: sheet(c, goals_sheet(c), "make-goals/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {},
        anonymous_status=401,
    ),
    Route(
        "api:worksheet_add_stakeholder",
        lambda c: sheet(c, prism_sheet(c), "prism/researcher/add-partner/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {},
        anonymous_status=401,
    ),
]

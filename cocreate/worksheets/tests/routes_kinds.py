"""The kinds' own pages: who may use them."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from .kinds_helpers import goals_sheet, prism_sheet, riverside_sheet


def sheet_url(c, ws, suffix):
    return f"/o/{c.org.slug}/worksheets/{ws.pk}/{suffix}"


ROUTES = [
    Route(
        "worksheets:empathy_session",
        lambda c: sheet_url(c, riverside_sheet(c, "empathy"), "empathy/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "worksheets:make_goals",
        lambda c: sheet_url(c, goals_sheet(c), "make-goals/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {},
        allowed_status=302,
    ),
    Route(
        "worksheets:add_stakeholder",
        lambda c: sheet_url(c, prism_sheet(c), "prism/researcher/add-partner/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {},
        allowed_status=302,
    ),
]

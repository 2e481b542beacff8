"""The worksheet engine in the API's permission matrix (anonymous callers: 401)."""

from typing import Any

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route
from cocreate.worksheets.tests.helpers_engine import riverside_mission

CONTRIBUTE = STAFF | {"partner"}
R: dict[str, Any] = {"anonymous_status": 401, "hidden": NOT_RIVERSIDE}


def ws(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/worksheets/{riverside_mission(c).pk}/{suffix}"


ROUTES = [
    Route(
        "api:worksheets",
        lambda c: f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/worksheets/",
        SEES_RIVERSIDE,
        **R,
    ),
    Route("api:worksheet", lambda c: ws(c), SEES_RIVERSIDE, **R),
    Route("api:worksheet_versions", lambda c: ws(c, "versions/"), SEES_RIVERSIDE, **R),
    Route("api:worksheet_comments", lambda c: ws(c, "comments/"), SEES_RIVERSIDE, **R),
    Route(
        "api:worksheet_comments",
        lambda c: ws(c, "comments/"),
        CONTRIBUTE,
        method="post",
        data=lambda c: {"body": "A thought", "step_key": "ask"},
        allowed_status=201,
        **R,
    ),
    Route(
        "api:worksheet_step",
        lambda c: ws(c, "steps/discuss/"),
        CONTRIBUTE,
        method="post",
        data=lambda c: {"values": '{"ideas": "care"}'},
        **R,
    ),
    Route(
        "api:worksheet_draft", lambda c: ws(c, "drafts/"), CONTRIBUTE, method="post", allowed_status=201, **R
    ),
    Route("api:worksheet_publish", lambda c: ws(c, "publish/"), STAFF, method="post", **R),
]

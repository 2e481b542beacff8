from typing import Any

from cocreate.core.tests.routes import ADMIN, NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import ORG_MEMBERS, Route

from .helpers_engine import a_comment, a_draft, org_mission, riverside_mission, template_version

CONTRIBUTE = STAFF | {"partner"}  # "worksheet.contribute"
ORG_WRITERS = frozenset({"admin", "practitioner"})  # the organization's own worksheets


def c_url(c, suffix=""):
    return f"/o/{c.org.slug}/c/{c.community.slug}/worksheets/{suffix}"


def w_url(c, suffix=""):
    return c_url(c, f"{riverside_mission(c).pk}/{suffix}")


def o_url(c, suffix=""):
    return f"/o/{c.org.slug}/worksheets/{suffix}"


def ow_url(c, suffix=""):
    return o_url(c, f"{org_mission(c).pk}/{suffix}")


R: dict[str, Any] = {"hidden": NOT_RIVERSIDE}
POST: dict[str, Any] = {"method": "post", "allowed_status": 302}

ROUTES = [
    Route("worksheets:list", lambda c: c_url(c), SEES_RIVERSIDE, **R),
    Route("worksheets:org_list", lambda c: o_url(c), ORG_MEMBERS),
    Route("worksheets:start", lambda c: c_url(c, f"new/{template_version(c).template_id}/"), STAFF, **R),
    Route(
        "worksheets:start",
        lambda c: c_url(c, f"new/{template_version(c).template_id}/"),
        STAFF,
        data=lambda c: {"title": "Our mission"},
        **R,
        **POST,
    ),
    Route("worksheets:start", lambda c: o_url(c, f"new/{template_version(c).template_id}/"), ORG_WRITERS),
    Route("worksheets:detail", lambda c: w_url(c), SEES_RIVERSIDE, **R),
    Route("worksheets:detail", lambda c: ow_url(c), ORG_MEMBERS),
    Route("worksheets:step_edit", lambda c: w_url(c, "steps/narrow/"), CONTRIBUTE, **R),
    Route(
        "worksheets:step_edit",
        lambda c: w_url(c, "steps/ask/"),
        CONTRIBUTE,
        data=lambda c: {"started_from": "", "what_we_do": "We walk with families"},
        **R,
        **POST,
    ),
    Route("worksheets:step_edit", lambda c: ow_url(c, "steps/ask/"), ORG_WRITERS),
    Route("worksheets:worksheet_edit", lambda c: w_url(c, "edit/"), STAFF, **R),
    Route("worksheets:worksheet_edit", lambda c: ow_url(c, "edit/"), ORG_WRITERS),
    Route("worksheets:save_draft", lambda c: w_url(c, "drafts/"), CONTRIBUTE, **R, **POST),
    Route("worksheets:save_draft", lambda c: ow_url(c, "drafts/"), ORG_WRITERS, **POST),
    Route("worksheets:version", lambda c: w_url(c, f"versions/{a_draft(c).pk}/"), SEES_RIVERSIDE, **R),
    Route(
        "worksheets:version", lambda c: ow_url(c, f"versions/{a_draft(c, org_mission(c)).pk}/"), ORG_MEMBERS
    ),
    Route(
        "worksheets:compare", lambda c: w_url(c, f"compare/?a={a_draft(c).pk}&b=working"), SEES_RIVERSIDE, **R
    ),
    Route("worksheets:compare", lambda c: ow_url(c, "compare/"), ORG_MEMBERS),
    Route("worksheets:publish", lambda c: w_url(c, "publish/"), STAFF, **R, **POST),
    Route("worksheets:publish", lambda c: ow_url(c, "publish/"), ORG_WRITERS, **POST),
    Route(
        "worksheets:comment",
        lambda c: w_url(c, "comments/"),
        CONTRIBUTE,
        data=lambda c: {"body": "A thought", "step_key": "ask"},
        **R,
        **POST,
    ),
    Route(
        "worksheets:comment",
        lambda c: ow_url(c, "comments/"),
        ORG_WRITERS,
        data=lambda c: {"body": "A thought"},
        **POST,
    ),
    Route(
        "worksheets:comment_resolve",
        lambda c: w_url(c, f"comments/{a_comment(c).pk}/resolve/"),
        CONTRIBUTE,
        **R,
        **POST,
    ),
    Route(
        "worksheets:comment_resolve",
        lambda c: ow_url(c, f"comments/{a_comment(c, org_mission(c)).pk}/resolve/"),
        ORG_WRITERS,
        **POST,
    ),
    Route("worksheets:docx", lambda c: w_url(c, "docx/"), SEES_RIVERSIDE, **R),
    Route("worksheets:docx", lambda c: ow_url(c, "docx/"), ORG_MEMBERS),
    Route("worksheets:pdf", lambda c: w_url(c, f"pdf/?version={a_draft(c).pk}"), SEES_RIVERSIDE, **R),
    Route("worksheets:pdf", lambda c: ow_url(c, "pdf/"), ORG_MEMBERS),
    Route("worksheets:templates", lambda c: o_url(c, "templates/"), ADMIN),
    Route(
        "worksheets:template_adapt",
        lambda c: o_url(c, f"templates/{template_version(c).template_id}/adapt/"),
        ADMIN,
    ),
]

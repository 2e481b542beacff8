"""Worksheets for the engine's tests: Riverside's mission statement, and the organization's own one."""

from __future__ import annotations

from cocreate.worksheets import definitions, engine
from cocreate.worksheets.models import Worksheet


def template_version(c, key: str = "mission"):
    return next(v for v in definitions.offered(c.org) if v.template.key == key)


def start(c, community="riverside", key: str = "mission", title: str = "") -> Worksheet:
    place = c.community if community == "riverside" else community
    return engine.do_start_worksheet(
        place, organization=c.org, template_version=template_version(c, key), acting_user=c.lead, title=title
    )


def riverside_mission(c) -> Worksheet:
    """Riverside's mission statement worksheet (made once per test), its first step written."""
    ws = Worksheet.objects.filter(community=c.community, kind="mission").order_by("pk").first()
    if ws is None:
        ws = start(c)
        engine.do_save_step(
            ws, "ask", acting_user=c.lead, values={"what_we_do": "We support families"}, started_from=None
        )
    return ws


def org_mission(c) -> Worksheet:
    ws = Worksheet.objects.filter(organization=c.org, community__isnull=True).order_by("pk").first()
    if ws is None:
        ws = engine.do_start_worksheet(
            None,
            organization=c.org,
            template_version=template_version(c),
            acting_user=c.admin,
            title="Network",
        )
        engine.do_save_step(
            ws, "ask", acting_user=c.admin, values={"what_we_do": "We help"}, started_from=None
        )
    return ws


def a_draft(c, ws=None):
    ws = ws or riverside_mission(c)
    return engine.do_save_draft(ws, acting_user=c.lead)


def a_comment(c, ws=None):
    ws = ws or riverside_mission(c)
    row = ws.comments.order_by("pk").first()
    return row or engine.do_comment(ws, acting_user=c.lead, body="Looks good", step_key="ask")

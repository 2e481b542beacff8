"""Worksheets of each kind for the kinds' tests, written through `seeding` (the engine's writes were
built in another part at the same time; the integrator may switch these to them)."""

from __future__ import annotations

from cocreate.worksheets import seeding
from cocreate.worksheets.models import Worksheet


def riverside_sheet(c, key: str, title: str = "") -> Worksheet:
    """Riverside's worksheet of this template (one per template and cast)."""
    ws = Worksheet.objects.filter(community=c.community, template_version__template__key=key).first()
    return ws or seeding.start(c.community, organization=c.org, key=key, acting_user=c.lead, title=title)


def goals_sheet(c, statements: int = 2) -> Worksheet:
    ws = riverside_sheet(c, "goals")
    if not ws.content.get("goals", {}).get("goals", [{}])[0].get("statement"):
        rows = ws.content["goals"]["goals"]
        for i, row in enumerate(rows[:statements]):
            row["statement"] = f"Goal {i + 1}: parents co-lead the team meeting"
            row["actions"] = "Pair each parent with a staff member\nShare the agenda early"
        seeding.save_step(ws, "goals", {"goals": rows}, acting_user=c.lead)
    return ws


def prism_sheet(c) -> Worksheet:
    return riverside_sheet(c, "prism")

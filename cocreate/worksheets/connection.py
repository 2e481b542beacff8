"""Community connection activities: how many are done, and what comes next."""

from __future__ import annotations

from django.utils.translation import get_language

from .kinds import Extra, choice_labels, field_definition, plain, rows


def extra(worksheet, *, content: dict, tenant=None) -> Extra | None:
    activities = [r for r in rows(content, "activities", "activities") if r.get("activity")]
    if not activities:
        return None
    language = (get_language() or "en")[:2]
    labels = choice_labels(field_definition(worksheet, "activities", "activities"), "activity")
    planned = [
        {
            "activity": plain(labels.get(str(r.get("activity"))), language) or str(r.get("activity")),
            "when": plain(r.get("planned_on"), language),
            "leads": plain(r.get("leads"), language),
        }
        for r in activities
        if r.get("done") != "yes"
    ]
    return Extra(
        "worksheets/kinds/connection_summary.html",
        {"done": len(activities) - len(planned), "total": len(activities), "planned": planned[:3]},
    )

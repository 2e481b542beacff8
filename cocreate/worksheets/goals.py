"""Goal setting: the worksheet's goal statements become goals of the community's plan, in one click.

Each statement becomes one goal (`planning.actions.do_create_goal`) with its horizon's target date; its
"actions" (one per line) become the goal's actions, due by that date; the benefits the team marked as
mattering most (in their rank) become the goal's "why it matters" to the team and to the families and
community members. Each statement makes its goal once (`WorksheetGoal`): clicking again — or two
people at once — makes only the statements written since.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocreate.core.concurrency import lock
from cocreate.core.errors import WriteError
from cocreate.planning.actions import do_add_action, do_create_goal, suggested_target
from cocreate.planning.models import Horizon

from .kinds import Extra, plain, row_key, rows
from .models import Worksheet, WorksheetGoal

# The worksheet's horizon choices and the plan's horizons.
HORIZONS = {"short": Horizon.NOW, "medium": Horizon.SIX_MONTHS, "long": Horizon.ONE_YEAR}
MAX_ACTIONS = 10  # per goal: more lines than that are a paragraph, not a list of actions


def statements(worksheet: Worksheet, content: dict) -> list[dict]:
    """The goal rows that say something: {key, horizon, statement, actions}."""
    language = worksheet.language or "en"
    out = []
    for i, row in enumerate(rows(content, "goals", "goals")):
        statement = plain(row.get("statement"), language).strip()
        if statement:
            out.append(
                {
                    "key": row_key(row, i),
                    "horizon": HORIZONS.get(str(row.get("horizon") or ""), Horizon.SIX_MONTHS),
                    "statement": statement,
                    "actions": [
                        line.strip(" -•*\t")
                        for line in plain(row.get("actions"), language).splitlines()
                        if line.strip(" -•*\t")
                    ][:MAX_ACTIONS],
                }
            )
    return out


def benefits_that_matter(content: dict, field_key: str, language: str) -> str:
    """The benefits marked as mattering most, in the team's rank (unranked ones last), one per line."""
    marked = []
    for i, row in enumerate(rows(content, "benefits", field_key)):
        benefit = plain(row.get("benefit"), language).strip()
        if benefit and row.get("matters") == "yes":
            try:
                rank = float(row.get("rank"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                rank = float("inf")
            marked.append((rank, i, benefit))
    return "\n".join(f"- {benefit}" for _rank, _i, benefit in sorted(marked))[:4000]


def extra(worksheet, *, content: dict, tenant=None) -> Extra:
    links = (
        list(
            WorksheetGoal.objects.filter(worksheet=worksheet).select_related("goal").order_by("goal__horizon")
        )
        if worksheet.community_id
        else []
    )
    made = {link.row_key for link in links}
    waiting = [s for s in statements(worksheet, worksheet.content) if s["key"] not in made]
    community = worksheet.community
    return Extra(
        "worksheets/kinds/goals_made.html",
        {
            "worksheet": worksheet,
            "links": links,
            "waiting": waiting,
            "can_make": bool(
                tenant is not None and community is not None and tenant.can("planning.change", community)
            ),
            "printed": tenant is None,
        },
    )


@transaction.atomic
def do_make_goals(worksheet: Worksheet, *, acting_user) -> list[WorksheetGoal]:
    """Make a goal of the community's plan from each goal statement of the worksheet's working text
    that has none yet; returns the links made now (none on a repeat)."""
    if worksheet.community_id is None:
        raise WriteError(_("Only a community's worksheet can make goals in its plan."))
    worksheet = lock(worksheet)  # one maker at a time: the second sees the first one's links
    made = set(WorksheetGoal.objects.filter(worksheet=worksheet).values_list("row_key", flat=True))
    found = statements(worksheet, worksheet.content)
    if not found:
        raise WriteError(_("Write at least one goal statement first."))
    language = worksheet.language or get_language() or "en"
    why_team = benefits_that_matter(worksheet.content, "to_team", language)
    why_community = benefits_that_matter(worksheet.content, "to_community", language)
    community = worksheet.community
    assert community is not None  # checked above
    links = []
    for row in found:
        if row["key"] in made:
            continue
        target = suggested_target(row["horizon"])
        goal = do_create_goal(
            community,
            acting_user=acting_user,
            horizon=row["horizon"],
            target_on=target,
            statement=row["statement"][:1000],
            why_team=why_team,
            why_community=why_community,
        )
        for line in row["actions"]:
            do_add_action(goal, acting_user=acting_user, strategy=line[:2000], due_on=target)
        links.append(
            WorksheetGoal.objects.create(
                organization_id=worksheet.organization_id,
                community=community,
                worksheet=worksheet,
                row_key=row["key"],
                goal=goal,
            )
        )
    return links

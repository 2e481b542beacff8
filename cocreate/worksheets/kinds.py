"""What each kind of worksheet adds to the generic engine (`models.Kind`).

The engine (pages, drafts, comments, compare, publish, documents) knows nothing of a kind. It asks this
module, for each step it shows, what to add under the step (`extras`): a panel with its template and
context — the ignite talk's speaking time, the prism's "add this stakeholder" for a role nobody on the
team holds, goal setting's "make these goals in the plan". The engine includes each panel's template
after the step's text, with the panel's context as `extra` (`{% include x.template with extra=x.context %}`):
each panel template opens with `{% with name=extra.name … %}`.

The kinds' own modules (`ignite`, `prism`, `empathy`, `goals`, `connection`) hold their reads and writes;
this one holds what they share: reading a worksheet's content and definition, and the checked read of a
worksheet for the kinds' own pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from .definitions import text
from .models import Kind, Worksheet


@dataclass
class Extra:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def extras(worksheet, step_key: str, *, tenant=None, content: dict | None = None) -> list[Extra]:
    """The panels to show under one step of `worksheet` (its working text unless `content` is given:
    a draft or a published version), for the person `tenant` (None on a printed copy)."""
    from . import connection, empathy, goals, ignite, prism

    content = worksheet.content if content is None else content
    panel = {
        (Kind.IGNITE, "slides"): ignite.extra,
        (Kind.PRISM, "roles"): prism.extra,
        (Kind.GOALS, "goals"): goals.extra,
        (Kind.EMPATHY, "session"): empathy.extra,
        (Kind.CONNECTION, "activities"): connection.extra,
    }.get((worksheet.kind, step_key))
    if panel is None:
        return []
    made = panel(worksheet, content=content, tenant=tenant)
    if made is None:
        return []
    if tenant is not None:  # links in the panel (a printed copy has none)
        made.context.setdefault("org_slug", tenant.organization.slug)
    return [made]


# Reading a worksheet ------------------------------------------------------------------------------


def plain(value: Any, language: str = "en") -> str:
    """A cell or field as text: starting rows may hold a `{language: text}` dict until someone edits them."""
    if isinstance(value, dict):
        return text(value, language)
    return "" if value is None else str(value)


def rows(content: dict, step_key: str, field_key: str) -> list[dict]:
    """A rows field's rows (a list of dicts), whatever shape the content is in."""
    value = ((content or {}).get(step_key) or {}).get(field_key)
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def row_key(row: dict, index: int) -> str:
    """A row's own key (the engine gives each one); its place when it has none."""
    return str(row.get("_key") or f"row-{index + 1}")


def field_definition(worksheet, step_key: str, field_key: str) -> dict:
    for step in worksheet.template_version.definition.get("steps", []):
        if step["key"] == step_key:
            for f in step.get("fields", []):
                if f["key"] == field_key:
                    return f
    return {}


def choice_labels(field_def: dict, column_key: str) -> dict[str, Any]:
    """{choice key: its label dict} of a choice column of a rows field."""
    for column in field_def.get("columns", []):
        if column["key"] == column_key:
            return {c["key"]: c["label"] for c in column.get("choices", [])}
    return {}


# The kinds' own pages -----------------------------------------------------------------------------


def access_worksheet(tenant, pk: int, action: str = "worksheet.view") -> Worksheet:
    """A worksheet of the tenant's organization this person may see (404 otherwise, the same as a
    missing one), and 403 when `action` is not hers in its community."""
    worksheet = (
        Worksheet.objects.filter(organization=tenant.organization, pk=pk)
        .select_related("community", "template_version")
        .first()
    )
    if worksheet is None:
        raise Http404
    if worksheet.community is not None:
        tenant._check_visible(worksheet.community)
        worksheet.community.organization = tenant.organization
    elif not tenant.sees_every_community:
        raise Http404
    worksheet.organization = tenant.organization
    tenant.require(action, worksheet.community)
    return worksheet


def worksheet_url(worksheet) -> str:
    """The engine's page of the worksheet (`worksheets:detail`)."""
    from .engine import url  # the engine asks this module for its panels: import it when called

    return url(worksheet)


def step_edit_url(worksheet, step_key: str) -> str:
    """The engine's edit page of one step (`worksheets:step_edit`)."""
    from .engine import url

    return url(worksheet, "step_edit", step_key)

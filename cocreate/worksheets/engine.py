"""The worksheet engine: start a worksheet from a template, save its steps, drafts, publish, comment.

Queries first (what the pages and the API read), then the writes (`do_*`, the write convention of
`cocreate.core.errors`). Concurrency: every step has its own counter in `Worksheet.step_versions`; a
step save locks the worksheet row and refuses (`StaleStep`, carrying the text saved meanwhile) when the
step moved on since the editor opened it, so two people on different steps never collide and two on
the same step never silently overwrite each other. The title and status are `Versioned` (`claim_edit`).

Who may do what (core/access.py): in a community, `worksheet.view` / `.contribute` / `.start` /
`.publish` by role there. An organization's own worksheet (no community) is read by everyone in the
organization; it is written by the organization's admins and practitioners (`org_level_can`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core.access import ADMIN, PRACTITIONER, Tenant, access_community
from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership, Organization
from cocreate.meetings.notifications import community_people
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds

from . import definitions
from .models import (
    TemplateVersion,
    VersionKind,
    Worksheet,
    WorksheetComment,
    WorksheetStatus,
    WorksheetVersion,
)

TEXT_MAX = 300
TEXTAREA_MAX = 6000
TITLE_MAX = 200
COMMENT_MAX = 4000
ROWS_MAX = 50  # a rows field without its own max_rows
BLANK_ROWS = 2  # empty rows the edit form offers under the saved ones (more with "add another row")

KINDS = [
    NotificationKind(
        "worksheet_comment",
        150,
        gettext_lazy("Someone commented on a worksheet you wrote"),
        "worksheets/notifications/worksheet_comment",
    ),
    NotificationKind(
        "worksheet_published",
        151,
        gettext_lazy("The team published a worksheet"),
        "worksheets/notifications/worksheet_published",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


# Permissions -------------------------------------------------------------------------------------------

ORG_LEVEL_WRITERS = frozenset({ADMIN, PRACTITIONER})


def may(tenant: Tenant, action: str, community: Community | None) -> bool:
    """May this person do `worksheet.<action>` on a community's worksheets, or the organization's own?"""
    if community is not None:
        return tenant.can(f"worksheet.{action}", community)
    if action == "view":
        return bool(tenant.all_roles)
    if action == "template":
        return tenant.can("worksheet.template")
    return bool(tenant.all_roles & ORG_LEVEL_WRITERS)


def require(tenant: Tenant, action: str, community: Community | None) -> None:
    if not may(tenant, action, community):
        raise PermissionDenied


def place(tenant: Tenant, slug: str | None, action: str = "view") -> Community | None:
    """The community in the URL (404 when not visible, 403 for the action), or None for the organization."""
    community = access_community(tenant, slug) if slug else None
    require(tenant, action, community)
    return community


def worksheets_of(organization: Organization, community: Community | None) -> QuerySet[Worksheet]:
    return Worksheet.objects.filter(organization=organization, community=community)


def access_worksheet(tenant: Tenant, slug: str | None, pk: int, action: str = "view") -> Worksheet:
    """A worksheet in the URL's place, its template version loaded; 404 elsewhere, 403 for the action."""
    community = access_community(tenant, slug) if slug else None
    if not may(tenant, "view", community):
        raise PermissionDenied
    ws = (
        worksheets_of(tenant.organization, community).select_related("template_version").filter(pk=pk).first()
    )
    if ws is None:
        raise Http404
    ws.organization = tenant.organization
    ws.community = community
    require(tenant, action, community)
    return ws


def url(ws: Worksheet, name: str = "detail", *extra) -> str:
    """The address of a worksheet page, for a community's worksheet or the organization's own."""
    args: list[Any] = [ws.organization.slug]
    if ws.community is not None:
        args.append(ws.community.slug)
    return reverse(f"worksheets:{name}", args=[*args, ws.pk, *extra])


def place_url(organization: Organization, community: Community | None, name: str = "list", *extra) -> str:
    """A page of a place: the community's, or the organization's own (its list is `org_list`)."""
    if community is None:
        return reverse(
            "worksheets:org_list" if name == "list" else f"worksheets:{name}",
            args=[organization.slug, *extra],
        )
    return reverse(f"worksheets:{name}", args=[organization.slug, community.slug, *extra])


# Reading a definition ----------------------------------------------------------------------------------


def steps_of(ws: Worksheet) -> list[dict]:
    return ws.template_version.definition.get("steps", [])


def step_of(ws: Worksheet, step_key: str) -> dict:
    for step in steps_of(ws):
        if step["key"] == step_key:
            return step
    raise Http404


def is_blank(value: Any) -> bool:
    if isinstance(value, list):
        return all(is_blank({k: v for k, v in row.items() if k != "_key"}) for row in value)
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    return value in (None, "")


def is_empty(content: dict) -> bool:
    return is_blank(content)


def new_row_key() -> str:
    return "r" + uuid.uuid4().hex[:10]


def shown(value: Any, spec: dict) -> str:
    """A saved value as text in the reader's language (a choice's label, a number as written)."""
    if value in (None, ""):
        return ""
    if spec.get("type") == "choice":
        for choice in spec.get("choices", []):
            if choice["key"] == value:
                return definitions.text(choice["label"])
    return str(value)


# What a page shows: each step with its fields' values ---------------------------------------------------


@dataclass
class FieldView:
    key: str
    label: str
    type: str
    value: str = ""  # text, choice label or number
    columns: list[str] = field(default_factory=list)  # rows: the headers
    rows: list[list[str]] = field(default_factory=list)  # rows: the cells as text
    changed: bool = False  # compare: differs from the other side

    @property
    def empty(self) -> bool:
        return not self.value and not self.rows


@dataclass
class StepView:
    key: str
    title: str
    help: str
    fields: list[FieldView]
    counter: int = 0
    comments: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(f.empty for f in self.fields)


def field_view(spec: dict, value: Any) -> FieldView:
    out = FieldView(key=spec["key"], label=definitions.text(spec["label"]), type=spec["type"])
    if spec["type"] == "rows":
        columns = spec.get("columns", [])
        out.columns = [definitions.text(c["label"]) for c in columns]
        for row in value or []:
            cells = [shown(row.get(c["key"]), c) for c in columns]
            if any(cells):
                out.rows.append(cells)
    else:
        out.value = shown(value, spec)
    return out


def step_views(ws: Worksheet, content: dict | None = None) -> list[StepView]:
    content = ws.content if content is None else content
    views = []
    for step in steps_of(ws):
        values = content.get(step["key"], {}) or {}
        views.append(
            StepView(
                key=step["key"],
                title=definitions.text(step["title"]),
                help=definitions.text(step.get("help")),
                fields=[field_view(spec, values.get(spec["key"])) for spec in step["fields"]],
                counter=int((ws.step_versions or {}).get(step["key"], 0)),
            )
        )
    return views


def compare(ws: Worksheet, a: dict, b: dict) -> list[tuple[StepView, StepView]]:
    """Two snapshots side by side, step by step; each field that differs is marked on both sides."""
    left, right = step_views(ws, a), step_views(ws, b)
    for sa, sb in zip(left, right, strict=True):
        for fa, fb in zip(sa.fields, sb.fields, strict=True):
            fa.changed = fb.changed = (fa.value, fa.rows) != (fb.value, fb.rows)
    return list(zip(left, right, strict=True))


def version_label(version: WorksheetVersion) -> str:
    if version.kind == VersionKind.DRAFT:
        return _("Draft %(number)s") % {"number": version.number}
    return _("Version %(number)s") % {"number": version.number}


def versions_of(ws: Worksheet) -> list[WorksheetVersion]:
    """Drafts and published versions, newest first (without their content)."""
    rows = list(
        WorksheetVersion.objects.filter(worksheet=ws)
        .defer("content")
        .select_related("saved_by")
        .order_by("-saved_at", "-pk")
    )
    for v in rows:
        v.label = version_label(v)  # type: ignore[attr-defined]
    return rows


def access_version(ws: Worksheet, pk: int) -> WorksheetVersion:
    version = WorksheetVersion.objects.filter(worksheet=ws, pk=pk).select_related("saved_by").first()
    if version is None:
        raise Http404
    version.label = version_label(version)  # type: ignore[attr-defined]
    return version


def latest_published(ws: Worksheet) -> WorksheetVersion | None:
    return (
        WorksheetVersion.objects.filter(worksheet=ws, kind=VersionKind.PUBLISHED).order_by("-number").first()
    )


def comments_of(ws: Worksheet) -> list[WorksheetComment]:
    return list(
        WorksheetComment.objects.filter(worksheet=ws).select_related("author", "resolved_by", "draft")
    )


# Writes ------------------------------------------------------------------------------------------------


def _starting_rows(spec: dict, language: str) -> list[dict]:
    rows = []
    for row in spec.get("rows") or []:
        values = row if isinstance(row, dict) else {spec["columns"][0]["key"]: row}
        made = {"_key": str(values.get("_key") or new_row_key())}  # a template's own keys stay
        for column in spec["columns"]:
            value = values.get(column["key"], "")
            made[column["key"]] = definitions.text(value, language) if isinstance(value, dict) else value
        rows.append(made)
    fixed = spec.get("fixed_rows")
    if fixed is not None:
        while len(rows) < fixed:
            rows.append({"_key": new_row_key(), **{c["key"]: "" for c in spec["columns"]}})
        rows = rows[:fixed]
    return rows


def starting_content(definition: dict, language: str) -> dict:
    content: dict[str, dict] = {}
    for step in definition.get("steps", []):
        values: dict[str, Any] = {}
        for spec in step["fields"]:
            values[spec["key"]] = _starting_rows(spec, language) if spec["type"] == "rows" else ""
        content[step["key"]] = values
    return content


@transaction.atomic
def do_start_worksheet(
    community: Community | None,
    *,
    organization: Organization,
    template_version: TemplateVersion,
    acting_user: User | None,
    title: str = "",
) -> Worksheet:
    """A new worksheet from one template version (the organization's or a built-in), its rows fields
    holding their starting rows, written in the starter's language."""
    if community is not None and community.organization_id != organization.pk:
        raise WriteError(_("This community belongs to another organization."))
    if template_version.organization_id not in (None, organization.pk):
        raise WriteError(_("This template belongs to another organization."))
    definition = template_version.definition
    language = (get_language() or "en").split("-")[0]
    title = (title or "").strip() or definitions.text(definition.get("title"), language)
    if len(title) > TITLE_MAX:
        raise WriteError({"title": _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX}})
    ws = Worksheet(
        organization=organization,
        community=community,
        template_version=template_version,
        kind=definition.get("kind", template_version.template.kind),
        title=title,
        language=language,
        content=starting_content(definition, language),
        step_versions={s["key"]: 0 for s in definition.get("steps", [])},
        created_by=acting_user,
        changed_by=acting_user,
    )
    ws._history_user = acting_user  # type: ignore[attr-defined]
    ws.save()
    return ws


class StaleStep(WriteError):
    """Someone saved this step after the editor opened it: `saved` is the step's content saved
    meanwhile (shown beside hers, which is kept on the form), `current` the step's counter now."""

    def __init__(self, message, *, saved: dict, current: int, saved_by: User | None = None):
        super().__init__(message)
        self.saved = saved
        self.current = current
        self.saved_by = saved_by


def _number(raw: Any, where: str, errors: dict) -> Any:
    if raw in (None, ""):
        return ""
    if isinstance(raw, bool):
        errors.setdefault(where, []).append(_("Enter a number."))
        return ""
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        errors.setdefault(where, []).append(_("Enter a number."))
        return ""
    if not number.is_finite() or abs(number) > Decimal("1e12"):
        errors.setdefault(where, []).append(_("Enter a number."))
        return ""
    return int(number) if number == number.to_integral_value() else float(number)


def _scalar(spec: dict, raw: Any, where: str, errors: dict, label: str = "") -> Any:
    kind = spec["type"]
    if kind == "number":
        return _number(raw, where, errors)
    value = "" if raw is None else str(raw).replace("\r\n", "\n").strip()
    if kind == "choice":
        if value and value not in {c["key"] for c in spec["choices"]}:
            errors.setdefault(where, []).append(
                _("%(label)sChoose one of the choices offered.") % {"label": label}
            )
            return ""
        return value
    limit = TEXT_MAX if kind == "text" else TEXTAREA_MAX
    if kind == "text" and "\n" in value:
        value = " ".join(value.split())
    if len(value) > limit:
        errors.setdefault(where, []).append(
            _("%(label)sKeep this under %(limit)s characters (it has %(n)s).")
            % {"label": label, "limit": limit, "n": len(value)}
        )
    return value


def clean_step(step: dict, values: dict, saved: dict) -> dict:
    """The step's values checked against its definition: `{field: value}`, or WriteError keyed by field.
    A rows field keeps each row's `_key` (new rows get one); blank rows are dropped, except in a
    field of fixed rows."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for spec in step["fields"]:
        key = spec["key"]
        raw = values.get(key)
        if spec["type"] != "rows":
            cleaned[key] = _scalar(spec, raw, key, errors)
            continue
        if raw in (None, ""):
            raw = []
        if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
            errors.setdefault(key, []).append(_("Send the rows as a list of rows."))
            continue
        known = {r.get("_key") for r in (saved.get(key) or []) if isinstance(r, dict)}
        rows = []
        for i, row in enumerate(raw):
            made: dict[str, Any] = {}
            for column in spec["columns"]:
                label = _("Row %(n)s, %(column)s: ") % {
                    "n": i + 1,
                    "column": definitions.text(column["label"]).lower(),
                }
                made[column["key"]] = _scalar(column, row.get(column["key"]), key, errors, label)
            row_key = str(row.get("_key") or "")
            made = {
                "_key": row_key if row_key in known or (row_key and len(row_key) <= 20) else new_row_key(),
                **made,
            }
            rows.append(made)
        fixed = spec.get("fixed_rows")
        if fixed is not None:
            rows = rows[:fixed]
            while len(rows) < fixed:
                rows.append({"_key": new_row_key(), **{c["key"]: "" for c in spec["columns"]}})
        else:
            rows = [r for r in rows if not is_blank({k: v for k, v in r.items() if k != "_key"})]
            least, most = spec.get("min_rows"), spec.get("max_rows", ROWS_MAX)
            if least and len(rows) < least:
                errors.setdefault(key, []).append(_("Fill in at least %(n)s row(s).") % {"n": least})
            if most is not None and len(rows) > most:
                errors.setdefault(key, []).append(
                    _("Keep to %(n)s rows at most (there are %(count)s).") % {"n": most, "count": len(rows)}
                )
        seen: set[str] = set()
        for r in rows:  # two rows sent with the same key (a copied row): the second gets its own
            if r["_key"] in seen:
                r["_key"] = new_row_key()
            seen.add(r["_key"])
        cleaned[key] = rows
    if errors:
        raise WriteError(errors)
    return cleaned


def _started_from(ws: Worksheet, step_key: str, started_from: Any) -> bool:
    """Did the editor open the step as it is now? (A counter, or a fingerprint of its content.)"""
    if started_from in (None, ""):
        return True
    counter = int((ws.step_versions or {}).get(step_key, 0))
    text = str(started_from).strip()
    if text.isdigit():
        return int(text) == counter
    return text == definitions.fingerprint(ws.content.get(step_key, {}))


@transaction.atomic
def do_save_step(
    worksheet: Worksheet, step_key: str, *, acting_user: User | None, values: dict, started_from: Any
) -> Worksheet:
    """Save one step's values. Refused with `StaleStep` (the text saved meanwhile) when someone saved
    this step after `started_from` (the step's counter, or its fingerprint, when the editor opened it);
    None: a write that saw no form. Saving the same values again changes nothing."""
    step = step_of(worksheet, step_key)
    ws = lock(worksheet)
    if ws.status == WorksheetStatus.ARCHIVED:
        raise WriteError(_("This worksheet is archived: restore it in its settings to edit it."))
    if not _started_from(ws, step_key, started_from):
        raise StaleStep(
            _(
                "Someone else saved this step while you were editing it. Nothing of yours is saved yet: "
                "their text is shown beside yours; change yours as needed and save again to keep it."
            ),
            saved=ws.content.get(step_key, {}),
            current=int(ws.step_versions.get(step_key, 0)),
            saved_by=ws.changed_by,
        )
    cleaned = clean_step(step, values, ws.content.get(step_key, {}) or {})
    if cleaned == ws.content.get(step_key):
        _copy_state(worksheet, ws)
        return worksheet
    ws.content = {**ws.content, step_key: cleaned}
    ws.step_versions = {**(ws.step_versions or {}), step_key: int(ws.step_versions.get(step_key, 0)) + 1}
    ws.changed_by = acting_user
    ws.changed_at = timezone.now()
    ws._history_user = acting_user  # type: ignore[attr-defined]
    ws.save(update_fields=["content", "step_versions", "changed_by", "changed_at"])
    _copy_state(worksheet, ws)
    return worksheet


def _copy_state(target: Worksheet, source: Worksheet) -> None:
    for name in ("content", "step_versions", "status", "published_number", "version", "title"):
        setattr(target, name, getattr(source, name))
    target.changed_at, target.changed_by_id = source.changed_at, source.changed_by_id


def _next_number(ws: Worksheet, kind: str) -> int:
    latest = WorksheetVersion.objects.filter(worksheet=ws, kind=kind).aggregate(n=Max("number"))["n"]
    return (latest or 0) + 1


def _snapshot(ws: Worksheet, kind: str, number: int, *, content: dict, acting_user, note: str = ""):
    return WorksheetVersion.objects.create(
        organization_id=ws.organization_id,
        community_id=ws.community_id,
        worksheet=ws,
        kind=kind,
        number=number,
        content=content,
        note=note[:300],
        saved_by=acting_user,
    )


@transaction.atomic
def do_save_draft(worksheet: Worksheet, *, acting_user: User | None, note: str = "") -> WorksheetVersion:
    """The working text saved as draft N (to review, comment on and compare). Unchanged since the
    last draft: that draft is returned, nothing new is made."""
    ws = lock(worksheet)
    if len(note or "") > 300:
        raise WriteError({"note": _("Keep the note under 300 characters.")})
    last = WorksheetVersion.objects.filter(worksheet=ws, kind=VersionKind.DRAFT).order_by("-number").first()
    if last is not None and last.content == ws.content:
        return last
    if is_empty(ws.content):
        raise WriteError(_("Nothing is written yet: fill in a step before saving a draft."))
    return _snapshot(
        ws,
        VersionKind.DRAFT,
        _next_number(ws, VersionKind.DRAFT),
        content=ws.content,
        acting_user=acting_user,
        note=note or "",
    )


@transaction.atomic
def do_publish(
    worksheet: Worksheet,
    *,
    acting_user: User | None,
    based_on: int | None,
    draft: WorksheetVersion | None = None,
) -> WorksheetVersion:
    """Publish the working text (or a draft) as version N and tell the community. `based_on` is the
    published number the publisher saw (None: none yet); if someone published since, that version is
    returned and nothing new is made, so a burst of clicks yields one version."""
    ws = lock(worksheet)
    latest = latest_published(ws)
    if latest is not None and (based_on or 0) != latest.number:
        _copy_state(worksheet, ws)
        return latest
    if ws.status == WorksheetStatus.ARCHIVED:
        raise WriteError(_("This worksheet is archived: restore it in its settings to publish it."))
    if draft is not None and draft.worksheet_id != ws.pk:
        raise WriteError({"draft": _("Choose a draft of this worksheet.")})
    content = draft.content if draft is not None else ws.content
    if is_empty(content):
        raise WriteError(
            _("There is nothing to publish yet: write at least one step (or choose a draft with text) first.")
        )
    if latest is not None and latest.content == content:
        return latest
    number = (latest.number if latest else 0) + 1
    version = _snapshot(ws, VersionKind.PUBLISHED, number, content=content, acting_user=acting_user)
    Worksheet.objects.filter(pk=ws.pk).update(status=WorksheetStatus.PUBLISHED, published_number=number)
    ws.status, ws.published_number = WorksheetStatus.PUBLISHED, number
    _copy_state(worksheet, ws)
    notify(
        kind="worksheet_published",
        recipients=[u for u in readers(worksheet) if acting_user is None or u.pk != acting_user.pk],
        organization=worksheet.organization,
        community=worksheet.community,
        key=f"worksheet-published:{ws.pk}:{number}",
        url=url(worksheet),
        context={
            "title": ws.title,
            "number": number,
            "community": worksheet.community.name if worksheet.community else "",
        },
    )
    return version


def readers(ws: Worksheet) -> list[User]:
    """Who is told of a publication: the community's people, or everyone in the organization."""
    if ws.community_id:
        return community_people(ws.community_id, ws.organization_id)
    members = Membership.objects.filter(organization_id=ws.organization_id)
    return list(User.objects.filter(pk__in=members.values("user"), is_active=True))


def writers(ws: Worksheet) -> list[User]:
    """The people who wrote the worksheet: who started it, saved its steps and its drafts. One query."""
    history = Worksheet.history.model.objects.filter(id=ws.pk, history_user__isnull=False)
    drafts = WorksheetVersion.objects.filter(worksheet=ws, saved_by__isnull=False)
    return list(
        User.objects.filter(
            Q(pk=ws.created_by_id or 0)
            | Q(pk__in=history.values("history_user"))
            | Q(pk__in=drafts.values("saved_by")),
            is_active=True,
        )
    )


@transaction.atomic
def do_comment(
    worksheet: Worksheet,
    *,
    acting_user: User | None,
    body: str,
    draft: WorksheetVersion | None = None,
    step_key: str = "",
) -> WorksheetComment:
    """A comment on the worksheet (or one of its drafts), optionally on one step; the people who wrote
    the worksheet are told."""
    body = (body or "").strip()
    if not body:
        raise WriteError({"body": _("Write your comment first.")})
    if len(body) > COMMENT_MAX:
        raise WriteError({"body": _("Keep the comment under %(n)s characters.") % {"n": COMMENT_MAX}})
    if step_key and step_key not in {s["key"] for s in steps_of(worksheet)}:
        raise WriteError({"step_key": _("Choose a step of this worksheet.")})
    if draft is not None and draft.worksheet_id != worksheet.pk:
        raise WriteError({"draft": _("Choose a draft of this worksheet.")})
    comment = WorksheetComment.objects.create(
        organization_id=worksheet.organization_id,
        community_id=worksheet.community_id,
        worksheet=worksheet,
        draft=draft,
        step_key=step_key,
        author=acting_user,
        body=body,
    )
    notify(
        kind="worksheet_comment",
        recipients=[u for u in writers(worksheet) if acting_user is None or u.pk != acting_user.pk],
        organization=worksheet.organization,
        community=worksheet.community,
        key=f"worksheet-comment:{comment.pk}",
        url=url(worksheet) + f"#comment-{comment.pk}",
        context={
            "title": worksheet.title,
            "author": acting_user.display_name if acting_user else "",
            "excerpt": body[:200],
        },
    )
    return comment


@transaction.atomic
def do_resolve_comment(
    comment: WorksheetComment, *, acting_user: User | None, resolved: bool = True
) -> WorksheetComment:
    """Mark a comment dealt with (or open again); a repeat changes nothing."""
    row = lock(comment)
    if resolved and row.resolved_at is None:
        row.resolved_at, row.resolved_by = timezone.now(), acting_user
        row.save(update_fields=["resolved_at", "resolved_by"])
    elif not resolved and row.resolved_at is not None:
        row.resolved_at, row.resolved_by = None, None
        row.save(update_fields=["resolved_at", "resolved_by"])
    comment.resolved_at, comment.resolved_by_id = row.resolved_at, row.resolved_by_id
    return comment


@transaction.atomic
def do_update_worksheet(
    worksheet: Worksheet, *, acting_user: User | None, version: int | None, title: str, status: str
) -> Worksheet:
    """Change the title and the status (being written, published, archived)."""
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the worksheet a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX}
    if status not in WorksheetStatus.values:
        errors["status"] = _("Choose a status.")
    elif status == WorksheetStatus.PUBLISHED and not worksheet.published_number:
        errors["status"] = _("Publish a version first: it has none yet.")
    if errors:
        raise WriteError(errors)
    claim_edit(worksheet, version)
    worksheet.title, worksheet.status = title, status
    worksheet.changed_by, worksheet.changed_at = acting_user, timezone.now()
    worksheet._history_user = acting_user  # type: ignore[attr-defined]
    worksheet.save(update_fields=["title", "status", "changed_by", "changed_at", "version"])
    return worksheet


@transaction.atomic
def do_archive_worksheet(worksheet: Worksheet, *, acting_user: User | None) -> Worksheet:
    """Archive a worksheet (its versions stay readable); a repeat changes nothing."""
    ws = lock(worksheet)
    if ws.status != WorksheetStatus.ARCHIVED:
        ws.status = WorksheetStatus.ARCHIVED
        ws.changed_by, ws.changed_at = acting_user, timezone.now()
        ws._history_user = acting_user  # type: ignore[attr-defined]
        ws.save(update_fields=["status", "changed_by", "changed_at"])
    _copy_state(worksheet, ws)
    return worksheet


# The community page ------------------------------------------------------------------------------------


def published_statements(community: Community) -> dict[str, Any]:
    """The community's published mission statement and core values (their latest versions). Two queries."""
    from .models import Kind

    sheets = {
        ws.kind: ws
        for ws in Worksheet.objects.filter(
            community=community, kind__in=[Kind.MISSION, Kind.VALUES], published_number__isnull=False
        )
        .exclude(status=WorksheetStatus.ARCHIVED)
        .order_by("changed_at", "pk")
    }
    if not sheets:
        return {"mission": "", "values": []}
    q = Q()
    for ws in sheets.values():
        q |= Q(worksheet=ws, number=ws.published_number)
    versions = {v.worksheet_id: v for v in WorksheetVersion.objects.filter(q, kind=VersionKind.PUBLISHED)}
    mission, values = "", []
    if Kind.MISSION in sheets and sheets[Kind.MISSION].pk in versions:
        mission = str((versions[sheets[Kind.MISSION].pk].content.get("publish") or {}).get("final") or "")
    if Kind.VALUES in sheets and sheets[Kind.VALUES].pk in versions:
        rows = (versions[sheets[Kind.VALUES].pk].content.get("values") or {}).get("values") or []
        values = [
            {
                "value": r.get("value", ""),
                "meaning": r.get("meaning", ""),
                "behaviour": r.get("behaviour", ""),
            }
            for r in rows
            if isinstance(r, dict) and r.get("value")
        ]
    return {"mission": mission, "values": values}

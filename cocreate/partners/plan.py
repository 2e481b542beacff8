"""The partnership engagement plan: its writes (`do_*`) and the reads that the page and the exports share.

Every change to the plan, its entries or its agreements is one new version: the plan row is locked,
its version goes up by one, and `updated_at` / `updated_by` say when and by whom — so a printed copy
can say "version 7, updated 26 Nov 2026 by Dana Brooks". simple_history keeps each version:

* the plan's historical row carries the kind of change in `history_change_reason` (a code from
  `CHANGE_KINDS`, translated when shown);
* an entry's or agreement's historical row carries the plan version it belongs to in
  `history_change_reason`, so the history page lists exactly what each version changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import FilteredRelation, Max, Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Team

from .models import (
    LEVEL_PROMISES,
    Agreement,
    EngagementArea,
    EngagementPlan,
    Level,
    Partner,
    PartnerType,
    PlanEntry,
    TeamRole,
)

# The kind of change each version made (stored as the code, shown translated).
CHANGE_KINDS = {
    "goals": _("Goals for participation edited"),
    "entry-added": _("Engagement responsibility added"),
    "entry-changed": _("Engagement responsibility changed"),
    "entry-removed": _("Engagement responsibility removed"),
    "entry-moved": _("Engagement responsibilities reordered"),
    "agreement-added": _("Agreement added"),
    "agreement-changed": _("Agreement changed"),
    "agreement-removed": _("Agreement removed"),
}

ENTRY_FIELDS = ("responsible", "partner", "partner_type", "strategies")
AGREEMENT_FIELDS = ("with_whom", "what", "agreed_on")


class PlanChangedMeanwhile(WriteError):
    """Someone saved a newer version while this person was editing (their text is not lost: the form keeps it)."""

    def __init__(self, current_version: int):
        super().__init__({"participation_goals": _("Someone saved a newer version of the plan meanwhile.")})
        self.current_version = current_version


# Writes ----------------------------------------------------------------------------------------------


def _lock(plan: EngagementPlan) -> EngagementPlan:
    """The plan row, locked until the transaction ends, so two edits never get the same version."""
    return EngagementPlan.objects.select_for_update().get(pk=plan.pk)


def _next_version(locked: EngagementPlan, plan: EngagementPlan, *, kind: str, acting_user) -> EngagementPlan:
    """Record one new version of the plan; `plan` (the caller's copy) is brought up to date too."""
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.updated_by = acting_user
    locked._history_user = acting_user
    locked._change_reason = kind
    locked.save()
    plan.participation_goals = locked.participation_goals
    plan.version, plan.updated_at, plan.updated_by = locked.version, locked.updated_at, acting_user
    return plan


def _save_child(obj, locked: EngagementPlan, acting_user) -> None:
    obj._history_user = acting_user
    obj._change_reason = str(locked.version + 1)  # the version this change is about to make
    obj.save()


def _check_whom(plan: EngagementPlan, partner: Partner | None, partner_type: str) -> None:
    if bool(partner) == bool(partner_type):
        raise ValueError("an entry engages either one partner or one partner type")
    if partner is not None and partner.community_id != plan.community_id:
        raise ValueError("the partner belongs to another community")


def _change_child(row, plan: EngagementPlan, fields: dict, *, kind: str, acting_user) -> bool:
    """Apply `fields` to an entry or agreement as a new plan version; False when nothing changed."""
    if all(getattr(row, key) == value for key, value in fields.items()):
        return False
    locked = _lock(plan)
    for key, value in fields.items():
        setattr(row, key, value)
    _save_child(row, locked, acting_user)
    _next_version(locked, plan, kind=kind, acting_user=acting_user)
    return True


def _remove_child(row, *, kind: str, acting_user) -> None:
    """Delete an entry or agreement as a new plan version (its history row names that version)."""
    plan = row.plan
    locked = _lock(plan)
    row._history_user = acting_user
    row._change_reason = str(locked.version + 1)
    row.delete()
    _next_version(locked, plan, kind=kind, acting_user=acting_user)


@transaction.atomic
def do_update_goals(
    plan: EngagementPlan, *, participation_goals: str, acting_user, based_on_version: int | None = None
) -> bool:
    """Rewrite the goals for the extent of participation. Returns False when nothing changed.

    `based_on_version` is the version the editor started from: if someone saved since, nothing is written
    and `PlanChangedMeanwhile` tells the editor to look at the newer text first.
    """
    locked = _lock(plan)
    if based_on_version is not None and based_on_version != locked.version:
        raise PlanChangedMeanwhile(locked.version)
    if locked.participation_goals == participation_goals:
        return False
    locked.participation_goals = participation_goals
    _next_version(locked, plan, kind="goals", acting_user=acting_user)
    return True


@transaction.atomic
def do_add_entry(
    plan: EngagementPlan,
    *,
    responsible: str,
    strategies: str,
    partner: Partner | None = None,
    partner_type: str = "",
    acting_user,
) -> PlanEntry:
    """Say who is responsible for engaging a partner (or a whole partner type), and how; added last."""
    _check_whom(plan, partner, partner_type)
    locked = _lock(plan)
    last = PlanEntry.objects.filter(plan=plan).aggregate(m=Max("position"))["m"]
    entry = PlanEntry(
        organization_id=plan.organization_id,
        plan=plan,
        responsible=responsible,
        partner=partner,
        partner_type=partner_type,
        strategies=strategies,
        position=0 if last is None else last + 1,
    )
    _save_child(entry, locked, acting_user)
    _next_version(locked, plan, kind="entry-added", acting_user=acting_user)
    return entry


@transaction.atomic
def do_update_entry(entry: PlanEntry, *, acting_user, **fields) -> bool:
    """Change an entry's wording or whom it engages. Returns False when nothing changed."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"not an entry field: {sorted(unknown)}")
    plan = entry.plan
    _check_whom(plan, fields.get("partner", entry.partner), fields.get("partner_type", entry.partner_type))
    return _change_child(entry, plan, fields, kind="entry-changed", acting_user=acting_user)


@transaction.atomic
def do_remove_entry(entry: PlanEntry, *, acting_user) -> None:
    """Take an entry out of the plan (its wording stays in the plan's history)."""
    _remove_child(entry, kind="entry-removed", acting_user=acting_user)


@transaction.atomic
def do_move_entry(entry: PlanEntry, *, up: bool, acting_user) -> bool:
    """Swap an entry with the one above (or below). Returns False at the top (or bottom) already."""
    plan = entry.plan
    locked = _lock(plan)
    entries = list(PlanEntry.objects.filter(plan=plan).order_by("position", "pk"))
    index = next((i for i, e in enumerate(entries) if e.pk == entry.pk), None)
    other = -1 if index is None else index - 1 if up else index + 1
    if not 0 <= other < len(entries):  # already first (or last), or removed meanwhile
        return False
    entries[index], entries[other] = entries[other], entries[index]
    # Renumber 0..n-1 while at it (older rows may share a position); only rows that move are saved.
    for position, e in enumerate(entries):
        if e.position != position:
            e.position = position
            _save_child(e, locked, acting_user)
    entry.position = next(e.position for e in entries if e.pk == entry.pk)
    _next_version(locked, plan, kind="entry-moved", acting_user=acting_user)
    return True


@transaction.atomic
def do_add_agreement(
    plan: EngagementPlan, *, with_whom: str, what: str, agreed_on=None, acting_user
) -> Agreement:
    """Record an agreement established with partners: with whom, what, and when."""
    locked = _lock(plan)
    agreement = Agreement(
        organization_id=plan.organization_id, plan=plan, with_whom=with_whom, what=what, agreed_on=agreed_on
    )
    _save_child(agreement, locked, acting_user)
    _next_version(locked, plan, kind="agreement-added", acting_user=acting_user)
    return agreement


@transaction.atomic
def do_update_agreement(agreement: Agreement, *, acting_user, **fields) -> bool:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"not an agreement field: {sorted(unknown)}")
    return _change_child(agreement, agreement.plan, fields, kind="agreement-changed", acting_user=acting_user)


@transaction.atomic
def do_remove_agreement(agreement: Agreement, *, acting_user) -> None:
    _remove_child(agreement, kind="agreement-removed", acting_user=acting_user)


# Reads -----------------------------------------------------------------------------------------------


@dataclass
class TeamBlock:
    team: Team
    roles: list[TeamRole] = field(default_factory=list)


class PartnerLine(NamedTuple):
    """What the plan shows of a partner at the table (tuples: a community can have hundreds)."""

    pk: int
    name: str
    lived_experience: bool

    def __str__(self) -> str:
        return self.name


class LevelCell(NamedTuple):
    current: int
    planned: int


@dataclass
class LevelRow:
    partner: PartnerLine
    cells: list[tuple[EngagementArea, LevelCell | None]]  # one per area, in the areas' order
    cells_html: str = ""  # the same cells as table cells, for the page (see `render_level_cells`)
    row_html: str = ""  # the whole row's cells, the partner's included


def render_level_cells(rows, areas: list[EngagementArea]) -> None:
    """Pre-render the partner × area cells of a level table (the plan's, the partner list's): each row
    has `cells`, one (area, level or None) per area, and gets `cells_html`.

    A community can have hundreds of partners and several areas: rendered cell by cell in the template
    this table dominated the page's time. Each label is translated and escaped once per page; a cell
    only adds integers and those escaped labels to its markup.
    """
    area_labels = [escape(str(area.label)) for area in areas]
    level_labels = {level.value: escape(str(level.label)) for level in Level}
    for row in rows:
        parts = []
        for label, (_area, level) in zip(area_labels, row.cells, strict=True):
            if level is None:
                parts.append(f'<td data-label="{label}">—</td>')
                continue
            current = int(level.current)
            cell = f'<span class="level level-{current}">{level_labels[current]}</span>'
            if level.planned != level.current:
                cell += f' → <strong class="planned">{level_labels[int(level.planned)]}</strong>'
            parts.append(f'<td data-label="{label}">{cell}</td>')
        row.cells_html = mark_safe("".join(parts))  # only escaped labels and integers went in


@dataclass
class PlanContents:
    """Everything the plan page, the DOCX and the PDF show: the same four sections, read once."""

    community: Community
    plan: EngagementPlan
    teams: list[TeamBlock]
    without_role: list[PartnerLine]  # at the table, not yet on a team
    areas: list[EngagementArea]
    level_rows: list[LevelRow]
    entries: list[PlanEntry]
    agreements: list[Agreement]

    @property
    def organization(self):
        return self.community.organization

    @property
    def has_roles(self) -> bool:
        return any(block.roles for block in self.teams)

    @cached_property
    def ladder(self) -> list[tuple[int, str, str]]:
        return [(level.value, str(level.label), str(LEVEL_PROMISES[level])) for level in Level]


def whom(entry: PlanEntry) -> str:
    """Whom an entry engages, in words: the partner's name, or every partner of one type."""
    if entry.partner_id and entry.partner is not None:
        return entry.partner.name
    if entry.partner_type:
        return str(
            _("Every partner of the type “%(type)s”") % {"type": PartnerType(entry.partner_type).label}
        )
    return "—"


def plan_contents(community: Community, plan: EngagementPlan) -> PlanContents:
    """The plan's four sections, in a fixed number of queries whatever the number of rows.

    teams with their roles and partners, active partners with their levels, areas, entries (with
    partner), agreements: five queries.
    """
    # Teams with their roles and the partners holding them, in one query (a team without roles still
    # comes back, as one row of NULLs): rebuilt here as unsaved model instances for the templates.
    blocks: dict[int, TeamBlock] = {}
    placed: set[int] = set()
    rows = (
        Team.objects.filter(community=community, archived_at__isnull=True)
        .order_by("name", "pk")
        .values_list(
            "pk",
            "name",
            "purpose",
            "roles__pk",
            "roles__title",
            "roles__responsibilities",
            "roles__partner_id",
            "roles__partner__name",
            "roles__partner__partner_type",
            "roles__partner__lived_experience",
            "roles__partner__archived_at",
            "roles__partner__erased_at",
        )
    )
    for (
        team_pk,
        team_name,
        purpose,
        role_pk,
        title,
        responsibilities,
        partner_pk,
        partner_name,
        partner_type,
        lived,
        archived_at,
        erased_at,
    ) in rows:
        block = blocks.get(team_pk)
        if block is None:
            block = blocks[team_pk] = TeamBlock(
                Team(pk=team_pk, name=team_name, purpose=purpose, community=community)
            )
        if role_pk is None or archived_at is not None or erased_at is not None:
            continue
        partner = Partner(pk=partner_pk, name=partner_name, partner_type=partner_type, lived_experience=lived)
        block.roles.append(
            TeamRole(
                pk=role_pk, team=block.team, partner=partner, title=title, responsibilities=responsibilities
            )
        )
        placed.add(partner_pk)
    for block in blocks.values():
        block.roles.sort(key=lambda role: (role.partner.name, role.title, role.pk))

    # Partners and their levels in one query (a row per partner and area, plain tuples): a community's
    # levels can run to the thousands, and each query is a round trip on the busiest page of a plan.
    partners: list[PartnerLine] = []
    by_partner: dict[int, dict[int, LevelCell]] = {}
    rows = (
        Partner.objects.active()
        .filter(community=community)
        # The join condition names the community so the database reads levels through its index.
        .annotate(lv=FilteredRelation("levels", condition=Q(levels__community=community)))
        .order_by("name", "pk")
        .values_list("pk", "name", "lived_experience", "lv__area_id", "lv__current", "lv__planned")
    )
    for pk, name, lived_experience, area_id, current, planned in rows:
        if not partners or partners[-1].pk != pk:
            partners.append(PartnerLine(pk, name, lived_experience))
        if area_id is not None:
            by_partner.setdefault(pk, {})[area_id] = LevelCell(current, planned)
    areas = list(community.engagement_areas.all())
    level_rows = [
        LevelRow(partner, [(area, by_partner[partner.pk].get(area.pk)) for area in areas])
        for partner in partners
        if partner.pk in by_partner
    ]
    render_level_cells(level_rows, areas)
    # The partner's own cell too: this table is the bulk of the page (see `render_level_cells`).
    partner_label, lived = escape(str(_("Partner"))), escape(str(_("lived experience")))
    for row in level_rows:
        tag = f' <span class="tag">{lived}</span>' if row.partner.lived_experience else ""
        name = escape(row.partner.name)
        row.row_html = mark_safe(f'<td data-label="{partner_label}">{name}{tag}</td>{row.cells_html}')
    entries = list(plan.entries.select_related("partner").order_by("position", "pk"))
    for entry in entries:
        entry.whom = whom(entry)
    agreements = list(plan.agreements.order_by("-agreed_on", "pk"))
    return PlanContents(
        community=community,
        plan=plan,
        teams=list(blocks.values()),
        without_role=[p for p in partners if p.pk not in placed],
        areas=areas,
        level_rows=level_rows,
        entries=entries,
        agreements=agreements,
    )


# History ---------------------------------------------------------------------------------------------


@dataclass
class ChildChange:
    """One entry or agreement added, changed or removed in a version."""

    kind: str  # "entry" or "agreement"
    record: object  # the historical row
    action: str  # "+", "~" or "-"
    changed_fields: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        r = self.record
        if self.kind == "entry":
            target = (
                r.partner.name
                if r.partner_id and r.partner
                else (PartnerType(r.partner_type).label if r.partner_type else "—")
            )
            return f"{r.responsible} → {target}"
        return r.with_whom

    @property
    def detail(self) -> str:
        return self.record.strategies if self.kind == "entry" else self.record.what


@dataclass
class Version:
    record: object  # HistoricalEngagementPlan
    kind_label: str
    goals_before: str | None = None  # set when the goals text changed
    children: list[ChildChange] = field(default_factory=list)


VERSIONS_PER_PAGE = 25


def plan_history(plan: EngagementPlan, page_number) -> tuple[Page, list[Version]]:
    """A page of the plan's versions, newest first, each with who, when and what it changed.

    Queries: count, versions (with who), the version before the page's oldest, entry changes,
    agreement changes, the previous state of changed entries and of changed agreements.
    """
    qs = plan.history.select_related("history_user").order_by("-history_id")
    page = Paginator(qs, VERSIONS_PER_PAGE).get_page(page_number)
    records = list(page.object_list)
    if not records:
        return page, []
    before = plan.history.filter(history_id__lt=records[-1].history_id).order_by("-history_id").first()
    chain = [*records, before] if before else records

    versions: list[Version] = []
    for i, record in enumerate(records):
        kind = record.history_change_reason or ""
        if record.history_type == "+":
            label = _("Plan started")
        else:
            label = CHANGE_KINDS.get(kind, _("Plan changed"))
        version = Version(record=record, kind_label=str(label))
        previous = chain[i + 1] if i + 1 < len(chain) else None
        if (
            previous is not None
            and "participation_goals"
            in record.diff_against(previous, included_fields=["participation_goals"]).changed_fields
        ):
            version.goals_before = previous.participation_goals
        versions.append(version)

    numbers = {str(v.record.version): v for v in versions}
    for kind, model, fields in (
        ("entry", PlanEntry, ENTRY_FIELDS),
        ("agreement", Agreement, AGREEMENT_FIELDS),
    ):
        history = model.history.filter(plan_id=plan.pk, history_change_reason__in=list(numbers))
        if kind == "entry":
            history = history.select_related("partner")
        rows = list(history.order_by("history_id"))
        previous = _previous_states(model, [r for r in rows if r.history_type == "~"])
        for row in rows:
            change = ChildChange(kind=kind, record=row, action=row.history_type)
            prior = previous.get(row.history_id)
            if prior is not None:
                change.changed_fields = [
                    str(model._meta.get_field(name).verbose_name)
                    for name in row.diff_against(prior, included_fields=list(fields)).changed_fields
                ]
            numbers[row.history_change_reason].children.append(change)
    return page, versions


def _previous_states(model, changed_rows) -> dict[int, object]:
    """For each '~' historical row, the row of the same object just before it (one query for all)."""
    if not changed_rows:
        return {}
    ids = {r.id for r in changed_rows}
    newest = max(r.history_id for r in changed_rows)
    earlier: dict[int, list] = {}
    for row in model.history.filter(id__in=ids, history_id__lt=newest).order_by("history_id"):
        earlier.setdefault(row.id, []).append(row)
    result = {}
    for row in changed_rows:
        candidates = [e for e in earlier.get(row.id, []) if e.history_id < row.history_id]
        if candidates:
            result[row.history_id] = candidates[-1]
    return result

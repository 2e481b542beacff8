"""PDSA cycles: writes (`do_*`) and reads for the cycles of an action and their data points.

A cycle moves through its phases in order: the plan is written when it starts (so it starts "doing"),
recording what happened moves it to "studying", the results against the prediction to "deciding", and
the decision closes it as adopted, adapted or abandoned. "Adapt" offers a next cycle prefilled from this
one, linked back to it as its predecessor. Staff write the phases (checked by the caller); anyone who
contributes to the plan, partners included, adds data points.
"""

from __future__ import annotations

import statistics
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core.access import Tenant
from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community

from .models import DECISION_STATUS, Action, CycleStatus, DataPoint, Decision, PdsaCycle

PHASES = ("plan", "do", "study", "act")
PLAN_FIELDS = {"change_idea", "prediction", "measure_name", "measure_unit"}
# The status a cycle reaches when a phase is recorded; recording an earlier phase again never moves it back.
STATUS_ORDER: list[str] = [CycleStatus.PLANNING, CycleStatus.DOING, CycleStatus.STUDYING, CycleStatus.ACTING]


# Reads -------------------------------------------------------------------------------------------------


def access_cycle(tenant: Tenant, community: Community, pk: int, action: str = "planning.view") -> PdsaCycle:
    """A cycle of this community with its action, goal and predecessor (one query); same 404 for missing
    and another community's."""
    cycle = (
        PdsaCycle.objects.select_related("action__goal", "predecessor")
        .filter(organization=tenant.organization, community=community, pk=pk)
        .first()
    )
    if cycle is None:
        raise Http404
    tenant.require(action, community)
    cycle.community = cycle.action.community = cycle.action.goal.community = community
    return cycle


def cycles_of(action: Action) -> QuerySet[PdsaCycle]:
    return PdsaCycle.objects.filter(action=action).order_by("number", "pk")


def points_of(cycle: PdsaCycle) -> list[DataPoint]:
    """The cycle's data points in date order, with who entered them (one query)."""
    return list(
        DataPoint.objects.filter(cycle=cycle)
        .select_related("entered_by")
        .only("pk", "cycle_id", "measured_on", "value", "note", "entered_by__name", "entered_by__email")
        .order_by("measured_on", "pk")
    )


def median_of(points: list[DataPoint]) -> float | None:
    """The run chart's centre line: the median of the values, None without points."""
    return statistics.median(p.value for p in points) if points else None


def next_cycle_initial(cycle: PdsaCycle) -> dict:
    """What "adapt" fills in for the next cycle: the same change idea, measure and unit to start from."""
    return {
        "change_idea": cycle.change_idea,
        "prediction": cycle.prediction,
        "measure_name": cycle.measure_name,
        "measure_unit": cycle.measure_unit,
    }


# Writes ------------------------------------------------------------------------------------------------


def _check_plan(fields: dict) -> None:
    errors = {}
    for name, message in (
        ("change_idea", _("Say what change the team will test.")),
        ("prediction", _("Say what the team predicts will happen.")),
        ("measure_name", _("Say what will be measured.")),
    ):
        if name in fields and not (fields[name] or "").strip():
            errors[name] = message
    if errors:
        raise WriteError(errors)


def _move(cycle: PdsaCycle, status: str) -> None:
    """Move the cycle forward to `status` unless it is already past it."""
    if cycle.status in STATUS_ORDER and STATUS_ORDER.index(cycle.status) < STATUS_ORDER.index(status):
        cycle.status = status


def _save(cycle: PdsaCycle, acting_user: User | None) -> PdsaCycle:
    cycle.updated_at = timezone.now()
    cycle._history_user = acting_user  # type: ignore[attr-defined]  # outside a request (the demo, tests) the history still says who
    cycle.save()
    return cycle


@transaction.atomic
def do_start_cycle(
    action: Action, *, acting_user: User | None, predecessor: PdsaCycle | None = None, **fields
) -> PdsaCycle:
    """A new cycle for an action, planned: change idea, prediction and the measure. With `predecessor`
    (an adapted cycle of the same action) it is that cycle's successor."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise TypeError(f"unknown cycle fields: {sorted(unknown)}")
    fields = {name: (value or "").strip() for name, value in fields.items()}
    _check_plan({name: fields.get(name, "") for name in PLAN_FIELDS})
    if predecessor is not None and predecessor.action_id != action.pk:
        raise WriteError(_("The next cycle belongs to the same action as the one it follows."))
    last = (
        PdsaCycle.objects.filter(action=action).order_by("-number").values_list("number", flat=True).first()
    )
    cycle = PdsaCycle(
        organization_id=action.organization_id,
        community_id=action.community_id,
        action=action,
        number=(last or 0) + 1,
        predecessor=predecessor,
        status=CycleStatus.DOING,
        created_by=acting_user,
        **fields,
    )
    return _save(cycle, acting_user)


@transaction.atomic
def do_update_plan(
    cycle: PdsaCycle, *, acting_user: User | None, version: int | None = None, **fields
) -> PdsaCycle:
    """Change the cycle's plan; an edit started from an older `version` raises StaleEdit (as do the
    three phases below: each is an edit of the same cycle)."""
    unknown = set(fields) - PLAN_FIELDS
    if unknown:
        raise TypeError(f"unknown cycle fields: {sorted(unknown)}")
    fields = {name: (value or "").strip() for name, value in fields.items()}
    _check_plan(fields)
    claim_edit(cycle, version)
    for name, value in fields.items():
        setattr(cycle, name, value)
    return _save(cycle, acting_user)


@transaction.atomic
def do_record_do(
    cycle: PdsaCycle, *, acting_user: User | None, what_happened: str, version: int | None = None
) -> PdsaCycle:
    """What happened when the change was tried; the cycle moves on to study."""
    what_happened = what_happened.strip()
    if not what_happened:
        raise WriteError({"what_happened": _("Write what happened when the change was tried.")})
    claim_edit(cycle, version)
    cycle.what_happened = what_happened
    _move(cycle, CycleStatus.STUDYING)
    return _save(cycle, acting_user)


@transaction.atomic
def do_record_study(
    cycle: PdsaCycle, *, acting_user: User | None, results: str, version: int | None = None
) -> PdsaCycle:
    """The results against the prediction; the cycle moves on to the decision."""
    results = results.strip()
    if not results:
        raise WriteError({"results": _("Compare the results with the prediction before saving.")})
    if not cycle.what_happened:
        raise WriteError({"results": _("Record what happened (Do) before studying the results.")})
    claim_edit(cycle, version)
    cycle.results = results
    _move(cycle, CycleStatus.ACTING)
    return _save(cycle, acting_user)


@transaction.atomic
def do_record_act(
    cycle: PdsaCycle,
    *,
    acting_user: User | None,
    decision: str,
    notes: str = "",
    decided_on: date | None = None,
    version: int | None = None,
) -> PdsaCycle:
    """Adopt, adapt or abandon: the decision closes the cycle."""
    if decision not in Decision.values:
        raise WriteError({"decision": _("Choose adopt, adapt or abandon.")})
    if not cycle.results:
        raise WriteError({"decision": _("Study the results (Study) before deciding.")})
    claim_edit(cycle, version)
    cycle.decision = decision
    cycle.decision_notes = notes.strip()
    cycle.decided_on = decided_on or timezone.localdate()
    cycle.status = DECISION_STATUS[Decision(decision)]
    return _save(cycle, acting_user)


@transaction.atomic
def do_add_point(
    cycle: PdsaCycle, *, acting_user: User | None, measured_on: date, value: float, note: str = ""
) -> DataPoint:
    """One dated value of the cycle's measure."""
    if value is None:
        raise WriteError({"value": _("Enter a number.")})
    if measured_on is None:
        raise WriteError({"measured_on": _("Enter the date it was measured.")})
    return DataPoint.objects.create(
        organization_id=cycle.organization_id,
        community_id=cycle.community_id,
        cycle=cycle,
        measured_on=measured_on,
        value=float(value),
        note=note.strip(),
        entered_by=acting_user,
    )

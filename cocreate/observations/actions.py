"""Writes for process observations (`do_*`): plans, records with their steps and findings, and turning a
finding into a "you said, we did" item or a PDSA change idea.

Permissions are the caller's (pages check "observation.change", and "planning.contribute" or
"planning.change" for what a finding becomes). Every write checks what the database cannot (people of
this community, sane dates, at least one step) and raises `ValidationError` keyed by the form's field
names, so pages show each message next to its field. Each write is one transaction: a record is saved
with all its steps and findings, or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core.access import STAFF
from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, tenant_scope
from cocreate.partners.models import Partner
from cocreate.planning import feedback, pdsa
from cocreate.planning.models import Action, FeedbackItem, FeedbackSource, PdsaCycle

from .models import Finding, FindingKind, ObservationPlan, ObservationRecord, ObservationStep, ShadowMethod
from .queries import observer_choices, partner_choices

# A plan further out than this, or a date further back, is almost certainly a typo in the year.
PLAN_AHEAD = timedelta(days=2 * 366)
LOOK_BACK = timedelta(days=10 * 366)
# The record form's field for each kind of finding (one finding per line).
FINDING_FIELDS = {
    FindingKind.CONFUSION: "confusion",
    FindingKind.BOTTLENECK: "bottlenecks",
    FindingKind.CHANGE: "changes",
}
FINDING_MAX = 1000  # characters in one finding (one line of the form)
# "You said, we did" has no source for what was seen rather than said; "other" is the closest.
FEEDBACK_SOURCE = FeedbackSource.OBSERVATION


@dataclass
class PlanDetails:
    aim: str
    process: str
    starts_where: str
    ends_where: str
    method: str
    planned_on: date
    method_notes: str = ""
    planned_until: date | None = None
    observers: list[User] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)


@dataclass
class StepRow:
    expected: str = ""
    happened: str = ""
    note: str = ""


@dataclass
class RecordDetails:
    observed_on: date
    steps: list[StepRow]
    started_at: time | None = None
    ended_at: time | None = None
    observers: list[User] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    present: str = ""
    surprises: str = ""
    # kind -> one finding per entry
    findings: dict[str, list[str]] = field(default_factory=dict)


def _strip(value: str | None) -> str:
    return (value or "").strip()


def _check_people(community: Community, users: list[User], partners: list[Partner], errors: dict) -> None:
    if users:
        allowed = set(
            observer_choices(community).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
        )
        if any(u.pk not in allowed for u in users):
            errors["observers"] = _("Choose people of this community.")
    if partners:
        allowed = set(
            partner_choices(community).filter(pk__in=[p.pk for p in partners]).values_list("pk", flat=True)
        )
        if any(p.pk not in allowed for p in partners):
            errors["partners"] = _("Choose partners of this community.")
    if not users and not partners:
        errors["observers"] = _("Name at least one person who observes.")


def _check_date(name: str, value: date | None, errors: dict, *, future_ok: bool) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value < today - LOOK_BACK:
        errors[name] = _("That date is more than ten years ago: check the year.")
    elif future_ok and value > today + PLAN_AHEAD:
        errors[name] = _("That date is more than two years ahead: check the year.")
    elif not future_ok and value > today:
        errors[name] = _("Pick today or an earlier date.")


# Plans -------------------------------------------------------------------------------------------------


def _check_plan(community: Community, d: PlanDetails) -> None:
    errors: dict[str, str] = {}
    for name, message in (
        ("aim", _("Say what the team wants to learn.")),
        ("process", _("Name the process to observe.")),
        ("starts_where", _("Say where the process starts.")),
        ("ends_where", _("Say where the process ends.")),
    ):
        if not _strip(getattr(d, name)):
            errors[name] = message
    if d.method not in ShadowMethod.values:
        errors["method"] = _("Choose how the process will be shadowed.")
    if d.planned_on is None:
        errors["planned_on"] = _("Give the date the observation is planned for.")
    _check_date("planned_on", d.planned_on, errors, future_ok=True)
    _check_date("planned_until", d.planned_until, errors, future_ok=True)
    if d.planned_on and d.planned_until and d.planned_until < d.planned_on:
        errors["planned_until"] = _("The last date cannot be before the first.")
    _check_people(community, d.observers, d.partners, errors)
    if errors:
        raise WriteError(errors)


def _fill_plan(plan: ObservationPlan, d: PlanDetails, acting_user: User | None) -> ObservationPlan:
    for name in ("aim", "process", "starts_where", "ends_where", "method_notes"):
        setattr(plan, name, _strip(getattr(d, name)))
    plan.method = d.method
    plan.planned_on = d.planned_on
    plan.planned_until = d.planned_until if d.planned_until != d.planned_on else None
    plan.updated_at = timezone.now()
    plan._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    plan.save()
    plan.observers.set(d.observers, through_defaults=tenant_scope(plan))
    plan.partners.set(d.partners, through_defaults=tenant_scope(plan))
    return plan


@transaction.atomic
def do_create_plan(
    community: Community, *, acting_user: User | None, details: PlanDetails
) -> ObservationPlan:
    """Plan an observation: the aim, the process from its start to its end, how and when, and who."""
    _check_plan(community, details)
    plan = ObservationPlan(
        organization_id=community.organization_id, community=community, created_by=acting_user
    )
    return _fill_plan(plan, details, acting_user)


@transaction.atomic
def do_update_plan(
    plan: ObservationPlan, *, acting_user: User | None, details: PlanDetails, version: int | None = None
) -> ObservationPlan:
    """Change an observation plan; an edit started from an older `version` raises StaleEdit."""
    _check_plan(plan.community, details)
    claim_edit(plan, version)
    return _fill_plan(plan, details, acting_user)


# Records -----------------------------------------------------------------------------------------------


def _lines(texts: Iterable[str]) -> list[str]:
    return [t.strip() for t in texts if t and t.strip()]


def _check_record(community: Community, d: RecordDetails) -> list[StepRow]:
    """The step rows worth keeping (blank rows dropped); raises with every problem found."""
    errors: dict[str, str] = {}
    if d.observed_on is None:
        errors["observed_on"] = _("Give the date of the observation.")
    _check_date("observed_on", d.observed_on, errors, future_ok=False)
    if d.started_at and d.ended_at and d.ended_at <= d.started_at:
        errors["ended_at"] = _("The end comes after the start.")
    _check_people(community, d.observers, d.partners, errors)
    steps = [
        StepRow(_strip(s.expected), _strip(s.happened), _strip(s.note))
        for s in d.steps
        if _strip(s.expected) or _strip(s.happened) or _strip(s.note)
    ]
    if any(not s.expected and not s.happened for s in steps):
        errors["steps"] = _("Each step needs what you expected, what happened, or both.")
    elif not steps:
        errors["steps"] = _("Write at least one step: what you expected, and what actually happened.")
    unknown = set(d.findings) - set(FINDING_FIELDS)
    if unknown:
        raise TypeError(f"unknown finding kinds: {sorted(unknown)}")
    if errors:
        raise WriteError(errors)
    return steps


def _save_steps(record: ObservationRecord, steps: list[StepRow]) -> None:
    """Replace the record's steps with these rows, in this order."""
    record.steps.all().delete()
    ObservationStep.objects.bulk_create(
        ObservationStep(
            organization_id=record.organization_id,
            community_id=record.community_id,
            record=record,
            position=i,
            expected=s.expected[:500],
            happened=s.happened[:1000],
            note=s.note[:500],
        )
        for i, s in enumerate(steps)
    )


def _sync_findings(record: ObservationRecord, findings: dict[str, list[str]], *, new: bool) -> None:
    """Keep each finding whose text is still there (with what it became), add the new ones and drop the
    ones taken out. One that already became a feedback item or a change idea cannot be taken out."""
    existing = [] if new else list(record.findings.all())
    errors: dict[str, str] = {}
    keep: set[int] = set()
    to_create: list[Finding] = []
    to_move: list[Finding] = []
    for kind, form_field in FINDING_FIELDS.items():
        if any(len(line) > FINDING_MAX for line in _lines(findings.get(kind, []))):
            errors[form_field] = _("Keep each line under %(n)d characters: split a long one in two.") % {
                "n": FINDING_MAX
            }
            continue
        mine = [f for f in existing if f.kind == kind]
        for position, text in enumerate(_lines(findings.get(kind, []))):
            match = next((f for f in mine if f.pk not in keep and f.text == text), None)
            if match is not None:
                keep.add(match.pk)
                if match.position != position:
                    match.position = position
                    to_move.append(match)
            else:
                to_create.append(
                    Finding(
                        organization_id=record.organization_id,
                        community_id=record.community_id,
                        record=record,
                        kind=kind,
                        text=text,
                        position=position,
                    )
                )
        for f in mine:
            if f.pk not in keep and f.is_acted_on:
                errors[form_field] = _(
                    "“%(text)s” has already been taken up by the team: keep it in the list."
                ) % {"text": f.text}
    if errors:
        raise WriteError(errors)
    dropped = [f.pk for f in existing if f.pk not in keep]
    if dropped:
        Finding.objects.filter(pk__in=dropped).delete()
    for f in to_move:
        f.save(update_fields=["position"])
    for f in to_create:
        f.save()  # one by one, so each has its history row


def _fill_record(record: ObservationRecord, d: RecordDetails, acting_user: User | None) -> None:
    record.observed_on = d.observed_on
    record.started_at = d.started_at
    record.ended_at = d.ended_at
    record.present = _strip(d.present)
    record.surprises = _strip(d.surprises)
    record.updated_at = timezone.now()
    record._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    record.save()
    record.observers.set(d.observers, through_defaults=tenant_scope(record))
    record.partners.set(d.partners, through_defaults=tenant_scope(record))


@transaction.atomic
def do_record_observation(
    plan: ObservationPlan, *, acting_user: User | None, details: RecordDetails
) -> ObservationRecord:
    """What one observation saw: when and by whom, the steps expected beside what happened, who was
    there, surprises, and the findings the team can act on."""
    steps = _check_record(plan.community, details)
    record = ObservationRecord(
        organization_id=plan.organization_id,
        community_id=plan.community_id,
        plan=plan,
        created_by=acting_user,
    )
    _fill_record(record, details, acting_user)
    _save_steps(record, steps)
    _sync_findings(record, details.findings, new=True)
    return record


@transaction.atomic
def do_update_record(
    record: ObservationRecord, *, acting_user: User | None, details: RecordDetails, version: int | None = None
) -> ObservationRecord:
    """Correct an observation; an edit started from an older `version` raises StaleEdit."""
    steps = _check_record(record.community, details)
    claim_edit(record, version)
    _sync_findings(record, details.findings, new=False)  # first: it may refuse, before anything is written
    _fill_record(record, details, acting_user)
    _save_steps(record, steps)
    return record


# Deleting what was made by mistake ------------------------------------------------------------------------


def may_delete(tenant, community: Community, made: ObservationPlan | ObservationRecord) -> bool:
    """Staff may delete any plan or record of the community; anyone else on the team, only their own
    (everyone may add and correct, but removing someone else's notes is for the staff)."""
    if not tenant.can("observation.change", community):
        return False
    return bool(tenant.roles_in(community) & STAFF) or made.created_by_id == tenant.user.pk


@transaction.atomic
def do_delete_record(record: ObservationRecord, *, acting_user: User | None) -> None:
    """Remove a record made by mistake, with its steps and findings. What its findings became ("you said,
    we did" items, change ideas) stays; the history keeps the record and who deleted it."""
    record._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    record.delete()


@transaction.atomic
def do_delete_plan(plan: ObservationPlan, *, acting_user: User | None) -> None:
    """Remove a plan that has no records yet (a plan with observations is the team's history)."""
    if plan.records.exists():
        raise WriteError(_("This plan has observations recorded under it: delete those first."))
    plan._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    plan.delete()


# Findings → action -------------------------------------------------------------------------------------


@transaction.atomic
def do_finding_to_feedback(
    finding: Finding,
    *,
    acting_user: User | None,
    said: str,
    said_on: date | None = None,
    action: Action | None = None,
) -> FeedbackItem:
    """Turn a finding into a "you said, we did" item (nobody named: it was seen, not said by someone),
    and remember on the finding what it became."""
    finding = Finding.objects.select_for_update().select_related("record").get(pk=finding.pk)
    if finding.feedback_item_id is not None:
        raise WriteError(_("This finding is already a feedback item."))
    community = Community.objects.get(pk=finding.community_id)
    item = feedback.do_record_feedback(
        community,
        acting_user=acting_user,
        partners=[],
        anonymous=True,
        source=FEEDBACK_SOURCE,
        said=said,
        said_on=said_on or finding.record.observed_on,
        action=action,
    )
    finding.feedback_item = item
    finding._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    finding.save(update_fields=["feedback_item"])
    return item


@transaction.atomic
def do_finding_to_change_idea(
    finding: Finding,
    *,
    acting_user: User | None,
    action: Action,
    change_idea: str,
    prediction: str,
    measure_name: str,
    measure_unit: str = "",
) -> PdsaCycle:
    """Turn a finding into a change idea: a new PDSA cycle on one of the community's actions, and
    remember on the finding what it became."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.cycle_id is not None:
        raise WriteError(_("This finding is already a change idea."))
    if action is None or action.community_id != finding.community_id:
        raise WriteError({"action": _("Choose an action of this community.")})
    cycle = pdsa.do_start_cycle(
        action,
        acting_user=acting_user,
        change_idea=change_idea,
        prediction=prediction,
        measure_name=measure_name,
        measure_unit=measure_unit,
    )
    finding.cycle = cycle
    finding._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    finding.save(update_fields=["cycle"])
    return cycle

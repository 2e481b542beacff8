"""A community leader's writes: her claims and her exception requests (the claimant's side).

Views, the API, the demo and tests call these; nothing else saves a claim she makes. Every rule is
checked before anything is written, each refusal at its field (`WriteError`), so a refused claim
leaves nothing behind. Amounts are never worked out here: `amounts.recompute` (money.work_out) does.

- `do_submit_claim(partner, *, acting_user, event, **fields)` — a claim for an event she attended,
  under the policy in force on the event's date (kept by the claim), linked to her child care
  exception request for that event if she made one; the approvers of her community are told.
- `do_edit_returned_claim(claim, *, acting_user, version, **fields)` — change a returned claim and
  send it again.
- `do_withdraw_claim(claim, *, acting_user)` — take back a claim not yet approved or paid.
- `do_request_exception(partner, *, acting_user, event, kind, amount, reason)` — ask, before the
  event, for child care above the daily cap or for a special event; the approver the policy names is told.
- `do_withdraw_exception(request, *, acting_user)` — take back a request still waiting.

Fields of a claim: prep_hours, meeting_hours, travel_hours (quarter hours, at most 24 each),
childcare_cost (at most 10,000), travel_mode (none | mileage | actual), miles (mileage: at most 2,000),
expenses (actual: `ExpenseInput`s, each with its receipt), note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Membership, Role
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import DIGEST, NotificationKind, notification_kinds
from cocreate.partners.models import Partner

from . import amounts, receipts
from .events import Event
from .models import (
    Claim,
    ClaimStatus,
    ExceptionKind,
    ExceptionRequest,
    ExceptionStatus,
    Expense,
    ExpenseKind,
    Policy,
    Receipt,
    TravelMode,
)
from .money import Line

MAX_HOURS = Decimal("24")
MAX_CHILDCARE = Decimal("10000")
MAX_MILES = Decimal("2000")
MAX_EXPENSE = Decimal("10000")
MAX_EXCEPTION = Decimal("10000")
QUARTER = Decimal("0.25")
HOUR_FIELDS = ("prep_hours", "meeting_hours", "travel_hours")
MAX_EXPENSES = 10

KINDS = [
    NotificationKind(
        "claim_submitted",
        70,
        gettext_lazy("A community leader sent a claim"),
        "compensation/notifications/claim_submitted",
        default_email=DIGEST,
    ),
    NotificationKind(
        "exception_requested",
        71,
        gettext_lazy("A community leader asks for an exception to the compensation policy"),
        "compensation/notifications/exception_requested",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


@dataclass
class ExpenseInput:
    """One cost claimed at actual cost: its kind, amount and receipt — a file just uploaded, or a
    receipt kept already (uploaded with a preview, or with the claim before it was returned)."""

    kind: str
    amount: Any
    file: Any = None
    receipt: Receipt | None = None


# --- Checking what she typed -------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return Decimal(0)
    try:
        d = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _amount(errors: dict, name: str, value: Any, most: Decimal, *, quarter: bool = False) -> Decimal:
    d = _decimal(value)
    if d is None:
        errors[name] = _("Enter a number, such as 1.5.")
        return Decimal(0)
    if d < 0:
        errors[name] = _("Enter zero or more.")
    elif d > most:
        errors[name] = _("That is more than %(most)s. Check the figure.") % {"most": f"{most:,}"}
    elif quarter and (d / QUARTER) % 1:
        errors[name] = _("Enter hours in quarter hours: 0.25, 0.5, 0.75, 1 …")
    elif d.as_tuple().exponent < -2:  # type: ignore[operator]
        errors[name] = _("Enter at most two decimals.")
    return d


@dataclass
class Checked:
    values: dict[str, Any]
    expenses: list[ExpenseInput]
    errors: dict[str, Any]


def check_fields(
    policy: Policy | None,
    *,
    prep_hours: Any = 0,
    meeting_hours: Any = 0,
    travel_hours: Any = 0,
    childcare_cost: Any = 0,
    travel_mode: str = TravelMode.NONE,
    miles: Any = 0,
    expenses: Sequence[ExpenseInput] = (),
    note: str = "",
    acting_user=None,
) -> Checked:
    """Every field of a claim checked, with its message, before anything is written."""
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    hours = {"prep_hours": prep_hours, "meeting_hours": meeting_hours, "travel_hours": travel_hours}
    for name in HOUR_FIELDS:
        values[name] = _amount(errors, name, hours[name], MAX_HOURS, quarter=True)
    values["childcare_cost"] = _amount(errors, "childcare_cost", childcare_cost, MAX_CHILDCARE)
    travel_mode = travel_mode or TravelMode.NONE
    if travel_mode not in TravelMode.values:
        errors["travel_mode"] = _("Choose how you travelled.")
    values["travel_mode"] = travel_mode
    values["miles"] = Decimal(0)
    if travel_mode == TravelMode.MILEAGE:
        values["miles"] = _amount(errors, "miles", miles, MAX_MILES)
        if "miles" not in errors and values["miles"] <= 0:
            errors["miles"] = _("Enter the miles you drove, there and back.")
        elif "miles" not in errors and (values["miles"] * 10) % 1:
            errors["miles"] = _("Enter miles to one decimal at most.")
    kept: list[ExpenseInput] = []
    if travel_mode == TravelMode.ACTUAL:
        if policy is not None and not policy.actual_costs_allowed:
            errors["travel_mode"] = _("The policy does not pay travel at actual cost. Choose by the mile.")
        rows = [e for e in expenses if e.kind or _decimal(e.amount) or e.file or e.receipt]
        if not rows:
            errors.setdefault(
                "travel_mode", _("Add at least one cost with its receipt, or choose another way.")
            )
        if len(rows) > MAX_EXPENSES:
            errors["travel_mode"] = _("At most %(n)s costs in one claim.") % {"n": MAX_EXPENSES}
        for i, e in enumerate(expenses):
            if not (e.kind or _decimal(e.amount) or e.file or e.receipt):
                continue
            prefix = f"expense_{i}_"
            if e.kind not in ExpenseKind.values:
                errors[prefix + "kind"] = _("Choose what the cost was for.")
            amount = _amount(errors, prefix + "amount", e.amount, MAX_EXPENSE)
            if prefix + "amount" not in errors and amount <= 0:
                errors[prefix + "amount"] = _("Enter the amount on the receipt.")
            if e.file is not None:
                try:
                    receipts.check(e.file, prefix + "receipt")
                except WriteError as err:
                    errors.update(err.message_dict)
            elif e.receipt is None:
                errors[prefix + "receipt"] = _("Add a photo or PDF of the receipt.")
            elif acting_user is not None and e.receipt.uploaded_by_id not in (acting_user.pk, None):
                errors[prefix + "receipt"] = _("Add a photo or PDF of the receipt.")
            kept.append(ExpenseInput(e.kind, amount, e.file, e.receipt))
    nothing = not any(values[name] for name in (*HOUR_FIELDS, "childcare_cost", "miles")) and not kept
    if nothing and not errors:
        errors["prep_hours"] = _("Enter the time you gave, or a cost to claim: there is nothing to pay yet.")
    values["note"] = (note or "").strip()
    if len(values["note"]) > 3000:
        errors["note"] = _("Keep the note under 3,000 characters.")
    return Checked(values, kept, errors)


def check_event(event: Event | None, *, claim_pk: int | None = None) -> tuple[Policy | None, dict[str, str]]:
    """The policy for the event and what stops a claim for it (at the field "event")."""
    if event is None:
        return None, {"event": _("Choose an event you took part in.")}
    refusal = event.refusal()
    if refusal:
        return None, {"event": refusal}
    from .events import live_claim_exists

    if live_claim_exists(event, excluding=claim_pk):
        return None, {"event": _("You have already claimed for this event. Open that claim instead.")}
    policy = amounts.policy_on(event.partner.organization_id, event.date)
    if policy is None:
        return None, {
            "event": _(
                "No compensation policy was in force on the date of this event, so it cannot be claimed. "
                "Ask the team lead."
            )
        }
    return policy, {}


def exception_for(partner: Partner, event: Event) -> ExceptionRequest | None:
    """Her child care exception request for this event, if she made one (the latest)."""
    qs = ExceptionRequest.objects.filter(partner=partner, kind=ExceptionKind.CHILDCARE)
    qs = qs.filter(Q(meeting=event.meeting) if event.meeting else Q(support_event=event.support_event))
    return qs.order_by("-requested_at", "-pk").first()


def preview(partner: Partner, event: Event | None, **fields) -> tuple[Claim | None, list[Line], dict]:
    """What the claim would pay, line by line, without saving anything: (unsaved claim, lines, errors)."""
    policy, errors = check_event(event)
    checked = check_fields(policy, **fields)
    errors.update(checked.errors)
    if policy is None or event is None:
        return None, [], errors
    claim = _unsaved(partner, event, policy, checked)
    lines = amounts.recompute(claim, [(e.kind, e.amount) for e in checked.expenses])
    return claim, lines, errors


def _unsaved(partner: Partner, event: Event, policy: Policy, checked: Checked) -> Claim:
    values = {k: v for k, v in checked.values.items()}
    return Claim(
        organization_id=partner.organization_id,
        community_id=partner.community_id,
        partner=partner,
        policy=policy,
        exception=exception_for(partner, event),
        **event.refs(),
        **values,
    )


def _raise(errors: dict) -> None:
    if errors:
        raise WriteError(errors)


def _save_expenses(claim: Claim, expenses: list[ExpenseInput], acting_user) -> None:
    claim.expenses.all().delete()
    keep: list[int] = []
    for i, e in enumerate(expenses):
        receipt = e.receipt
        if e.file is not None:
            receipt = receipts.store(
                claim.organization, e.file, acting_user=acting_user, field=f"expense_{i}_receipt", claim=claim
            )
        elif receipt is not None and receipt.claim_id != claim.pk:
            Receipt.objects.filter(pk=receipt.pk).update(claim=claim)
        if receipt is not None:
            keep.append(receipt.pk)
        Expense.objects.create(
            organization_id=claim.organization_id, claim=claim, kind=e.kind, amount=e.amount, receipt=receipt
        )
    # Receipts of costs no longer claimed go with them.
    for old in claim.receipts.exclude(pk__in=keep):
        old.file.delete(save=False)
        old.delete()


# --- Claims ------------------------------------------------------------------------------------------


def approvers_of(claim: Claim) -> list:
    """Who is told a claim was sent: the team leads of her community and the organization's finance
    people (never the claimant herself). One query."""
    from cocreate.accounts.models import User

    members = Membership.objects.filter(organization_id=claim.organization_id).filter(
        Q(role=Role.TEAM_LEAD, community_id=claim.community_id) | Q(role=Role.FINANCE, community__isnull=True)
    )
    return list(
        User.objects.filter(pk__in=members.values("user_id"), is_active=True).exclude(
            pk=claim.partner.user_id or 0
        )
    )


def _tell_approvers(claim: Claim, acting_user) -> None:
    org = claim.organization
    notify(
        kind="claim_submitted",
        recipients=[u for u in approvers_of(claim) if acting_user is None or u.pk != acting_user.pk],
        organization=org,
        community=claim.community,
        key=f"claim:{claim.pk}:v{claim.version}",
        url=reverse("compensation:staff_claim", args=[org.slug, claim.pk]),
        context={
            "name": claim.partner.name,
            "event": claim.event_title,
            "date": claim.event_date.isoformat(),
            "total": str(claim.total),
            "currency": claim.policy.currency,
        },
    )


@transaction.atomic
def do_submit_claim(
    partner: Partner, *, acting_user, event: Event | None, expenses: Sequence[ExpenseInput] = (), **fields
) -> Claim:
    """Claim for `event` (from `events.find`, for this partner): checked, worked out under the policy
    in force on its date, and sent to the approvers of her community."""
    if event is not None and event.partner.pk != partner.pk:
        event = None
    policy, errors = check_event(event)
    checked = check_fields(policy, expenses=expenses, acting_user=acting_user, **fields)
    errors.update(checked.errors)
    _raise(errors)
    assert policy is not None and event is not None
    claim = _unsaved(partner, event, policy, checked)
    claim.organization = partner.organization
    claim.community = partner.community
    claim.submitted_by = acting_user
    claim.status = ClaimStatus.SUBMITTED
    amounts.recompute(claim, [(e.kind, e.amount) for e in checked.expenses])
    claim._history_user = acting_user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:  # a second tab sent the same claim a moment ago
        raise WriteError(
            {"event": _("You have already claimed for this event. Open that claim instead.")}
        ) from None
    _save_expenses(claim, checked.expenses, acting_user)
    _tell_approvers(claim, acting_user)
    return claim


@transaction.atomic
def do_edit_returned_claim(
    claim: Claim,
    *,
    acting_user,
    version: int | None = None,
    expenses: Sequence[ExpenseInput] = (),
    **fields,
) -> Claim:
    """Change a claim that was returned to her and send it again (status "sent"): its amounts are
    worked out again under the policy it was made under. A stale `version` raises StaleEdit."""
    current = lock(claim)
    if current.status != ClaimStatus.RETURNED:
        raise WriteError(
            _("Only a claim returned to you can be changed. This one is: %(status)s.")
            % {"status": current.get_status_display()}
        )
    checked = check_fields(claim.policy, expenses=expenses, acting_user=acting_user, **fields)
    for e in checked.expenses:  # a receipt kept must be this claim's or one she just uploaded
        if e.receipt is not None and e.receipt.claim_id not in (None, claim.pk):
            checked.errors["travel_mode"] = _("Add a photo or PDF of the receipt.")
    _raise(checked.errors)
    claim_edit(claim, version)
    for name, value in checked.values.items():
        setattr(claim, name, value)
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_at = timezone.now()
    amounts.recompute(claim, [(e.kind, e.amount) for e in checked.expenses])
    claim._history_user = acting_user  # type: ignore[attr-defined]
    claim.save()
    _save_expenses(claim, checked.expenses, acting_user)
    _tell_approvers(claim, acting_user)
    return claim


@transaction.atomic
def do_withdraw_claim(claim: Claim, *, acting_user) -> Claim:
    """Take back a claim that is not approved or paid yet (a repeat finds it withdrawn already)."""
    current = lock(claim)
    if current.status == ClaimStatus.WITHDRAWN:
        return current
    if current.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        raise WriteError(
            _("This claim is approved already and can no longer be withdrawn. Ask the team lead.")
        )
    current.status = ClaimStatus.WITHDRAWN
    current._history_user = acting_user  # type: ignore[attr-defined]
    current.save()
    return current


# --- Exception requests ------------------------------------------------------------------------------


@transaction.atomic
def do_request_exception(
    partner: Partner, *, acting_user, event: Event | None, kind: str, amount: Any = 0, reason: str = ""
) -> ExceptionRequest:
    """Ask before the event for child care above the daily cap (the amount expected for the day) or
    for a special event. The approver is the one the policy in force on the event's date names."""
    errors: dict[str, Any] = {}
    if event is None or event.partner.pk != partner.pk:
        raise WriteError({"event": _("Choose an event you are invited to.")})
    if event.cancelled:
        errors["event"] = _("This meeting was cancelled.")
    elif event.started:
        errors["event"] = _(
            "This event has started already: an exception is asked before the event. "
            "You can still claim what the policy pays without one."
        )
    policy = amounts.policy_on(partner.organization_id, event.date)
    if policy is None and "event" not in errors:
        errors["event"] = _(
            "No compensation policy is in force on the date of this event. Ask the team lead."
        )
    if kind not in ExceptionKind.values:
        errors["kind"] = _("Choose what the exception is for.")
    value = _amount(errors, "amount", amount, MAX_EXCEPTION)
    if kind == ExceptionKind.CHILDCARE and "amount" not in errors and policy is not None:
        if value <= policy.childcare_daily_cap:
            errors["amount"] = _(
                "The policy pays child care up to %(cap)s a day without an exception: no need to ask."
            ) % {"cap": f"{policy.childcare_daily_cap:,.2f}"}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say in a few words why you need it.")
    elif len(reason) > 3000:
        errors["reason"] = _("Keep it under 3,000 characters.")
    if not errors:
        waiting = ExceptionRequest.objects.filter(
            partner=partner, kind=kind, status__in=[ExceptionStatus.PENDING, ExceptionStatus.APPROVED]
        ).filter(Q(meeting=event.meeting) if event.meeting else Q(support_event=event.support_event))
        if waiting.exists():
            errors["kind"] = _("You have asked for this already for this event.")
    _raise(errors)
    assert policy is not None
    approver = (
        policy.childcare_exception_approver
        if kind == ExceptionKind.CHILDCARE
        else policy.special_event_approver
    )
    request = ExceptionRequest(
        organization_id=partner.organization_id,
        community_id=partner.community_id,
        partner=partner,
        kind=kind,
        amount=value,
        reason=reason,
        approver=approver,
        requested_by=acting_user,
        **event.refs(),
    )
    request._history_user = acting_user  # type: ignore[attr-defined]
    request.save()
    # A claim she already made for the event (unusual, but possible) picks it up.
    if kind == ExceptionKind.CHILDCARE:
        for claim in Claim.objects.filter(
            partner=partner, status__in=[ClaimStatus.SUBMITTED, ClaimStatus.RETURNED]
        ).filter(Q(meeting=event.meeting) if event.meeting else Q(support_event=event.support_event)):
            claim.exception = request
            amounts.recompute(claim)
            claim.save()
    if approver is not None:
        org = partner.organization
        notify(
            kind="exception_requested",
            recipients=[approver] if acting_user is None or approver.pk != acting_user.pk else [],
            organization=org,
            community=partner.community,
            key=f"exception:{request.pk}",
            url=reverse("core:for_me", args=[org.slug]),
            context={
                "name": partner.name,
                "event": request.event_title,
                "date": request.event_date.isoformat(),
                "kind": kind,
                "amount": str(value),
                "currency": policy.currency,
            },
        )
    return request


@transaction.atomic
def do_withdraw_exception(request: ExceptionRequest, *, acting_user) -> None:
    """Take back a request still waiting for a decision (its history keeps it)."""
    current = lock(request)
    if current.status != ExceptionStatus.PENDING:
        raise WriteError(_("This request has been decided already and can no longer be withdrawn."))
    claims = list(Claim.objects.filter(exception=current))
    current._history_user = acting_user  # type: ignore[attr-defined]
    current.delete()
    for claim in claims:
        claim.exception = None
        amounts.recompute(claim)
        claim.save()


# --- Her "for me" home (core.registry.waiting_sources) ------------------------------------------------


def returned_claims(user, community_ids: list[int]) -> list:
    """Her claims returned to her, to change and send again. One query."""
    from cocreate.core.registry import WaitingItem
    from cocreate.lib.urls import page_reverser

    qs = (
        Claim.objects.filter(
            partner__user_id=user.pk, community_id__in=community_ids, status=ClaimStatus.RETURNED
        )
        .select_related("community__organization")
        .only(
            "pk",
            "event_title",
            "event_date",
            "return_reason",
            "community__name",
            "community__organization__slug",
        )
        .order_by("event_date", "pk")[:20]
    )
    url = page_reverser()
    return [
        WaitingItem(
            kind=_("Claim returned to you"),
            title=claim.event_title,
            url=url("compensation:my_claim_edit", claim.community.organization.slug, claim.pk),
            community=claim.community.name,
            note=claim.return_reason or _("Change it and send it again."),
        )
        for claim in qs
    ]

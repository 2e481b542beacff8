"""The staff's writes on claims: deciding exceptions, approving or returning claims, changing an
approved claim, and recording payments.

Who may do what (the rules every caller — pages, API, tests — gets from here):

* an exception is decided by the approver it names (`ExceptionRequest.approver`, set from the policy
  in force on the event's date when it was asked); when none is named, by a team lead of its community
  or by finance; never by the person it is for;
* a claim is approved, returned or changed by who holds "claim.approve" in its community (its team
  lead, or finance), never by the person who claims;
* a claim is marked paid by finance ("claim.pay").

State changes lock the row first (`core.concurrency.lock`) and look at the state again, so two
approvers clicking at once make one approval (one `ClaimVersion`), and the second finds it made.
Amounts always come from `amounts.recompute` (`money.work_out`); nothing here does arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.access import Tenant
from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Membership, Role

from . import notices
from .amounts import recompute
from .models import (
    Claim,
    ClaimStatus,
    ClaimVersion,
    ExceptionRequest,
    ExceptionStatus,
    Expense,
    Payment,
    PaymentMethod,
    TravelMode,
)

OPEN = (ClaimStatus.SUBMITTED, ClaimStatus.RETURNED)


def tenant_of(user, organization) -> Tenant:
    """The person's roles in the organization (one query), for the rules below."""
    memberships = list(Membership.objects.filter(user=user, organization=organization))
    return Tenant(user=user, organization=organization, memberships=memberships)


def _tenant(acting_user, organization, tenant: Tenant | None) -> Tenant:
    if tenant is not None and tenant.user.pk == acting_user.pk and tenant.organization.pk == organization.pk:
        return tenant
    return tenant_of(acting_user, organization)


def is_own(user, partner_user_id: int | None) -> bool:
    return user is not None and partner_user_id is not None and partner_user_id == user.pk


# Exceptions ------------------------------------------------------------------------------------------


def may_decide_exception(tenant: Tenant, exception: ExceptionRequest) -> bool:
    """The named approver; with none named, a team lead of the community or finance. Never her own."""
    user = tenant.user
    if is_own(user, exception.partner.user_id) or exception.requested_by_id == user.pk:
        return False
    if exception.approver_id is not None:
        return exception.approver_id == user.pk
    roles = tenant.roles_in(exception.community_id)
    return Role.FINANCE in roles or Role.TEAM_LEAD in tenant.community_roles.get(exception.community_id, ())


@transaction.atomic
def do_decide_exception(
    exception: ExceptionRequest,
    *,
    acting_user,
    approve: bool,
    amount: Decimal | None = None,
    note: str = "",
    tenant: Tenant | None = None,
) -> ExceptionRequest:
    """Approve (up to `amount`, at most what was asked; by default all of it) or refuse the exception,
    then work out again every open claim that uses it, in this transaction. Tells the leader."""
    tenant = _tenant(acting_user, exception.organization, tenant)
    exception = ExceptionRequest.objects.select_related("partner", "organization", "community").get(
        pk=lock(exception).pk
    )
    if not may_decide_exception(tenant, exception):
        raise WriteError(
            _("Only the approver the policy names may decide this request, and nobody decides their own.")
        )
    wanted = ExceptionStatus.APPROVED if approve else ExceptionStatus.REFUSED
    if exception.status != ExceptionStatus.PENDING:
        if exception.status == wanted:
            return exception  # a repeat of the same decision
        raise WriteError(
            _("This request was decided already: %(status)s.") % {"status": exception.get_status_display()}
        )
    note = (note or "").strip()
    if approve:
        if amount is not None:
            if amount <= 0:
                raise WriteError({"amount": _("Give an amount above zero, or refuse the request.")})
            if amount > exception.amount:
                raise WriteError({"amount": _("You can approve up to the amount asked for, not more.")})
            exception.amount = amount
    elif not note:
        raise WriteError({"note": _("Say why the request is not approved: she reads it.")})
    exception.status = wanted
    exception.decided_by = acting_user
    exception.decided_at = timezone.now()
    exception.decision_note = note
    exception._history_user = acting_user  # type: ignore[attr-defined]  # read by django-simple-history
    exception.save()
    for claim in (
        Claim.objects.select_for_update()
        .filter(exception=exception, status__in=OPEN)
        .select_related("policy")
        .order_by("pk")
    ):
        claim.exception = exception
        recompute(claim)
        claim._history_user = acting_user  # type: ignore[attr-defined]
        claim.version += 1
        claim.save()
    notices.exception_decided(exception)
    return exception


def pending_exceptions(tenant: Tenant):
    """The requests waiting for this person's decision, soonest event first."""
    from django.db.models import Q

    user = tenant.user
    qs = ExceptionRequest.objects.filter(
        organization=tenant.organization, status=ExceptionStatus.PENDING
    ).exclude(partner__user=user)
    unnamed_in = Q(approver__isnull=True)
    if Role.FINANCE not in tenant.org_roles:
        led = [pk for pk, roles in tenant.community_roles.items() if Role.TEAM_LEAD in roles]
        unnamed_in &= Q(community_id__in=led)
    return (
        qs.filter(Q(approver=user) | unnamed_in)
        .select_related("partner", "community", "approver")
        .order_by("event_date", "pk")
    )


# Claims ----------------------------------------------------------------------------------------------


def may_approve(tenant: Tenant, claim: Claim) -> bool:
    return tenant.can("claim.approve", claim.community_id) and not is_own(tenant.user, claim.partner.user_id)


def why_not_approvable(claim: Claim) -> str:
    """What stops the claim's approval ("" when nothing does): a pending exception, a missing receipt."""
    if claim.exception is not None and claim.exception.status == ExceptionStatus.PENDING:
        return _("The exception this claim uses is still waiting for its decision.")
    if claim.travel_mode == TravelMode.ACTUAL and any(
        e.receipt_id is None and e.amount > 0 for e in claim.expenses.all()
    ):
        return _("A cost claimed at actual cost has no receipt: return the claim to ask for it.")
    return ""


def _check_approver(tenant: Tenant, claim: Claim) -> None:
    if is_own(tenant.user, claim.partner.user_id):
        raise WriteError(_("Nobody approves their own claim: another approver or finance does."))
    if not tenant.can("claim.approve", claim.community_id):
        raise WriteError(_("Approving claims of this community is for its team lead and finance."))


def _locked(claim: Claim) -> Claim:
    locked = lock(claim)
    return Claim.objects.select_related("partner", "policy", "exception", "organization", "community").get(
        pk=locked.pk
    )


def _new_version(claim: Claim, acting_user, reason: str = "") -> ClaimVersion:
    number = (ClaimVersion.objects.filter(claim=claim).aggregate(n=Max("number"))["n"] or 0) + 1
    return ClaimVersion.objects.create(
        organization_id=claim.organization_id,
        claim=claim,
        number=number,
        lines=claim.lines,
        total=claim.total,
        reason=reason,
        made_by=acting_user,
    )


@transaction.atomic
def do_approve_claim(claim: Claim, *, acting_user, tenant: Tenant | None = None) -> Claim:
    """Approve a claim sent for approval: its amounts are worked out again and kept as ClaimVersion 1.
    Approving it again changes nothing."""
    tenant = _tenant(acting_user, claim.organization, tenant)
    claim = _locked(claim)
    _check_approver(tenant, claim)
    if claim.status in (ClaimStatus.APPROVED, ClaimStatus.PAID):
        return claim  # a second click, or a second approver at the same moment
    if claim.status != ClaimStatus.SUBMITTED:
        raise WriteError(
            _("Only a claim sent for approval can be approved; this one is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    why = why_not_approvable(claim)
    if why:
        raise WriteError(why)
    recompute(claim)
    claim.status = ClaimStatus.APPROVED
    claim.approved_by = acting_user
    claim.approved_at = timezone.now()
    claim.return_reason = ""
    claim.version += 1
    claim._history_user = acting_user  # type: ignore[attr-defined]
    claim.save()
    _new_version(claim, acting_user)
    notices.claim_approved(claim)
    return claim


@transaction.atomic
def do_return_claim(claim: Claim, *, acting_user, reason: str, tenant: Tenant | None = None) -> Claim:
    """Send a claim back to the leader with the reason (required): she corrects it and sends it again."""
    tenant = _tenant(acting_user, claim.organization, tenant)
    claim = _locked(claim)
    _check_approver(tenant, claim)
    reason = (reason or "").strip()
    if not reason:
        raise WriteError({"reason": _("Say what she needs to change: she reads it.")})
    if claim.status == ClaimStatus.RETURNED and claim.return_reason == reason:
        return claim
    if claim.status != ClaimStatus.SUBMITTED:
        raise WriteError(
            _("Only a claim sent for approval can be returned; this one is %(status)s.")
            % {"status": claim.get_status_display().lower()}
        )
    claim.status = ClaimStatus.RETURNED
    claim.return_reason = reason
    claim.version += 1
    claim._history_user = acting_user  # type: ignore[attr-defined]
    claim.save()
    notices.claim_returned(claim)
    return claim


@dataclass(frozen=True)
class ClaimChange:
    """What an approver or finance corrects on an approved claim (None: leave as it is)."""

    prep_hours: Decimal | None = None
    meeting_hours: Decimal | None = None
    travel_hours: Decimal | None = None
    childcare_cost: Decimal | None = None
    miles: Decimal | None = None
    expenses: dict[int, Decimal] = field(default_factory=dict)  # Expense pk -> amount


HOURS_MOST = Decimal("24")
MONEY_MOST = Decimal("10000")


@transaction.atomic
def do_change_approved_claim(
    claim: Claim,
    *,
    acting_user,
    reason: str,
    change: ClaimChange,
    version: int | None = None,
    tenant: Tenant | None = None,
) -> Claim:
    """Correct the hours or costs of an approved (not yet paid) claim, with the reason: its amounts are
    worked out again and kept as the next ClaimVersion. `version` is the claim's version the form was
    opened on (a stale edit is refused)."""
    tenant = _tenant(acting_user, claim.organization, tenant)
    claim = _locked(claim)
    _check_approver(tenant, claim)
    if claim.status != ClaimStatus.APPROVED:
        raise WriteError(_("Only an approved claim that is not paid yet can be changed."))
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Say what changed and why: it stays in the claim's history.")
    for name, most in (
        ("prep_hours", HOURS_MOST),
        ("meeting_hours", HOURS_MOST),
        ("travel_hours", HOURS_MOST),
        ("childcare_cost", MONEY_MOST),
        ("miles", MONEY_MOST),
    ):
        value = getattr(change, name)
        if value is not None and (value < 0 or value > most):
            errors[name] = _("Give a number from 0 to %(most)s.") % {"most": most}
    expenses = {e.pk: e for e in Expense.objects.filter(claim=claim)}
    for pk, amount in change.expenses.items():
        if pk not in expenses:
            errors["expenses"] = _("That cost is not part of this claim.")
        elif amount < 0 or amount > MONEY_MOST:
            errors["expenses"] = _("Give a number from 0 to %(most)s.") % {"most": MONEY_MOST}
    if errors:
        raise WriteError(errors)
    claim_edit(claim, version)
    for name in ("prep_hours", "meeting_hours", "travel_hours", "childcare_cost", "miles"):
        value = getattr(change, name)
        if value is not None:
            setattr(claim, name, value)
    for pk, amount in change.expenses.items():
        if expenses[pk].amount != amount:
            expenses[pk].amount = amount
            expenses[pk].save(update_fields=["amount"])
    recompute(claim)
    claim._history_user = acting_user  # type: ignore[attr-defined]
    claim.save()
    _new_version(claim, acting_user, reason)
    return claim


# Payments --------------------------------------------------------------------------------------------


@transaction.atomic
def do_mark_paid(
    claim: Claim,
    *,
    acting_user,
    paid_on: date,
    method: str,
    reference: str = "",
    tenant: Tenant | None = None,
) -> Payment:
    """Record that finance paid an approved claim: the amount is the claim's total now. Tells the
    leader, with the policy's notice about taxes and benefits. Recording it again returns the payment."""
    tenant = _tenant(acting_user, claim.organization, tenant)
    claim = _locked(claim)
    if not tenant.can("claim.pay", claim.community_id):
        raise WriteError(_("Recording payments is for finance."))
    if claim.status == ClaimStatus.PAID:
        return Payment.objects.get(claim=claim)
    errors: dict[str, str] = {}
    if claim.status != ClaimStatus.APPROVED:
        errors["__all__"] = _("Only an approved claim can be marked paid.")
    if paid_on is None:
        errors["paid_on"] = _("Give the date it was paid.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("A payment is recorded once made: the date cannot be in the future.")
    if method not in PaymentMethod.values:
        errors["method"] = _("Choose how it was paid.")
    if errors:
        raise WriteError(errors)
    payment = Payment(
        organization_id=claim.organization_id,
        community_id=claim.community_id,
        claim=claim,
        partner_id=claim.partner_id,
        paid_on=paid_on,
        method=method,
        reference=(reference or "").strip()[:100],
        amount=claim.total,
        recorded_by=acting_user,
    )
    payment._history_user = acting_user  # type: ignore[attr-defined]
    payment.save()
    claim.status = ClaimStatus.PAID
    claim.version += 1
    claim._history_user = acting_user  # type: ignore[attr-defined]
    claim.save()
    payment.claim = claim
    notices.claim_paid(payment)
    return payment

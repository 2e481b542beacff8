"""The policy in force on a date, and a claim's amounts worked out from its fields (money.work_out)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cocreate.core.models import Organization

from .models import Claim, ExceptionKind, ExceptionStatus, Policy
from .money import Inputs, Line, Rates, lines_from_json, work_out


def policy_on(organization: Organization | int, day: date) -> Policy | None:
    """The version in force on `day`: the latest whose `effective_from` is on or before it."""
    org_id = organization if isinstance(organization, int) else organization.pk
    return (
        Policy.objects.filter(organization_id=org_id, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def current_policy(organization: Organization | int) -> Policy | None:
    from django.utils import timezone

    return policy_on(organization, timezone.localdate())


def inputs_of(claim: Claim, expenses: list[tuple[str, Decimal]] | None = None) -> Inputs:
    """What the claim asks for. `expenses` when the caller holds them unsaved (a form's preview)."""
    if expenses is None:
        expenses = [(e.kind, e.amount) for e in claim.expenses.all()] if claim.pk else []
    exception = claim.exception
    if exception is not None and exception.kind != ExceptionKind.CHILDCARE:
        exception = None  # a special event's approval says nothing about child care above the cap
    return Inputs(
        prep_hours=claim.prep_hours,
        meeting_hours=claim.meeting_hours,
        travel_hours=claim.travel_hours,
        childcare_cost=claim.childcare_cost,
        travel_mode=claim.travel_mode,
        miles=claim.miles,
        expenses=tuple(expenses),
        exception_status=exception.status if exception is not None else "",
        exception_amount=(
            exception.amount
            if exception is not None and exception.status == ExceptionStatus.APPROVED
            else Decimal("0")
        ),
    )


def recompute(claim: Claim, expenses: list[tuple[str, Decimal]] | None = None) -> list[Line]:
    """Set `claim.lines` and `claim.total` from its policy and fields (the caller saves)."""
    lines, total = work_out(Rates.of(claim.policy), inputs_of(claim, expenses))
    claim.lines = [line.as_json() for line in lines]
    claim.total = total
    return lines


def stored_lines(claim: Claim) -> list[Line]:
    return lines_from_json(claim.lines)

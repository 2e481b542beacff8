"""A community leader's year: every claim paid to her in a calendar year (by the payment's date), its
lines, and the year's total, with the organization's notice about taxes and benefits.

`year_statement(partner, year)` takes one partner record or all of hers in the organization (a
person in two communities has two) and answers in three queries whatever the number of claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language

from cocreate.partners.models import Partner

from .amounts import stored_lines
from .models import Claim, Payment, Policy
from .money import ShownLine, shown_lines


@dataclass
class PaidClaim:
    claim: Claim
    payment: Payment
    currency: str

    @property
    def shown(self) -> list[ShownLine]:
        """Its lines as a page words them (worked out only when asked: the statement lists totals)."""
        return shown_lines(stored_lines(self.claim), self.currency)

    @property
    def amount(self) -> Decimal:
        return self.payment.amount


@dataclass
class Statement:
    year: int
    rows: list[PaidClaim] = field(default_factory=list)
    total: Decimal = Decimal("0")
    currency: str = "USD"
    notice: str = ""
    threshold: Decimal | None = None
    policy: Policy | None = None

    @property
    def above_threshold(self) -> bool:
        return self.threshold is not None and self.total >= self.threshold


def years_paid(partners: Sequence[Partner]) -> list[int]:
    """The years in which she was paid something, latest first. One query."""
    dates = Payment.objects.filter(partner__in=list(partners)).dates("paid_on", "year", order="DESC")
    return [d.year for d in dates]


def year_statement(partner: Partner | Sequence[Partner], year: int, language: str | None = None) -> Statement:
    """Her paid claims of `year`, oldest payment first, and the year's total (what was paid)."""
    partners = [partner] if isinstance(partner, Partner) else list(partner)
    statement = Statement(year=year)
    if not partners:
        return statement
    org_id = partners[0].organization_id
    payments = (
        Payment.objects.filter(
            organization_id=org_id,
            partner__in=partners,
            paid_on__gte=date(year, 1, 1),
            paid_on__lte=date(year, 12, 31),
        )
        .select_related("claim__policy")
        .order_by("paid_on", "pk")
    )
    for payment in payments:
        claim = payment.claim
        currency = claim.policy.currency
        statement.rows.append(PaidClaim(claim, payment, currency))
        statement.total += payment.amount
    # The notice and threshold of the policy in force at the end of the year (or today, this year).
    until = min(date(year, 12, 31), timezone.localdate())
    policy = (
        Policy.objects.filter(organization_id=org_id, effective_from__lte=until)
        .order_by("-effective_from")
        .first()
        or Policy.objects.filter(organization_id=org_id).order_by("effective_from").first()
    )
    if policy is not None:
        statement.policy = policy
        statement.notice = policy.notice(language or get_language() or "en")
        statement.threshold = policy.reporting_threshold
        statement.currency = policy.currency
    elif statement.rows:
        statement.currency = statement.rows[0].currency
    return statement

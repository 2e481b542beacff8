"""Yearly totals: what each person was paid in a year, counted by the payment's date (`Payment.paid_on`),
against the reporting threshold of the organization's latest policy version.

Amounts are for the approvers of her community, finance and the person herself: callers check who
reads (`finance_totals` is finance's page; `person_year` is for her own statement or an approver).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, QuerySet, Sum

from cocreate.core.models import Organization
from cocreate.partners.models import Partner

from .models import Claim, ClaimStatus, Payment, Policy
from .money import Line, lines_from_json
from .policy import latest_policy

ZERO = Decimal("0")

SORTS = {
    "name": ("partner__name", "partner_id"),
    "-name": ("-partner__name", "-partner_id"),
    "total": ("total", "partner__name"),
    "-total": ("-total", "partner__name"),
    "claims": ("claims", "partner__name"),
    "-claims": ("-claims", "partner__name"),
}


def finance_totals(organization: Organization, year: int, sort: str = "name") -> QuerySet:
    """One row per person paid in `year`: partner_id, name, community, total, claims (one query)."""
    return (
        Payment.objects.filter(organization=organization, paid_on__year=year)
        .values("partner_id")
        .annotate(
            name=F("partner__name"),
            community=F("partner__community__name"),
            total=Sum("amount"),
            claims=Count("pk"),
        )
        .order_by(*SORTS.get(sort, SORTS["name"]))
    )


@dataclass
class PaidClaim:
    claim: Claim  # with .payment
    lines: list[Line]


@dataclass
class PersonYear:
    partner: Partner
    year: int
    claims: list[PaidClaim]
    total: Decimal
    currency: str
    threshold: Decimal | None
    policy: Policy | None  # the latest version: its threshold and its notice

    @property
    def reaches_threshold(self) -> bool:
        return self.threshold is not None and self.total >= self.threshold

    def notice(self, language: str) -> str:
        return self.policy.notice(language) if self.policy is not None else ""


def person_year(partner: Partner, year: int) -> PersonYear:
    """Everything one person was paid in `year` (by payment date), for her yearly statement.

    Returns a `PersonYear`: `claims` — her paid claims whose payment is dated in the year, each with
    its `Payment` (`paid.claim.payment`) and its stored lines (`paid.lines`, `money.Line`s, shown with
    `money.shown_lines(paid.lines, currency)`), in payment order; `total` — the sum of the payments'
    amounts (what was paid, to the cent); `currency`; `threshold` and `reaches_threshold` — the
    reporting threshold of the organization's latest policy version; `policy` and `notice(language)`
    — the notice about taxes and benefits to print on the statement.

    Two queries (claims with payment and policy; the latest policy), whatever the number of claims.
    It checks nobody's permission: the caller shows it only to her, her approvers and finance.
    """
    claims = list(
        Claim.objects.filter(partner=partner, status=ClaimStatus.PAID, payment__paid_on__year=year)
        .select_related("payment", "policy")
        .order_by("payment__paid_on", "pk")
    )
    policy = latest_policy(partner.organization_id)
    total = sum((c.payment.amount for c in claims), ZERO)
    currency = claims[0].policy.currency if claims else (policy.currency if policy else "USD")
    return PersonYear(
        partner=partner,
        year=year,
        claims=[PaidClaim(c, lines_from_json(c.lines)) for c in claims],
        total=total,
        currency=currency,
        threshold=policy.reporting_threshold if policy else None,
        policy=policy,
    )

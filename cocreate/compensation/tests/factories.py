"""Policies and claims for tests, made the way the app makes them (amounts through money.work_out)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from django.utils import timezone

from cocreate.compensation.amounts import recompute
from cocreate.compensation.models import Claim, ClaimStatus, Policy

NOTICE_EN = (
    "This money is taxable income and no tax is withheld from it. If you receive benefits that depend "
    "on your income, tell your caseworker about this payment within 10 days of receiving it."
)
NOTICE_ES = (
    "Este dinero es un ingreso sujeto a impuestos y no se retiene ningún impuesto. Si recibe beneficios "
    "que dependen de sus ingresos, informe de este pago a su trabajador social dentro de los 10 días "
    "siguientes a recibirlo."
)


def make_policy(
    organization, *, effective_from: date | None = None, number: int | None = None, **fields
) -> Policy:
    """$25/hour (2 h prep, 3 h meeting, 1.5 h travel at most), child care up to $60/day, $0.670/mile."""
    values = dict(
        honorarium_basis="hour",
        honorarium_rate=D("25.00"),
        max_prep_hours=D("2"),
        max_meeting_hours=D("3"),
        max_travel_hours=D("1.5"),
        childcare_daily_cap=D("60.00"),
        mileage_rate=D("0.670"),
        notice_en=NOTICE_EN,
        notice_es=NOTICE_ES,
        reporting_threshold=D("600.00"),
    )
    values.update(fields)
    if number is None:
        number = Policy.objects.filter(organization=organization).count() + 1
    return Policy.objects.create(
        organization=organization,
        number=number,
        effective_from=effective_from or (timezone.localdate() - timedelta(days=365)),
        **values,
    )


def make_claim(
    partner, *, policy: Policy, meeting=None, support_event=None, status=ClaimStatus.SUBMITTED, **fields
):
    """A claim for a meeting (or support event) the partner attended, its amounts worked out."""
    event = meeting or support_event
    if meeting is not None:
        event_date = timezone.localtime(meeting.starts_at).date()
    else:
        event_date = support_event.date
    claim = Claim(
        organization_id=partner.organization_id,
        community_id=partner.community_id,
        partner=partner,
        policy=policy,
        meeting=meeting,
        support_event=support_event,
        event_date=event_date,
        event_title=str(event),
        status=status,
        **fields,
    )
    recompute(claim, [])
    claim.save()
    return claim

"""The demo's community leader side of compensation: María López (parent@, Riverside, Spanish) has one
claim paid (a past team meeting she came to) and one whose child care is above the daily cap, waiting
for the exception she asked before that meeting to be approved by the lead.

Runs after the policy seeder (demo_policy, order 70), whose policy the claims are made under.
Idempotent: a demo where she has claims already is left alone.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.meetings.models import Attendee, Meeting, MeetingStatus
from cocreate.partners.models import Partner

from . import claims, events
from .models import (
    Claim,
    ClaimStatus,
    ExceptionKind,
    ExceptionRequest,
    Payment,
    PaymentMethod,
    Policy,
    TravelMode,
)


def _came(meeting: Meeting, partner: Partner) -> None:
    row = Attendee.objects.filter(meeting=meeting, partner=partner).first()
    if row is None:
        Attendee.objects.create(
            organization_id=meeting.organization_id,
            community_id=meeting.community_id,
            meeting=meeting,
            partner=partner,
            attended=True,
        )
    elif row.attended is not True:
        row.attended = True
        row.save(update_fields=["attended"])


@transaction.atomic
def seed_claims(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None:
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    maria = people.get("parent")
    if maria is None:
        return
    partner = Partner.objects.filter(community=riverside, user=maria).first()
    if partner is None:
        partner = Partner.objects.filter(community=riverside, name="María López").first()
        if partner is None:
            return
        partner.user = maria
        partner.save(update_fields=["user"])
    if Claim.objects.filter(partner=partner).exists():
        return
    past = list(
        Meeting.objects.filter(community=riverside, ends_at__lte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")[:2]
    )
    if len(past) < 2:
        return
    if not Policy.objects.filter(organization_id=riverside.organization_id).exists():
        return  # no policy, nothing to claim under
    latest, earlier = past
    for meeting in past:
        _came(meeting, partner)

    # Paid: the latest meeting, with preparation, the meeting, travel and mileage.
    event = events.find([partner], events.MEETING, latest.pk)
    paid = claims.do_submit_claim(
        partner,
        acting_user=maria,
        event=event,
        prep_hours=D("1.5"),
        meeting_hours=event.hours if event else D("1.5"),
        travel_hours=D("0.5"),
        childcare_cost=D("45.00"),
        travel_mode=TravelMode.MILEAGE,
        miles=D("12.4"),
    )
    paid_on = min(timezone.localdate(), timezone.localtime(latest.ends_at).date() + timedelta(days=9))
    Claim.objects.filter(pk=paid.pk).update(
        status=ClaimStatus.PAID, approved_by=people.get("lead"), approved_at=timezone.now()
    )
    Payment.objects.create(
        organization_id=paid.organization_id,
        community_id=paid.community_id,
        claim=paid,
        partner=partner,
        paid_on=paid_on,
        method=PaymentMethod.DIRECT_DEPOSIT,
        reference="DD-2026-0142",
        amount=paid.total,
        recorded_by=people.get("finance"),
    )

    # Waiting: the earlier meeting, child care above the cap, the exception asked a week before it.
    asked = ExceptionRequest.objects.create(
        organization_id=partner.organization_id,
        community_id=partner.community_id,
        partner=partner,
        kind=ExceptionKind.CHILDCARE,
        amount=D("90.00"),
        reason="Mi niñera cobra más por la tarde y tengo tres hijos pequeños.",
        approver=people.get("lead"),
        requested_by=maria,
        meeting=earlier,
        event_date=timezone.localtime(earlier.starts_at).date(),
        event_title=earlier.title,
    )
    ExceptionRequest.objects.filter(pk=asked.pk).update(requested_at=earlier.starts_at - timedelta(days=7))
    event = events.find([partner], events.MEETING, earlier.pk)
    claims.do_submit_claim(
        partner,
        acting_user=maria,
        event=event,
        prep_hours=D("2"),
        meeting_hours=event.hours if event else D("1.5"),
        travel_hours=D("0.75"),
        childcare_cost=D("90.00"),
        travel_mode=TravelMode.MILEAGE,
        miles=D("12.4"),
        note="La niñera cobró 90 dólares; pedí la excepción antes de la reunión.",
    )

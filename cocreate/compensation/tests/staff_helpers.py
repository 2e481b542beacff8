"""Leaders, meetings, claims and exceptions for the staff side's tests (amounts through make_claim)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal as D

from django.utils import timezone

from cocreate.compensation.models import ExceptionRequest, Policy
from cocreate.compensation.tests.factories import make_claim, make_policy
from cocreate.meetings.models import Meeting
from cocreate.partners.models import Partner, PartnerType

_count = {"n": 0}


def policy_of(cast, **fields) -> Policy:
    existing = Policy.objects.filter(organization=cast.org).first()
    return existing or make_policy(cast.org, **fields)


def leader(cast, user=None, community=None, name="Paz Parent") -> Partner:
    """A community leader with lived experience (linked to `user`, by default the cast's parent)."""
    community = community or cast.community
    return Partner.objects.create(
        organization=cast.org,
        community=community,
        name=name,
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
        user=cast.partner if user is None else user,
    )


def meeting(cast, community=None, days_ago: int = 10, title: str = "Team meeting") -> Meeting:
    _count["n"] += 1
    community = community or cast.community
    day = timezone.localdate() - timedelta(days=days_ago)
    starts = timezone.make_aware(datetime.combine(day, time(18, 0)))
    return Meeting.objects.create(
        organization=cast.org,
        community=community,
        title=f"{title} {_count['n']}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )


def claim_for(cast, partner=None, policy=None, days_ago: int = 10, **fields):
    partner = partner or leader(cast)
    policy = policy or policy_of(cast)
    values = dict(prep_hours=D("1.5"), meeting_hours=D("2"), travel_hours=D("1"))
    values.update(fields)
    return make_claim(partner, policy=policy, meeting=meeting(cast, partner.community, days_ago), **values)


def exception_for(cast, claim, *, amount=D("85.00"), approver=None, kind="childcare") -> ExceptionRequest:
    """A pending exception for the claim's event, linked to the claim (amounts worked out again)."""
    from cocreate.compensation.amounts import recompute

    exception = ExceptionRequest.objects.create(
        organization=cast.org,
        community=claim.community,
        partner=claim.partner,
        kind=kind,
        amount=amount,
        reason="Two children, the meeting runs late.",
        approver=approver,
        requested_by=claim.partner.user,
        meeting=claim.meeting,
        event_date=claim.event_date,
        event_title=claim.event_title,
    )
    claim.exception = exception
    recompute(claim)
    claim.save()
    return exception

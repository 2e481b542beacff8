"""The community leader's pages (compensation, claimant side): who may use each, and the data they need.

Only the cast's partner (Paz Parent, Riverside) has a partner record linked to her sign-in here, so
only she opens her pages; every other member of the organization has nothing to claim (403). Her
receipts are also for Riverside's lead and finance ("claim.approve" there, "claim.pay").
The helpers below are shared with the behaviour tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.compensation.models import Claim, ClaimStatus, ExceptionKind, ExceptionRequest, Policy, Receipt
from cocreate.compensation.tests.factories import make_claim, make_policy
from cocreate.meetings.models import Attendee, Meeting, MeetingStatus
from cocreate.partners.models import Partner
from cocreate.testing.routes import ORG_MEMBERS, Route

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n" + b"0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64

HERS = frozenset({"partner"})
NOT_HERS = ORG_MEMBERS - HERS
RECEIPT_SEERS = frozenset({"partner", "lead", "finance"})


def her_partner(c, user=None, community=None) -> Partner:
    """Paz's partner record in Riverside, linked to her sign-in (made once)."""
    user = user or c.partner
    community = community or c.community
    found = Partner.objects.filter(community=community, user=user).first()
    return found or Partner.objects.create(
        organization=c.org,
        community=community,
        name=user.name or user.email,
        partner_type="community",
        lived_experience=True,
        user=user,
    )


def policy(c) -> Policy:
    return Policy.objects.filter(organization=c.org).first() or make_policy(
        c.org, childcare_exception_approver=c.lead, special_event_approver=c.lead
    )


def meeting(
    c, title="Team meeting, last week", *, days=-7, hours=1.5, attended=None, partner=None
) -> Meeting:
    """A Riverside meeting `days` from now (past by default) she is invited to."""
    found = Meeting.objects.filter(community=c.community, title=title).first()
    if found is None:
        start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
        found = Meeting.objects.create(
            organization=c.org,
            community=c.community,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            status=MeetingStatus.HELD if days < 0 else MeetingStatus.PLANNED,
        )
        Attendee.objects.create(
            organization=c.org,
            community=c.community,
            meeting=found,
            partner=partner or her_partner(c),
            attended=attended,
        )
    return found


def upcoming(c) -> Meeting:
    return meeting(c, "Team meeting, next week", days=7)


def a_claim(c) -> Claim:
    found = Claim.objects.filter(partner=her_partner(c), event_title="Claimed meeting").first()
    return found or make_claim(
        her_partner(c),
        policy=policy(c),
        meeting=meeting(c, "Claimed meeting", days=-14),
        prep_hours=D("1"),
        meeting_hours=D("1.5"),
    )


def a_returned_claim(c) -> Claim:
    found = Claim.objects.filter(partner=her_partner(c), event_title="Returned meeting").first()
    return found or make_claim(
        her_partner(c),
        policy=policy(c),
        meeting=meeting(c, "Returned meeting", days=-21),
        status=ClaimStatus.RETURNED,
        return_reason="Add the receipt, please.",
        meeting_hours=D("1.5"),
    )


def a_receipt(c) -> Receipt:
    claim = a_claim(c)
    found = Receipt.objects.filter(claim=claim).first()
    if found is None:
        found = Receipt(
            organization=c.org,
            claim=claim,
            original_name="parking.png",
            content_type="image/png",
            size=len(PNG),
            uploaded_by=c.partner,
        )
        found.file.save("parking.png", SimpleUploadedFile("parking.png", PNG), save=False)
        found.save()
    return found


def a_pending_exception(c) -> ExceptionRequest:
    m = upcoming(c)
    found = ExceptionRequest.objects.filter(meeting=m).first()
    return found or ExceptionRequest.objects.create(
        organization=c.org,
        community=c.community,
        partner=her_partner(c),
        kind=ExceptionKind.CHILDCARE,
        amount=D("90"),
        reason="Three children",
        approver=c.lead,
        meeting=m,
        event_date=timezone.localtime(m.starts_at).date(),
        event_title=m.title,
    )


def base(c) -> str:
    return f"/o/{c.org.slug}/pay/mine"


def claim_form(c) -> str:
    policy(c)
    return f"{base(c)}/new/meeting/{meeting(c).pk}/"


def claim_data(c) -> dict:
    return {"prep_hours": "1", "meeting_hours": "1.5", "travel_mode": "none", "send": "1"}


def exception_form(c) -> str:
    policy(c)
    return f"{base(c)}/exceptions/new/meeting/{upcoming(c).pk}/"


ROUTES = [
    Route("compensation:mine", lambda c: (her_partner(c), f"{base(c)}/")[1], HERS),
    Route("compensation:my_claim_new", lambda c: (her_partner(c), f"{base(c)}/new/")[1], HERS),
    Route("compensation:my_claim_form", claim_form, HERS),
    Route(
        "compensation:my_claim_form",
        claim_form,
        HERS,
        method="post",
        data=claim_data,
        allowed_status=302,
    ),
    Route("compensation:my_claim", lambda c: f"{base(c)}/claims/{a_claim(c).pk}/", HERS),
    Route("compensation:my_claim_edit", lambda c: f"{base(c)}/claims/{a_returned_claim(c).pk}/edit/", HERS),
    Route(
        "compensation:my_claim_withdraw",
        lambda c: f"{base(c)}/claims/{a_claim(c).pk}/withdraw/",
        HERS,
        method="post",
        allowed_status=302,
    ),
    Route("compensation:my_exception_form", exception_form, HERS),
    Route(
        "compensation:my_exception_withdraw",
        lambda c: f"{base(c)}/exceptions/{a_pending_exception(c).pk}/withdraw/",
        HERS,
        method="post",
        allowed_status=302,
    ),
    Route(
        "compensation:my_statement",
        lambda c: (her_partner(c), f"{base(c)}/{timezone.localdate().year}/")[1],
        HERS,
    ),
    Route(
        "compensation:my_statement_pdf",
        lambda c: (her_partner(c), f"{base(c)}/{timezone.localdate().year}/pdf/")[1],
        HERS,
    ),
    Route(
        "compensation:receipt",
        lambda c: f"/o/{c.org.slug}/pay/receipts/{a_receipt(c).pk}/",
        RECEIPT_SEERS,
        hidden=frozenset({"other_community_lead"}),
    ),
]

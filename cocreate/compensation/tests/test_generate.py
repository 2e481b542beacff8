"""The generated claims are the policy's to the cent, and the bench's fill makes what it says."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from cocreate.compensation.generate import fill_claims, priced_kinds
from cocreate.compensation.models import Claim, ClaimStatus, Payment
from cocreate.compensation.money import Rates, work_out
from cocreate.core.generate import Options, generate
from cocreate.partners.models import Partner
from cocreate.support.models import PartnerAttendance


@pytest.fixture
def network(db):
    return generate(Options(communities=3, org_slug="gen-pay", partners_per_community=12), progress=False)


def test_every_generated_claim_pays_what_the_policy_says(network):
    claims = Claim.objects.filter(organization=network.org).select_related("policy")
    assert claims.exists()
    for claim in claims[:200]:
        kinds = {p.total for p in priced_kinds(claim.policy)}
        assert claim.total in kinds
        assert sum(Decimal(line["amount"]) for line in claim.lines) == claim.total
    paid = claims.filter(status=ClaimStatus.PAID)
    assert Payment.objects.filter(organization=network.org).count() == paid.count()
    assert (
        Payment.objects.filter(organization=network.org).aggregate(s=Sum("amount"))["s"]
        == paid.aggregate(s=Sum("total"))["s"]
    )
    # Every claim is for an event its partner attended.
    attended = set(PartnerAttendance.objects.values_list("partner_id", "event_id"))
    assert set(claims.values_list("partner_id", "support_event_id")) <= attended

    # The bench's fill: each partner gets their claims over distinct events.
    partners = list(Partner.objects.filter(organization=network.org, lived_experience=True)[:3])
    before = Claim.objects.count()
    written = fill_claims(network.org, partners, 24)
    assert written == 72 and Claim.objects.count() == before + 72
    for partner in partners:
        live = Claim.objects.filter(partner=partner).exclude(status=ClaimStatus.WITHDRAWN)
        events = list(live.values_list("support_event_id", flat=True))
        assert len(events) == len(set(events)) >= 24
    rates = Rates.of(Claim.objects.first().policy)
    assert work_out(rates, priced_kinds(Claim.objects.first().policy)[0].inputs)[1] > 0

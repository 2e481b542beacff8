from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from cocreate.compensation.models import ClaimVersion, Payment, Policy
from cocreate.compensation.tests.staff_helpers import claim_for, exception_for, leader, policy_of


def api(cast, suffix):
    return f"/api/v1/orgs/{cast.org.slug}/pay/{suffix}"


def test_it_reads_the_policy_and_writes_a_new_version(client, cast):
    policy_of(cast)
    client.force_login(cast.partner)
    body = client.get(api(cast, "policy/")).json()
    assert body["current"]["honorarium_rate"] == "25.00" and len(body["versions"]) == 1
    data = {**body["current"], "effective_from": (timezone.localdate() + timedelta(days=1)).isoformat()}
    data["honorarium_rate"] = "27.50"
    assert client.post(api(cast, "policy/"), data, content_type="application/json").status_code == 403
    client.force_login(cast.finance)
    r = client.post(api(cast, "policy/"), {**data, "mileage_rate": "12"}, content_type="application/json")
    assert r.status_code == 400 and "mileage_rate" in r.json()
    r = client.post(api(cast, "policy/"), data, content_type="application/json")
    assert r.status_code == 201 and r.json()["number"] == 2
    assert Policy.objects.filter(organization=cast.org).count() == 2


def test_the_queue_gives_each_claims_lines_to_the_cent(client, cast):
    claim = claim_for(cast, partner=leader(cast), travel_mode="mileage", miles=D("18"))
    client.force_login(cast.lead)
    body = client.get(api(cast, "claims/")).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["total"] == "124.56" and row["id"] == claim.pk
    assert {line["kind"]: line["amount"] for line in row["lines"]}["mileage"] == "12.06"


def test_it_approves_returns_and_pays_through_the_same_rules(client, cast):
    claim = claim_for(cast, childcare_cost=D("85.00"))
    exception = exception_for(cast, claim, approver=cast.lead)
    client.force_login(cast.finance)
    r = client.post(api(cast, f"claims/{claim.pk}/approve/"))
    assert r.status_code == 400  # the exception is still waiting
    r = client.post(
        api(cast, f"exceptions/{exception.pk}/decision/"), {"approve": True}, content_type="application/json"
    )
    assert r.status_code == 403  # the lead is the approver named
    client.force_login(cast.lead)
    r = client.post(
        api(cast, f"exceptions/{exception.pk}/decision/"), {"approve": True}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = client.post(api(cast, f"claims/{claim.pk}/approve/"))
    assert r.status_code == 200 and r.json()["total"] == "197.50"
    assert ClaimVersion.objects.filter(claim=claim).count() == 1
    client.force_login(cast.finance)
    r = client.post(
        api(cast, f"claims/{claim.pk}/pay/"),
        {"paid_on": timezone.localdate().isoformat(), "method": "check"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["payment"]["amount"] == "197.50"
    assert Payment.objects.get(claim=claim).amount == D("197.50")
    other = claim_for(cast)
    r = client.post(api(cast, f"claims/{other.pk}/return/"), {"reason": ""}, content_type="application/json")
    assert r.status_code == 400 and "reason" in r.json()


def test_the_queue_is_refused_to_who_does_not_approve(client, cast):
    claim_for(cast)
    for who in (cast.funder, cast.evaluator, cast.practitioner, cast.admin, cast.partner):
        client.force_login(who)
        assert client.get(api(cast, "claims/")).status_code == 403

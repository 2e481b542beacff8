"""Her claims in the API: the same figures as the pages, to the cent; refusals as field errors; hers alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from cocreate.compensation.models import Claim, ClaimStatus, ExceptionRequest, Payment, PaymentMethod
from cocreate.compensation.tests.factories import make_claim
from cocreate.compensation.tests.routes_claims import base, her_partner, meeting, policy, upcoming

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(cast, suffix: str) -> str:
    return f"/api/v1/orgs/{cast.org.slug}/me/pay/{suffix}"


FIGURES = {
    "prep_hours": "1.5",
    "meeting_hours": "1.5",
    "travel_hours": "0.75",
    "childcare_cost": "85",
    "travel_mode": "mileage",
    "miles": "18.3",
}


def test_it_sends_a_claim_with_the_same_lines_as_the_page(client, cast):
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    page = client.post(f"{base(cast)}/new/meeting/{m.pk}/", {**FIGURES, "preview": "1"})
    r = api(cast.partner).post(url(cast, "claims/"), {"meeting": m.pk, **FIGURES}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert D(body["total"]) == page.context["total"] == D("166.01")
    assert [(x["kind"], D(x["amount"])) for x in body["lines"]] == [
        (line.kind, D(line.amount.strip("$").replace(",", ""))) for line in page.context["shown"]
    ]
    assert body["lines"][4]["note"] == "not_covered"
    listed = api(cast.partner).get(url(cast, "claims/")).json()
    assert [c["id"] for c in listed["results"]] == [body["id"]]
    one = api(cast.partner).get(url(cast, f"claims/{body['id']}/")).json()
    assert one["total"] == body["total"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("prep_hours", "-1"), ("meeting_hours", "30"), ("childcare_cost", "20000"), ("miles", "5000")],
)
def test_bad_figures_are_400_with_the_field_and_nothing_saved(cast, field, value):
    policy(cast)
    m = meeting(cast)
    r = api(cast.partner).post(
        url(cast, "claims/"), {"meeting": m.pk, **FIGURES, field: value}, format="json"
    )
    assert r.status_code == 400 and field in r.json()
    assert Claim.objects.count() == 0


def test_an_event_she_did_not_attend_is_400_at_the_event(cast):
    policy(cast)
    m = meeting(cast, attended=False)
    r = api(cast.partner).post(url(cast, "claims/"), {"meeting": m.pk, **FIGURES}, format="json")
    assert r.status_code == 400 and "did not come" in r.json()["event"][0]
    r = api(cast.partner).post(url(cast, "claims/"), {"meeting": 999999, **FIGURES}, format="json")
    assert r.status_code == 400 and "event" in r.json()
    r = api(cast.partner).post(url(cast, "claims/"), {**FIGURES, "travel_mode": "actual"}, format="json")
    assert r.status_code == 400
    assert Claim.objects.count() == 0


def test_she_asks_an_exception_ahead_and_lists_it(cast):
    policy(cast)
    m = upcoming(cast)
    r = api(cast.partner).post(
        url(cast, "exceptions/"),
        {"meeting": m.pk, "kind": "childcare", "amount": "90", "reason": "Three children"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["status"] == "pending"
    assert ExceptionRequest.objects.get().approver == cast.lead
    past = meeting(cast)
    r = api(cast.partner).post(
        url(cast, "exceptions/"),
        {"meeting": past.pk, "kind": "childcare", "amount": "90", "reason": "late"},
        format="json",
    )
    assert r.status_code == 400 and "event" in r.json()
    assert len(api(cast.partner).get(url(cast, "exceptions/")).json()["results"]) == 1


def test_her_statement_has_the_paid_claims_and_the_notice(cast):
    year = timezone.localdate().year
    claim = make_claim(
        her_partner(cast),
        policy=policy(cast),
        meeting=meeting(cast),
        status=ClaimStatus.PAID,
        prep_hours=D("1.5"),
    )
    Payment.objects.create(
        organization=cast.org,
        community=cast.community,
        claim=claim,
        partner=claim.partner,
        paid_on=date(year, 1, 3),
        method=PaymentMethod.CHECK,
        amount=claim.total,
    )
    body = api(cast.partner).get(url(cast, f"statements/{year}/")).json()
    assert D(body["total"]) == D("37.50") and len(body["claims"]) == 1 and "caseworker" in body["notice"]


def test_her_claims_are_hers_alone(cast):
    claim = make_claim(her_partner(cast), policy=policy(cast), meeting=meeting(cast), prep_hours=1)
    assert api(cast.lead).get(url(cast, "claims/")).status_code == 403
    her_partner(cast, user=cast.lead)
    assert api(cast.lead).get(url(cast, f"claims/{claim.pk}/")).status_code == 404
    assert api(cast.other_org_admin).get(url(cast, "claims/")).status_code == 404


def test_the_list_keeps_its_query_count_flat(cast, django_assert_num_queries):
    p = policy(cast)
    client = api(cast.partner)
    make_claim(her_partner(cast), policy=p, meeting=meeting(cast, "M0"), prep_hours=1)
    client.get(url(cast, "claims/"))
    with django_assert_num_queries(4):  # memberships, her partner records, count, claims (+policy, exception)
        client.get(url(cast, "claims/"))
    for i in range(1, 8):
        make_claim(her_partner(cast), policy=p, meeting=meeting(cast, f"M{i}", days=-(i + 2)), prep_hours=1)
    with django_assert_num_queries(4):
        r = client.get(url(cast, "claims/"))
    assert r.json()["count"] == 8


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

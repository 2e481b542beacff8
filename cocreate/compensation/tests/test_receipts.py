"""Receipts are served only to the claimant, the approvers of her community and finance — never
publicly, always as what they are (nosniff) and under a plain name."""

from __future__ import annotations

import pytest

from cocreate.conftest import make_user
from cocreate.core.actions import do_add_membership
from cocreate.core.models import Role

from .routes_claims import PNG, a_receipt, her_partner

pytestmark = pytest.mark.django_db


def url(cast, receipt) -> str:
    return f"/o/{cast.org.slug}/pay/receipts/{receipt.pk}/"


@pytest.mark.parametrize("who", ["partner", "lead", "finance"])
def test_the_claimant_her_lead_and_finance_open_a_receipt(client, cast, who):
    receipt = a_receipt(cast)
    client.force_login(getattr(cast, who))
    r = client.get(url(cast, receipt))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PNG
    assert r["Content-Type"] == "image/png"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "receipt-" in r["Content-Disposition"] and "parking" not in r["Content-Disposition"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("funder", 403),
        ("practitioner", 403),
        ("admin", 403),
        ("other_community_lead", 404),
        ("other_org_admin", 404),
    ],
)
def test_nobody_else_opens_a_receipt(client, cast, who, status):
    receipt = a_receipt(cast)
    client.force_login(getattr(cast, who))
    assert client.get(url(cast, receipt)).status_code == status


def test_another_partner_of_her_community_does_not_open_it(client, cast):
    receipt = a_receipt(cast)
    neighbour = make_user("neighbour@example.org", name="Nia Neighbour")
    do_add_membership(
        cast.org, user=neighbour, role=Role.PARTNER, community=cast.community, link_person=False
    )
    her_partner(cast, user=neighbour)
    client.force_login(neighbour)
    assert client.get(url(cast, receipt)).status_code == 403
    client.force_login(neighbour)
    assert client.get(f"/o/{cast.org.slug}/pay/mine/claims/{receipt.claim_id}/").status_code == 404


def test_receipts_have_no_public_address(client, cast):
    receipt = a_receipt(cast)
    assert client.get(f"/media/{receipt.file.name}").status_code == 404

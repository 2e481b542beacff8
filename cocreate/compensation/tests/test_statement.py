"""Her yearly statement: every claim paid in the year (by the payment's date), its lines, the total and
the notice in her language; hers alone; a flat number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import timezone

from cocreate.compensation.models import ClaimStatus, Payment, PaymentMethod
from cocreate.compensation.statement import year_statement
from cocreate.compensation.tests.factories import NOTICE_ES, make_claim

from .routes_claims import base, her_partner, meeting, policy

pytestmark = pytest.mark.django_db


def paid(cast, title: str, paid_on: date, days: int = -10, **fields):
    claim = make_claim(
        her_partner(cast),
        policy=policy(cast),
        meeting=meeting(cast, title, days=days),
        status=ClaimStatus.PAID,
        **(
            fields
            or {
                "prep_hours": D("1.5"),
                "meeting_hours": D("1.5"),
                "miles": D("18.3"),
                "travel_mode": "mileage",
            }
        ),
    )
    Payment.objects.create(
        organization=cast.org,
        community=cast.community,
        claim=claim,
        partner=claim.partner,
        paid_on=paid_on,
        method=PaymentMethod.CHECK,
        amount=claim.total,
        recorded_by=cast.finance,
    )
    return claim


def test_it_lists_the_claims_paid_in_the_year_and_their_total(cast):
    year = timezone.localdate().year
    a = paid(cast, "January", date(year, 1, 20))
    b = paid(cast, "Last year, paid this year", date(year, 1, 5), days=-400)
    paid(cast, "Paid last year", date(year - 1, 12, 30), days=-420)
    make_claim(her_partner(cast), policy=policy(cast), meeting=meeting(cast, "Not paid"), prep_hours=1)
    s = year_statement(her_partner(cast), year, "es")
    assert [row.claim for row in s.rows] == [b, a]
    assert a.total == D("87.26")  # 37.50 + 37.50 + 18.3 × 0.670
    assert s.total == D("174.52")
    assert s.notice == NOTICE_ES


def test_her_statement_page_is_in_spanish_with_the_notice(client, cast):
    year = timezone.localdate().year
    paid(cast, "Reunión de enero", date(year, 1, 20))
    client.force_login(cast.partner)  # Paz prefers Spanish
    r = client.get(f"{base(cast)}/{year}/")
    assert r.status_code == 200
    assert "$87.26" in r.text and "trabajador social" in r.text and "Reunión de enero" in r.text
    pdf = client.get(f"{base(cast)}/{year}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_nobody_else_sees_her_statement(client, cast):
    year = timezone.localdate().year
    paid(cast, "January", date(year, 1, 20))
    her_partner(cast, user=cast.lead)  # another partner record, someone else's
    client.force_login(cast.lead)
    r = client.get(f"{base(cast)}/{year}/")
    assert r.status_code == 200 and "$87.26" not in r.text  # his own (empty) statement
    for who in (cast.funder, cast.practitioner):
        client.force_login(who)
        assert client.get(f"{base(cast)}/{year}/").status_code == 403
    client.force_login(cast.other_org_admin)
    assert client.get(f"{base(cast)}/{year}/").status_code == 404


def test_her_statement_keeps_its_query_count_flat(client, cast, django_assert_num_queries):
    year = timezone.localdate().year
    paid(cast, "M0", date(year, 1, 2))
    client.force_login(cast.partner)
    url = f"{base(cast)}/{year}/"
    client.get(url)
    # session, user, memberships, her partner records, payments (+claims, policies), the policy for
    # the notice, the years she was paid in
    with django_assert_num_queries(7):
        client.get(url)
    for i in range(1, 10):
        paid(cast, f"M{i}", date(year, 1, 2 + i), days=-(10 + i))
    with django_assert_num_queries(7):
        r = client.get(url)
    assert len(r.context["statement"].rows) == 10

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from cocreate.compensation import approvals
from cocreate.compensation.models import Payment
from cocreate.compensation.totals import person_year

from .staff_helpers import claim_for, leader, policy_of


def paid(cast, partner, paid_on, **fields):
    claim = claim_for(cast, partner=partner, **fields)
    approvals.do_approve_claim(claim, acting_user=cast.finance)
    Payment.objects.filter(claim=claim).delete()
    return approvals.do_mark_paid(claim, acting_user=cast.finance, paid_on=paid_on, method="check")


def test_totals_count_payments_by_the_year_they_were_paid(client, cast):
    policy_of(cast)  # threshold $600.00
    year = timezone.localdate().year
    paz = leader(cast)
    rosa = leader(cast, user=None, name="Rosa Reyes")
    jan = date(year, 1, 2)
    # Paz: 4 claims of 1.5+2+1 h = $112.50 → $450.00, and one of 2+3+1.5 h = $162.50 → $612.50.
    for _ in range(4):
        paid(cast, paz, jan)
    paid(cast, paz, jan, prep_hours=D("2"), meeting_hours=D("3"), travel_hours=D("1.5"))
    # Rosa: $112.50 this year, and one paid last December that is not counted.
    paid(cast, rosa, jan)
    paid(cast, rosa, date(year - 1, 12, 31), days_ago=400)
    client.force_login(cast.finance)
    r = client.get(f"/o/{cast.org.slug}/pay/totals/{year}/?sort=-total")
    assert r.status_code == 200
    text = r.text
    assert text.index("Paz Parent") < text.index("Rosa Reyes")
    assert "$612.50" in text and "$112.50" in text and "$225.00" not in text
    assert text.count("<mark>reached</mark>") == 1
    statement = person_year(paz, year)
    assert statement.total == D("612.50") and len(statement.claims) == 5 and statement.reaches_threshold
    assert "caseworker" in statement.notice("en")
    assert person_year(rosa, year - 1).total == D("112.50")


@pytest.mark.parametrize("who", ["funder", "evaluator", "practitioner", "admin", "lead", "partner"])
def test_only_finance_reads_the_totals_and_the_export(client, cast, who):
    client.force_login(getattr(cast, who))
    year = timezone.localdate().year
    assert client.get(f"/o/{cast.org.slug}/pay/totals/{year}/").status_code == 403
    assert client.get(f"/o/{cast.org.slug}/pay/export/?from={year}-01-01&to={year}-12-31").status_code == 403


@pytest.mark.parametrize("who", ["funder", "evaluator", "practitioner", "admin", "partner"])
def test_amounts_are_not_shown_to_who_does_not_approve(client, cast, who):
    claim = claim_for(cast)
    client.force_login(getattr(cast, who))
    assert client.get(f"/o/{cast.org.slug}/pay/claims/").status_code == 403
    assert client.get(f"/o/{cast.org.slug}/pay/claims/{claim.pk}/review/").status_code == 403


def test_the_totals_page_keeps_a_flat_query_count(client, cast, django_assert_num_queries):
    policy_of(cast)
    today = timezone.localdate() - timedelta(days=1)
    paid(cast, leader(cast), today)
    client.force_login(cast.finance)
    page = f"/o/{cast.org.slug}/pay/totals/{today.year}/"
    client.get(page)
    # session, user, memberships; count; rows; the latest policy
    with django_assert_num_queries(6):
        client.get(page)
    for i in range(5):
        paid(cast, leader(cast, user=None, name=f"Leader {i}"), today)
    with django_assert_num_queries(6):
        r = client.get(page)
    assert r.text.count("$112.50") == 6

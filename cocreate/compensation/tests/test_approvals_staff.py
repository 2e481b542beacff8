from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.utils import timezone

from cocreate.compensation import approvals
from cocreate.compensation.models import (
    ClaimStatus,
    ClaimVersion,
    ExceptionStatus,
    Expense,
    Payment,
    Receipt,
)
from cocreate.core.errors import WriteError
from cocreate.notifications.models import Notification

from .staff_helpers import claim_for, exception_for, leader, policy_of


def url(cast, claim, action="review"):
    return f"/o/{cast.org.slug}/pay/claims/{claim.pk}/{action}/"


def test_it_approves_a_claim_and_keeps_its_amounts_as_version_1(cast):
    claim = claim_for(cast)
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.approved_by == cast.lead
    version = ClaimVersion.objects.get(claim=claim)
    assert version.number == 1 and version.total == claim.total == D("112.50")
    assert Notification.objects.filter(recipient=cast.partner, kind="pay_claim_approved").exists()


def test_a_burst_of_approvals_gives_one_version(client, cast):
    claim = claim_for(cast)
    client.force_login(cast.lead)
    for _ in range(3):
        assert client.post(url(cast, claim, "approve")).status_code == 302
    approvals.do_approve_claim(claim, acting_user=cast.finance)
    assert ClaimVersion.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.approved_by == cast.lead


def test_nobody_approves_their_own_claim(client, cast):
    # The lead is also a community leader who claims.
    claim = claim_for(cast, partner=leader(cast, user=cast.lead, name="Lee Lead"))
    with pytest.raises(WriteError):
        approvals.do_approve_claim(claim, acting_user=cast.lead)
    client.force_login(cast.lead)
    r = client.get(url(cast, claim))
    assert r.status_code == 200 and "your own claim" in r.text
    client.post(url(cast, claim, "approve"))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    approvals.do_approve_claim(claim, acting_user=cast.finance)  # someone else may


def test_a_pending_exception_blocks_the_approval_until_decided(cast):
    claim = claim_for(cast, childcare_cost=D("85.00"))
    exception = exception_for(cast, claim, approver=cast.lead)
    claim.refresh_from_db()
    assert claim.total == D("172.50")  # 112.50 + 60 within the cap; 25 waiting
    with pytest.raises(WriteError):
        approvals.do_approve_claim(claim, acting_user=cast.finance)
    approvals.do_decide_exception(exception, acting_user=cast.lead, approve=True, amount=D("80.00"))
    claim.refresh_from_db()
    assert claim.total == D("192.50")  # the part above the cap up to the $80 approved: +20
    approvals.do_approve_claim(claim, acting_user=cast.finance)
    assert Notification.objects.filter(recipient=cast.partner, kind="pay_exception_decided").exists()


def test_only_the_named_approver_decides_an_exception_and_never_her_own(cast):
    claim = claim_for(cast, childcare_cost=D("85.00"))
    exception = exception_for(cast, claim, approver=cast.lead)
    for who in (cast.finance, cast.other_community_lead, cast.admin, cast.partner):
        with pytest.raises(WriteError):
            approvals.do_decide_exception(exception, acting_user=who, approve=True)
    with pytest.raises(WriteError) as error:
        approvals.do_decide_exception(exception, acting_user=cast.lead, approve=True, amount=D("90"))
    assert "amount" in error.value.field_errors  # not more than asked
    with pytest.raises(WriteError) as error:
        approvals.do_decide_exception(exception, acting_user=cast.lead, approve=False)
    assert "note" in error.value.field_errors
    approvals.do_decide_exception(exception, acting_user=cast.lead, approve=False, note="Over the budget.")
    exception.refresh_from_db()
    claim.refresh_from_db()
    assert exception.status == ExceptionStatus.REFUSED and claim.total == D("172.50")
    assert claim.lines[-1]["note"] == "not_covered"


def test_without_a_named_approver_the_lead_or_finance_decides(client, cast):
    claim = claim_for(cast, childcare_cost=D("85.00"))
    exception = exception_for(cast, claim)
    client.force_login(cast.other_community_lead)
    assert client.get(f"/o/{cast.org.slug}/pay/exceptions/").status_code == 200
    assert "Two children" not in client.get(f"/o/{cast.org.slug}/pay/exceptions/").text
    client.force_login(cast.finance)
    r = client.get(f"/o/{cast.org.slug}/pay/exceptions/")
    assert "Two children" in r.text
    r = client.post(f"/o/{cast.org.slug}/pay/exceptions/{exception.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 302
    claim.refresh_from_db()
    assert claim.total == D("197.50")


def test_a_missing_receipt_for_an_actual_cost_blocks_the_approval(cast):
    claim = claim_for(cast, travel_mode="actual")
    Expense.objects.create(organization=cast.org, claim=claim, kind="parking", amount=D("12.00"))
    with pytest.raises(WriteError):
        approvals.do_approve_claim(claim, acting_user=cast.lead)
    receipt = Receipt.objects.create(
        organization=cast.org,
        claim=claim,
        file="r.pdf",
        original_name="r.pdf",
        content_type="application/pdf",
        size=9,
    )
    Expense.objects.filter(claim=claim).update(receipt=receipt)
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    claim.refresh_from_db()
    assert claim.total == D("124.50")


def test_returning_needs_a_reason_and_tells_her(client, cast):
    claim = claim_for(cast)
    client.force_login(cast.lead)
    r = client.post(url(cast, claim, "return"), {"reason": ""})
    assert r.status_code == 200
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    client.post(url(cast, claim, "return"), {"reason": "Travel time looks doubled."})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETURNED and claim.return_reason == "Travel time looks doubled."
    assert Notification.objects.filter(recipient=cast.partner, kind="pay_claim_returned").exists()


def test_a_change_after_approval_makes_version_2(client, cast):
    claim = claim_for(cast)
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    claim.refresh_from_db()
    client.force_login(cast.finance)
    data = {
        "prep_hours": "1",
        "meeting_hours": "2",
        "travel_hours": "1",
        "childcare_cost": "0",
        "miles": "0",
        "reason": "Preparation was one hour.",
        "version": claim.version,
    }
    assert client.post(url(cast, claim, "change"), data).status_code == 302
    claim.refresh_from_db()
    assert claim.total == D("100.00")
    assert list(ClaimVersion.objects.filter(claim=claim).values_list("number", "total")) == [
        (1, D("112.50")),
        (2, D("100.00")),
    ]
    # The form opened on the old version is refused.
    r = client.post(url(cast, claim, "change"), {**data, "prep_hours": "2"})
    assert r.status_code == 200 and ClaimVersion.objects.filter(claim=claim).count() == 2


def test_finance_marks_it_paid_and_the_notice_goes_with_it(client, cast, django_capture_on_commit_callbacks):
    claim = claim_for(cast)
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    client.force_login(cast.finance)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    r = client.post(url(cast, claim, "pay"), {"paid_on": tomorrow, "method": "check"})
    assert r.status_code == 200 and not Payment.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            url(cast, claim, "pay"),
            {"paid_on": timezone.localdate().isoformat(), "method": "check", "reference": "1042"},
        )
    assert r.status_code == 302
    payment = Payment.objects.get(claim=claim)
    claim.refresh_from_db()
    assert payment.amount == claim.total == D("112.50") and claim.status == ClaimStatus.PAID
    note = Notification.objects.get(recipient=cast.partner, kind="pay_claim_paid")
    assert "trabajador social" in note.context["notice_es"]
    sent = [m for m in mail.outbox if cast.partner.email in m.to]
    assert sent and "trabajador social" in sent[-1].body  # her language: Spanish
    # Paying again changes nothing.
    assert (
        approvals.do_mark_paid(claim, acting_user=cast.finance, paid_on=timezone.localdate(), method="check")
        == payment
    )


def test_an_approver_cannot_pay_and_a_lead_of_another_community_cannot_see(client, cast):
    claim = claim_for(cast)
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    with pytest.raises(WriteError):
        approvals.do_mark_paid(claim, acting_user=cast.lead, paid_on=timezone.localdate(), method="check")
    client.force_login(cast.other_community_lead)
    assert client.get(url(cast, claim)).status_code == 404
    client.force_login(cast.other_org_lead)
    assert client.get(url(cast, claim)).status_code == 404
    with pytest.raises(WriteError):
        approvals.do_approve_claim(claim_for(cast), acting_user=cast.other_community_lead)


def test_the_claim_page_shows_lines_receipts_and_history(client, cast):
    claim = claim_for(cast, miles=D("18"), travel_mode="mileage")
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    client.force_login(cast.finance)
    r = client.get(url(cast, claim))
    assert r.status_code == 200
    assert "$12.06" in r.text and "$124.56" in r.text  # 18 miles × $0.670
    assert "Lee Lead" in r.text and "Record the payment of $124.56" in r.text


def test_the_queue_lists_waiting_claims_with_a_flat_query_count(client, cast, django_assert_num_queries):
    policy_of(cast)
    paz = leader(cast)
    claim_for(cast, partner=paz)
    client.force_login(cast.lead)
    queue = f"/o/{cast.org.slug}/pay/claims/"
    client.get(queue)  # warm up
    # session, user, memberships; communities; her own partner records; count; rows (+partner, community,
    # policy, exception)
    with django_assert_num_queries(7):
        r = client.get(queue)
    assert r.text.count("/review/") == 1
    for days in range(2, 30):
        claim_for(cast, partner=paz, days_ago=days)
    with django_assert_num_queries(7):
        r = client.get(queue)
    assert r.text.count("/review/") == 25  # a page of 25 (of 29)
    r = client.get(queue + "?status=approved")
    assert r.text.count("/review/") == 0


def test_the_exceptions_page_keeps_a_flat_query_count(client, cast, django_assert_num_queries):
    paz = leader(cast)
    exception_for(cast, claim_for(cast, partner=paz, childcare_cost=D("85")), approver=cast.lead)
    client.force_login(cast.lead)
    page = f"/o/{cast.org.slug}/pay/exceptions/"
    client.get(page)
    # session, user, memberships; the pending requests (+partner, community, approver)
    with django_assert_num_queries(4):
        r = client.get(page)
    assert r.text.count("/decide/") == 1
    for days in range(2, 8):
        exception_for(
            cast, claim_for(cast, partner=paz, days_ago=days, childcare_cost=D("85")), approver=cast.lead
        )
    with django_assert_num_queries(4):
        r = client.get(page)
    assert r.text.count("/decide/") == 7

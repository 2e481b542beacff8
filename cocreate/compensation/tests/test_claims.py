"""Her claims through the pages: prefilled from the event, line by line before she sends, every rule
at its field with nothing saved, returned claims, withdrawing, and who is told."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cocreate.compensation import claims, events
from cocreate.compensation.models import (
    Claim,
    ClaimStatus,
    ExceptionKind,
    ExceptionRequest,
    ExceptionStatus,
    Expense,
    Policy,
    Receipt,
)
from cocreate.core.errors import WriteError
from cocreate.meetings.models import MeetingStatus
from cocreate.notifications.models import Notification

from .routes_claims import (
    JPEG,
    PDF,
    PNG,
    a_returned_claim,
    base,
    her_partner,
    meeting,
    policy,
    upcoming,
)

pytestmark = pytest.mark.django_db


def form_url(c, m) -> str:
    return f"{base(c)}/new/meeting/{m.pk}/"


def full(**over) -> dict:
    data = {
        "prep_hours": "1.5",
        "meeting_hours": "1.5",
        "travel_hours": "0.75",
        "childcare_cost": "85",
        "travel_mode": "mileage",
        "miles": "18.3",
    }
    data.update(over)
    return data


def test_it_prefills_the_event_and_its_time_to_the_quarter_hour(client, cast):
    policy(cast)
    m = meeting(cast, hours=1 + 40 / 60)  # 1 h 40 min -> 1.75 h
    client.force_login(cast.partner)
    r = client.get(form_url(cast, m))
    assert r.status_code == 200
    assert r.context["form"].initial["meeting_hours"] == "1.75"
    assert m.title in r.text and 'inputmode="decimal"' in r.text


def test_it_shows_the_amounts_line_by_line_before_sending_and_saves_nothing(client, cast):
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    r = client.post(form_url(cast, m), {**full(), "preview": "1"})
    assert r.status_code == 200
    kinds = [line.kind for line in r.context["shown"]]
    assert kinds == ["prep", "meeting", "travel_time", "childcare", "childcare_above_cap", "mileage"]
    # 37.50 + 37.50 + 18.75 + 60.00 (cap) + 0 (above the cap, not covered) + 18.3 × 0.670 = 12.261 -> 12.26
    assert r.context["total"] == D("166.01")
    assert "$166.01" in r.text and "no cubierto" in r.text  # Paz reads Spanish
    assert "Pedir una excepción" not in r.text  # the meeting is over: too late to ask
    assert Claim.objects.count() == 0


def test_it_sends_the_claim_under_the_policy_of_the_event_date_and_tells_the_approvers(client, cast):
    p = policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    r = client.post(form_url(cast, m), {**full(), "send": "1"})
    claim = Claim.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/pay/mine/claims/{claim.pk}/")
    assert claim.total == D("166.01") and claim.policy == p and claim.status == ClaimStatus.SUBMITTED
    assert [D(line["amount"]) for line in claim.lines] == [
        D(x) for x in ("37.50", "37.50", "18.75", "60", "0", "12.26")
    ]
    told = set(Notification.objects.filter(kind="claim_submitted").values_list("recipient__email", flat=True))
    assert told == {cast.lead.email, cast.finance.email}
    # A later rate does not change it.
    Policy.objects.create(
        organization=cast.org,
        number=2,
        effective_from=timezone.localdate(),
        honorarium_rate=D("30"),
        max_prep_hours=2,
        max_meeting_hours=3,
        max_travel_hours=D("1.5"),
        childcare_daily_cap=60,
        mileage_rate=D("0.7"),
        notice_en="n",
        notice_es="n",
    )
    page = client.get(f"{base(cast)}/")
    assert "$166.01" in page.text
    # The event is not offered again.
    assert m.pk not in [e.pk for e in events.claimable([her_partner(cast)])]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("prep_hours", "-1"),
        ("meeting_hours", "25"),
        ("travel_hours", "0.3"),
        ("prep_hours", "lots"),
        ("childcare_cost", "10000.01"),
        ("childcare_cost", "-5"),
        ("miles", "2000.5"),
        ("miles", "0"),
        ("prep_hours", "__nothing__"),
    ],
)
def test_it_refuses_bad_figures_at_the_field_and_saves_nothing(client, cast, field, value):
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    data = full(**{field: value})
    if value == "__nothing__":  # nothing claimed at all
        data = {"travel_mode": "none"}
    r = client.post(form_url(cast, m), {**data, "send": "1"})
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert Claim.objects.count() == 0 and Expense.objects.count() == 0


def test_it_refuses_a_meeting_she_did_not_come_to(client, cast):
    policy(cast)
    m = meeting(cast, attended=False)
    client.force_login(cast.partner)
    r = client.get(form_url(cast, m))
    assert "usted no vino" in r.text
    r = client.post(form_url(cast, m), {**full(), "send": "1"})
    assert "usted no vino" in " ".join(r.context["form"].errors["event"])
    assert Claim.objects.count() == 0
    assert m.pk not in [e.pk for e in events.claimable([her_partner(cast)])]


def test_it_refuses_a_cancelled_or_unfinished_meeting_and_one_not_hers(client, cast):
    policy(cast)
    cancelled = meeting(cast, "Cancelled")
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save()
    future = upcoming(cast)
    client.force_login(cast.partner)
    for m in (cancelled, future):
        r = client.post(form_url(cast, m), {**full(), "send": "1"})
        assert r.context["form"].errors["event"]
    other = meeting(cast, "Not hers", partner=her_partner(cast, user=cast.lead))
    assert client.get(form_url(cast, other)).status_code == 404
    assert Claim.objects.count() == 0


def test_it_refuses_an_event_with_no_policy_in_force(client, cast):
    make = policy(cast)
    Policy.objects.filter(pk=make.pk).update(effective_from=timezone.localdate())
    m = meeting(cast)
    client.force_login(cast.partner)
    r = client.post(form_url(cast, m), {**full(), "send": "1"})
    assert "No había una política de compensación" in " ".join(r.context["form"].errors["event"])
    assert Claim.objects.count() == 0


def actual(**over):
    data = full(travel_mode="actual", miles="", expense_0_kind="parking", expense_0_amount="12.50")
    data.update(over)
    return data


def test_it_needs_a_receipt_for_each_actual_cost(client, cast):
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    r = client.post(form_url(cast, m), {**actual(), "send": "1"})
    assert "expense_0_receipt" in r.context["form"].errors
    assert Claim.objects.count() == 0 and Expense.objects.count() == 0


@pytest.mark.parametrize("content", [b"just some text, named like a photo", b"GIF89a" + b"\x00" * 30])
def test_it_checks_a_receipt_by_its_content_not_its_name(client, cast, content):
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    upload = SimpleUploadedFile("receipt.jpg", content, content_type="image/jpeg")
    r = client.post(form_url(cast, m), {**actual(), "expense_0_receipt": upload, "send": "1"})
    assert "JPEG, PNG, HEIC" in " ".join(r.context["form"].errors["expense_0_receipt"])
    assert Claim.objects.count() == 0 and Receipt.objects.count() == 0


def test_it_refuses_a_receipt_above_the_size_limit(client, cast, settings):
    settings.RECEIPT_MAX_BYTES = 1000
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    upload = SimpleUploadedFile("big.png", PNG + b"\x00" * 2000, content_type="image/png")
    r = client.post(form_url(cast, m), {**actual(), "expense_0_receipt": upload, "send": "1"})
    assert "MB" in " ".join(r.context["form"].errors["expense_0_receipt"])
    assert Claim.objects.count() == 0 and Receipt.objects.count() == 0


def test_a_receipt_chosen_with_the_preview_is_kept_for_sending(client, cast):
    policy(cast)
    m = meeting(cast)
    client.force_login(cast.partner)
    upload = SimpleUploadedFile("ticket.pdf", PDF, content_type="application/pdf")
    r = client.post(form_url(cast, m), {**actual(), "expense_0_receipt": upload, "preview": "1"})
    assert r.status_code == 200 and not r.context["form"].errors
    kept = Receipt.objects.get()
    assert kept.claim is None and kept.content_type == "application/pdf"
    assert r.context["total"] == D("166.25")  # 37.50+37.50+18.75+60 + parking 12.50
    r = client.post(form_url(cast, m), {**actual(), "expense_0_keep": str(kept.pk), "send": "1"})
    assert r.status_code == 302
    claim = Claim.objects.get()
    kept.refresh_from_db()
    assert kept.claim == claim and claim.expenses.get().receipt == kept
    assert claim.total == D("166.25")
    # Stored under a random name, never the one she gave it.
    assert "ticket" not in kept.file.name


def test_a_receipt_of_someone_else_cannot_be_kept(client, cast):
    policy(cast)
    m = meeting(cast)
    other = Receipt(
        organization=cast.org, original_name="x.png", content_type="image/png", size=10, uploaded_by=cast.lead
    )
    other.file.save("x.png", SimpleUploadedFile("x.png", PNG), save=False)
    other.save()
    client.force_login(cast.partner)
    r = client.post(form_url(cast, m), {**actual(), "expense_0_keep": str(other.pk), "send": "1"})
    assert "expense_0_receipt" in r.context["form"].errors
    assert Claim.objects.count() == 0


def test_the_claim_links_her_exception_and_shows_it_waiting(client, cast):
    policy(cast)
    m = meeting(cast)
    asked = ExceptionRequest.objects.create(
        organization=cast.org,
        community=cast.community,
        partner=her_partner(cast),
        kind=ExceptionKind.CHILDCARE,
        amount=D("90"),
        reason="Three children",
        approver=cast.lead,
        meeting=m,
        event_date=timezone.localtime(m.starts_at).date(),
        event_title=m.title,
    )
    client.force_login(cast.partner)
    r = client.post(form_url(cast, m), {**full(), "preview": "1"})
    assert "esperando que se apruebe la excepción" in r.text and 'data-exception="pending"' in r.text
    client.post(form_url(cast, m), {**full(), "send": "1"})
    claim = Claim.objects.get()
    assert claim.exception == asked
    assert claim.lines[4]["note"] == "waiting"


def test_she_changes_a_returned_claim_and_sends_it_again(client, cast):
    claim = a_returned_claim(cast)
    client.force_login(cast.partner)
    url = f"{base(cast)}/claims/{claim.pk}/edit/"
    page = client.get(url)
    assert "Add the receipt, please." in page.text
    r = client.post(url, {**full(prep_hours="2"), "version": claim.version, "send": "1"})
    assert r.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED and claim.prep_hours == 2
    assert claim.total == D("178.51")  # 50 + 37.50 + 18.75 + 60 + 12.26
    # An edit from a page opened before: refused, nothing changed.
    claim.status = ClaimStatus.RETURNED
    claim.save()
    stale = claim.version - 1
    r = client.post(url, {**full(prep_hours="0.5"), "version": stale, "send": "1"})
    assert r.status_code == 200
    claim.refresh_from_db()
    assert claim.prep_hours == 2


def test_she_withdraws_a_claim_until_it_is_approved(client, cast):
    claim = a_returned_claim(cast)
    client.force_login(cast.partner)
    client.post(f"{base(cast)}/claims/{claim.pk}/withdraw/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    claim.status = ClaimStatus.APPROVED
    claim.save()
    with pytest.raises(WriteError):
        claims.do_withdraw_claim(claim, acting_user=cast.partner)


def test_another_partner_cannot_open_her_claim(client, cast):
    claim = a_returned_claim(cast)
    other = her_partner(cast, user=cast.lead)  # someone else with a partner record here
    assert other.user == cast.lead
    client.force_login(cast.lead)
    assert client.get(f"{base(cast)}/claims/{claim.pk}/").status_code == 404
    assert client.get(f"{base(cast)}/claims/{claim.pk}/edit/").status_code == 404


def test_a_returned_claim_waits_on_her_for_me_home(client, cast):
    a_returned_claim(cast)
    client.force_login(cast.partner)
    r = client.get(f"/o/{cast.org.slug}/for-me/")
    assert "Returned meeting" in r.text and "/pay/mine/" in r.text


def test_her_list_shows_returned_claims_first_with_the_reason(client, cast):
    from .routes_claims import a_claim

    a_claim(cast)
    a_returned_claim(cast)
    client.force_login(cast.partner)
    r = client.get(f"{base(cast)}/")
    assert [c.event_title for c in r.context["claims"]] == ["Returned meeting", "Claimed meeting"]
    assert "Add the receipt, please." in r.text


def test_her_list_keeps_its_query_count_flat(client, cast, django_assert_num_queries):
    from cocreate.compensation.tests.factories import make_claim

    p = policy(cast)
    client.force_login(cast.partner)
    url = f"{base(cast)}/"
    for i in range(2):
        make_claim(her_partner(cast), policy=p, meeting=meeting(cast, f"M{i}", days=-(i + 2)), prep_hours=1)
    client.get(url)
    # session, user, memberships, her partner records, claims (+policy), exception requests, the year's sum
    with django_assert_num_queries(7):
        client.get(url)
    for i in range(2, 12):
        make_claim(her_partner(cast), policy=p, meeting=meeting(cast, f"M{i}", days=-(i + 2)), prep_hours=1)
    with django_assert_num_queries(7):
        r = client.get(url)
    assert len(r.context["claims"]) == 12


def test_only_partners_have_a_payments_page(client, cast):
    client.force_login(cast.practitioner)
    assert client.get(f"{base(cast)}/").status_code == 403


# Exception requests -----------------------------------------------------------------------------------


def test_she_asks_ahead_and_the_approver_named_by_the_policy_is_told(client, cast):
    policy(cast)
    m = upcoming(cast)
    client.force_login(cast.partner)
    url = f"{base(cast)}/exceptions/new/meeting/{m.pk}/"
    r = client.post(url, {"kind": "childcare", "amount": "90", "reason": "Three children under five"})
    assert r.status_code == 302
    asked = ExceptionRequest.objects.get()
    assert asked.approver == cast.lead and asked.status == ExceptionStatus.PENDING and asked.amount == 90
    assert Notification.objects.filter(kind="exception_requested", recipient=cast.lead).exists()
    # Twice is refused.
    r = client.post(url, {"kind": "childcare", "amount": "95", "reason": "Again"})
    assert "kind" in r.context["form"].errors
    assert ExceptionRequest.objects.count() == 1


def test_it_refuses_an_exception_once_the_event_has_started_or_within_the_cap(client, cast):
    policy(cast)
    past = meeting(cast)
    future = upcoming(cast)
    client.force_login(cast.partner)
    r = client.post(
        f"{base(cast)}/exceptions/new/meeting/{past.pk}/",
        {"kind": "childcare", "amount": "90", "reason": "x"},
    )
    assert "ya empezó" in r.text
    r = client.post(
        f"{base(cast)}/exceptions/new/meeting/{future.pk}/",
        {"kind": "childcare", "amount": "50", "reason": "x"},
    )
    assert "amount" in r.context["form"].errors
    r = client.post(
        f"{base(cast)}/exceptions/new/meeting/{future.pk}/",
        {"kind": "childcare", "amount": "90", "reason": ""},
    )
    assert "reason" in r.context["form"].errors
    assert ExceptionRequest.objects.count() == 0


def test_she_withdraws_a_pending_exception(client, cast):
    from .routes_claims import a_pending_exception

    asked = a_pending_exception(cast)
    client.force_login(cast.partner)
    client.post(f"{base(cast)}/exceptions/{asked.pk}/withdraw/")
    assert not ExceptionRequest.objects.exists()


# Meetings: who came -----------------------------------------------------------------------------------


def test_staff_tick_who_came_in_the_minutes(client, cast):
    m = meeting(cast)
    client.force_login(cast.lead)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/meetings/{m.pk}/minutes/"
    form = client.get(url).context["form"]
    key = f"p{her_partner(cast).pk}"
    assert form.fields["came"].initial == [key]  # nothing recorded yet: everyone invited is ticked
    r = client.post(url, {"status": "held", "minutes": "ok", "version": m.version})
    assert r.status_code == 302
    row = m.attendees.get()
    assert row.attended is False
    client.post(url, {"status": "held", "minutes": "ok", "came": [key], "version": m.version + 1})
    row.refresh_from_db()
    assert row.attended is True
    client.force_login(cast.partner)  # a parent taking the notes does not record attendance
    assert "came" not in client.get(url).context["form"].fields


def test_the_demo_seeds_her_paid_claim_and_the_one_waiting(cast):
    """Small check of demo_claims on the cast: nothing without the demo's people."""
    from cocreate.compensation.demo_claims import seed_claims

    seed_claims({"riverside": cast.community})
    assert Claim.objects.count() == 0


def test_jpeg_heic_webp_and_pdf_are_receipts_and_nothing_else():
    from cocreate.compensation.receipts import sniff

    assert sniff(JPEG) == "image/jpeg"
    assert sniff(PNG) == "image/png"
    assert sniff(PDF) == "application/pdf"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00") == "image/heic"
    assert sniff(b"<svg xmlns='http://www.w3.org/2000/svg'>") is None
    assert sniff(b"<html>") is None


def test_time_rounds_to_the_quarter_hour():
    from datetime import datetime

    start = datetime(2026, 1, 1, 18, 0)
    assert events.quarter_hours(start, start + timedelta(minutes=97)) == D("1.5")
    assert events.quarter_hours(start, start + timedelta(minutes=98)) == D("1.75")

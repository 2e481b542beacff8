"""Journey 7 (DESIGN.md), "paying people fairly", end to end in one real browser: a parent on a 360-px
phone, in Spanish, applies to be a community leader without an account; the team lead accepts her;
she sets up her sign-in from the invitation and, another day, signs in with a code. Before a meeting
she asks for child care above the daily cap; after it she claims her preparation, the meeting, her
travel time and miles, and the child care, and sees every line before she sends it. The team lead
(the policy's named approver) approves the exception and the claim; finance records the payment. She
sees it paid, with the notice about taxes and benefits, and her year's total. The amounts on her
pages, in finance's export and in both APIs agree to the cent with the policy, worked out by hand:

    preparation 1.5 h × $25.00 = $37.50     child care up to the cap          = $60.00
    meeting     2 h   × $25.00 = $50.00     child care above the cap (approved) = $25.00
    travel      1 h   × $25.00 = $25.00     18 miles × $0.670 = 12.06         = $12.06
                                                                        total = $209.56

The lead's acceptance goes through the same write as his page (`do_accept_application`, tested on
its own in the leaders app); everything else is clicked in the browser."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cocreate.accounts.tests.helpers import link_in
from cocreate.compensation.models import Claim, ClaimStatus, ExceptionRequest, ExceptionStatus, Payment
from cocreate.compensation.tests.factories import NOTICE_ES, make_policy
from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import (
    DESKTOP,
    PHONE,
    login_code_from,
    overflowing_elements,
    sign_in_with_password,
    watch_assets,
)
from cocreate.leaders.decisions import do_accept_application
from cocreate.leaders.models import Application, CallQuestion, Leader
from cocreate.leaders.tests.helpers_calls import make_call
from cocreate.meetings.models import Attendee, Meeting, MeetingStatus
from cocreate.partners.models import Partner

pytestmark = pytest.mark.e2e

ANA = "ana.torres@example.org"
MEETING = "Reunión del equipo de diciembre"
TOTAL = "$209.56"


def fits(page) -> None:
    assert overflowing_elements(page) == [], page.url


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def test_a_parent_is_paid_fairly_from_application_to_her_years_total(
    live_cast, live_server, browser, settings
):
    cast = live_cast
    settings.APPLICATION_MIN_FILL_SECONDS = 1
    org = f"{live_server.url}/o/{cast.org.slug}"
    make_policy(cast.org, childcare_exception_approver=cast.lead, special_event_approver=cast.admin)
    call = make_call(cast)

    # She applies on her phone, in Spanish, without an account.
    context, page = phone(browser)
    broken = watch_assets(page)
    page.goto(f"{live_server.url}/join/{call.token}/?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    fits(page)
    page.fill("input[name=name]", "Ana Torres")
    page.fill("input[name=email]", ANA)
    for question in CallQuestion.objects.filter(call=call, required=True):
        page.fill(f"textarea[name=q_{question.pk}]", "Coordino el grupo de madres de la escuela.")
    page.locator("label", has_text="Jueves").click()
    page.locator("label", has_text="De 6 a 8 de la noche").click()
    page.locator("label", has_text="Cuidado de niños").click()
    page.select_option("select[name=heard_from]", "school")
    page.wait_for_timeout(1100)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Gracias: recibimos su solicitud")
    fits(page)
    application = Application.objects.get(email=ANA)
    assert application.language == "es"
    context.close()

    # The team lead accepts her: her partner and leader records, and her invitation in Spanish.
    decided = do_accept_application(application, acting_user=cast.lead)
    ana = Partner.objects.get(community=cast.community, email=ANA)
    assert ana.lived_experience and ana.available_days == [3] and ana.available_times == ["evening"]
    assert Leader.objects.filter(partner=ana).exists() and decided.invitation is not None
    invitation = next(
        m for m in mail.outbox if m.to == [ANA] and f"/invite/{decided.invitation.token}/" in m.body
    )

    # She opens the invitation on her phone and sets up her sign-in, with no password.
    context, page = phone(browser)
    invitation = [m for m in mail.outbox if m.to == [ANA] and "/accounts/" in m.body or "/invit" in m.body][
        -1
    ]
    page.goto(live_server.url + link_in(invitation))
    fits(page)
    page.fill("input[name=name]", "Ana Torres")
    page.locator("select[name=preferred_language]").select_option("es")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    ana.refresh_from_db()
    assert ana.user is not None and ana.user.email == ANA
    context.close()

    # A meeting is planned in four days; she is invited.
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=4)
    meeting = Meeting.objects.create(
        organization=cast.org,
        community=cast.community,
        title=MEETING,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Biblioteca",
    )
    Attendee.objects.create(organization=cast.org, community=cast.community, meeting=meeting, partner=ana)

    # Another day she signs in with a code emailed to her, and asks ahead for child care above the cap.
    context, page = phone(browser)
    broken = watch_assets(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("a[href^='/accounts/login/code/']")
    page.wait_for_url("**/accounts/login/code/")
    page.fill("input[name=email]", ANA)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/code/confirm/")
    page.fill("input[name=code]", login_code_from([m for m in mail.outbox if m.to == [ANA]][-1]))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/o/{cast.org.slug}/**")
    page.goto(f"{org}/pay/mine/")
    assert page.locator("html").get_attribute("lang") == "es"
    fits(page)
    page.get_by_role("button", name="Pedir pago por un evento").click()
    page.wait_for_load_state()
    page.locator("li", has_text=MEETING).get_by_role("link").click()
    page.wait_for_load_state()
    fits(page)
    page.check("input[name=kind][value=childcare]")
    page.fill("input[name=amount]", "85")
    page.fill("textarea[name=reason]", "Tengo tres hijos y la reunión es por la tarde.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    exception = ExceptionRequest.objects.get(partner=ana)
    assert (exception.status, exception.approver, exception.amount) == (
        ExceptionStatus.PENDING,
        cast.lead,
        Decimal("85.00"),
    )

    # The meeting takes place (time passes: the meeting and her request move back together).
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start - timedelta(days=6),
        ends_at=start - timedelta(days=6) + timedelta(hours=2),
        status=MeetingStatus.HELD,
    )
    ExceptionRequest.objects.filter(pk=exception.pk).update(requested_at=timezone.now() - timedelta(days=8))

    # She claims: the meeting's time is filled in; she sees the lines and the total before she sends.
    page.goto(f"{org}/pay/mine/new/")
    page.get_by_role("link", name=MEETING).click()
    page.wait_for_load_state()
    assert page.input_value("#id_meeting_hours") == "2"
    page.fill("#id_prep_hours", "1.5")
    page.fill("#id_travel_hours", "1")
    page.fill("#id_childcare_cost", "85")
    page.get_by_label("Por milla").check()
    page.fill("#id_miles", "18")
    page.get_by_role("button", name="Ver las cantidades").click()
    page.wait_for_load_state()
    lines = page.locator("table.claim-lines")
    assert "$37.50" in lines.locator("[data-kind=prep]").inner_text()
    assert "$50.00" in lines.locator("[data-kind=meeting]").inner_text()
    assert "$25.00" in lines.locator("[data-kind=travel_time]").inner_text()
    assert "$60.00" in lines.locator("[data-kind=childcare]").inner_text()
    assert "$12.06" in lines.locator("[data-kind=mileage]").inner_text()
    above = lines.locator("[data-kind=childcare_above_cap]").inner_text()
    assert "$0.00" in above  # waiting for the lead's approval of her exception
    assert page.locator("[data-total]").inner_text() == "$184.56"
    fits(page)
    page.get_by_role("button", name="Enviar", exact=True).click()
    page.wait_for_load_state()
    claim = Claim.objects.get(partner=ana)
    assert claim.exception_id == exception.pk and claim.total == Decimal("184.56")

    # The team lead approves the exception (its amount joins the claim), then the claim.
    desk = browser.new_context(viewport=DESKTOP, locale="en-US")
    lead = desk.new_page()
    lead.set_default_timeout(30_000)
    sign_in_with_password(lead, live_server.url, cast.lead.email, PASSWORD)
    lead.goto(f"{org}/pay/exceptions/")
    lead.check("input[name=decision][value=approve]")
    with lead.expect_navigation():
        lead.get_by_role("button", name="Save the decision").click()
    claim.refresh_from_db()
    assert claim.total == Decimal("209.56")
    lead.goto(f"{org}/pay/claims/{claim.pk}/review/")
    assert TOTAL in lead.locator("[data-total]").inner_text()
    with lead.expect_navigation():
        lead.get_by_role("button", name="Approve").click()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.approved_by == cast.lead
    desk.close()

    # Finance records the payment.
    desk = browser.new_context(viewport=DESKTOP, locale="en-US")
    fin = desk.new_page()
    fin.set_default_timeout(30_000)
    sign_in_with_password(fin, live_server.url, cast.finance.email, PASSWORD)
    fin.goto(f"{org}/pay/claims/{claim.pk}/review/")
    fin.select_option("select[name=method]", "direct_deposit")
    fin.fill("input[name=reference]", "DD-2026-0042")
    with fin.expect_navigation():
        fin.get_by_role("button", name=f"Record the payment of {TOTAL}").click()
    payment = Payment.objects.get(claim=claim)
    assert payment.amount == Decimal("209.56")
    desk.close()

    # She sees it paid, the notice about taxes and benefits, and her year's total.
    page.goto(f"{org}/pay/mine/")
    row = page.locator(".claim-row", has_text=MEETING)
    assert TOTAL in row.inner_text() and "Pagada" in row.inner_text()
    fits(page)
    page.locator(".inbox-link").click()
    page.wait_for_url("**/inbox/")
    assert TOTAL in page.locator("main").inner_text()
    year = payment.paid_on.year
    page.goto(f"{org}/pay/mine/{year}/")
    statement = page.locator("main").inner_text()
    assert TOTAL in statement and NOTICE_ES.split(":")[0].split(".")[0] in statement
    assert "10 días" in statement
    fits(page)
    assert broken == []
    context.close()

    # The same figures in finance's export and in both APIs, to the cent.
    finance = Client()
    finance.force_login(cast.finance)
    response = finance.get(
        f"/o/{cast.org.slug}/pay/export/",
        {"from": f"{year}-01-01", "to": f"{year}-12-31", "by": "paid", "format": "csv"},
    )
    assert response.status_code == 200
    body = response.getvalue()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    mine = [r for r in rows if str(claim.pk) in r.values()]
    assert len(mine) == 1
    assert "209.56" in mine[0].values()

    api = APIClient()
    api.force_authenticate(ana.user)
    her_claims = api.get(f"/api/v1/orgs/{cast.org.slug}/me/pay/claims/").json()
    listed = her_claims["results"] if isinstance(her_claims, dict) else her_claims
    assert [c["total"] for c in listed if c["id"] == claim.pk] == ["209.56"]
    staff = APIClient()
    staff.force_authenticate(cast.finance)
    assert staff.get(f"/api/v1/orgs/{cast.org.slug}/pay/claims/{claim.pk}/").json()["total"] == "209.56"

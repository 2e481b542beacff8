"""On a 360 px phone, in Spanish: she opens the claim form for a meeting she came to, fills her time,
child care above the cap and her miles, sees the amounts line by line, sends, and finds it in her list."""

from __future__ import annotations

import os

import pytest

from cocreate.compensation.models import Claim
from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password

from .routes_claims import her_partner, meeting, policy

pytestmark = pytest.mark.e2e


def test_she_claims_for_a_meeting_on_her_phone_in_spanish(live_cast, live_server, browser):
    cast = live_cast
    policy(cast)
    her_partner(cast)
    m = meeting(cast, "Reunión del equipo de octubre")
    page = browser.new_page(viewport=PHONE, locale="es-ES")
    sign_in_with_password(page, live_server.url, cast.partner.email, PASSWORD)
    page.goto(f"{live_server.url}/o/{cast.org.slug}/pay/mine/")
    page.get_by_role("button", name="Pedir pago por un evento").click()
    page.get_by_role("link", name="Reunión del equipo de octubre").click()
    assert page.input_value("#id_meeting_hours") == "1.5"
    page.fill("#id_prep_hours", "1.5")
    page.fill("#id_travel_hours", "0.75")
    page.fill("#id_childcare_cost", "85")
    page.get_by_label("Por milla").check()
    page.fill("#id_miles", "18.3")
    page.get_by_role("button", name="Ver las cantidades").click()
    page.wait_for_load_state()
    lines = page.locator("table.claim-lines")
    assert lines.locator("[data-kind=childcare_above_cap]").inner_text().count("$0.00") == 1
    assert "no cubierto" in lines.inner_text()
    assert page.locator("[data-total]").inner_text() == "$166.01"
    assert overflowing_elements(page) == []
    if os.environ.get("CLAIMS_SCREENSHOT"):
        page.screenshot(path=os.environ["CLAIMS_SCREENSHOT"], full_page=True)
    page.get_by_role("button", name="Enviar", exact=True).click()
    page.wait_for_load_state()
    assert str(Claim.objects.get(meeting=m).total) == "166.01"
    page.goto(f"{live_server.url}/o/{cast.org.slug}/pay/mine/")
    row = page.locator(".claim-row").first
    assert "Reunión del equipo de octubre" in row.inner_text() and "$166.01" in row.inner_text()
    assert "Enviada para aprobación" in row.inner_text()

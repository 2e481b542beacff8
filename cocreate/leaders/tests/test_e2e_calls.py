"""In a real browser, on a 360 px phone, in Spanish: a parent opens a call's public page, applies
without an account (the CSRF token and the fill-time stamp travel with the form), and sees the thanks
in Spanish. With CALLS_SCREENSHOT=<path> the filled-in form is saved there as a full-page picture."""

from __future__ import annotations

import os

import pytest

from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, watch_assets
from cocreate.leaders.models import Application, CallQuestion

from .helpers_calls import make_call

pytestmark = pytest.mark.e2e


def test_a_parent_applies_on_a_phone_in_spanish(browser, live_cast, live_server, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 1  # a robot-fast browser, but not instant
    call = make_call(live_cast)
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)

    page.goto(f"{live_server.url}/join/{call.token}/?lang=es")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Enviar mi solicitud" in page.locator("main").inner_text()
    assert (
        not page.locator("input[name=website]").is_visible()
        or page.locator(".hp-field").bounding_box()["x"] < 0
    )
    assert overflowing_elements(page) == []

    # First without the required answers: the messages sit at the fields, and nothing is saved.
    page.fill("input[name=name]", "Rosa Hernández")
    page.fill("input[name=email]", "rosa@example.org")
    page.wait_for_timeout(1100)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".field-error").first.is_visible()
    assert "Por favor, responda esta pregunta." in page.locator("main").inner_text()
    assert not Application.objects.exists()

    for question in CallQuestion.objects.filter(call=call, required=True):
        page.fill(f"textarea[name=q_{question.pk}]", "Organicé el grupo de madres de la escuela.")
    page.locator("label", has_text="Martes").click()
    page.locator("label", has_text="De 6 a 8 de la noche").click()
    page.locator("label", has_text="Cuidado de niños").click()
    page.select_option("select[name=heard_from]", "school")
    if os.environ.get("CALLS_SCREENSHOT"):
        page.screenshot(path=os.environ["CALLS_SCREENSHOT"], full_page=True)
    assert overflowing_elements(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Gracias: recibimos su solicitud")
    application = Application.objects.get()
    assert application.language == "es"
    assert application.available_days == [1]
    assert application.meeting_times == ["18-20"]
    assert application.access_needs == ["child_care"]
    assert overflowing_elements(page) == []
    assert broken_assets == []
    context.close()

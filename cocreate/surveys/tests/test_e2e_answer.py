"""In a real browser, on a 360 px phone, in Spanish: a parent opens an anonymous survey's link without
an account, forgets a required answer (what she wrote stays), answers, and reads the thanks in Spanish.
With SURVEY_SCREENSHOT=<path> the filled-in page is saved there as a full-page picture."""

from __future__ import annotations

import os

import pytest

from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, watch_assets
from cocreate.surveys.models import Response, SurveyStatus

from .helpers_collect import make_survey

pytestmark = pytest.mark.e2e


def test_a_parent_answers_on_a_phone_in_spanish(browser, live_cast, live_server):
    survey = make_survey(live_cast, status=SurveyStatus.OPEN)
    context = browser.new_context(viewport=PHONE, locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)

    page.goto(f"{live_server.url}/s/{survey.token}/")
    assert page.locator("html").get_attribute("lang") == "es"
    main = page.locator("main").inner_text()
    assert "¿Cómo lo estamos haciendo?" in main and "¿Qué tan fácil es llegar al programa?" in main
    assert overflowing_elements(page) == []

    page.locator("label", has_text="Mucho").click()
    page.fill("textarea", "Visitas por la tarde, por favor.")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".field-error").first.is_visible()
    assert page.locator("textarea").input_value() == "Visitas por la tarde, por favor."
    assert not Response.objects.exists()

    page.locator("label", has_text="Fácil").click()
    if os.environ.get("SURVEY_SCREENSHOT"):
        page.screenshot(path=os.environ["SURVEY_SCREENSHOT"], full_page=True)
    assert overflowing_elements(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("h1")
    assert "/thanks/" in page.url
    stored = Response.objects.get()
    assert stored.language == "es" and stored.answers.count() == 3 and stored.invitation is None
    assert broken_assets == []
    context.close()

"""In a real browser, on a phone: the lead records an observation (after one mistake in the times), adds a
step row, and sees the record on the plan page. With OBSERVATION_SCREENSHOT=<path> the filled-in form is
saved there as a full-page picture for a person to look at."""

from __future__ import annotations

import os

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password, watch_assets
from cocreate.observations.models import ObservationRecord

from .helpers import riverside_plan

pytestmark = pytest.mark.e2e


def test_it_records_an_observation_on_a_phone(browser, live_cast, live_server):
    cast = live_cast
    plan = riverside_plan(cast)
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)
    sign_in_with_password(page, live_server.url, cast.lead.email, PASSWORD)

    page.goto(
        f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/observations/{plan.pk}/records/new/"
    )
    assert overflowing_elements(page) == []
    page.fill("input[name=started_at]", "10:00")
    page.fill("input[name=ended_at]", "09:30")
    page.fill("input[name=steps-0-expected]", "The nurse sends the referral")
    page.fill("textarea[name=steps-0-happened]", "Faxed, read two days later")
    page.fill("input[name=steps-1-expected]", "Intake calls the family")
    page.fill("textarea[name=steps-1-happened]", "Three calls in office hours")
    page.fill("input[name=steps-1-note]", "The mother works mornings")
    page.fill("textarea[name=present]", "Intake coordinator — books the visit\nThe mother")
    page.fill("textarea[name=confusion]", "The letter does not say who will visit")
    page.fill("textarea[name=changes]", "Call in the evening\nSend a photo of the visitor")
    page.locator("button[name=add_step]").click()
    page.wait_for_selector("input[name=steps-3-expected]")
    assert page.input_value("input[name=steps-1-note]") == "The mother works mornings"
    page.locator("main form button[type=submit]:not([name])").click()
    assert "The end comes after the start." in page.locator("#id_ended_at_error").inner_text()
    assert not ObservationRecord.objects.exists()

    page.fill("input[name=ended_at]", "11:30")
    if os.environ.get("OBSERVATION_SCREENSHOT"):
        page.screenshot(path=os.environ["OBSERVATION_SCREENSHOT"], full_page=True)
    assert overflowing_elements(page) == []
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_selector("text=Observation saved.")
    record = ObservationRecord.objects.get()
    assert record.steps.count() == 2 and record.findings.count() == 3
    assert "Three calls in office hours" in page.locator("main").inner_text()
    assert overflowing_elements(page) == []
    if os.environ.get("OBSERVATION_SCREENSHOT"):
        page.screenshot(
            path=os.environ["OBSERVATION_SCREENSHOT"].replace(".png", "-plan.png"), full_page=True
        )
    assert broken_assets == []
    context.close()

"""In a real browser, on a phone: right after a coaching session the practitioner logs it (after one
typo in the hours), and the community's dosage shows it, drawn and counted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password, watch_assets
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.support.models import SupportEvent

pytestmark = pytest.mark.e2e


def test_it_logs_a_coaching_session_on_a_phone_and_the_dosage_counts_it(browser, live_cast, live_server):
    cast = live_cast
    parent = riverside_parent(cast)
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)
    base = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/support"
    sign_in_with_password(page, live_server.url, cast.practitioner.email, PASSWORD)

    page.goto(f"{base}/new/")
    assert overflowing_elements(page) == []
    page.fill("input[name=hours]", "1.25")  # a quarter hour: one decimal only
    page.check("input[name=modality][value=virtual]")
    page.check("input[name=domains][value=co-creation]")
    page.locator("summary", has_text="Who attended").click()
    page.check(f"input[name=attendee_partners][value='{parent.pk}']")
    page.locator("summary", has_text="How many people").click()
    page.fill("input[name=headcount_community]", "2")
    page.fill("input[name=headcount_agency]", "4")
    page.fill("textarea[name=summary]", "Tried the new listening-session format.")
    page.locator("main form button[type=submit]").click()
    assert "Use one decimal at most" in page.locator("#id_hours_error").inner_text()
    assert not SupportEvent.objects.exists()

    page.fill("input[name=hours]", "1.5")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Logged: 1.5 hours of coaching.")
    event = SupportEvent.objects.get()
    assert (event.hours, event.modality, event.headcount_total) == (Decimal("1.5"), "virtual", 6)
    assert "Ana Ruiz" in page.locator("main").inner_text()

    page.goto(f"{base}/dosage/")
    page.wait_for_selector("#chart-hours-by-month .chart-canvas[data-chart-state=drawn]")
    assert "1 event, 1.5 hours over 12 months." in page.locator(".dosage-totals").inner_text()
    assert "Co-creation partners and processes 1.5" in page.locator(".dosage-table").inner_text()
    assert overflowing_elements(page) == []
    assert broken_assets == []
    context.close()

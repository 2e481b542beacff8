"""In a real browser, on a phone: a team lead adds a parent, raises her engagement with a reason, sees
the community's gap list change, and downloads the engagement plan to hand out at the meeting."""

from __future__ import annotations

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, watch_assets
from cocreate.partners.models import EngagementChange, Level, Partner

pytestmark = pytest.mark.e2e


def test_it_adds_a_parent_raises_her_level_and_downloads_the_plan_on_a_phone(browser, live_cast, live_server):
    cast = live_cast
    context = browser.new_context(viewport=PHONE, locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)
    base = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}"

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", cast.lead.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='login'] button[type=submit]").last.click()
    page.wait_for_url(f"**{cast.org.get_absolute_url()}")

    # Before: nobody from the community is at the table.
    page.goto(f"{base}/")
    gaps = page.locator(".partners-summary")
    assert "Community member" in gaps.locator("li", has_text="Not at the table yet").inner_text()

    # Add a parent with lived experience.
    page.goto(f"{base}/partners/new/")
    page.fill("input[name=name]", "Rosa Díaz")
    page.select_option("select[name=partner_type]", "community")
    page.check("input[name=lived_experience]")
    page.fill("input[name=languages]", "Spanish")
    page.check("input[name=available_days][value='2']")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Rosa Díaz')")
    assert overflowing_elements(page) == []
    rosa = Partner.objects.get(name="Rosa Díaz")

    # Raise her engagement in co-creation, with the reason the team will read later.
    page.locator(".ladder li", has_text="Co-creation").get_by_role("link").click()
    page.select_option("select[name=current]", str(Level.CONSULT))
    page.select_option("select[name=planned]", str(Level.COLLABORATE))
    page.fill("textarea[name=reason]", "Came to the listening session and wants to help plan the next one.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Engagement level saved.")
    assert "Came to the listening session" in page.locator("#history-h + .table-wrap").inner_text()
    change = EngagementChange.objects.get(partner=rosa)
    assert (change.to_current, change.to_planned, change.changed_by) == (
        Level.CONSULT,
        Level.COLLABORATE,
        cast.lead,
    )

    # After: community members are at the table, and Rosa is listed as below her planned level.
    page.goto(f"{base}/")
    gaps_text = page.locator(".partners-summary").inner_text()
    missing = page.locator(".partners-summary li", has_text="Not at the table yet").inner_text()
    assert "Community member" not in missing
    assert (
        "Rosa Díaz" in page.locator(".partners-summary li", has_text="Below the planned level").inner_text()
    )
    assert "Rosa Díaz" in gaps_text

    # The plan, as a document to hand out.
    # The document is prepared in the task queue: the button leads to a page that shows when it is
    # ready (the tests' queue runs at once), and fits the phone.
    page.goto(f"{base}/plan/")
    page.locator("form[action$='/plan/download/pdf/'] button").first.click()
    page.wait_for_url("**/downloads/*/")
    assert page.locator("#job-status").inner_text().startswith("Your document is ready.")
    assert overflowing_elements(page) == []
    with page.expect_download() as download:
        page.locator("#job-status a[href$='/file/']").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as f:
        assert f.read(4) == b"%PDF"
    assert broken_assets == []
    context.close()

"""In a real browser: on a phone, a practitioner ticks the goal a session served and sends the attendees
the interim-outcomes survey; on a desktop, the community's support sits beside its outcomes.

With SUPPORT_SCREENSHOTS=<dir> the pages are also saved there (event.png at 360 px, outcomes.png at
desktop width) for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import (
    DESKTOP,
    PHONE,
    overflowing_elements,
    sign_in_with_password,
    watch_assets,
)
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.planning.tests.helpers import make_action, make_goal
from cocreate.support.models import EventSurvey, SupportEvent

from .helpers import log
from .test_outcomes import capacity_round, interim_round, months_ago

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SUPPORT_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_a_session_serves_a_goal_and_its_attendees_get_the_survey_then_outcomes_sit_beside_it(
    browser, live_cast, live_server
):
    cast = live_cast
    goal = make_goal(cast, "Families shape the home-visiting schedule")
    make_action(goal, cast, "Hold two evening listening sessions")
    paz = partner_actions.do_create_partner(
        cast.community, name="Paz Parent", partner_type=PartnerType.COMMUNITY, user=cast.partner
    )
    riverside_parent(cast)
    base = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/support"

    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)
    sign_in_with_password(page, live_server.url, cast.practitioner.email, PASSWORD)
    page.goto(f"{base}/new/")
    page.locator("summary", has_text="Goals or actions served").click()
    page.locator("label", has_text="Hold two evening listening sessions").click()
    page.locator("summary", has_text="Who attended").click()
    page.check(f"input[name=attendee_partners][value='{paz.pk}']")
    page.locator("label", has_text="Ana Ruiz").click()
    page.check(f"input[name=attendee_users][value='{cast.lead.pk}']")
    assert overflowing_elements(page) == []
    _shot(page, "form.png")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Logged: 1.0 hours")
    event = SupportEvent.objects.get()
    assert [a.strategy for a in event.actions.all()] == ["Hold two evening listening sessions"]
    assert "Families shape the home-visiting schedule" in page.locator("main").inner_text()

    page.locator("button", has_text="Send the survey to 2 attendees").click()
    page.wait_for_selector("text=Answered: 0 of 2 people.")
    assert EventSurvey.objects.filter(event=event).exists()
    assert "1 partner" not in page.locator("main").inner_text()  # only shown before sending
    assert overflowing_elements(page) == []
    _shot(page, "event.png")
    assert broken_assets == []
    context.close()

    # Some months of support and rounds, for the side-by-side view.
    for n, (hours, interim, capacity) in enumerate([("3.0", 3, 1), ("2.0", None, None), ("4.5", 4, 2)]):
        month = months_ago(2 * n + 1)
        log(cast, hours=hours, day=month.replace(day=12))
        if interim:
            interim_round(cast, interim, month=month)
        if capacity:
            capacity_round(cast, capacity, month=month)
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)
    sign_in_with_password(page, live_server.url, cast.practitioner.email, PASSWORD)
    page.goto(f"{base}/outcomes/")
    for panel in ("hours", "interim", "capacity"):
        page.wait_for_selector(f"[data-chart-spec-id=chart-outcomes-{panel}-spec][data-chart-state=drawn]")
    assert "Side by side, not cause and effect" in page.locator(".not-causal").inner_text()
    assert "50%" in page.locator(".outcomes-table").inner_text()
    assert overflowing_elements(page) == []
    _shot(page, "outcomes.png")
    assert broken_assets == []
    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("[data-chart-spec-id=chart-outcomes-capacity-spec][data-chart-state=drawn]")
    assert overflowing_elements(page) == []
    _shot(page, "outcomes-phone.png")
    context.close()

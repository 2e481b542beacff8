"""In a real browser on a phone: after a meeting the lead facilitated, the lead plans the next one from
a suggested time; the roles come suggested in rotation (somebody else facilitates), the lead overrides
one, adds an agenda item, saves, and once the meeting is held records a decision taken in it from its
page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, watch_assets
from cocreate.meetings.models import Decision, Meeting, MeetingStatus

from .helpers import partner, plan

pytestmark = pytest.mark.e2e


def test_plan_a_meeting_with_rotated_roles_and_record_a_decision_from_it(live_cast, live_server, browser):
    cast = live_cast
    rosa = partner(
        cast,
        "Rosa Parent",
        "community",
        lived_experience=True,
        available_days=[3],
        available_times=["evening"],
    )
    sam = partner(cast, "Sam Agency", "agency", available_days=[3])
    lead = f"u{cast.lead.pk}"
    last = plan(
        cast,
        "Last time",
        days=-14,
        attendees=[lead, f"p{rosa.pk}", f"p{sam.pk}"],
        roles={"facilitator": lead},
    )
    Meeting.objects.filter(pk=last.pk).update(status=MeetingStatus.HELD)

    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", cast.lead.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='login'] button[type=submit]").last.click()
    page.wait_for_url("**/o/**")

    page.goto(f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/meetings/new/")
    page.get_by_role("link", name="Thursday, evening").click()  # Rosa and Sam are both free then
    page.wait_for_load_state()
    assert page.locator("#id_starts_at").input_value().endswith("T18:00")
    assert page.locator("#id_role_facilitator").input_value() not in {"", lead}  # rotated away from the lead
    page.fill("#id_title", "Planning circle")
    page.fill("#id_place", "Riverside library")
    page.select_option("#id_role_timekeeper", f"p{sam.pk}")
    page.fill("[name='item-0-title']", "Spring dates")
    page.select_option("[name='item-0-owner']", f"p{rosa.pk}")
    page.fill("[name='item-0-duration']", "20")
    assert overflowing_elements(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    meeting = Meeting.objects.get(title="Planning circle")
    roles = {r.role: r.person_key for r in meeting.roles.all()}
    assert roles["timekeeper"] == f"p{sam.pk}" and roles["facilitator"] != lead
    assert page.get_by_text("Spring dates").is_visible()

    # The meeting is held (yesterday, say); then its decision is recorded from its page.
    yesterday = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=yesterday, ends_at=yesterday + timedelta(hours=1), status=MeetingStatus.HELD
    )
    page.reload()
    page.get_by_role("link", name="Record a decision from this meeting").click()
    page.wait_for_load_state()
    page.fill("#id_title", "Meet on Thursday evenings")
    page.locator("label", has_text="Consent").first.click()
    page.locator("label", has_text="Adopted").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    decision = Decision.objects.get(title="Meet on Thursday evenings")
    assert decision.meeting == meeting and decision.decided_on <= timezone.localdate()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    assert page.get_by_role("link", name="Meet on Thursday evenings").is_visible()
    assert broken == []
    context.close()

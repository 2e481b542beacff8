"""The support-log, meetings and decisions journey of issue 6, in a real browser on a phone.

Right after a planning session with the Riverside team, the practitioner logs it on her phone; the lead
then plans the team's next meeting (the roles come suggested in rotation, so the lead, who facilitated
last time, is not asked again), and after it records the team's consent decision: a parent objects,
the proposal cannot be recorded as adopted until the objection is resolved, and then it is. Back on the
dosage page, the session counts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password, watch_assets
from cocreate.meetings.models import Decision, Meeting, MeetingStatus, Outcome
from cocreate.support.models import SupportEvent

from .helpers import partner, plan

pytestmark = pytest.mark.e2e


def test_log_support_plan_a_meeting_with_rotated_roles_and_decide_by_consent(live_cast, live_server, browser):
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
    community = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}"

    # 1. The practitioner, on her phone: the dosage is empty, then she logs the session.
    practitioner = browser.new_context(viewport=PHONE, locale="en-US")
    page = practitioner.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    sign_in_with_password(page, live_server.url, cast.practitioner.email, PASSWORD)
    page.goto(f"{community}/support/dosage/")
    assert "1 event" not in page.locator("main").inner_text()
    page.goto(f"{community}/support/new/")
    page.select_option("select[name=event_type]", "planning")
    page.fill("input[name=hours]", "2")
    page.check("input[name=modality][value=in_person]")
    page.check("input[name=domains][value=co-creation]")
    page.fill("textarea[name=summary]", "Planned the spring listening sessions with the team.")
    assert overflowing_elements(page) == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Logged: 2.0 hours of planning meeting.")
    assert SupportEvent.objects.get().community == cast.community

    # 2. The lead plans the next meeting from a suggested time; the roles rotate.
    lead_context = browser.new_context(viewport=PHONE, locale="en-US")
    lead_page = lead_context.new_page()
    lead_page.set_default_timeout(30_000)
    broken += watch_assets(lead_page)
    sign_in_with_password(lead_page, live_server.url, cast.lead.email, PASSWORD)
    lead_page.goto(f"{community}/meetings/new/")
    lead_page.get_by_role("link", name="Thursday, evening").click()  # when Rosa (lived experience) can come
    lead_page.wait_for_load_state()
    facilitator = lead_page.locator("#id_role_facilitator").input_value()
    assert facilitator not in {"", lead}  # the lead facilitated last time
    lead_page.fill("#id_title", "Spring planning circle")
    lead_page.fill("#id_place", "Riverside library, room 2")
    lead_page.fill("[name='item-0-title']", "Where to hold the listening sessions")
    assert overflowing_elements(lead_page) == []
    with lead_page.expect_navigation():
        lead_page.get_by_role("button", name="Save").click()
    meeting = Meeting.objects.get(title="Spring planning circle")
    roles = {r.role: r.person_key for r in meeting.roles.all()}
    assert roles["facilitator"] == facilitator and len(set(roles.values())) == len(roles)

    # 3. After the meeting (held yesterday, say): a consent decision. Rosa objects; it is adopted only
    #    once her objection is resolved.
    yesterday = timezone.now() - timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=yesterday, ends_at=yesterday + timedelta(hours=1), status=MeetingStatus.HELD
    )
    lead_page.reload()
    lead_page.get_by_role("link", name="Record a decision from this meeting").click()
    lead_page.wait_for_load_state()
    lead_page.fill("#id_title", "Hold the listening sessions at the library")
    lead_page.locator("label", has_text="Consent").first.click()
    for who, position in ((sam, "agree"), (rosa, "object")):
        lead_page.locator("summary", has_text=who.name).click()
        lead_page.select_option(f"select[name=position_p{who.pk}]", position)
    lead_page.fill(
        f"textarea[name=reason_p{rosa.pk}]", "The library closes at six: parents who work cannot come."
    )
    lead_page.locator("label", has_text="Adopted").first.click()
    with lead_page.expect_navigation():
        lead_page.get_by_role("button", name="Save").click()
    assert "objection is not resolved" in lead_page.locator("main").inner_text()
    assert not Decision.objects.filter(title__startswith="Hold the listening").exists()  # nothing half-saved

    lead_page.fill(
        f"textarea[name=resolution_p{rosa.pk}]",
        "The library agreed to stay open until eight on session nights.",
    )
    with lead_page.expect_navigation():
        lead_page.get_by_role("button", name="Save").click()
    decision = Decision.objects.get(title="Hold the listening sessions at the library")
    assert (decision.method, decision.outcome, decision.meeting) == ("consent", Outcome.ADOPTED, meeting)
    objection = decision.participants.get(partner=rosa)
    assert objection.position == "object" and "until eight" in objection.resolution
    assert "until eight" in lead_page.locator("main").inner_text()
    assert overflowing_elements(lead_page) == []

    # 4. The dosage counts the session.
    page.goto(f"{community}/support/dosage/")
    page.wait_for_selector("#chart-hours-by-month .chart-canvas[data-chart-state=drawn]")
    assert "1 event, 2.0 hours over 12 months." in page.locator(".dosage-totals").inner_text()
    assert overflowing_elements(page) == []
    assert broken == []
    practitioner.close()
    lead_context.close()

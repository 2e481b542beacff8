"""In a real browser: from an item the team scored low on a closed round, the lead makes a goal, adds two
actions with the people responsible, runs one PDSA cycle through plan, do, study and act, enters three
data points and sees the run chart with its median."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.tests.helpers import answer, open_round
from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import DESKTOP, PHONE, overflowing_elements, watch_assets
from cocreate.partners.actions import do_create_partner
from cocreate.planning.models import Action, CycleStatus, DataPoint, Goal, PdsaCycle

pytestmark = pytest.mark.e2e

SCREENSHOT = Path("/tmp/notes/e2e_planning.png")
# Capacity check (see assessments/tests/helpers.py): 0-2 scale, target 80%. cc-involved lands at 50%.
LEAD = {"cc-involved": 0, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 2}
PARTNER = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 1}
LOW_ITEM = "All five partner types are involved"


def closed_round(cast):
    # Four people (twice the lead's answers, twice the partner's): figures need three (disclosure).
    adm = open_round(
        cast, invitees=[cast.lead, cast.partner, cast.practitioner, cast.funder], title="Autumn check"
    )
    for user, values in (
        (cast.lead, LEAD),
        (cast.partner, PARTNER),
        (cast.practitioner, LEAD),
        (cast.funder, PARTNER),
    ):
        answer(adm, user, values)
    assessment_actions.do_start_consensus(adm)
    assessment_actions.do_close(adm)
    return adm


def sign_in(context, base_url: str, user):
    page = context.new_page()
    page.set_default_timeout(30_000)  # two cores shared with other test runs: pages can be slow
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='login'] button[type=submit]").last.click()
    page.wait_for_url("**/o/**")
    return page


def iso(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def submit(page, button) -> None:
    """Click a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        button.click()
    page.wait_for_load_state()


def record_phase(page, phase: str, fill) -> None:
    """Open a phase's form on the cycle page, fill it in and save it."""
    section = page.locator(f"#phase-{phase}")
    section.locator("details.pdsa-edit summary").click()
    fill(section)
    submit(page, section.locator("button[type=submit]"))


def test_it_runs_from_a_low_item_to_a_goal_two_actions_and_a_pdsa_cycle_with_its_run_chart(
    browser, live_cast, live_server
):
    cast = live_cast
    adm = closed_round(cast)
    family = do_create_partner(cast.community, name="Rosa Díaz", partner_type="community")
    base = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}"

    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    lead = sign_in(context, live_server.url, cast.lead)
    broken_assets = watch_assets(lead)

    # The closed round's results: the low item offers "Make this a goal".
    lead.goto(f"{base}/assessments/{adm.pk}/results/")
    row = lead.locator("tr", has_text=LOW_ITEM).first
    submit(lead, row.get_by_role("button", name="Make this a goal"))
    assert "/planning/goals/new/?gap=" in lead.url
    assert lead.locator("input[name=gaps]:checked").count() == 1  # the item comes ticked
    lead.fill("textarea[name=statement]", "Families, agencies and funders all sit on the implementation team")
    lead.locator("input[name=horizon][value='2']").check()
    lead.fill("textarea[name=why_community]", "Parents want a say in the services they use.")
    submit(lead, lead.get_by_role("button", name="Save goal"))
    assert lead.url.endswith(f"/planning/goals/{Goal.objects.get().pk}/")
    goal = Goal.objects.get()
    assert goal.items.get().item_key == "cc-involved"

    # Two actions, each with the people responsible: a partner and a member.
    submit(lead, lead.locator("main a[href$='actions/new/']").first)
    lead.fill("textarea[name=strategy]", "Invite three parents to the next team meeting")
    lead.fill("input[name=due_on]", iso(14))
    lead.locator(f"input[name=partners][value='{family.pk}']").check()
    lead.locator(f"input[name=users][value='{cast.lead.pk}']").check()
    submit(lead, lead.get_by_role("button", name="Save and add another"))
    assert lead.url.endswith("/actions/new/")
    lead.fill("textarea[name=strategy]", "Ask the funder to join the quarterly review")
    lead.fill("input[name=due_on]", iso(30))
    lead.locator(f"input[name=users][value='{cast.practitioner.pk}']").check()
    submit(lead, lead.get_by_role("button", name="Save action"))
    assert f"/planning/goals/{goal.pk}/" in lead.url
    first, second = Action.objects.order_by("pk")
    assert {(o.partner_id, o.user_id) for o in first.owners.all()} == {
        (family.pk, None),
        (None, cast.lead.pk),
    }
    assert [o.user_id for o in second.owners.all()] == [cast.practitioner.pk]
    page_text = lead.locator("main").inner_text()
    assert "Rosa Díaz" in page_text and "Pat Practitioner" in page_text

    # A PDSA cycle on the first action: plan (starting it), then do, study and act.
    submit(lead, lead.locator(f"a[href$='actions/{first.pk}/cycles/new/']"))
    lead.fill("textarea[name=change_idea]", "Text parents the day before the meeting")
    lead.fill("textarea[name=prediction]", "Twice as many parents will come")
    lead.fill("input[name=measure_name]", "Parents at the meeting")
    lead.fill("input[name=measure_unit]", "people")
    submit(lead, lead.get_by_role("button", name="Start the cycle"))
    assert lead.url.endswith(f"/planning/cycles/{PdsaCycle.objects.get().pk}/")
    cycle = PdsaCycle.objects.get()
    record_phase(
        lead, "do", lambda s: s.locator("textarea[name=what_happened]").fill("Texts went to 20 families.")
    )
    record_phase(lead, "study", lambda s: s.locator("textarea[name=results]").fill("12 came, up from 6."))

    def decide(section):
        section.locator("input[name=decision][value=adopt]").check()
        section.locator("textarea[name=notes]").fill("Keep texting before every meeting.")

    record_phase(lead, "act", decide)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.ADOPTED and cycle.results == "12 came, up from 6."

    # Three data points, then the run chart with its median.
    for days_ago, value in ((21, "6"), (14, "9"), (7, "12")):
        form = lead.locator("form.point-form")
        if not form.is_visible():
            lead.locator("#points details.pdsa-edit summary").click()
        form.locator("input[name=measured_on]").fill(iso(-days_ago))
        form.locator("input[name=value]").fill(value)
        submit(lead, form.get_by_role("button", name="Add the data point"))
    assert DataPoint.objects.filter(cycle=cycle).count() == 3

    lead.goto(f"{base}/planning/cycles/{cycle.pk}/")
    spec = json.loads(lead.locator(f"#chart-run-{cycle.pk}-spec").text_content())
    assert [p["value"] for p in spec["layer"][0]["data"]["values"]] == [6, 9, 12]
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["data"]["values"][0]["median"] == 9
    lead.wait_for_selector(
        f"#chart-run-{cycle.pk} .chart-canvas svg, #chart-run-{cycle.pk} .chart-canvas canvas"
    )
    assert "3 values so far; median 9." in lead.locator(f"#chart-run-{cycle.pk}").inner_text()
    # The axis shows the days the points were measured (not the evening before, west of Greenwich).
    axis = lead.locator(f"#chart-run-{cycle.pk} .chart-canvas svg").text_content()
    assert iso(-21) in axis and iso(-7) in axis
    assert broken_assets == []
    lead.locator(f"#chart-run-{cycle.pk}").scroll_into_view_if_needed()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    lead.screenshot(path=str(SCREENSHOT), full_page=True)

    # Back along the chain: the goal page links to the low item on the round's results.
    lead.goto(f"{base}/planning/goals/{goal.pk}/")
    assert lead.locator(f"a[href*='assessments/{adm.pk}/results/']").count() >= 1

    # The run chart page fits a phone.
    phone = browser.new_context(viewport=PHONE, locale="en-US")
    small = sign_in(phone, live_server.url, cast.lead)
    small.goto(f"{base}/planning/cycles/{cycle.pk}/")
    small.wait_for_selector(
        f"#chart-run-{cycle.pk} .chart-canvas svg, #chart-run-{cycle.pk} .chart-canvas canvas"
    )
    assert overflowing_elements(small) == []

"""In a real browser: a practitioner opens the capacity assessment, three people answer alone (the parent
in Spanish on her phone, section by section, saving half-way and coming back, with one "I don't
know"; the lead without her name), the team agrees on the items it disagreed on most, closes the
round and sees it beside the earlier one."""

from __future__ import annotations

import pytest

from cocreate.assessments import actions
from cocreate.assessments.models import Administration, Response
from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, watch_assets

from .helpers import answer, builtin

pytestmark = pytest.mark.e2e


def earlier_round(cast) -> Administration:
    """Last spring's round: everything partly in place, agreed as such."""
    adm = actions.do_open_administration(
        cast.community,
        version=builtin("capacity"),
        acting_user=cast.practitioner,
        invitees=[cast.lead],
        title="Spring",
    )
    answer(adm, cast.lead, 1)
    actions.do_start_consensus(adm)
    actions.do_close(adm)
    return adm


def sign_in(context, base_url: str, user):
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form[action*='login'] button[type=submit]").last.click()
    page.wait_for_url("**/o/**")
    return page


def answer_all(page, value: str, *, skip: int = 0) -> None:
    """Tick `value` for every item on the answer page (leaving the last `skip` items unanswered)."""
    groups = page.locator("fieldset.answer-item")
    count = groups.count()
    for index in range(count - skip):
        groups.nth(index).locator(f"input[type=radio][value='{value}']").check()


def test_it_runs_an_assessment_from_individual_answers_to_consensus_and_trend(
    browser, live_cast, live_server
):
    cast = live_cast
    earlier_round(cast)
    base = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}"

    # The practitioner opens the round and invites the lead, the parent and herself.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    practitioner = sign_in(desk, live_server.url, cast.practitioner)
    broken_assets = watch_assets(practitioner)
    practitioner.goto(f"{base}/assessments/new/")
    practitioner.locator("select[name=version]").select_option(
        label="Implementation capacity assessment (v1)"
    )
    practitioner.fill("input[name=title]", "Autumn")
    for person in (cast.lead, cast.partner, cast.practitioner):
        practitioner.locator(f"input[name=invitees][value='{person.pk}']").check()
    practitioner.locator("main form button[type=submit]").click()
    practitioner.wait_for_selector("text=Assessment opened.")
    adm = Administration.objects.get(title="Autumn")
    answer_url = f"{base}/assessments/{adm.pk}/answer/"

    # The parent answers in Spanish on her phone, one section per page: two sections now (with one
    # "I don't know"), the rest after she comes back; she checks her answers and sends them.
    phone = browser.new_context(viewport=PHONE, locale="es-MX")
    parent = sign_in(phone, live_server.url, cast.partner)
    parent.goto(answer_url)
    assert parent.locator("html").get_attribute("lang") == "es"
    assert "Sección 1 de 5" in parent.locator(".answer-progress").inner_text()
    assert "No existe" in parent.locator("fieldset.answer-item").first.inner_text()
    answer_all(parent, "0")
    parent.locator("fieldset.answer-item").first.locator("input[value='dk']").check()
    parent.locator("button[name=action][value=next]").click()
    parent.wait_for_url("**answer/?s=2")
    answer_all(parent, "0")
    parent.locator("button[name=action][value=save]").click()
    parent.wait_for_load_state()
    assert overflowing_elements(parent) == []
    parent.goto(answer_url)  # back later: where she left off
    assert "Sección 2 de 5" in parent.locator(".answer-progress").inner_text()
    assert parent.locator("fieldset.answer-item input[value='0']:checked").count() == 8
    for _section in range(3, 6):
        parent.locator("button[name=action][value=next], button[name=action][value=review]").first.click()
        parent.wait_for_load_state()
        answer_all(parent, "0")
    parent.locator("button[name=action][value=review]").click()
    parent.wait_for_url("**answer/review/")
    assert overflowing_elements(parent) == []
    parent.locator("button[name=action][value=submit]").click()
    parent.wait_for_load_state()
    assert adm.invitees.get(user=cast.partner).submitted_at is not None
    first_item = adm.version.items.order_by("section__position", "position").first()
    assert Response.objects.get(respondent=cast.partner).dont_know == [first_item.key]

    # The lead answers without her name.
    lead_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    lead = sign_in(lead_context, live_server.url, cast.lead)
    lead.goto(answer_url + "?all=1")  # on a computer, the whole form on one page
    answer_all(lead, "2")
    lead.check("input[name=anonymous]")
    lead.locator("button[name=action][value=submit]").click()
    lead.wait_for_selector("text=Your answers are in")

    # The practitioner answers too, then sees who has answered and starts the session.
    practitioner.goto(answer_url + "?all=1")
    answer_all(practitioner, "1")
    practitioner.locator("button[name=action][value=submit]").click()
    practitioner.wait_for_load_state()
    assert Response.objects.filter(administration=adm).count() == 3
    assert Response.objects.filter(administration=adm, respondent=None).count() == 1
    practitioner.goto(f"{base}/assessments/{adm.pk}/")
    assert practitioner.locator("button[name=action][value=consensus]").count() == 1
    practitioner.locator("button[name=action][value=consensus]").first.click()
    practitioner.goto(f"{base}/assessments/{adm.pk}/consensus/")

    # Every item had a 0, a 1 and a 2: the team talks the first one through and agrees on "partially".
    first = practitioner.locator("article.consensus-item").first
    assert "3 answers" in first.inner_text()
    first.locator("input[name=value][value='1']").check()
    first.locator("textarea[name=note]").fill("Parents join the planning meetings, not the decisions yet.")
    first.locator("button[type=submit]").click()
    practitioner.wait_for_selector("#consensus-progress:has-text('1 of 40 items agreed')")
    assert "Agreed: 1" in practitioner.locator("article.consensus-item").first.inner_text()

    # Close it: the round is locked, and the trend shows it beside the spring round.
    practitioner.goto(f"{base}/assessments/{adm.pk}/")
    practitioner.locator("details.danger-zone summary").click()
    practitioner.locator("button[name=action][value=close]").click()
    practitioner.wait_for_load_state()
    adm.refresh_from_db()
    assert adm.is_closed
    practitioner.goto(f"{base}/assessments/trend/capacity/")
    table = practitioner.locator("table.trend-table").inner_text()
    assert "Spring" in table and "Autumn" in table
    assert broken_assets == []
    for context in (desk, phone, lead_context):
        context.close()

"""Issue 13's whole journey in one real browser, on a 360-px phone, in Spanish.

The lead invites Rosa, a parent, from the community's members page as a community member with lived
experience. Rosa opens the link, sets up her account without a password, and is that partner at once.
Another day she signs in with a code emailed to her. Her home lists the proposal waiting for her: she
objects with a reason, reads the lead's reply, says her concern is met, and sees the decision recorded
once the lead adopts it. She marks her action done from her home, reads her notification about the
next meeting and downloads its calendar file, and answers a round section by section with one "I don't
know". Every page she sees fits the phone and loads its styles and scripts. Last, a differencing check:
in a partnership round where she and one more parent are the lived-experience group (two people), two
plays that differ only in that group's answers read the same on every page, file and API.

The lead's side goes through the same writes as his pages (the `do_*` functions); Rosa's side is all
in the browser."""

from __future__ import annotations

import copy

import pytest
from django.core import mail
from django.db import transaction

from cocreate.accounts.tests.helpers import link_in
from cocreate.assessments import actions
from cocreate.assessments.models import Response
from cocreate.assessments.tests.helpers import SMALL_TEAM, answer, builtin, open_round, team_version
from cocreate.assessments.tests.test_disclosure import (
    api_json,
    differing,
    people,
    played,
    surfaces,
)
from cocreate.conftest import PASSWORD
from cocreate.core.models import Invitation, Role
from cocreate.core.tests.e2e_helpers import (
    DESKTOP,
    PHONE,
    login_code_from,
    overflowing_elements,
    watch_assets,
)
from cocreate.meetings import proposals
from cocreate.meetings.models import Decision, Participant
from cocreate.meetings.tests.helpers import plan, propose, publish
from cocreate.partners.models import Partner, PartnerType
from cocreate.planning.models import Action, ActionStatus
from cocreate.planning.tests.helpers import make_action, make_goal

pytestmark = pytest.mark.e2e

ROSA = "rosa@example.org"
MEETING = "Noche de familias"
PROPOSAL = "Pasar el círculo de padres a los sábados"
ACTION = "Traer las preguntas de tres familias"

# The tests' small team instrument (two sections), offering "I don't know" on every item.
JOURNEY_CHECK = copy.deepcopy(SMALL_TEAM) | {"key": "journey-check"}
for _section in JOURNEY_CHECK["sections"]:
    _section["dont_know"] = True


def fits(page) -> None:
    """Nothing on the page sticks out past the right edge of a 360-px screen."""
    assert overflowing_elements(page) == [], page.url


def test_a_parent_joins_takes_part_and_is_never_singled_out(live_cast, live_server, browser, client):
    cast = live_cast
    base = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}"

    # The lead invites Rosa from the members page: a community member who brings lived experience.
    desk = browser.new_context(viewport=DESKTOP, locale="en-US")
    lead = desk.new_page()
    lead.set_default_timeout(30_000)
    lead.goto(f"{live_server.url}/accounts/login/")
    lead.fill("input[name=login]", cast.lead.email)
    lead.fill("input[name=password]", PASSWORD)
    lead.locator("form:has(input[name=password]) button[type=submit]").click()
    lead.wait_for_url("**/o/**")
    lead.goto(f"{base}/members/")
    invite = lead.locator("main form:has(input[name=lived_experience])")
    invite.locator("input[name=email]").fill(ROSA)
    invite.locator("select[name=role]").select_option(Role.PARTNER.value)
    invite.locator("select[name=language]").select_option("es")
    invite.locator("select[name=partner_type]").select_option(PartnerType.COMMUNITY.value)
    invite.locator("input[name=lived_experience]").check()
    with lead.expect_navigation():
        invite.locator("button[type=submit]").click()
    invitation = Invitation.objects.get(email=ROSA)
    assert (invitation.partner_type, invitation.lived_experience) == (PartnerType.COMMUNITY, True)
    desk.close()

    # Rosa opens the link on her phone and sets up her account, in Spanish, with no password.
    phone = browser.new_context(viewport=PHONE, locale="es-ES", accept_downloads=True)
    page = phone.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    invitation_mail = next(m for m in mail.outbox if m.to == [ROSA])
    page.goto(live_server.url + link_in(invitation_mail))
    assert page.locator("html").get_attribute("lang") == "es"
    fits(page)
    page.fill("input[name=name]", "Rosa Méndez")
    page.locator("select[name=preferred_language]").select_option("es")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    rosa = Partner.objects.get(community=cast.community, user__email=ROSA)
    assert Partner.objects.filter(community=cast.community, email__iexact=ROSA).count() == 1
    assert rosa.lived_experience and rosa.partner_type == PartnerType.COMMUNITY
    assert rosa.user.preferred_language == "es"
    rosa_user = rosa.user
    fits(page)
    phone.close()

    # The lead asks her about a proposal, plans a meeting she is invited to, names her for an action
    # and opens a round inviting her (the same writes as his pages).
    publish(cast)
    decision = propose(cast, PROPOSAL, asked=[f"p{rosa.pk}"])
    with transaction.atomic():  # the notification goes out when the meeting is saved
        plan(cast, MEETING, days=5, attendees=[f"p{rosa.pk}"])
    make_action(make_goal(cast), cast, ACTION, due_in=3, users=[rosa_user])
    adm = open_round(
        cast, team_version(definition=JOURNEY_CHECK), invitees=[rosa_user, cast.lead], title="Otoño"
    )

    # Another day, she signs in with a code emailed to her.
    phone = browser.new_context(viewport=PHONE, locale="es-ES", accept_downloads=True)
    page = phone.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("a[href^='/accounts/login/code/']")
    page.wait_for_url("**/accounts/login/code/")
    page.fill("input[name=email]", ROSA)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/code/confirm/")
    fits(page)
    page.fill("input[name=code]", login_code_from([m for m in mail.outbox if m.to == [ROSA]][-1]))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/o/{cast.org.slug}/")
    assert page.locator("html").get_attribute("lang") == "es"

    # Her home lists the proposal waiting for her answer; she objects with a reason.
    waiting = " ".join(page.locator("#waiting-h ~ ul .for-me-item").all_inner_texts())
    assert PROPOSAL in waiting and ACTION in waiting
    fits(page)
    with page.expect_navigation():
        page.get_by_role("link", name=PROPOSAL).first.click()
    reason = page.locator("textarea[name=reason]")
    page.get_by_label("Objetar").check()
    reason.fill("Los sábados por la mañana trabajo.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enviar mi postura").click()
    assert "Su postura quedó guardada." in page.content()
    fits(page)
    objection = Participant.objects.get(decision=decision, position="object")
    assert objection.partner_id == rosa.pk or objection.user_id == rosa_user.pk

    # The lead answers; she says her concern is met; he adopts it; she sees the decision recorded.
    proposals.do_reply_to_objection(objection, acting_user=cast.lead, text="¿Le viene bien de 11 a 1?")
    page.reload()
    assert "¿Le viene bien de 11 a 1?" in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Mi preocupación está resuelta").click()
    objection.refresh_from_db()
    assert objection.is_resolved and objection.resolved_by == rosa_user
    proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="adopted", rationale="De 11 a 1.")
    page.reload()
    assert "Se adoptó" in page.content() and "Los sábados por la mañana trabajo." in page.content()
    assert Decision.objects.get(pk=decision.pk).status == "closed"
    fits(page)

    # She marks her action done from her home.
    page.goto(f"{live_server.url}/o/{cast.org.slug}/")
    with page.expect_navigation():
        page.locator("#waiting-h ~ ul .for-me-item").get_by_role("link", name=ACTION).click()
    fits(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Marcar como hecha").click()
    assert Action.objects.get(strategy=ACTION).status == ActionStatus.DONE
    fits(page)

    # She reads her notification about the meeting and downloads its calendar file.
    page.locator(".inbox-link").click()
    page.wait_for_url("**/inbox/")
    fits(page)
    item = page.locator(".inbox-item", has_text=f"Nueva reunión: {MEETING}")
    with page.expect_navigation():
        item.locator("a.inbox-title").click()
    fits(page)
    with page.expect_download() as download:
        page.locator("a[download]").click()
    assert download.value.suggested_filename.endswith(".ics")
    with open(download.value.path(), encoding="utf-8") as ics:
        calendar = ics.read()
    assert calendar.startswith("BEGIN:VCALENDAR") and f"SUMMARY:{MEETING}" in calendar

    # She answers the round section by section, with one "I don't know", and sends it.
    page.goto(f"{base}/assessments/{adm.pk}/answer/")
    assert "Sección 1 de 2" in page.locator(".answer-progress").inner_text()
    items = page.locator("fieldset.answer-item")
    for index in range(items.count()):
        items.nth(index).locator("input[type=radio][value='1']").check()
    items.first.locator("input[value='dk']").check()
    fits(page)
    with page.expect_navigation():
        page.locator("button[name=action][value=next]").click()
    assert "Sección 2 de 2" in page.locator(".answer-progress").inner_text()
    items = page.locator("fieldset.answer-item")
    for index in range(items.count()):
        items.nth(index).locator("input[type=radio][value='2']").check()
    fits(page)
    with page.expect_navigation():
        page.locator("button[name=action][value=review]").click()
    fits(page)
    with page.expect_navigation():
        page.locator("button[name=action][value=submit]").click()
    fits(page)
    assert adm.invitees.get(user=rosa_user).submitted_at is not None
    first_item = adm.version.items.order_by("section__position", "position").first()
    assert Response.objects.get(administration=adm, respondent=rosa_user).dont_know == [first_item.key]
    assert broken == [], "stylesheets and scripts must load"
    phone.close()

    # Differencing: a partnership round with three professionals and two people with lived experience
    # (Rosa and one more). Its pooled figures are released (five people); nothing may isolate the lived
    # group of two. Played twice with the pooled answers held equal — Rosa's group answers what one
    # professional did, or the other way round — every page, chart, file and API reads the same.
    pros = people(cast, 3, "pro")
    livs = [rosa_user, *people(cast, 1, "liv", lived=True)]

    def swapped(flip: bool):
        adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
        for user, value in zip(pros, [0, 0, 1] if flip else [1, 1, 1], strict=True):
            answer(adm, user, value)
        for user in livs:
            answer(adm, user, 1 if flip else 0)
        actions.do_close(adm)
        return adm

    readings = played(swapped, [False, True], lambda round_: surfaces(client, cast, round_, parent=rosa_user))
    assert differing(readings) == [], "a surface tells the lived group's answers from the professionals'"
    # …and they were read, not refused: the results page, the CSV and the API all answered.
    assert readings[0]["results as parent"].startswith("200 ")
    assert readings[0]["csv"].startswith("200 ")
    assert api_json(readings[0]["api round"])

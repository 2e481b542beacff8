"""In a real browser on a 360 px phone, in Spanish: the parent opens the proposal waiting for her,
objects with a reason (the reason box appears only then), the lead answers in the open, she says her
concern is met, and the lead closes the proposal as adopted; the decision keeps the whole record."""

from __future__ import annotations

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import overflowing_elements, sign_in_with_password, watch_assets
from cocreate.meetings import proposals
from cocreate.meetings.models import Decision, Participant

from .helpers import propose

pytestmark = pytest.mark.e2e

PHONE_360 = {"width": 360, "height": 740}


def test_the_parent_objects_from_her_phone_and_sees_it_resolved_and_decided(live_cast, live_server, browser):
    cast = live_cast
    decision = propose(cast, "Meet on Saturday mornings")
    page_url = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/decisions/{decision.pk}/"

    context = browser.new_context(viewport=PHONE_360, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    sign_in_with_password(page, live_server.url, cast.partner.email, PASSWORD)
    page.goto(page_url)
    assert page.locator("html").get_attribute("lang") == "es"
    reason = page.locator("textarea[name=reason]")
    assert not reason.is_visible()  # only for an objection or a block
    page.get_by_label("Objetar").check()
    assert reason.is_visible()
    reason.fill("Los sábados por la mañana trabajo.")
    page.get_by_role("button", name="Enviar mi postura").click()
    page.wait_for_load_state()
    assert "Su postura quedó guardada." in page.content()
    assert overflowing_elements(page) == []
    objection = Participant.objects.get(decision=decision)
    assert (objection.position, objection.on_behalf) == ("object", False)

    proposals.do_reply_to_objection(objection, acting_user=cast.lead, text="¿Le viene bien de 11 a 1?")
    page.reload()
    assert "¿Le viene bien de 11 a 1?" in page.content()
    page.get_by_role("button", name="Mi preocupación está resuelta").click()
    page.wait_for_load_state()
    objection.refresh_from_db()
    assert objection.is_resolved and objection.resolved_by == cast.partner

    proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="adopted", rationale="De 11 a 1.")
    page.reload()
    text = page.content()
    assert "Se adoptó" in text and "Los sábados por la mañana trabajo." in text
    assert Decision.objects.get(pk=decision.pk).status == "closed"
    assert overflowing_elements(page) == []
    assert broken == []
    context.close()

"""In a real browser, on a 360 px phone, in Spanish: Paz, a parent who facilitates the session, takes
its notes one question at a time. With LISTENING_SCREENSHOT=<path> the notes page is saved there."""

from __future__ import annotations

import os

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password, watch_assets

from .helpers import first_question, held_group

pytestmark = pytest.mark.e2e


def test_a_parent_facilitator_takes_notes_on_a_phone_in_spanish(browser, live_cast, live_server):
    group = held_group(live_cast)
    first = first_question(group)
    context = browser.new_context(viewport=PHONE, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)
    sign_in_with_password(page, live_server.url, live_cast.partner.email, PASSWORD)

    page.goto(
        f"{live_server.url}/o/{live_cast.org.slug}/c/{live_cast.community.slug}/listening/{group.pk}/notes/"
    )
    assert page.locator("html").get_attribute("lang") == "es"
    main = page.locator("main")
    assert "Pregunta 1 de 5" in main.inner_text() and "¿Pregunta 1?" in main.inner_text()
    assert overflowing_elements(page) == []
    page.fill("textarea[name=notes]", "Las tardes nos van mejor que las mañanas.")
    if os.environ.get("LISTENING_SCREENSHOT"):
        page.screenshot(path=os.environ["LISTENING_SCREENSHOT"], full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=Pregunta 2 de 5")
    assert overflowing_elements(page) == []
    first.refresh_from_db()
    assert first.notes == "Las tardes nos van mejor que las mañanas."
    assert first.notes_by == live_cast.partner
    assert broken_assets == []
    context.close()

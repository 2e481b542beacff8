"""In a real browser on a 360 px phone, in Spanish: a parent (a partner of the team) opens the mission
statement, edits a step with rows (adds a row without JavaScript's help), saves, and comments on it."""

from __future__ import annotations

import os

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password, watch_assets
from cocreate.worksheets.models import Worksheet, WorksheetComment

from .helpers_engine import start

pytestmark = pytest.mark.e2e


def test_a_partner_edits_a_step_and_comments_on_her_phone_in_spanish(live_cast, live_server, browser):
    cast = live_cast
    ws = start(cast)
    url = f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/worksheets/{ws.pk}/"
    context = browser.new_context(viewport=PHONE, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    sign_in_with_password(page, live_server.url, cast.partner.email, PASSWORD)

    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "es"
    assert "3. Acotar las ideas y palabras clave" in page.locator("main").inner_text()
    assert overflowing_elements(page) == []
    page.goto(url + "steps/narrow/")
    page.fill("input[name=keywords-0-word]", "Confianza")
    page.fill("input[name=keywords-0-why]", "Sin ella no hay equipo")
    page.get_by_role("button", name="Agregar otra fila").click()
    page.wait_for_load_state()
    assert page.locator("input[name=keywords-0-word]").input_value() == "Confianza"
    assert overflowing_elements(page) == []
    if os.environ.get("WORKSHEETS_SCREENSHOT"):
        page.screenshot(path=os.environ["WORKSHEETS_SCREENSHOT"], full_page=True)
    page.get_by_role("button", name="Guardar este paso").click()
    page.wait_for_load_state()
    assert "Paso guardado." in page.locator("main").inner_text()
    ws.refresh_from_db()
    assert [r["word"] for r in ws.content["narrow"]["keywords"]] == ["Confianza"]

    page.locator("#step-narrow summary").click()
    page.fill("#comment-narrow", "¿Agregamos «respeto»?")
    page.locator("#step-narrow form.ws-comment-form button").click()
    page.wait_for_load_state()
    assert "Comentario agregado." in page.locator("main").inner_text()
    assert overflowing_elements(page) == []
    comment = WorksheetComment.objects.get()
    assert (comment.step_key, comment.author_id) == ("narrow", cast.partner.pk)
    assert Worksheet.objects.get(pk=ws.pk).step_versions["narrow"] == 1
    assert broken == []

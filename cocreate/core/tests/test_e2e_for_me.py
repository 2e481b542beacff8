"""In a real browser, on a 360-px phone, in Spanish: the parent signs in, her home shows what waits for
her (her action due soon first), she opens her action, marks it done, and it leaves her list."""

from __future__ import annotations

import pytest

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements
from cocreate.meetings.tests.helpers import plan, publish
from cocreate.planning.models import Action, ActionStatus
from cocreate.planning.tests.helpers import make_action, make_goal

pytestmark = pytest.mark.e2e


def test_the_parent_sees_what_waits_and_marks_her_action_done(live_cast, live_server, browser):
    cast = live_cast
    goal = make_goal(cast)
    make_action(goal, cast, "Traer las preguntas de tres familias", due_in=3, users=[cast.partner])
    publish(cast)
    plan(cast, "Reunión del equipo", days=5)
    context = browser.new_context(viewport=PHONE, locale="es-ES")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", cast.partner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(f"**/o/{cast.org.slug}/")
    assert page.locator("h2#waiting-h").inner_text().startswith("Pendiente para usted")
    items = page.locator("#waiting-h ~ ul .for-me-item")
    assert items.count() == 3
    assert "Su acción" in items.nth(0).inner_text() and "Traer las preguntas" in items.nth(0).inner_text()
    assert "Próxima reunión" in items.nth(1).inner_text()
    assert "Acuerdo por confirmar" in items.nth(2).inner_text()
    assert overflowing_elements(page) == []
    with page.expect_navigation():
        items.nth(0).get_by_role("link", name="Traer las preguntas de tres familias").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Marcar como hecha").click()
    assert Action.objects.get(strategy__startswith="Traer").status == ActionStatus.DONE
    page.goto(f"{live_server.url}/o/{cast.org.slug}/")
    assert page.locator("#waiting-h ~ ul .for-me-item").count() == 2
    context.close()

"""On a 360 px phone, in Spanish: a parent on the team opens the steps board, reads the eight cards
stacked (no sideways scrolling), and rates a step."""

from __future__ import annotations

import os

import pytest

from cocreate.accounts.models import User
from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, sign_in_with_password
from cocreate.steps.models import StepRating

from .helpers import rated

pytestmark = pytest.mark.e2e


def test_she_reads_and_rates_the_steps_on_her_phone_in_spanish(live_cast, live_server, browser):
    cast = live_cast
    User.objects.filter(pk=cast.partner.pk).update(preferred_language="es")
    rated(cast, 3, notes="Redactamos el acuerdo con las familias.")
    page = browser.new_page(viewport=PHONE, locale="es-ES")
    sign_in_with_password(page, live_server.url, cast.partner.email, PASSWORD)
    page.goto(f"{live_server.url}/o/{cast.org.slug}/c/{cast.community.slug}/steps/")
    assert page.locator("article.step-card").count() == 8
    assert "Lo que sabe Cocreate" in page.inner_text("main")
    assert overflowing_elements(page) == []
    first, second = page.locator("#step-1").bounding_box(), page.locator("#step-2").bounding_box()
    assert first and second and second["y"] > first["y"] + first["height"] - 1  # stacked, one per row
    if os.environ.get("STEPS_SCREENSHOT"):
        page.screenshot(path=os.environ["STEPS_SCREENSHOT"], full_page=True)
    page.get_by_role("button", name="Valorar el paso 5").click()
    page.get_by_label("En marcha", exact=False).check()
    page.fill("#id_next_step", "Usar el consentimiento en la próxima reunión")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert "En marcha" in page.locator("#step-5").inner_text()
    assert StepRating.objects.get(community=cast.community, step=5).updated_by == cast.partner

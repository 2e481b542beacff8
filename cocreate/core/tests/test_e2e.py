"""In a real browser: a team lead signs in with an emailed code, switches to Spanish, and moves her
community to the next stage from a phone, giving the reason everyone will read in the history."""

from __future__ import annotations

import pytest
from django.utils import formats, timezone, translation

from cocreate.core.models import Stage

from .e2e_helpers import DESKTOP, PHONE, login_code_from, overflowing_elements, watch_assets

pytestmark = pytest.mark.e2e

REASON = "Las primeras familias se inscribieron; el coaching mensual ya está en marcha."


def test_it_walks_a_lead_from_emailed_code_to_a_stage_change_on_a_phone(
    browser, live_cast, live_server, mailoutbox
):
    cast = live_cast
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken_assets = watch_assets(page)

    # Sign in by emailed code: no password needed.
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("a[href^='/accounts/login/code/']")
    page.wait_for_url("**/accounts/login/code/")
    page.fill("input[name=email]", cast.lead.email)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/code/confirm/")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [cast.lead.email]
    page.fill("input[name=code]", login_code_from(mailoutbox[0]))
    page.locator("main form button[type=submit]").first.click()

    # She works in one organization, so she lands on its page.
    page.wait_for_url(f"**{cast.org.get_absolute_url()}")
    assert page.locator("h1").inner_text().strip() == cast.org.name
    assert page.locator("html").get_attribute("lang") == "en"
    assert broken_assets == [], "stylesheets and scripts must load"

    # The language switcher in the header: the page comes back in Spanish, and stays Spanish.
    page.locator("header .language-switcher button[value=es]").click()
    page.wait_for_selector("html[lang=es]")
    assert page.url.endswith(cast.org.get_absolute_url())
    main = page.locator("main")
    # Stage dates in the Spanish short format ("desde el 25/11/2026").
    assert "desde el " + timezone.localdate().strftime("%d/%m/%Y") in main.inner_text()
    # A lead sees only her own communities: the heading reads "Your communities", in Spanish.
    assert page.locator("#communities-h").inner_text().strip() == "Sus comunidades"
    assert page.locator("header .language-switcher button[value=en]").inner_text().strip() == "English"
    cast.lead.refresh_from_db()
    assert cast.lead.preferred_language == "es"

    # On a phone from here on.
    page.set_viewport_size(PHONE)
    page.click(f"main a[href='{cast.community.get_absolute_url()}']")
    page.wait_for_url(f"**{cast.community.get_absolute_url()}")
    assert page.locator("h1").inner_text().strip() == cast.community.name
    assert overflowing_elements(page) == []

    page.click(f"main a[href='{cast.community.url('community_stage')}']")
    page.wait_for_url(f"**{cast.community.url('community_stage')}")
    assert overflowing_elements(page) == []
    page.select_option("select[name=to_stage]", Stage.INITIAL.value)
    page.fill("textarea[name=reason]", REASON)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"**{cast.community.get_absolute_url()}")
    assert "Implementación inicial" in page.locator(".messages").inner_text()
    assert page.locator(".stage-now .stage").inner_text().strip() == "Implementación inicial"
    assert page.locator("html").get_attribute("lang") == "es"

    page.click(f"main a[href='{cast.community.url('community_history')}']")
    page.wait_for_url(f"**{cast.community.url('community_history')}")
    latest = page.locator("main table tbody tr").first
    cells = [c.strip() for c in latest.locator("td").all_inner_texts()]
    assert cells[1:] == [
        "Instalación",
        "Implementación inicial",
        cast.lead.display_name,
        REASON,
    ]
    # The date is written the Spanish way, month name included ("26 de noviembre de 2025 …").
    with translation.override("es"):
        month = formats.date_format(timezone.localdate(), "F")
    assert f" de {month} de " in cells[0]
    assert overflowing_elements(page) == []

    cast.community.refresh_from_db()
    assert cast.community.stage == Stage.INITIAL
    assert broken_assets == []
    context.close()

"""In a real browser on a phone, in Spanish: the parent sees the unread count in the header, reads her
notification about the next meeting in her inbox, follows it to the meeting and downloads its .ics."""

from __future__ import annotations

import pytest
from django.db import transaction

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import PHONE, overflowing_elements, watch_assets
from cocreate.meetings.tests.helpers import partner, plan
from cocreate.notifications.models import Notification

pytestmark = pytest.mark.e2e


def test_the_parent_reads_her_meeting_notification_and_gets_the_calendar_file(
    live_cast, live_server, browser
):
    cast = live_cast
    partner(cast, "Paz Parent", user=cast.partner)
    with transaction.atomic():
        plan(cast, "Noche de familias")
    context = browser.new_context(viewport=PHONE, locale="es-ES", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    broken = watch_assets(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", cast.partner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url("**/o/**")
    badge = page.locator(".inbox-link .badge")
    assert badge.inner_text() == "1"
    page.locator(".inbox-link").click()
    page.wait_for_url("**/inbox/")
    item = page.locator(".inbox-item.unread")
    assert "Nueva reunión: Noche de familias" in item.inner_text()
    assert overflowing_elements(page) == []
    item.locator("a.inbox-title").click()
    page.wait_for_url("**/meetings/*/")
    with page.expect_download() as download:
        page.locator("a[download]").click()
    assert download.value.suggested_filename.endswith(".ics")
    assert Notification.objects.get(recipient=cast.partner).read_at is not None
    assert page.locator(".inbox-link .badge").count() == 0
    assert broken == []
    context.close()

"""Issue 15's "done when", walked in real browsers: the team drafts a mission statement in two drafts, a
parent comments on her phone, the lead publishes it and it shows on the community page; a survey goes
to the partners, the parent answers it in Spanish without an account, the results hide a group of two,
and her answer becomes a "you said, we did" item that she can read.

The lead works on a desktop in English; María, the parent, on a 360 px phone in Spanish."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from cocreate.conftest import PASSWORD
from cocreate.core.tests.e2e_helpers import (
    DESKTOP,
    PHONE,
    overflowing_elements,
    sign_in_with_password,
    watch_assets,
)
from cocreate.partners.actions import do_create_partner
from cocreate.partners.models import PartnerType
from cocreate.planning.models import FeedbackItem, FeedbackSource
from cocreate.surveys import builder
from cocreate.surveys.builder import QuestionDetails
from cocreate.surveys.models import Invitation, Response
from cocreate.surveys.testing import add_responses
from cocreate.worksheets.models import VersionKind, WorksheetComment, WorksheetVersion
from cocreate.worksheets.tests.helpers_engine import start

pytestmark = pytest.mark.e2e

FIRST = "We bring families and services together."
SECOND = "Families and services shape our programs together, as equals."
HER_ANSWER = "Las reuniones a las 6 son difíciles con niños pequeños. ¿Pueden ser a las 7?"
SAID = "Meetings at 6 pm are hard for parents of young children; 7 pm would work better."


def _save_step(page, url: str, fields: dict[str, str]) -> None:
    page.goto(url)
    for selector, value in fields.items():
        page.fill(selector, value)
    page.get_by_role("button", name="Save this step").click()
    page.wait_for_load_state()
    assert "Step saved." in page.locator("main").inner_text()


def test_a_mission_drafted_commented_published_and_a_survey_whose_answer_comes_back(
    live_cast, live_server, browser
):
    cast = live_cast
    base = live_server.url
    place = f"/o/{cast.org.slug}/c/{cast.community.slug}"
    lead_context = browser.new_context(viewport=DESKTOP, locale="en-US")
    lead = lead_context.new_page()
    lead.set_default_timeout(30_000)
    broken = watch_assets(lead)
    sign_in_with_password(lead, base, cast.lead.email, PASSWORD)

    # The team drafts the mission statement: two drafts, compared side by side.
    ws = start(cast)
    sheet = f"{base}{place}/worksheets/{ws.pk}/"
    _save_step(lead, sheet + "steps/drafts/", {"textarea[name=candidates-0-statement]": FIRST})
    lead.goto(sheet)
    lead.get_by_role("button", name="Save as a draft").click()
    lead.wait_for_load_state()
    _save_step(lead, sheet + "steps/drafts/", {"textarea[name=candidates-0-statement]": SECOND})
    lead.goto(sheet)
    lead.get_by_role("button", name="Save as a draft").click()
    lead.wait_for_load_state()
    first, second = WorksheetVersion.objects.filter(worksheet=ws, kind=VersionKind.DRAFT).order_by("number")
    lead.goto(f"{sheet}compare/?a={first.pk}&b={second.pk}")
    compared = lead.locator("main").inner_text()
    assert FIRST in compared and SECOND in compared and "1 field differs." in compared

    # María comments from her phone, in Spanish.
    parent_context = browser.new_context(viewport=PHONE, locale="es-ES")
    parent = parent_context.new_page()
    parent.set_default_timeout(30_000)
    broken += watch_assets(parent)
    sign_in_with_password(parent, base, cast.partner.email, PASSWORD)
    parent.goto(sheet)
    assert parent.locator("html").get_attribute("lang") == "es"
    assert SECOND in parent.locator("main").inner_text()
    parent.fill("#comment-general", "Me gusta el segundo: dice «como iguales».")
    parent.locator("form.ws-comment-form:has(#comment-general) button").click()
    parent.wait_for_load_state()
    assert "Comentario agregado." in parent.locator("main").inner_text()
    assert overflowing_elements(parent) == []
    assert WorksheetComment.objects.get(worksheet=ws).author_id == cast.partner.pk

    # The lead writes the final statement and publishes it; it shows on the community page.
    _save_step(lead, sheet + "steps/publish/", {"textarea[name=final]": SECOND})
    lead.goto(sheet)
    lead.get_by_role("button", name="Publish", exact=True).click()
    lead.wait_for_load_state()
    assert WorksheetVersion.objects.filter(worksheet=ws, kind=VersionKind.PUBLISHED, number=1).exists()
    parent.goto(f"{base}{place}/")
    parent.wait_for_load_state("networkidle")  # the sections that load after the page
    assert SECOND in parent.locator("main").inner_text()
    assert overflowing_elements(parent) == []

    # A survey goes to the partners; María is one of them, with a Spanish record.
    do_create_partner(
        cast.community,
        name="María Paz",
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
        languages="es",
        email=cast.partner.email,
        user=cast.partner,
    )
    survey = builder.do_create_survey(
        cast.org,
        acting_user=cast.lead,
        community=cast.community,
        title="How are our meetings working?",
        title_es="¿Cómo van nuestras reuniones?",
        anonymous=True,
    )
    times = builder.do_add_question(
        survey,
        acting_user=cast.lead,
        details=QuestionDetails(
            kind="single",
            text="Is the meeting time good for you?",
            text_es="¿Le queda bien la hora de las reuniones?",
            required=True,
            choices=[{"en": "Yes", "es": "Sí"}, {"en": "No", "es": "No"}],
        ),
    )
    better = builder.do_add_question(
        survey,
        acting_user=cast.lead,
        details=QuestionDetails(
            kind="text", text="What would make meetings better?", text_es="¿Qué mejoraría las reuniones?"
        ),
    )
    builder.do_open_survey(survey, acting_user=cast.lead)
    lead.goto(f"{base}/o/{cast.org.slug}/surveys/{survey.pk}/send/")
    lead.locator("button[name=all]").click()
    lead.wait_for_load_state("networkidle")
    assert Invitation.objects.filter(survey=survey, partner__user=cast.partner).exists()
    link = next(  # the path of the link in her email (the site's own address before it)
        m.group(0)
        for message in mail.outbox
        if cast.partner.email in message.to
        for m in [re.search(r"/s/[\w-]+/", str(message.body))]
        if m
    )

    # She answers on her phone, in Spanish, without signing in.
    stranger = browser.new_context(viewport=PHONE, locale="es-MX").new_page()
    stranger.set_default_timeout(30_000)
    broken += watch_assets(stranger)
    stranger.goto(base + link)
    assert stranger.locator("html").get_attribute("lang") == "es"
    assert "¿Le queda bien la hora de las reuniones?" in stranger.locator("main").inner_text()
    no = next(c["key"] for c in times.choices if c["en"] == "No")
    stranger.check(f'input[name="q_{times.pk}"][value="{no}"]')
    stranger.check(f'input[name="describe"][value="{PartnerType.COMMUNITY}"]')
    stranger.fill(f'textarea[name="q_{better.pk}"]', HER_ANSWER)
    assert overflowing_elements(stranger) == []
    stranger.locator("main form button[type=submit]").click()
    stranger.wait_for_selector("h1")
    assert "/thanks/" in stranger.url
    hers = Response.objects.get(survey=survey)
    assert hers.language == "es" and hers.invitation is None and hers.partner_type == PartnerType.COMMUNITY

    # Eight others answer (two of them write something too); two do research or evaluation: a group
    # of two.
    others = [("yes", "agency")] * 3 + [("yes", "community")] * 3 + [("no", "research")] * 2
    written = ["Send the agenda a week before.", "Food helps after work."]
    add_responses(
        survey,
        [
            {
                "community": cast.community,
                "language": "en",
                "partner_type": kind,
                "answers": {
                    times.key: next(c["key"] for c in times.choices if c["en"].lower() == choice),
                    **({better.key: written[i]} if i < len(written) else {}),
                },
            }
            for i, (choice, kind) in enumerate(others)
        ],
    )
    builder.do_close_survey(survey, acting_user=cast.lead)

    # The results hide the breakdown that would show the group of two.
    results = f"{base}{place}/surveys/{survey.pk}/results/"
    lead.goto(results)
    shown = lead.locator("main").inner_text()
    assert "9 people answered" in shown
    assert "Hidden: a group of fewer than 3." in shown  # by kind of partner: two researchers

    # Her answer becomes a "you said, we did" item, in the lead's words (a quote could tell who wrote it).
    lead.goto(f"{results}questions/{better.pk}/themes/")
    lead.locator("li", has_text="Las reuniones a las 6").get_by_role(
        "link", name="Add to “you said, we did”"
    ).click()
    lead.fill("textarea[name=said]", SAID)
    lead.get_by_role("button", name="Save").click()
    lead.wait_for_load_state()
    item = FeedbackItem.objects.get(said=SAID)
    assert item.source == FeedbackSource.SURVEY and item.anonymous

    # María reads it on the community's "you said, we did" page.
    parent.goto(f"{base}{place}/planning/feedback/")
    assert SAID in parent.locator("main").inner_text()
    assert overflowing_elements(parent) == []
    assert broken == []

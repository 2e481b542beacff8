"""The meetings' texts in each of the organization's languages: agenda, minutes, decisions, the
shared agreement (whose versions carry over to the next version of it) and the decision log's export."""

from __future__ import annotations

import pytest
from django.utils import translation

from cocreate.core import translations
from cocreate.core.access import tenant_for
from cocreate.core.actions import do_save_translation
from cocreate.meetings import actions
from cocreate.meetings.actions import AgendaLine

from .helpers import full_answers, plan, publish, record
from .test_decisions import _csv

pytestmark = pytest.mark.django_db


def page(cast, suffix: str) -> str:
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/{suffix}"


def test_the_parent_reads_the_decision_in_spanish_and_the_rest_marked(client, cast):
    decision = record(cast, "Meet on Thursday evenings", rationale="Tuesday clashes with school pick-up.")
    do_save_translation(
        decision,
        acting_user=cast.lead,
        field="title",
        language="es",
        text="Reunirnos los jueves por la tarde",
    )
    client.force_login(cast.partner)
    html = client.get(page(cast, f"decisions/{decision.pk}/")).content.decode()
    assert "<title>Reunirnos los jueves por la tarde ·" in html
    assert "<h1>Reunirnos los jueves por la tarde</h1>" in html
    assert '<span lang="en" class="written-in-other">Tuesday clashes with school pick-up.</span>' in html
    log = client.get(page(cast, "decisions/")).content.decode()
    assert "Reunirnos los jueves por la tarde" in log


def test_the_agenda_and_minutes_show_in_her_language(client, cast):
    meeting = plan(cast, "Team meeting", agenda=[AgendaLine("Welcome", duration=10)])
    item = meeting.agenda_items.first()
    do_save_translation(item, acting_user=cast.partner, field="title", language="es", text="Bienvenida")
    do_save_translation(
        meeting, acting_user=cast.partner, field="title", language="es", text="Reunión del equipo"
    )
    client.force_login(cast.partner)
    html = client.get(page(cast, f"meetings/{meeting.pk}/")).content.decode()
    assert "<h1>Reunión del equipo</h1>" in html and "<li>Bienvenida" in html
    assert "Reunión del equipo" in client.get(page(cast, "meetings/")).content.decode()


def test_a_staff_only_decision_is_not_offered_to_a_partner_to_translate(client, cast):
    record(cast, "Staff rota for the spring", visible_to_community=False)
    lead = translations.gaps(tenant_for(cast.lead, cast.org.slug), cast.community)
    partner = translations.gaps(tenant_for(cast.partner, cast.org.slug), cast.community)
    assert any(g.original == "Staff rota for the spring" for g in lead)
    assert not any(g.original == "Staff rota for the spring" for g in partner)
    client.force_login(cast.partner)
    assert "Staff rota" not in client.get(page(cast, "translations/")).content.decode()


def test_the_agreement_keeps_its_versions_into_the_next_version(client, cast):
    first = publish(cast, "listen first")
    answer = first.answers.get(question="discuss")
    do_save_translation(answer, acting_user=cast.lead, field="always", language="es", text="escuchar primero")
    client.force_login(cast.partner)
    assert "escuchar primero" in client.get(page(cast, "agreement/")).content.decode()
    # Version 2 changes one answer: its Spanish carries over, marked for review; the others are current.
    answers = full_answers("listen first")
    answers["decide"]["always"] = "consent, always"
    actions.do_save_agreement_draft(cast.community, acting_user=cast.lead, answers=answers)
    second = actions.do_publish_agreement(cast.community, acting_user=cast.lead)
    assert second.number == 2
    html = client.get(page(cast, "agreement/")).content.decode()
    assert "escuchar primero" in html
    stale = [g for g in translations.gaps(tenant_for(cast.lead, cast.org.slug), cast.community) if g.stale]
    assert stale == []  # only the discuss answer had a version, and it did not change
    do_save_translation(
        second.answers.get(question="decide"),
        acting_user=cast.lead,
        field="always",
        language="es",
        text="consentimiento",
    )
    answers["decide"]["always"] = "consent, nearly always"
    actions.do_save_agreement_draft(cast.community, acting_user=cast.lead, answers=answers)
    actions.do_publish_agreement(cast.community, acting_user=cast.lead)
    stale = [g for g in translations.gaps(tenant_for(cast.lead, cast.org.slug), cast.community) if g.stale]
    assert [(g.field, g.existing.text) for g in stale] == [("always", "consentimiento")]


def test_the_decision_log_exports_in_the_readers_language(client, cast):
    decision = record(cast, "Meet on Thursday evenings", rationale="Tuesday clashes with school pick-up.")
    do_save_translation(
        decision, acting_user=cast.lead, field="title", language="es", text="Reunirnos los jueves"
    )
    client.force_login(cast.partner)
    rows = _csv(client.get(page(cast, "decisions/export.csv")))
    assert rows[1][1] == "Reunirnos los jueves" and rows[1][5] == "Tuesday clashes with school pick-up."
    client.force_login(cast.lead)
    assert _csv(client.get(page(cast, "decisions/export.csv")))[1][1] == "Meet on Thursday evenings"


def test_a_text_written_in_spanish_is_recorded_as_spanish(cast):
    with translation.override("es"):
        decision = record(cast, "Reunirnos los jueves")
    assert translations.shown(decision, "title", "en").marker == "Written in Spanish"

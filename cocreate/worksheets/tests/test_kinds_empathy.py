"""Empathy cards: the session view shows one card at a time, in the reader's language."""

from cocreate.accounts.models import User
from cocreate.worksheets import empathy, kinds, seeding

from .kinds_helpers import riverside_sheet


def session(c, ws, n=None):
    return f"/o/{c.org.slug}/worksheets/{ws.pk}/empathy/" + (f"?card={n}" if n else "")


def test_it_shows_one_card_with_the_guided_questions_in_spanish(client, cast):
    ws = riverside_sheet(cast, "empathy")
    User.objects.filter(pk=cast.partner.pk).update(preferred_language="es")
    client.force_login(cast.partner)
    r = client.get(session(cast, ws))
    assert r.status_code == 200
    body = r.content.decode()
    assert "El autobús que nunca llega" in body and "Tarjeta 1 de 10" in body
    assert "Si usted fuera esta persona" in body
    assert "?card=2" in body and "?card=0" not in body


def test_the_cards_the_team_chose_come_first(client, cast):
    ws = riverside_sheet(cast, "empathy")
    seeding.save_step(
        ws, "session", {"cards": [{"card": "grandmother", "notes": "x"}]}, acting_user=cast.lead
    )
    cards = empathy.session_order(empathy.deck(ws.template_version.definition, "en"), ws.content)
    assert cards[0].key == "grandmother" and len(cards) == 10
    client.force_login(cast.funder)
    r = client.get(session(cast, ws, 99))
    assert "Raising them again" not in r.content.decode() and "Card 10 of 10" in r.content.decode()
    assert "noted this card once" in client.get(session(cast, ws, 1)).content.decode()


def test_a_worksheet_of_another_kind_has_no_session(client, cast):
    ws = riverside_sheet(cast, "prism")
    client.force_login(cast.lead)
    assert client.get(session(cast, ws)).status_code == 404


def test_the_session_page_query_count_is_flat(client, cast, django_assert_num_queries):
    ws = riverside_sheet(cast, "empathy")
    client.force_login(cast.lead)
    client.get(session(cast, ws))
    # session, user, memberships, worksheet (+community, template version)
    with django_assert_num_queries(4):
        client.get(session(cast, ws, 3))
    rows = [{"card": "late-bus", "notes": f"n{i}"} for i in range(15)]
    seeding.save_step(ws, "session", {"cards": rows}, acting_user=cast.lead)
    with django_assert_num_queries(4):
        client.get(session(cast, ws, 3))


def test_the_panel_links_to_the_session(cast):
    ws = riverside_sheet(cast, "empathy")
    from cocreate.core.access import tenant_for

    (panel,) = kinds.extras(ws, "session", tenant=tenant_for(cast.lead, cast.org.slug))
    assert len(panel.context["cards"]) == 10
    assert kinds.extras(ws, "session", tenant=None) == []

"""Texts in each of the organization's languages: a Spanish-speaking parent reads her team's plan in
Spanish where a version exists, the original marked with its language where not; a translator fills
the gaps from the "needs translation" list; a version made before the original changed asks for review."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from cocreate.core import translations
from cocreate.core.access import tenant_for
from cocreate.core.actions import do_save_translation
from cocreate.core.errors import WriteError
from cocreate.core.models import ContentTranslation
from cocreate.planning import actions as planning
from cocreate.planning import feedback

pytestmark = pytest.mark.django_db

STATEMENT = "Families lead one listening session each term"
SPANISH = "Las familias dirigen una sesión de escucha cada trimestre"


def goal_url(cast, goal) -> str:
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/goals/{goal.pk}/"


def list_url(cast) -> str:
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/translations/"


def make_goal(cast, statement=STATEMENT, **extra):
    return planning.do_create_goal(cast.community, acting_user=cast.lead, statement=statement, **extra)


def gaps(cast, person=None):
    return translations.gaps(tenant_for(person or cast.lead, cast.org.slug), cast.community)


def add_action(goal, strategy):
    return planning.do_add_action(goal, acting_user=None, strategy=strategy, due_on=date(2027, 3, 1))


def save_data(goal, text, field="statement", language="es") -> dict:
    prefix = f"gplanning.goal-{goal.pk}-{field}-{language}"
    return {
        f"{prefix}-key": "planning.goal",
        f"{prefix}-pk": goal.pk,
        f"{prefix}-field": field,
        f"{prefix}-language": language,
        f"{prefix}-text": text,
    }


def test_it_shows_the_spanish_version_to_a_spanish_reader(client, cast):
    goal = make_goal(cast)
    add_action(goal, "Book the library room")
    do_save_translation(goal, acting_user=cast.lead, field="statement", language="es", text=SPANISH)
    client.force_login(cast.partner)  # Paz reads in Spanish
    page = client.get(goal_url(cast, goal)).content.decode()
    assert SPANISH in page and STATEMENT not in page
    # The action has no Spanish version: the English original, marked and pronounced as English.
    assert '<span lang="en" class="written-in-other">Book the library room</span>' in page
    assert "(Escrito en inglés)" in page


def test_it_shows_the_original_without_a_marker_to_a_reader_of_its_language(client, cast):
    goal = make_goal(cast)
    do_save_translation(goal, acting_user=cast.lead, field="statement", language="es", text=SPANISH)
    client.force_login(cast.lead)
    page = client.get(goal_url(cast, goal)).content.decode()
    assert STATEMENT in page and SPANISH not in page and "written-in" not in page


def test_it_records_the_language_a_text_was_written_in(client, cast):
    with translation.override("es"):
        goal = make_goal(cast, statement="Más familias en el comité")
    assert translations.shown(goal, "statement", "en").marker == "Written in Spanish"
    client.force_login(cast.lead)
    page = client.get(goal_url(cast, goal)).content.decode()
    assert '<span lang="es" class="written-in-other">Más familias en el comité</span>' in page
    # … and the Spanish reader sees it as it is, unmarked; nobody is asked to translate it into Spanish.
    assert not translations.shown(goal, "statement", "es").foreign
    found = gaps(cast)
    assert [(g.field, g.language) for g in found if g.obj == goal] == [("statement", "en")]


def test_it_marks_a_version_made_before_the_original_changed(client, cast):
    goal = make_goal(cast)
    do_save_translation(goal, acting_user=cast.lead, field="statement", language="es", text=SPANISH)
    assert gaps(cast) == []
    planning.do_update_goal(goal, acting_user=cast.lead, statement=STATEMENT + " and one meeting a month")
    (gap,) = gaps(cast)
    assert gap.stale and gap.existing.text == SPANISH
    client.force_login(cast.partner)
    page = client.get(goal_url(cast, goal)).content.decode()
    assert SPANISH in page and "(traducido antes del último cambio)" in page
    # Saving it again (reviewed) clears it.
    do_save_translation(
        goal,
        acting_user=cast.partner,
        field="statement",
        language="es",
        text=SPANISH + " y una reunión al mes",
    )
    assert gaps(cast) == []


def test_it_refuses_a_language_the_organization_does_not_use_or_the_original_one(cast):
    goal = make_goal(cast)
    with pytest.raises(WriteError):
        do_save_translation(
            goal, acting_user=cast.lead, field="statement", language="fr", text="Les familles"
        )
    with pytest.raises(WriteError):
        do_save_translation(goal, acting_user=cast.lead, field="statement", language="en", text="Same")
    with pytest.raises(WriteError):
        do_save_translation(goal, acting_user=cast.lead, field="status", language="es", text="Activa")
    cast.org.languages = ["en"]
    cast.org.save()
    with pytest.raises(WriteError):
        do_save_translation(goal, acting_user=cast.lead, field="statement", language="es", text=SPANISH)


def test_an_empty_translation_removes_the_version(cast):
    goal = make_goal(cast)
    do_save_translation(goal, acting_user=cast.lead, field="statement", language="es", text=SPANISH)
    do_save_translation(goal, acting_user=cast.lead, field="statement", language="es", text="  ")
    assert not ContentTranslation.objects.filter(field="statement").exists()


def test_the_list_shows_what_is_missing_and_a_partner_fills_it_in_place(client, cast):
    goal = make_goal(cast)
    feedback.do_record_feedback(
        cast.community, acting_user=cast.lead, said="The letter is too long", anonymous=True
    )
    client.force_login(cast.partner)
    page = client.get(list_url(cast)).content.decode()
    assert STATEMENT in page and "The letter is too long" in page
    assert "2 textos por traducir" in page
    response = client.post(f"{list_url(cast)}save/", save_data(goal, SPANISH), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode() and SPANISH in response.content.decode()
    row = ContentTranslation.objects.get(field="statement", language="es")
    assert row.translated_by == cast.partner and row.community == cast.community
    assert "1 texto por traducir" in client.get(list_url(cast)).content.decode()


def test_the_list_can_show_one_language_and_pages(client, cast):
    for i in range(23):
        make_goal(cast, statement=f"Goal {i:02}")
    client.force_login(cast.lead)
    first = client.get(list_url(cast) + "?language=es").content.decode()
    assert "23 textos" not in first and "23 texts to translate" in first
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in client.get(list_url(cast) + "?language=es&page=2").content.decode()
    assert "Nothing to translate" in client.get(list_url(cast) + "?language=en").content.decode()


def test_it_shows_a_save_error_beside_the_text(client, cast):
    goal = make_goal(cast)
    client.force_login(cast.lead)
    response = client.post(
        f"{list_url(cast)}save/", save_data(goal, "Same", language="en"), HTTP_HX_REQUEST="true"
    )
    assert 'role="alert"' in response.content.decode()
    assert not ContentTranslation.objects.exists()


def test_it_will_not_save_another_communitys_text(client, cast):
    other = planning.do_create_goal(cast.other_community, acting_user=None, statement="Lakeview's goal")
    client.force_login(cast.lead)
    assert client.post(f"{list_url(cast)}save/", save_data(other, "De Lakeview")).status_code == 404
    assert not ContentTranslation.objects.exists()


def test_who_may_translate(client, cast):
    make_goal(cast)
    for person, status in [
        (cast.partner, 200),
        (cast.lead, 200),
        (cast.practitioner, 200),
        (cast.funder, 403),
        (cast.evaluator, 403),
        (cast.other_community_lead, 404),
        (cast.other_org_admin, 404),
    ]:
        client.force_login(person)
        assert client.get(list_url(cast)).status_code == status, person
    client.force_login(cast.admin)
    assert client.get(f"/o/{cast.org.slug}/translations/").status_code == 200
    client.force_login(cast.lead)
    assert client.get(f"/o/{cast.org.slug}/translations/").status_code == 403


def test_the_list_query_count_is_flat(client, cast, django_assert_num_queries):
    make_goal(cast)
    client.force_login(cast.lead)
    client.get(list_url(cast))  # warm-up
    # session, user, memberships, community; one per kind of text (goals, actions, feedback, meetings,
    # agenda items, decisions, agreement answers, calls for community leaders); the versions already written
    with django_assert_num_queries(13):
        client.get(list_url(cast))
    for i in range(30):
        goal = make_goal(cast, statement=f"Goal {i}")
        add_action(goal, f"Action {i}")
        if i % 3 == 0:
            do_save_translation(
                goal, acting_user=cast.lead, field="statement", language="es", text=f"Meta {i}"
            )
    client.get(list_url(cast))  # warm-up again: the content types of the new rows' kinds, cached once
    with django_assert_num_queries(13):
        page = client.get(list_url(cast)).content.decode()
    assert "51 texts to translate" in page


def test_the_organization_list_query_count_is_flat(client, cast, django_assert_num_queries):
    make_goal(cast)
    client.force_login(cast.admin)
    url = f"/o/{cast.org.slug}/translations/"
    client.get(url)  # warm-up
    # session, user, memberships (the admin's two-factor check reads hers too), one per kind of text,
    # the versions already written
    with django_assert_num_queries(12):
        client.get(url)
    for i in range(10):
        planning.do_create_goal(cast.other_community, acting_user=None, statement=f"Lakeview goal {i}")
    with django_assert_num_queries(12):
        page = client.get(url).content.decode()
    assert "Lakeview" in page and "11 texts to translate" in page


def test_an_admin_chooses_the_organizations_languages(client, cast):
    client.force_login(cast.admin)
    url = f"/o/{cast.org.slug}/edit/"
    assert 'value="es"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "name": cast.org.name,
            "time_zone": cast.org.time_zone,
            "languages": ["en"],
            "version": cast.org.version,
        },
    )
    cast.org.refresh_from_db()
    assert cast.org.languages == ["en"]
    # With English only, nothing waits for a Spanish version.
    make_goal(cast)
    assert gaps(cast) == []

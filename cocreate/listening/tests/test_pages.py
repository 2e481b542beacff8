from django.test import Client

from cocreate.listening import actions
from cocreate.listening.models import FocusGroup, GroupStatus, Participant

from .helpers import first_question, group, held_group, other_parents


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/listening/{suffix}"


def test_it_explains_focus_groups_when_there_are_none(client, cast):
    client.force_login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert "six to ten people" in page and "Plan a session" in page


def test_it_plans_a_session_from_the_form(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        url(cast, "new/"),
        {
            "kind": "focus_group",
            "title": "Waiting list",
            "goals": "What waiting is like.",
            "held_on": "2030-01-15",
            "duration_minutes": "60",
            "modality": "in_person",
            "language": "es",
            "helps": ["child_care", "food"],
        },
    )
    assert response.status_code == 302
    g = FocusGroup.objects.get(title="Waiting list")
    assert (g.helps, g.language, g.created_by) == (["child_care", "food"], "es", cast.lead)


def test_the_list_query_count_is_flat(client, cast, django_assert_num_queries):
    group(cast)
    client.force_login(cast.lead)
    client.get(url(cast))
    # session, user, memberships, community (with initiative), the sessions with their counts
    with django_assert_num_queries(5):
        client.get(url(cast))
    for i in range(5):
        actions.do_plan_group(
            cast.community, acting_user=cast.lead, title=f"S{i}", goals="g", held_on=group(cast).held_on
        )
    with django_assert_num_queries(5):
        assert client.get(url(cast)).status_code == 200


def test_the_group_page_query_count_is_flat(client, cast, django_assert_num_queries):
    g = held_group(cast)
    client.force_login(cast.lead)
    page = url(cast, f"{g.pk}/")
    client.get(page)
    # session, user, memberships, community, the session (with facilitators and its support event),
    # questions (with who proposed them), participants (with partners), themes, participants again
    # for the consent rule, the participant count, the session's support event link
    with django_assert_num_queries(11):
        client.get(page)
    actions.do_add_participants(g, acting_user=cast.lead, partners=other_parents(cast, 6))
    for row in Participant.objects.filter(group=g, attended=None):
        actions.do_record_consent(row, acting_user=cast.lead, attended=False)
    for i in range(3):
        actions.do_add_theme(g, acting_user=cast.lead, name=f"T{i}", summary="s")
    with django_assert_num_queries(11):
        assert "Logged as support" in client.get(page).content.decode()


def test_the_notes_page_query_count_is_flat(client, cast, django_assert_num_queries):
    g = held_group(cast)
    client.force_login(cast.partner)
    page = url(cast, f"{g.pk}/notes/{first_question(g).pk}/")
    client.get(page)
    # session, user, memberships, community, the session, facilitator check is on the loaded partner,
    # accepted questions, consent rule (participants), declined count
    with django_assert_num_queries(8):
        client.get(page)
    actions.do_add_participants(g, acting_user=cast.lead, partners=other_parents(cast, 8))
    for row in Participant.objects.filter(group=g, attended=None):
        actions.do_record_consent(row, acting_user=cast.lead, attended=True, consent=True, how="written")
    with django_assert_num_queries(8):
        assert client.get(page).status_code == 200


def test_a_parent_facilitator_takes_notes_in_spanish(cast):
    g = held_group(cast)
    parent = Client()
    parent.force_login(cast.partner)  # Paz prefers Spanish
    q = first_question(g)
    page = parent.get(url(cast, f"{g.pk}/notes/{q.pk}/")).content.decode()
    assert "¿Pregunta 1?" in page and "Pregunta 1 de 5" in page
    saved = parent.post(
        url(cast, f"{g.pk}/notes/{q.pk}/"), {"notes": "Las tardes nos van mejor.", "version": q.version}
    )
    assert saved.status_code == 302
    q.refresh_from_db()
    assert q.notes == "Las tardes nos van mejor."


def test_the_printable_guide_is_in_the_sessions_language(client, cast):
    g = group(cast)
    client.force_login(cast.lead)  # English-speaking staff print a Spanish session's guide
    page = client.get(url(cast, f"{g.pk}/guide/print/")).content.decode()
    assert "¿Pregunta 1?" in page and "Qué queremos aprender" in page


def test_it_hides_who_was_invited_from_partners_who_do_not_facilitate(client, cast):
    g = held_group(cast)
    g.facilitator_partner = None
    g.save()
    client.force_login(cast.partner)
    page = client.get(url(cast, f"{g.pk}/")).content.decode()
    assert other_parents(cast)[0].name not in page
    assert client.get(url(cast, f"{g.pk}/participants/")).status_code == 403


def test_it_searches_partners_to_invite(client, cast):
    g = group(cast)
    parents = other_parents(cast, 3)
    client.force_login(cast.lead)
    page = client.get(url(cast, f"{g.pk}/participants/"), {"q": parents[1].name}).content.decode()
    assert parents[1].name in page and parents[2].name not in page
    client.post(url(cast, f"{g.pk}/participants/"), {"partner": [parents[1].pk]})
    assert list(Participant.objects.filter(group=g).values_list("partner_id", flat=True)) == [parents[1].pk]


def test_the_community_page_shows_the_next_session(client, cast):
    g = group(cast, days_ago=-7)
    assert g.status == GroupStatus.PLANNED
    client.force_login(cast.partner)
    base = f"/o/{cast.org.slug}/c/{cast.community.slug}/"
    assert f"{base}panels/listening/" in client.get(base).content.decode()  # loads after the page
    assert g.title in client.get(f"{base}panels/listening/").content.decode()

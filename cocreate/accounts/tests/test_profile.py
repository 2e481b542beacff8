"""A person's own profile, and the language switcher in the header."""

from django.conf import settings

from cocreate.accounts.models import User

COOKIE = settings.LANGUAGE_COOKIE_NAME
# allauth's Spanish for the "Two-Factor Authentication" link on the profile page.
SPANISH_TWO_FACTOR = "Autenticación de doble factor"


def test_it_shows_the_profile(cast, client):
    client.force_login(cast.lead)
    response = client.get("/profile/")
    assert response.status_code == 200
    assert "lead@example.org" in response.text
    assert 'value="Lee Lead"' in response.text


def test_it_changes_name_and_language_and_the_next_page_is_in_that_language(cast, client):
    client.force_login(cast.lead)

    response = client.post("/profile/", {"name": "Lee Lozano", "preferred_language": "es"})

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "es"
    cast.lead.refresh_from_db()
    assert (cast.lead.name, cast.lead.preferred_language) == ("Lee Lozano", "es")
    page = client.get(response["Location"])
    assert '<html lang="es">' in page.text
    assert SPANISH_TWO_FACTOR in page.text
    assert "Lee Lozano" in page.text


def test_it_follows_the_profile_language_on_a_new_device(cast, client):
    client.cookies[COOKIE] = "en"  # this browser was used in English before
    client.force_login(cast.partner)  # the partner chose Spanish
    assert '<html lang="es">' in client.get("/profile/").text


def test_it_requires_a_known_language(cast, client):
    client.force_login(cast.lead)
    response = client.post("/profile/", {"name": "Lee", "preferred_language": "xx"})
    assert response.status_code == 200
    assert 'id="id_preferred_language_error"' in response.text
    cast.lead.refresh_from_db()
    assert cast.lead.preferred_language == "en"


def test_it_keeps_a_name(cast, client):
    client.force_login(cast.lead)
    response = client.post("/profile/", {"name": "  ", "preferred_language": "en"})
    assert 'id="id_name_error"' in response.text
    cast.lead.refresh_from_db()
    assert cast.lead.name == "Lee Lead"


def test_it_switches_language_for_a_signed_in_person_and_remembers_it(cast, client):
    client.force_login(cast.lead)

    response = client.post("/language/", {"language": "es", "next": "/profile/"})

    assert response["Location"] == "/profile/"
    assert response.cookies[COOKIE].value == "es"
    assert User.objects.get(pk=cast.lead.pk).preferred_language == "es"
    assert SPANISH_TWO_FACTOR in client.get("/profile/").text


def test_it_switches_language_for_someone_not_signed_in(client, db):
    response = client.post("/language/", {"language": "es", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[COOKIE].value == "es"
    assert '<html lang="es">' in client.get("/accounts/login/").text


def test_it_ignores_an_unknown_language(cast, client):
    client.force_login(cast.lead)
    response = client.post("/language/", {"language": "xx", "next": "/profile/"})
    assert response["Location"] == "/profile/"
    assert COOKIE not in response.cookies
    assert User.objects.get(pk=cast.lead.pk).preferred_language == "en"


def test_it_does_not_redirect_to_another_site(client, db):
    for unsafe in ("http://evil.example/", "//evil.example/", "https://evil.example/profile/"):
        response = client.post("/language/", {"language": "es", "next": unsafe})
        assert response["Location"] == "/", unsafe


def test_it_accepts_only_post_for_the_language_switch(client, db):
    assert client.get("/language/?language=es").status_code == 405


def test_it_loads_the_profile_page_in_two_queries(cast, client, django_assert_num_queries):
    client.force_login(cast.lead)
    client.get("/profile/")  # the first page of a session records the two-factor check (two queries more)
    # session, user. Nothing else: the page shows only the person's own fields.
    with django_assert_num_queries(2):
        response = client.get("/profile/")
    assert response.status_code == 200


def test_action_reminders_are_on_until_turned_off_in_the_profile(cast, client):
    client.force_login(cast.lead)
    page = client.get("/profile/").text
    assert 'name="action_reminders"' in page
    assert "checked" in page.split('name="action_reminders"')[1].split(">")[0]

    # An unticked box is simply absent from the form.
    response = client.post("/profile/", {"name": "Lee Lead", "preferred_language": "en"})

    assert response.status_code == 302
    assert User.objects.get(pk=cast.lead.pk).action_reminders is False
    page = client.get("/profile/").text
    assert "checked" not in page.split('name="action_reminders"')[1].split(">")[0]

    client.post("/profile/", {"name": "Lee Lead", "preferred_language": "en", "action_reminders": "on"})
    assert User.objects.get(pk=cast.lead.pk).action_reminders is True


def test_the_reminders_box_keeps_its_value_when_the_form_has_an_error(cast, client):
    client.force_login(cast.lead)
    response = client.post("/profile/", {"name": " ", "preferred_language": "en"})
    assert 'id="id_name_error"' in response.text
    assert "checked" not in response.text.split('name="action_reminders"')[1].split(">")[0]
    assert User.objects.get(pk=cast.lead.pk).action_reminders is True  # nothing was saved

"""Signing in: by emailed code, by password, and the limits that stop guessing and email floods."""

from django.core import mail

from cocreate.accounts.models import User

from .helpers import code_in, outbox_to, sign_in

TOO_MANY_FAILED = "Too many failed login attempts. Try again later."  # allauth's wording


def test_it_offers_the_emailed_code_first_on_the_sign_in_page(client, db):
    page = client.get("/accounts/login/?next=/profile/").text
    assert "Email me a sign-in code" in page
    # Before the password form, and keeping where the person was going.
    assert page.index("Email me a sign-in code") < page.index('name="password"')
    assert 'href="/accounts/login/code/?next=%2Fprofile%2F"' in page


def test_it_signs_in_with_an_emailed_code(cast, client):
    requested = client.post("/accounts/login/code/", {"email": cast.partner.email})
    assert requested["Location"] == "/accounts/login/code/confirm/"
    [email] = mail.outbox
    assert email.to == [cast.partner.email]
    # The partner reads Spanish (their profile says so), whatever language the browser asked for.
    assert "Código de inicio de sesión" in email.subject
    assert "Cocreate" in email.body

    confirmed = client.post("/accounts/login/code/confirm/", {"code": code_in(email)})

    assert confirmed.status_code == 302
    home = client.get("/", follow=True)
    assert home.wsgi_request.user == cast.partner
    assert "Paz Parent" in home.text


def test_it_refuses_a_wrong_code(cast, client):
    client.post("/accounts/login/code/", {"email": cast.partner.email})
    response = client.post("/accounts/login/code/confirm/", {"code": "WRONG-1"})
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert not client.get("/profile/").wsgi_request.user.is_authenticated


def test_it_signs_in_with_a_password(cast, client):
    response = sign_in(client, cast.lead.email)
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == cast.lead


def test_it_says_when_the_password_is_wrong(cast, client):
    response = sign_in(client, cast.lead.email, "not-the-password")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text


def test_it_locks_an_account_after_five_failed_passwords(cast, client):
    for _ in range(5):
        assert sign_in(client, cast.lead.email, "a-wrong-guess-123").status_code == 200

    response = sign_in(client, cast.lead.email)  # the right password, too late

    assert response.status_code == 200
    assert TOO_MANY_FAILED in response.text
    assert not client.get("/profile/").wsgi_request.user.is_authenticated


def test_it_locks_only_the_account_that_was_guessed_at(cast, client):
    for _ in range(5):
        sign_in(client, cast.lead.email, "a-wrong-guess-123")
    assert sign_in(client, cast.practitioner.email).status_code == 302


def test_it_limits_code_emails_to_three_in_five_minutes(cast, client):
    # Each request from a fresh browser session: within one session allauth sends the person back to
    # the code they already have, so flooding an inbox takes new sessions, and the limit is per address.
    for _ in range(3):
        client.cookies.clear()
        assert client.post("/accounts/login/code/", {"email": cast.partner.email}).status_code == 302
    assert len(outbox_to(cast.partner.email)) == 3

    client.cookies.clear()
    fourth = client.post("/accounts/login/code/", {"email": cast.partner.email})

    assert fourth.status_code == 200
    assert len(outbox_to(cast.partner.email)) == 3
    assert 'id="id_email_error"' in fourth.text
    assert "We have already sent several codes to this address." in fourth.text


def test_it_limits_password_reset_emails(cast, client):
    for _ in range(3):
        assert client.post("/accounts/password/reset/", {"email": cast.lead.email}).status_code == 302
    assert len(outbox_to(cast.lead.email)) == 3

    fourth = client.post("/accounts/password/reset/", {"email": cast.lead.email})

    assert fourth.status_code == 429
    assert "Please wait a few minutes" in fourth.text
    assert 'lang="en"' in fourth.text  # our page, not allauth's bare fallback
    assert len(outbox_to(cast.lead.email)) == 3


def test_it_rejects_a_short_and_common_password_at_sign_up(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.org", "password1": "password", "password2": "password"}
    )
    assert response.status_code == 200
    assert 'id="id_password1_error"' in response.text
    assert "This password is too short. It must contain at least 10 characters." in response.text
    assert "This password is too common." in response.text
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_rejects_a_numeric_password_at_sign_up(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "4815162342", "password2": "4815162342"},
    )
    assert "This password is entirely numeric." in response.text
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_sends_back_to_the_code_already_sent_within_one_session(cast, client):
    client.post("/accounts/login/code/", {"email": cast.partner.email})
    again = client.post("/accounts/login/code/", {"email": cast.partner.email})
    assert again["Location"] == "/accounts/login/code/confirm/"
    assert len(mail.outbox) == 1


def test_it_signs_up_with_a_strong_password_and_asks_to_confirm_the_email(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "plaza-verde-otoño-7", "password2": "plaza-verde-otoño-7"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.org").exists()
    assert len(outbox_to("new@example.org")) == 1


def test_it_sends_anonymous_people_from_the_profile_to_sign_in(client, db):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/profile/"

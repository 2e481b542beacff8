"""Inviting someone by email, and everything that can happen when they open the link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core import actions
from cocreate.core.models import Invitation, Membership, Role

from .helpers import link_in, sign_in


def members_url(community) -> str:
    return community.url("community_members")


def invite(client, community, *, email: str, role: str = Role.PARTNER, language: str = "en"):
    return client.post(members_url(community), {"email": email, "role": role, "language": language})


@pytest.fixture
def sent(cast, client, django_capture_on_commit_callbacks):
    """The admin invites a parent into Riverside, in Spanish; returns the email that went out."""
    client.force_login(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, cast.community, email="Nueva.Madre@Example.org", language="es")
    assert response.status_code == 302
    client.logout()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def open_invitation(email=None):
    return Invitation.objects.get(accepted_at__isnull=True, **({"email": email} if email else {}))


# Sending


def test_it_emails_the_invitation_link_in_the_chosen_language(cast, sent):
    invitation = Invitation.objects.get(email="nueva.madre@example.org")
    assert sent.to == ["nueva.madre@example.org"]
    assert link_in(sent) == f"/invite/{invitation.token}/"
    assert "Riverside" in sent.subject
    # The email is rendered in the invitation's language, not the inviter's.
    assert sent.subject == "Le invitamos a unirse a Riverside en Cocreate"


def test_it_shows_the_invitation_as_waiting(cast, client, sent):
    client.force_login(cast.admin)
    response = client.get(members_url(cast.community))
    assert "nueva.madre@example.org" in response.text
    assert "Waiting for an answer" in response.text


# Accepting with a new account


def test_it_sets_up_an_account_and_joins_with_the_invited_role(cast, client, sent):
    link = link_in(sent)
    page = client.get(link)
    assert page.status_code == 200
    assert "Únase a Riverside" in page.text  # the invitation went out in Spanish, so its page is too
    # The language chosen for the invitation is the suggestion for the account.
    assert '<option value="es" selected>' in page.text

    response = client.post(
        link, {"name": "Nueva Madre", "preferred_language": "es", "password1": "", "password2": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == cast.community.get_absolute_url()
    user = User.objects.get(email="nueva.madre@example.org")
    assert user.name == "Nueva Madre"
    assert not user.has_usable_password()  # signs in with emailed codes
    assert Membership.objects.filter(user=user, community=cast.community, role=Role.PARTNER).exists()
    community_page = client.get(response["Location"])
    assert community_page.status_code == 200
    assert 'lang="es"' in community_page.text
    assert "Nueva Madre" in community_page.text  # signed in: the header shows their name


def test_it_greets_someone_new_in_the_language_of_the_invitation(cast, client, sent):
    assert '<html lang="es">' in client.get(link_in(sent)).text


def test_it_keeps_the_language_a_visitor_picked(cast, client, sent):
    client.post("/language/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(link_in(sent)).text


def test_it_can_set_a_password_while_joining(cast, client, sent):
    link = link_in(sent)
    client.post(
        link,
        {
            "name": "Nueva",
            "preferred_language": "en",
            "password1": "a-strong-one-2026",
            "password2": "a-strong-one-2026",
        },
    )
    client.logout()
    response = sign_in(client, "nueva.madre@example.org", "a-strong-one-2026")
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.email == "nueva.madre@example.org"


def test_it_rejects_a_weak_password_next_to_the_field_and_creates_nothing(cast, client, sent):
    link = link_in(sent)
    response = client.post(
        link, {"name": "Nueva", "preferred_language": "es", "password1": "12345", "password2": "12345"}
    )
    assert response.status_code == 200
    assert 'id="id_password1_error"' in response.text
    # In Spanish, as the invitation was: Django's own catalogue translates its validators.
    assert "La contraseña es demasiado corta. Debe contener por lo menos 10 caracteres." in response.text
    assert not User.objects.filter(email="nueva.madre@example.org").exists()
    assert open_invitation().accepted_at is None


def test_it_rejects_two_different_passwords(cast, client, sent):
    response = client.post(
        link_in(sent),
        {
            "name": "Nueva",
            "preferred_language": "es",
            "password1": "a-strong-one-2026",
            "password2": "another-2026-x",
        },
    )
    assert 'id="id_password2_error"' in response.text
    assert not User.objects.filter(email="nueva.madre@example.org").exists()


def test_it_asks_for_a_name(cast, client, sent):
    response = client.post(link_in(sent), {"name": "   ", "preferred_language": "es"})
    assert 'id="id_name_error"' in response.text
    assert not User.objects.filter(email="nueva.madre@example.org").exists()


def test_it_works_only_once(cast, client, sent):
    link = link_in(sent)
    client.post(link, {"name": "Nueva", "preferred_language": "es"})
    client.logout()

    response = client.get(link)

    assert response.status_code == 410
    assert "This invitation link no longer works" in response.text
    assert "already been used" in response.text


def test_it_shows_the_expired_page_and_creates_nothing(cast, client, sent):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    link = link_in(sent)

    page = client.get(link)
    response = client.post(link, {"name": "Late", "preferred_language": "en"})

    assert page.status_code == 410
    assert "It has expired" in page.text
    assert response.status_code == 410
    assert not User.objects.filter(email="nueva.madre@example.org").exists()
    assert not Membership.objects.filter(user__email="nueva.madre@example.org").exists()


# Accepting when signed in, or with an account already


def test_it_tells_someone_signed_in_with_another_email_that_it_is_not_for_them(cast, client, sent):
    client.force_login(cast.partner)
    response = client.get(link_in(sent))
    assert response.status_code == 403
    assert "Esta invitación es para otra persona" in response.text  # the partner reads Spanish
    assert open_invitation().accepted_at is None


def test_it_sends_an_existing_user_to_sign_in_then_lets_them_accept(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_invite(
            cast.org,
            email=cast.outsider.email,
            role=Role.PARTNER,
            community=cast.community,
            acting_user=cast.lead,
        )
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert "There is already an account for outsider@example.org" in page.text
    assert f"/accounts/login/?next={link}" in page.text

    signed_in = sign_in(client, cast.outsider.email, next=link)
    assert signed_in["Location"] == link
    assert "Accept the invitation" in client.get(link).text
    accepted = client.post(link)

    assert accepted["Location"] == cast.community.get_absolute_url()
    assert Membership.objects.filter(user=cast.outsider, community=cast.community, role=Role.PARTNER).exists()
    assert "Welcome to Riverside." in client.get(accepted["Location"]).text


def test_it_accepts_for_another_verified_address_of_the_same_person(cast, client):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=cast.outsider, email="out.home@example.org", verified=True, primary=False
    )
    invitation = actions.do_invite(
        cast.org,
        email="out.home@example.org",
        role=Role.PARTNER,
        community=cast.community,
        acting_user=cast.lead,
    )
    client.force_login(cast.outsider)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 302
    assert Membership.objects.filter(user=cast.outsider, community=cast.community).exists()


# Who may invite


def test_it_lets_a_team_lead_invite_a_partner_into_their_community(
    cast, client, django_capture_on_commit_callbacks
):
    client.force_login(cast.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, cast.community, email="abuela@example.org")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["abuela@example.org"]]
    assert Invitation.objects.get(email="abuela@example.org").role == Role.PARTNER


def test_it_refuses_network_admin_from_a_team_lead(cast, client):
    client.force_login(cast.lead)
    page = client.get(members_url(cast.community))
    assert 'value="network_admin"' not in page.text

    response = invite(client, cast.community, email="sneaky@example.org", role=Role.NETWORK_ADMIN)

    assert response.status_code == 200
    assert 'id="id_role_error"' in response.text
    assert not Invitation.objects.filter(email="sneaky@example.org").exists()
    assert mail.outbox == []


def test_it_hides_another_community_from_a_team_lead(cast, client):
    client.force_login(cast.lead)
    response = invite(client, cast.other_community, email="someone@example.org")
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_it_refuses_invitations_from_a_partner(cast, client):
    client.force_login(cast.partner)
    response = invite(client, cast.community, email="friend@example.org")
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_it_refuses_the_member_list_to_a_funder(cast, client):
    client.force_login(cast.funder)
    assert client.get(members_url(cast.community)).status_code == 403


def test_it_answers_a_bad_token_with_not_found(client, db):
    assert client.get("/invite/not-a-real-token/").status_code == 404


def test_it_loads_the_invitation_page_in_two_queries(cast, client, django_assert_num_queries):
    invitation = actions.do_invite(
        cast.org, email="new@example.org", role=Role.PARTNER, community=cast.community, acting_user=cast.lead
    )
    # Anonymous, no session yet: the invitation (with organization, community and inviter in one join),
    # and whether an account already exists for the address.
    with django_assert_num_queries(2):
        response = client.get(invitation.get_absolute_url())
    assert response.status_code == 200


def test_it_loads_the_accept_page_in_three_queries(cast, client, django_assert_num_queries):
    invitation = actions.do_invite(
        cast.org,
        email=cast.outsider.email,
        role=Role.PARTNER,
        community=cast.community,
        acting_user=cast.lead,
    )
    client.force_login(cast.outsider)
    client.get("/profile/")  # the first page of a session records the two-factor check; not counted here
    # session, user, the invitation (one join).
    with django_assert_num_queries(3):
        response = client.get(invitation.get_absolute_url())
    assert "Accept the invitation" in response.text

"""An account is its owner's alone: sign out everywhere, a changed password and erasure end every
session and API token; a password set by an unverified sign-up does not survive the owner's proof."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.accounts.models import User
from cocreate.conftest import PASSWORD
from cocreate.core import actions as core_actions
from cocreate.core.models import Membership, Role
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType

from .helpers import code_in, link_in, outbox_to, sign_in

ATTACKER_PASSWORD = "not-her-password-2026"


def api_works(cast, key: str) -> bool:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get(f"/api/v1/orgs/{cast.org.slug}/communities/").status_code == 200


def signed_in(client) -> bool:
    return client.get("/profile/").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_the_api_token(cast, client):
    sign_in(client, cast.lead.email)
    phone = Client()
    sign_in(phone, cast.lead.email)
    key = Token.objects.create(user=cast.lead).key
    assert signed_in(client) and signed_in(phone) and api_works(cast, key)
    assert "Sign out everywhere" in client.get("/profile/").text

    response = client.post("/profile/sign-out-everywhere/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert not signed_in(client) and not signed_in(phone)
    assert not api_works(cast, key)
    assert sign_in(client, cast.lead.email).status_code == 302 and signed_in(client)  # she can come back


def test_sign_out_everywhere_is_a_post_for_signed_in_people(cast, client):
    assert client.post("/profile/sign-out-everywhere/").status_code == 302  # to the sign-in page
    client.force_login(cast.lead)
    assert client.get("/profile/sign-out-everywhere/").status_code == 405
    assert signed_in(client)


def test_a_changed_password_ends_other_sessions_and_the_api_token(cast, client):
    sign_in(client, cast.lead.email)
    phone = Client()
    sign_in(phone, cast.lead.email)
    key = Token.objects.create(user=cast.lead).key
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-new-one-for-2027", "password2": "a-new-one-for-2027"},
    )
    assert response.status_code == 302
    assert signed_in(client)  # the one who changed it stays
    assert not signed_in(phone)
    assert not api_works(cast, key)


def test_erasure_ends_the_api_token_even_when_the_sign_in_serves_another_organization(cast):
    core_actions.do_add_membership(
        cast.other_org, user=cast.partner, role=Role.PARTNER, community=cast.other_org_community
    )
    paz = partner_actions.do_create_partner(
        cast.community, name="Paz", partner_type=PartnerType.COMMUNITY, user=cast.partner
    )
    key = Token.objects.create(user=cast.partner).key
    from cocreate.partners.privacy import do_erase_person

    do_erase_person(paz, acting_user=cast.admin)
    assert not Token.objects.filter(key=key).exists()


# Someone signed up with her address first --------------------------------------------------------------


def _squat(email: str) -> Client:
    """Someone who is not her signs up with her address and a password of his own."""
    squatter = Client()
    squatter.post(
        "/accounts/signup/", {"email": email, "password1": ATTACKER_PASSWORD, "password2": ATTACKER_PASSWORD}
    )
    user = User.objects.get(email=email)
    assert user.has_usable_password() and user.password_unproven
    squatter.confirmation_link = link_in(outbox_to(email)[-1])  # type: ignore[attr-defined]  # her inbox, not his
    mail.outbox.clear()
    return squatter


def _sign_in_by_code(client, email: str):
    client.post("/accounts/login/code/", {"email": email})
    return client.post("/accounts/login/code/confirm/", {"code": code_in(outbox_to(email)[-1])})


def test_her_invitation_leaves_no_password_from_a_sign_up_before_hers(
    cast, client, django_capture_on_commit_callbacks
):
    squatter = _squat("rosa@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        core_actions.do_invite(
            cast.org,
            email="rosa@example.org",
            role=Role.PARTNER,
            community=cast.community,
            acting_user=cast.lead,
        )
    link = link_in(outbox_to("rosa@example.org")[-1])
    assert "sign in" in client.get(link).text.lower()  # the account exists: she signs in first

    assert _sign_in_by_code(client, "rosa@example.org").status_code == 302
    assert signed_in(client)  # her sign-in survives the clearing that her proof caused
    assert client.post(link).status_code == 302
    rosa = User.objects.get(email="rosa@example.org")
    assert not rosa.has_usable_password() and not rosa.password_unproven
    assert Membership.objects.filter(user=rosa, community=cast.community).exists()
    assert sign_in(squatter, "rosa@example.org", ATTACKER_PASSWORD).status_code != 302 or not signed_in(
        squatter
    )
    assert not Client().login(email="rosa@example.org", password=ATTACKER_PASSWORD)
    assert signed_in(client)


def test_verifying_the_address_from_another_browser_clears_the_password(cast, client):
    squatter = _squat("rosa@example.org")
    client.post(squatter.confirmation_link)  # type: ignore[attr-defined]  # she opens the email she never asked for
    rosa = User.objects.get(email="rosa@example.org")
    assert EmailAddress.objects.get(user=rosa).verified
    assert not rosa.has_usable_password() and not rosa.password_unproven


def test_who_signs_up_and_verifies_in_the_same_browser_keeps_her_password(db, client):
    client.post(
        "/accounts/signup/",
        {"email": "own@example.org", "password1": ATTACKER_PASSWORD, "password2": ATTACKER_PASSWORD},
    )
    link = link_in(outbox_to("own@example.org")[-1])
    client.post(link)
    user = User.objects.get(email="own@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert user.has_usable_password() and not user.password_unproven
    assert Client().login(email="own@example.org", password=ATTACKER_PASSWORD)


def test_accepting_an_invitation_ends_sessions_and_tokens_from_before_her_proof(
    cast, client, django_capture_on_commit_callbacks
):
    rosa = User.objects.create_user("rosa@example.org", ATTACKER_PASSWORD, name="Rosa")
    EmailAddress.objects.create(user=rosa, email=rosa.email, verified=True, primary=True)
    User.objects.filter(pk=rosa.pk).update(password_unproven=True)
    other = Client()
    other.force_login(rosa)
    key = Token.objects.create(user=rosa).key
    invitation = core_actions.do_invite(
        cast.org, email=rosa.email, role=Role.PARTNER, community=cast.community, acting_user=cast.lead
    )
    client.force_login(User.objects.get(pk=rosa.pk))
    assert client.post(invitation.get_absolute_url()).status_code == 302
    rosa.refresh_from_db()
    assert not rosa.has_usable_password()
    assert not signed_in(other) and not api_works(cast, key)
    assert signed_in(client)  # the one accepting stays signed in


def test_accepting_with_a_proven_account_signs_nobody_out(cast, client):
    phone = Client()
    phone.force_login(cast.outsider)
    key = Token.objects.create(user=cast.outsider).key
    invitation = core_actions.do_invite(
        cast.org,
        email=cast.outsider.email,
        role=Role.PARTNER,
        community=cast.community,
        acting_user=cast.lead,
    )
    client.force_login(cast.outsider)
    client.post(invitation.get_absolute_url())
    assert signed_in(phone) and api_works(cast, key)
    assert User.objects.get(pk=cast.outsider.pk).has_usable_password()


def test_the_account_check_of_a_session_follows_the_epoch(cast):
    before = cast.lead.get_session_auth_hash()
    assert before == User.objects.get(pk=cast.lead.pk).get_session_auth_hash()  # stable
    from cocreate.accounts.actions import do_end_sessions

    do_end_sessions(cast.lead)
    assert cast.lead.get_session_auth_hash() != before
    assert re.fullmatch(r"[0-9a-f]{32}", cast.lead.session_epoch)


def test_sign_out_everywhere_costs_the_same_however_many_sessions_and_tokens_she_has(
    cast, django_assert_num_queries
):
    def sign_out_everywhere(other_sessions: int) -> None:
        cast.lead.refresh_from_db()  # as the last sign-out left her account
        for _ in range(other_sessions):
            Client().force_login(cast.lead)
        Token.objects.filter(user=cast.lead).delete()
        Token.objects.create(user=cast.lead)
        client = Client()
        client.force_login(cast.lead)
        # Reading the session and the person, saving the new epoch, finding and deleting her tokens,
        # ending this session (with the transaction around them). Her other sessions are not looked up:
        # they fail their next check, so the count does not grow with them.
        with django_assert_num_queries(SIGN_OUT_QUERIES):
            response = client.post("/profile/sign-out-everywhere/")
        assert (
            response["Location"] == "/accounts/login/" and not Token.objects.filter(user=cast.lead).exists()
        )

    sign_out_everywhere(1)
    sign_out_everywhere(8)


SIGN_OUT_QUERIES = 9


def test_a_password_reset_by_email_ends_the_api_token_and_the_old_sessions(cast, client):
    phone = Client()
    sign_in(phone, cast.lead.email)
    key = Token.objects.create(user=cast.lead).key
    client.post("/accounts/password/reset/", {"email": cast.lead.email})
    form_page = client.get(link_in(outbox_to(cast.lead.email)[-1]), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else form_page.wsgi_request.path,
        {"password1": "a-fresh-one-for-2027", "password2": "a-fresh-one-for-2027"},
    )
    assert response.status_code == 302
    assert not api_works(cast, key) and not signed_in(phone)
    assert Client().login(email=cast.lead.email, password="a-fresh-one-for-2027")

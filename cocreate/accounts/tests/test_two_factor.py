"""Network admins must have an authenticator app; everyone else may add one."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

from cocreate.accounts.middleware import MFA_CHECKED, MFA_RECHECK_SECONDS
from cocreate.conftest import PASSWORD, TOTP_SECRET, member
from cocreate.core import actions
from cocreate.core.models import Role

from .helpers import sign_in

SETUP = "/accounts/2fa/totp/activate/?required=1"


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def new_admin(cast):
    """Someone just made network admin, who has no authenticator app yet."""
    return member("new-admin@example.org", cast.org, Role.NETWORK_ADMIN, name="Nia New")


def org_url(cast) -> str:
    return cast.org.get_absolute_url()


def test_it_sends_an_admin_without_an_authenticator_to_set_one_up(cast, client, new_admin):
    sign_in(client, new_admin.email)

    for url in (org_url(cast), cast.community.get_absolute_url(), "/profile/"):
        assert client.get(url)["Location"] == SETUP

    page = client.get(SETUP)
    assert page.status_code == 200  # no second password prompt right after signing in
    assert "You are a network admin" in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code, allowed by img-src data:


def test_it_lets_the_admin_in_once_the_authenticator_is_set_up_on_the_page(cast, client, new_admin):
    sign_in(client, new_admin.email)
    client.get(SETUP)
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', client.get(SETUP).text)
    assert secret, "the secret is shown for typing into an app"

    activated = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret.group(1))})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=new_admin, type=Authenticator.Type.TOTP).exists()
    assert client.get(org_url(cast)).status_code == 200
    assert isinstance(client.session[MFA_CHECKED], float)  # checked: no query on the next requests


def test_it_lets_the_admin_in_after_totp_is_activated(cast, client, new_admin):
    sign_in(client, new_admin.email)
    assert client.get(org_url(cast)).status_code == 302

    TOTP.activate(new_admin, TOTP_SECRET)

    assert client.get(org_url(cast)).status_code == 200


def test_it_does_not_ask_a_team_lead(cast, client):
    sign_in(client, cast.lead.email)
    assert client.get(org_url(cast)).status_code == 200
    assert client.get(cast.community.get_absolute_url()).status_code == 200


def test_it_leaves_sign_in_and_account_pages_reachable(cast, client, new_admin):
    sign_in(client, new_admin.email)
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/accounts/email/").status_code == 200
    assert client.post("/language/", {"language": "es", "next": "/"}).status_code == 302


def test_it_redirects_htmx_requests_as_a_whole_page(cast, client, new_admin):
    sign_in(client, new_admin.email)
    response = client.get(org_url(cast), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == SETUP


def test_it_asks_a_person_made_admin_at_their_next_sign_in(cast, client):
    sign_in(client, cast.lead.email)
    assert client.get(org_url(cast)).status_code == 200
    actions.do_add_membership(cast.org, user=cast.lead, role=Role.NETWORK_ADMIN)

    client.post("/accounts/logout/")
    sign_in(client, cast.lead.email)

    assert client.get(org_url(cast))["Location"] == SETUP


def test_it_asks_a_person_made_admin_during_a_long_session_within_minutes(cast, client):
    sign_in(client, cast.lead.email)
    assert client.get(org_url(cast)).status_code == 200
    actions.do_add_membership(cast.org, user=cast.lead, role=Role.NETWORK_ADMIN)
    # The session's last check is recent, so the next page does not look again ...
    assert client.get(org_url(cast)).status_code == 200

    session = client.session
    session[MFA_CHECKED] = time.time() - MFA_RECHECK_SECONDS - 1  # ... but a quarter of an hour later it does
    session.save()

    assert client.get(org_url(cast))["Location"] == SETUP


def test_it_asks_at_once_when_a_signed_in_person_accepts_an_admin_invitation(cast, client):
    sign_in(client, cast.lead.email)
    assert client.get(org_url(cast)).status_code == 200
    invitation = actions.do_invite(
        cast.org, email=cast.lead.email, role=Role.NETWORK_ADMIN, community=None, acting_user=cast.admin
    )

    client.post(invitation.get_absolute_url())

    assert client.get(org_url(cast))["Location"] == SETUP


def test_it_asks_again_when_the_admin_removes_their_authenticator(cast, client):
    client.post("/accounts/login/", {"login": cast.admin.email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": current_code(TOTP_SECRET)})
    assert client.get(org_url(cast)).status_code == 200

    # Removing an authenticator asks for the password again, even right after signing in.
    assert client.post("/accounts/2fa/totp/deactivate/")["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.post("/accounts/2fa/totp/deactivate/")

    assert not Authenticator.objects.filter(user=cast.admin, type=Authenticator.Type.TOTP).exists()
    assert client.get(org_url(cast))["Location"] == SETUP


def test_it_signs_in_an_admin_with_their_authenticator_code(cast, client):
    first_step = sign_in(client, cast.admin.email)
    assert first_step["Location"] == "/accounts/2fa/authenticate/"
    assert client.get(org_url(cast))["Location"].startswith("/accounts/login/")  # not signed in yet

    client.post("/accounts/2fa/authenticate/", {"code": current_code(TOTP_SECRET)})

    assert client.get(org_url(cast)).status_code == 200


def test_it_asks_for_the_password_before_setting_up_an_authenticator_long_after_signing_in(cast, client):
    sign_in(client, cast.lead.email)
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 600  # signed in ten minutes ago
    session.save()

    response = client.get("/accounts/2fa/totp/activate/")

    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_it_lets_a_lead_add_an_authenticator_right_after_signing_in(cast, client):
    sign_in(client, cast.lead.email)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert "You are a network admin" not in page.text

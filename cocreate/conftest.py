"""The fixed cast every test uses: one organization with two communities, a person in each role,
and people from another organization who must never see any of it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import translation

from cocreate.accounts.models import User
from cocreate.core import actions
from cocreate.core.models import Community, Initiative, Organization, Role, Stage, Team

PASSWORD = "a-long-test-password-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@dataclass
class Cast:
    org: Organization
    initiative: Initiative
    community: Community  # "Riverside": where the lead, the partner and the practitioner work
    other_community: Community  # "Lakeview", same organization
    team: Team
    admin: User
    practitioner: User
    lead: User
    partner: User
    funder: User
    evaluator: User
    finance: User
    other_community_lead: User
    other_org: Organization
    other_org_community: Community
    other_org_admin: User
    other_org_lead: User
    outsider: User  # signed in, member of nothing

    def everyone(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "admin",
                "practitioner",
                "lead",
                "partner",
                "funder",
                "evaluator",
                "finance",
                "other_community_lead",
                "other_org_admin",
                "other_org_lead",
                "outsider",
            )
        }


def make_user(email: str, name: str = "", *, language: str = "en", totp: bool = False) -> User:
    user = User.objects.create_user(email, PASSWORD, name=name, preferred_language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def member(email: str, org: Organization, role: Role, community: Community | None = None, **kw) -> User:
    """A person with a role. The cast's roles link no partner record (tests add the partners they need;
    joining and its partner record are tested in partners/tests/test_joining.py)."""
    user = make_user(email, **kw)
    actions.do_add_membership(org, user=user, role=role, community=community, link_person=False)
    return user


@pytest.fixture
def cast(db) -> Cast:
    org = Organization.objects.create(name="State Implementation Center", slug="sic")
    initiative = actions.do_create_initiative(org, name="Home Visiting Rollout")
    riverside = actions.do_create_community(initiative, name="Riverside", stage=Stage.INSTALLATION)
    lakeview = actions.do_create_community(initiative, name="Lakeview")
    team = actions.do_create_team(riverside, name="Implementation team")
    other = Organization.objects.create(name="Other Network", slug="other")
    other_initiative = actions.do_create_initiative(other, name="Other Rollout")
    other_community = actions.do_create_community(other_initiative, name="Elsewhere")
    return Cast(
        org=org,
        initiative=initiative,
        community=riverside,
        other_community=lakeview,
        team=team,
        admin=member("admin@example.org", org, Role.NETWORK_ADMIN, name="Ada Admin", totp=True),
        practitioner=member("prac@example.org", org, Role.PRACTITIONER, riverside, name="Pat Practitioner"),
        lead=member("lead@example.org", org, Role.TEAM_LEAD, riverside, name="Lee Lead"),
        partner=member("parent@example.org", org, Role.PARTNER, riverside, name="Paz Parent", language="es"),
        funder=member("funder@example.org", org, Role.FUNDER, name="Fran Funder"),
        evaluator=member("eval@example.org", org, Role.EVALUATOR, name="Eve Evaluator"),
        finance=member("finance@example.org", org, Role.FINANCE, name="Fay Finance"),
        other_community_lead=member(
            "lake-lead@example.org", org, Role.TEAM_LEAD, lakeview, name="Lou Lakeview"
        ),
        other_org=other,
        other_org_community=other_community,
        other_org_admin=member("admin@other.org", other, Role.NETWORK_ADMIN, name="Oz Other", totp=True),
        other_org_lead=member("lead@other.org", other, Role.TEAM_LEAD, other_community, name="Oli Other"),
        outsider=make_user("outsider@example.org", name="Out Sider"),
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing cost is irrelevant to what the tests check; keep the suite quick on two cores.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    # Receipts and other uploads: never into the checkout's var/media.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


# Browser tests (`@pytest.mark.e2e`): Playwright drives Debian's Chromium against pytest-django's
# live server. The server runs in another thread, so the data must be committed: `transactional_db`.
@pytest.fixture
def live_cast(transactional_db, live_server, cast) -> Cast:
    return cast


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium; skipped where none is installed, except in CI (CI=true), where it fails."""
    from cocreate.core.tests import e2e_helpers

    reason = e2e_helpers.chromium_missing_reason()
    if reason:
        if e2e_helpers.in_ci():
            pytest.fail(reason + " — CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django's ORM, called by the
    # test itself, would refuse to run beside it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # With that loop running, Django keeps a second set of connections for this thread (asgiref's
    # Local): close both sets, or PostgreSQL cannot drop the test database ("accessed by other users").
    connections.close_all()
    with sync_playwright() as playwright:
        browser = e2e_helpers.launch(playwright)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    # A request as a Spanish-preferring person leaves Spanish active in the worker's thread; code run
    # outside a request (render_to_string, charts) must not inherit it from an earlier test.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _forget_process_caches():
    # Results of closed rounds and items of published versions are kept per process, keyed by primary
    # key and a timestamp; a test database reuses both, so no test sees another test's rounds.
    from cocreate.assessments import results

    results._CLOSED.clear()
    results._FROZEN_ITEMS.clear()

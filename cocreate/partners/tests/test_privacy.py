"""One person's data: everything held about them as a file, and erasing them without breaking the counts."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.test import Client

from cocreate.core import actions as core_actions
from cocreate.core.models import Invitation, Membership, Role
from cocreate.partners import actions, privacy
from cocreate.partners.models import (
    EngagementChange,
    EngagementLevel,
    EngagementPlan,
    Level,
    Partner,
    PartnerType,
    PlanEntry,
    PrivacyEvent,
)
from cocreate.partners.tests.helpers import area


def partner_url(cast, partner, suffix=""):
    return f"/o/{cast.org.slug}/c/{partner.community.slug}/partners/{partner.pk}/{suffix}"


@pytest.fixture
def paz(cast) -> Partner:
    """The cast's parent, recorded as a partner with a sign-in, a ladder, a role and a plan entry."""
    partner = actions.do_create_partner(
        cast.community,
        name="Paz Parent",
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
        email="parent@example.org",
        phone="555-0199",
        languages="Spanish",
        affiliation="Riverside PTA",
        notes="Two kids in the program",
        consent_wording="Texts about meetings",
        user=cast.partner,
        available_days=[0, 2],
    )
    actions.do_update_partner(partner, phone="555-0200")  # a second historical version with personal data
    actions.do_set_level(
        partner,
        area(cast.community),
        current=Level.CONSULT,
        planned=Level.COLLABORATE,
        reason="Paz joined the listening sessions with her sister",
        acting_user=cast.lead,
    )
    actions.do_place_on_team(
        cast.team, partner=partner, title="Family leader", responsibilities="Co-chairs meetings"
    )
    plan = EngagementPlan.objects.get(community=cast.community)
    PlanEntry.objects.create(
        organization=cast.org,
        plan=plan,
        responsible="Lee Lead",
        partner=partner,
        strategies="Call before each meeting",
    )
    PlanEntry.objects.create(
        organization=cast.org, plan=plan, responsible="Paz Parent", strategies="Brings two more families"
    )
    return partner


def download(client, cast, partner) -> dict:
    response = client.post(partner_url(cast, partner, "privacy/export/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="riverside-partner-{partner.pk}-'
    )
    return json.loads(response.content)


def test_it_downloads_everything_held_about_a_person(client, cast, paz):
    core_actions.do_add_membership(
        cast.other_org, user=cast.partner, role=Role.PARTNER, community=cast.other_org_community
    )
    client.force_login(cast.admin)
    data = download(client, cast, paz)
    [record] = data["partner_records"]
    assert record["partner"]["name"] == "Paz Parent" and record["partner"]["phone"] == "555-0200"
    assert record["partner"]["available_days"] == [0, 2]
    assert record["engagement_levels"] == [
        {
            "area": "Co-creation partners and processes",
            "current": "Consult",
            "planned": "Collaborate",
            "changed_at": record["engagement_levels"][0]["changed_at"],
        }
    ]
    assert record["engagement_changes"][0]["reason"] == "Paz joined the listening sessions with her sister"
    assert record["engagement_changes"][0]["changed_by"] == "Lee Lead"
    assert record["team_roles"][0]["title"] == "Family leader"
    assert {e["strategies"] for e in record["plan_entries"]} == {
        "Call before each meeting",
        "Brings two more families",
    }
    assert [h["change"] for h in record["history"]] == ["created", "changed"]
    assert [h["values"]["phone"] for h in record["history"]] == ["555-0199", "555-0200"]
    assert record["privacy_events"][0]["action"] == "export"
    account = data["account"]
    assert account["email"] == "parent@example.org" and account["name"] == "Paz Parent"
    assert account["email_addresses"] == [{"email": "parent@example.org", "verified": True, "primary": True}]
    # Only this organization's roles: the other organization's are not ours to hand out.
    assert account["memberships"] == [
        {"role": "partner", "community": "Riverside", "since": account["memberships"][0]["since"]}
    ]
    assert "Other Network" not in json.dumps(data)


def test_it_records_each_download_in_the_audit_trail(client, cast, paz):
    client.force_login(cast.admin)
    download(client, cast, paz)
    event = PrivacyEvent.objects.get()
    assert (event.partner, event.action, event.acted_by, event.community) == (
        paz,
        PrivacyEvent.Action.EXPORT,
        cast.admin,
        cast.community,
    )
    assert "Downloaded everything held" in client.get(partner_url(cast, paz, "privacy/")).content.decode()


def test_a_person_without_a_sign_in_has_no_account_in_the_download(client, cast):
    partner = actions.do_create_partner(cast.community, name="Rosa", partner_type="agency")
    client.force_login(cast.admin)
    data = download(client, cast, partner)
    assert data["account"] is None and data["partner_records"][0]["partner"]["name"] == "Rosa"


def test_it_covers_every_record_of_the_person_in_the_organization(client, cast, paz):
    lakeview = actions.do_create_partner(
        cast.other_community, name="Paz P.", partner_type="community", user=cast.partner
    )
    client.force_login(cast.admin)
    data = download(client, cast, paz)
    assert [r["community"] for r in data["partner_records"]] == ["Riverside", "Lakeview"]
    client.post(partner_url(cast, paz, "privacy/erase/"), {"confirm": "on"})
    lakeview.refresh_from_db()
    assert lakeview.erased_at and lakeview.name == f"Erased partner #{lakeview.pk}"


def test_it_explains_erasure_before_doing_anything(client, cast, paz):
    client.force_login(cast.admin)
    page = client.get(partner_url(cast, paz, "privacy/erase/")).content.decode()
    assert "This cannot be undone." in page and "Their sign-in is closed" in page
    response = client.post(partner_url(cast, paz, "privacy/erase/"), {})  # the box not ticked
    assert 'id="id_confirm_error"' in response.content.decode()
    paz.refresh_from_db()
    assert paz.erased_at is None and paz.name == "Paz Parent"


def test_erasing_anonymises_the_person_and_every_earlier_version(client, cast, paz):
    client.force_login(cast.admin)
    response = client.post(partner_url(cast, paz, "privacy/erase/"), {"confirm": "on"})
    assert response["Location"] == f"/o/{cast.org.slug}/c/{cast.community.slug}/partners/"
    paz.refresh_from_db()
    assert paz.name == f"Erased partner #{paz.pk}" and paz.erased_at is not None
    for field in ("email", "phone", "affiliation", "languages", "notes", "consent_wording"):
        assert getattr(paz, field) == "", field
    assert paz.available_days == [] and paz.user is None
    # Kept, so the community's counts stay right.
    assert (paz.partner_type, paz.lived_experience) == (PartnerType.COMMUNITY, True)
    assert EngagementLevel.objects.get(partner=paz).current == Level.CONSULT
    assert paz.team_roles.count() == 1
    # The engagement reasons were written about her.
    assert EngagementChange.objects.get(partner=paz).reason == ""
    # simple_history kept every earlier version: scrubbed too.
    versions = list(paz.history.all())
    assert len(versions) == 3
    for version in versions:
        assert version.name == f"Erased partner #{paz.pk}"
        assert (version.email, version.phone, version.notes, version.user_id) == ("", "", "", None)
    assert paz.history.first().history_change_reason == "erased"
    dump = json.dumps(list(paz.history.values()), default=str)
    assert "Paz" not in dump and "555-0" not in dump and "parent@example.org" not in dump
    event = PrivacyEvent.objects.get(action="erase")
    assert event.partner == paz and event.acted_by == cast.admin
    # Gone from every page: the same 404 as for a partner who never existed.
    assert client.get(partner_url(cast, paz, "privacy/")).status_code == 404


def test_erasing_keeps_the_aggregate_counts(cast, paz):
    before = Partner.objects.filter(
        community=cast.community, partner_type="community", lived_experience=True
    ).count()
    levels = list(EngagementLevel.objects.filter(community=cast.community).values_list("current", flat=True))
    privacy.do_erase_person(paz, acting_user=cast.admin)
    assert (
        Partner.objects.filter(
            community=cast.community, partner_type="community", lived_experience=True
        ).count()
        == before
    )
    assert list(
        EngagementLevel.objects.filter(community=cast.community).values_list("current", flat=True)
    ) == (levels)


def test_erasing_signs_the_person_out_and_closes_their_sign_in(client, cast, paz):
    parent_client = Client()
    parent_client.force_login(cast.partner)
    riverside = f"/o/{cast.org.slug}/c/{cast.community.slug}/"
    assert parent_client.get(riverside).status_code == 200
    other_session = Client()
    other_session.force_login(cast.lead)  # someone else's session stays
    core_actions.do_invite(
        cast.org,
        email="parent@example.org",
        role=Role.PARTNER,
        community=cast.community,
        acting_user=cast.lead,
    )

    client.force_login(cast.admin)
    client.post(partner_url(cast, paz, "privacy/erase/"), {"confirm": "on"})

    response = parent_client.get(riverside)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert other_session.get(riverside).status_code == 200
    user = type(cast.partner).objects.get(pk=cast.partner.pk)
    assert not user.is_active and not user.has_usable_password()
    assert (user.name, user.email) == ("", f"erased-{user.pk}@invalid")
    assert not EmailAddress.objects.filter(user=user).exists()
    assert Membership.objects.filter(user=user).count() == 1  # kept: the history of roles stays whole
    assert not Session.objects.filter(session_key=parent_client.session.session_key).exists()
    assert not Invitation.objects.filter(email="parent@example.org").exists()
    assert not Invitation.history.filter(email="parent@example.org").exists()
    assert not Client().login(email="parent@example.org", password="a-long-test-password-42")


def test_a_sign_in_that_serves_another_organization_stays_theirs(client, cast, paz):
    core_actions.do_add_membership(
        cast.other_org, user=cast.partner, role=Role.PARTNER, community=cast.other_org_community
    )
    parent_client = Client()
    parent_client.force_login(cast.partner)
    client.force_login(cast.admin)
    page = client.get(partner_url(cast, paz, "privacy/erase/")).content.decode()
    assert "also belong to another organization" in page
    client.post(partner_url(cast, paz, "privacy/erase/"), {"confirm": "on"})
    user = type(cast.partner).objects.get(pk=cast.partner.pk)
    assert user.is_active and user.email == "parent@example.org"
    assert list(Membership.objects.filter(user=user).values_list("organization", flat=True)) == [
        cast.other_org.pk
    ]
    assert parent_client.get(f"/o/{cast.org.slug}/").status_code == 302  # signed out everywhere


def test_an_admin_cannot_erase_their_own_record(client, cast):
    mine = actions.do_create_partner(
        cast.community, name="Ada Admin", partner_type="intermediary", user=cast.admin
    )
    client.force_login(cast.admin)
    response = client.post(partner_url(cast, mine, "privacy/erase/"), {"confirm": "on"})
    assert "Another network admin must erase it" in response.content.decode()
    mine.refresh_from_db()
    assert mine.erased_at is None


def test_it_ends_only_that_persons_stored_sessions(cast):
    clients = [Client() for _ in range(3)]
    for c, who in zip(clients, [cast.partner, cast.partner, cast.lead], strict=True):
        c.force_login(who)
    assert privacy.end_sessions(cast.partner) == 2
    assert Session.objects.count() == 1


# Query budgets: session, user, memberships (with organization and communities) first, as everywhere.


def _warm(client, cast, who):
    client.force_login(who)
    client.get(f"/o/{cast.org.slug}/me/")


def test_the_privacy_page_query_count_is_flat(client, cast, paz, django_assert_num_queries):
    _warm(client, cast, cast.admin)
    # + community; partner; its linked user; whether that user is in another organization; the login's
    # other partner records (with their communities); the recorded privacy events (with who)
    with django_assert_num_queries(9):
        client.get(partner_url(cast, paz, "privacy/"))
    for i in range(5):
        privacy.do_export_person(paz, acting_user=cast.admin)
        actions.do_create_partner(
            cast.other_community, name=f"Paz {i}", partner_type="community", user=cast.partner
        )
    with django_assert_num_queries(9):
        client.get(partner_url(cast, paz, "privacy/"))


def test_the_download_query_count_grows_with_records_not_with_their_history(
    client, cast, paz, django_assert_num_queries
):
    _warm(client, cast, cast.admin)
    # + community; partner; in a transaction (savepoint, release): the login's other records, the events
    # recorded; the account: user, email addresses, memberships; then per record one query each for levels,
    # changes, roles, plan entries, agreements, history and events, however long those are
    with django_assert_num_queries(19):
        client.post(partner_url(cast, paz, "privacy/export/"))
    for i in range(5):
        actions.do_update_partner(paz, notes=f"note {i}")
        actions.do_set_level(
            paz,
            area(cast.community, "media"),
            current=i % 5 + 1,
            planned=5,
            reason="r",
            acting_user=cast.lead,
        )
        actions.do_place_on_team(cast.team, partner=paz, title=f"Role {i}")
    with django_assert_num_queries(19):
        client.post(partner_url(cast, paz, "privacy/export/"))

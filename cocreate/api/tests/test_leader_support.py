"""Support over time and peer networks in the API."""

from __future__ import annotations

from django.utils import timezone

from cocreate.leaders import support
from cocreate.leaders.models import NetworkMember
from cocreate.leaders.tests.factories_support import make_leader, make_network


def test_staff_list_a_communitys_leaders(client, cast):
    leader = make_leader(cast.community, "Rosa", mentor=cast.lead)
    support.do_record_completion(
        leader, acting_user=cast.lead, module=None, completed_on=timezone.localdate()
    )
    client.force_login(cast.practitioner)
    data = client.get(f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/leaders/").json()
    row = data["results"][0]
    assert row["name"] == "Rosa" and row["mentor"] == "Lee Lead" and row["onboarding_done"] == 1


def test_she_reads_her_own_leader_record_and_not_anothers(client, cast):
    herself = make_leader(cast.community, "Paz Parent", user=cast.partner)
    other = make_leader(cast.community, "Other")
    support.do_add_check_in(herself, acting_user=cast.lead, on=timezone.localdate(), notes="Went well")
    support.do_add_recognition(herself, acting_user=cast.lead, title="Led the welcome")
    base = f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/leaders/"
    client.force_login(cast.partner)
    data = client.get(f"{base}{herself.pk}/").json()
    assert data["checklist"][0]["key"] == "orientation" and data["checklist"][0]["completed_on"] is None
    assert data["check_ins"][0]["notes"] == "Went well"
    assert data["recognitions"][0]["title"] == "Led the welcome"
    assert client.get(f"{base}{other.pk}/").status_code == 403
    assert client.get(base).status_code == 403


def test_a_leader_joins_and_leaves_a_network(client, cast):
    leader = make_leader(cast.community, "Paz Parent", user=cast.partner)
    network = make_network(cast.org, "Parent leaders")
    base = f"/api/v1/orgs/{cast.org.slug}/networks/"
    client.force_login(cast.partner)
    assert client.get(base).json()["results"][0]["member"] is False
    joined = client.post(f"{base}{network.pk}/join/").json()
    assert joined["member"] is True and joined["member_count"] == 1
    assert NetworkMember.objects.filter(network=network, leader=leader).exists()
    left = client.post(f"{base}{network.pk}/leave/").json()
    assert left["member"] is False and left["member_count"] == 0
    client.force_login(cast.funder)
    assert client.get(base).status_code == 403
    client.force_login(cast.other_org_admin)
    assert client.get(base).status_code == 404

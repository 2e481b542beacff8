"""Peer networks: who sees them (member, non-member partner, funder, staff, another organization),
joining and leaving by herself, posting and deleting, meetings with their notices and calendar file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.conftest import member
from cocreate.core.errors import WriteError
from cocreate.core.models import Role
from cocreate.notifications.models import Notification

from .. import networks
from ..models import NetworkMember, NetworkPost, PostKind
from .factories_support import make_leader, make_network


def base(c):
    return f"/o/{c.org.slug}/networks/"


@pytest.fixture
def setting(cast):
    """Paz (the cast's partner) is a leader and a member; Lou is a Lakeview leader who is not."""
    paz = make_leader(cast.community, "Paz Parent", user=cast.partner)
    lou_user = member(
        "lou-parent@example.org", cast.org, Role.PARTNER, cast.other_community, name="Lou Parent"
    )
    lou = make_leader(cast.other_community, "Lou Parent", user=lou_user)
    network = make_network(cast.org, "Parent leaders", members=[paz])
    return paz, lou, lou_user, network


def test_who_sees_a_network_inside(client, cast, setting):
    paz, lou, lou_user, network = setting
    inside = f"{base(cast)}{network.pk}/"
    expected = {
        cast.partner: 200,  # a member
        lou_user: 403,  # a leader, not a member
        cast.funder: 403,
        cast.evaluator: 403,
        cast.finance: 403,
        cast.practitioner: 200,  # staff
        cast.other_community_lead: 200,
        cast.other_org_admin: 404,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(inside).status_code == status, user.email
    # The front pages: leaders and staff (name, purpose, member count), not the funder.
    client.force_login(lou_user)
    front = client.get(base(cast)).content.decode()
    assert "Parent leaders" in front and "1 member" in front
    client.force_login(cast.funder)
    assert client.get(base(cast)).status_code == 403


def test_the_members_list_shows_names_and_communities_only(client, cast, setting):
    paz, lou, lou_user, network = setting
    paz.partner.email, paz.partner.phone = "paz@example.org", "555-0100"
    paz.partner.save()
    client.force_login(cast.partner)
    page = client.get(f"{base(cast)}{network.pk}/").content.decode()
    assert "Paz Parent" in page and "Riverside" in page
    assert "paz@example.org" not in page and "555-0100" not in page


def test_she_joins_and_leaves_by_herself(client, cast, setting):
    paz, lou, lou_user, network = setting
    client.force_login(lou_user)
    assert client.post(f"{base(cast)}{network.pk}/join/").status_code == 302
    assert NetworkMember.objects.filter(network=network, leader=lou).exists()
    assert client.get(f"{base(cast)}{network.pk}/").status_code == 200
    client.post(f"{base(cast)}{network.pk}/join/")  # again: nothing new
    assert NetworkMember.objects.filter(network=network, leader=lou).count() == 1
    assert client.post(f"{base(cast)}{network.pk}/leave/").status_code == 302
    assert not NetworkMember.objects.filter(network=network, leader=lou).exists()
    # Staff cannot join on someone's behalf through the page, nor join themselves (not leaders).
    client.force_login(cast.lead)
    assert client.post(f"{base(cast)}{network.pk}/join/").status_code == 403


def test_an_archived_network_takes_nobody_new(cast, setting):
    paz, lou, lou_user, network = setting
    networks.do_archive_network(network, acting_user=cast.lead)
    network.refresh_from_db()
    with pytest.raises(WriteError):
        networks.do_join_network(network, acting_user=lou_user, leader=lou)


def test_members_and_staff_post_and_the_author_or_staff_delete(client, cast, setting):
    paz, lou, lou_user, network = setting
    NetworkMember.objects.create(organization=cast.org, network=network, leader=lou)
    client.force_login(cast.partner)
    response = client.post(
        f"{base(cast)}{network.pk}/posts/", {"kind": PostKind.WORKED, "title": "Evening meetings work"}
    )
    assert response.status_code == 302
    post = NetworkPost.objects.get(title="Evening meetings work")
    assert post.author == cast.partner
    # A resource needs a link or a description: the message at the field, nothing saved.
    response = client.post(
        f"{base(cast)}{network.pk}/posts/", {"kind": PostKind.RESOURCE, "title": "A guide"}
    )
    assert response.status_code == 400 and NetworkPost.objects.count() == 1
    # Another member cannot delete it; the author can; staff can delete anyone's.
    client.force_login(lou_user)
    assert client.post(f"{base(cast)}{network.pk}/posts/{post.pk}/delete/").status_code == 403
    client.force_login(cast.partner)
    assert client.post(f"{base(cast)}{network.pk}/posts/{post.pk}/delete/").status_code == 302
    lou_post = networks.do_add_post(network, acting_user=lou_user, kind=PostKind.WORKED, title="Child care")
    client.force_login(cast.practitioner)
    assert client.post(f"{base(cast)}{network.pk}/posts/{lou_post.pk}/delete/").status_code == 302
    assert not NetworkPost.objects.exists()
    # A partner who is not a member cannot post.
    NetworkMember.objects.filter(leader=lou).delete()
    client.force_login(lou_user)
    assert (
        client.post(f"{base(cast)}{network.pk}/posts/", {"kind": "worked", "title": "x"}).status_code == 403
    )


def test_a_network_meeting_tells_the_members_and_has_a_calendar_file(client, cast, setting):
    paz, lou, lou_user, network = setting
    NetworkMember.objects.create(organization=cast.org, network=network, leader=lou)
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(WriteError) as error:
        networks.do_plan_network_meeting(
            network, acting_user=cast.lead, title="Circle", starts_at=start, ends_at=start, place="Library"
        )
    assert "ends_at" in error.value.field_errors
    meeting = networks.do_plan_network_meeting(
        network,
        acting_user=lou_user,
        title="Circle",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Library",
    )
    # The members hear about it (not the one who planned it).
    told = set(
        Notification.objects.filter(kind="network_meeting_planned").values_list("recipient", flat=True)
    )
    assert told == {cast.partner.pk}
    client.force_login(cast.partner)
    ics = client.get(f"{base(cast)}{network.pk}/meetings/{meeting.pk}.ics")
    assert ics.status_code == 200 and b"SUMMARY:Circle" in ics.content and b"LOCATION:Library" in ics.content
    # Cancelling: the one who planned it or staff.
    assert client.post(f"{base(cast)}{network.pk}/meetings/{meeting.pk}/cancel/").status_code == 403
    client.force_login(lou_user)
    assert client.post(f"{base(cast)}{network.pk}/meetings/{meeting.pk}/cancel/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.cancelled_at is not None


def test_the_meeting_form_suggests_times_from_the_members_availability(client, cast, setting):
    paz, lou, lou_user, network = setting
    paz.partner.available_days, paz.partner.available_times = [2], ["evening"]
    paz.partner.save()
    client.force_login(cast.partner)
    page = client.get(f"{base(cast)}{network.pk}/meetings/new/").content.decode()
    assert "wednesday" in page.lower() or "miércoles" in page.lower()


def test_a_network_page_query_count_is_flat(client, cast, setting, django_assert_num_queries):
    paz, lou, lou_user, network = setting
    networks.do_add_post(network, acting_user=cast.lead, kind=PostKind.WORKED, title="First")
    client.force_login(cast.partner)
    url = f"{base(cast)}{network.pk}/"
    client.get(url)  # warm up
    with django_assert_num_queries(10) as first:
        client.get(url)
    for i in range(6):
        leader = make_leader(cast.community, f"Member {i}")
        NetworkMember.objects.create(organization=cast.org, network=network, leader=leader)
        networks.do_add_post(
            network, acting_user=cast.lead, kind=PostKind.RESOURCE, title=f"R{i}", link="https://x.org"
        )
        start = timezone.now() + timedelta(days=i + 1)
        networks.do_plan_network_meeting(
            network,
            acting_user=cast.lead,
            title=f"M{i}",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            place="Hall",
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)

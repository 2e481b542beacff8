"""Peer network pages in the permission matrix. Staff of the organization (in any community) run the
networks; the cast's partner is made a community leader, so she sees the front pages and may join or
leave; she is not a member of the network opened, so its inside pages are 403 for her as for the
funder, the evaluator and finance."""

import itertools
from datetime import timedelta

from django.utils import timezone

from cocreate.testing.routes import Route

from ..models import NetworkMeeting, NetworkPost
from .factories_support import cast_network, partner_as_leader

_n = itertools.count()
NETWORK_STAFF = frozenset({"admin", "practitioner", "lead", "other_community_lead"})
FRONT = NETWORK_STAFF | {"partner"}


def base(c):
    partner_as_leader(c)
    return f"/o/{c.org.slug}/networks/"


def network(c):
    return f"{base(c)}{cast_network(c).pk}/"


def post(c):
    n = cast_network(c)
    row = NetworkPost.objects.filter(network=n).first() or NetworkPost.objects.create(
        organization=c.org, network=n, kind="worked", title="Evening meetings", author=c.lead
    )
    return f"{network(c)}posts/{row.pk}/"


def meeting(c):
    n = cast_network(c)
    start = timezone.now() + timedelta(days=3)
    row = NetworkMeeting.objects.filter(network=n).first() or NetworkMeeting.objects.create(
        organization=c.org,
        network=n,
        title="Circle",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        created_by=c.lead,
    )
    return f"{network(c)}meetings/{row.pk}"


def meeting_form(c):
    start = timezone.localtime() + timedelta(days=5)
    return {
        "title": "Peer circle",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Library",
    }


def _post(name, url, allowed, data):
    return Route(name, url, allowed, method="post", data=data, allowed_status=302)


ROUTES = [
    Route("leaders:networks", base, FRONT),
    Route("leaders:network_create", lambda c: f"{base(c)}new/", NETWORK_STAFF),
    _post(
        "leaders:network_create",
        lambda c: f"{base(c)}new/",
        NETWORK_STAFF,
        lambda c: {"name": f"New one {next(_n)}"},
    ),
    Route("leaders:network", network, NETWORK_STAFF),
    Route("leaders:network_edit", lambda c: f"{network(c)}edit/", NETWORK_STAFF),
    _post(
        "leaders:network_edit",
        lambda c: f"{network(c)}edit/",
        NETWORK_STAFF,
        lambda c: {"name": f"Renamed {next(_n)}"},
    ),
    _post("leaders:network_archive", lambda c: f"{network(c)}archive/", NETWORK_STAFF, lambda c: {}),
    # Joining and leaving: a leader, for herself (staff are not leaders: 403).
    _post("leaders:network_join", lambda c: f"{network(c)}join/", frozenset({"partner"}), lambda c: {}),
    _post("leaders:network_leave", lambda c: f"{network(c)}leave/", frozenset({"partner"}), lambda c: {}),
    _post(
        "leaders:network_post",
        lambda c: f"{network(c)}posts/",
        NETWORK_STAFF,
        lambda c: {"kind": "worked", "title": "Child care on site"},
    ),
    _post("leaders:network_post_delete", lambda c: f"{post(c)}delete/", NETWORK_STAFF, lambda c: {}),
    Route("leaders:network_meeting_create", lambda c: f"{network(c)}meetings/new/", NETWORK_STAFF),
    _post(
        "leaders:network_meeting_create", lambda c: f"{network(c)}meetings/new/", NETWORK_STAFF, meeting_form
    ),
    _post("leaders:network_meeting_cancel", lambda c: f"{meeting(c)}/cancel/", NETWORK_STAFF, lambda c: {}),
    Route("leaders:network_meeting_ics", lambda c: f"{meeting(c)}.ics", NETWORK_STAFF),
]

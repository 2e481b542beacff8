"""The demo's support over time and peer network: María López (the Spanish-speaking parent at
Riverside) is a community leader with the orientation and two modules done, Dana (the team lead) as
her mentor with two check-ins, and one recognition she agreed to show on the community page; Keisha
Brown leads too, still without a mentor (so the "needs support" list has someone). A peer network,
"Parent leaders across the state", has María and Ahmed Hassan (Lakeview) as members, one post of each
kind and one meeting coming up. Written through the `do_*` functions; whatever is there is left alone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.partners.models import Partner

from . import networks, support
from .models import Leader, NetworkMember, NetworkPost, PeerNetwork, PostKind

NETWORK = "Parent leaders across the state"


def seed_support(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None:
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    dana, parent = people.get("lead"), people.get("parent")
    if dana is None or parent is None:
        return
    org = riverside.organization
    support.do_add_default_modules(org, acting_user=None)
    maria = Partner.objects.active().filter(organization=org, community=riverside, user=parent).first()
    if maria is None:
        return
    today = timezone.localdate()
    maria_leader = _maria(maria, dana, today)
    keisha = (
        Partner.objects.active().filter(organization=org, community=riverside, name="Keisha Brown").first()
    )
    if keisha is not None and not Leader.objects.filter(partner=keisha).exists():
        support.do_make_leader(keisha, acting_user=dana, started_on=today - timedelta(days=75))
    lakeview = communities.get("lakeview")
    ahmed = (
        Partner.objects.active().filter(organization=org, community=lakeview, name="Ahmed Hassan").first()
        if lakeview is not None
        else None
    )
    ahmed_leader = None
    if ahmed is not None:
        ahmed_leader = Leader.objects.filter(partner=ahmed).first() or support.do_make_leader(
            ahmed, acting_user=dana, started_on=today - timedelta(days=120)
        )
    _network(org, dana, [maria_leader] + ([ahmed_leader] if ahmed_leader else []), today)


def _maria(maria: Partner, dana: User, today) -> Leader:
    leader = Leader.objects.filter(partner=maria).first()
    if leader is not None:
        return leader
    leader = support.do_make_leader(maria, acting_user=dana, started_on=today - timedelta(days=90))
    leader.community = maria.community
    support.do_record_completion(
        leader, acting_user=dana, module=None, completed_on=today - timedelta(days=85)
    )
    for module, days in zip(
        support.modules_of(leader.organization_id).filter(active=True)[:2], (70, 40), strict=False
    ):
        support.do_record_completion(
            leader, acting_user=dana, module=module, completed_on=today - timedelta(days=days)
        )
    support.do_set_mentor(leader, acting_user=dana, mentor=dana, mentor_since=today - timedelta(days=88))
    support.do_add_check_in(
        leader,
        acting_user=dana,
        on=today - timedelta(days=60),
        notes="First month: María feels ready to co-facilitate the family advisory group. "
        "We agreed she would lead the welcome at the next team meeting.",
    )
    support.do_add_check_in(
        leader,
        acting_user=dana,
        on=today - timedelta(days=14),
        notes="Talked through the data review. She asked for the charts in Spanish before the meeting.",
    )
    support.do_add_recognition(
        leader,
        acting_user=dana,
        title="Led the family listening session that shaped the new visit schedule",
        description="María brought twelve families to the session and ran it in Spanish and English. "
        "Evening visits were added because of what the families told us.",
        on=today - timedelta(days=20),
    )
    # She said yes to showing it on the community page (her agreement, recorded by Dana).
    support.do_set_public_recognitions(leader, acting_user=dana, show=True, agreed=True)
    return leader


def _network(org, dana: User, members: list[Leader], today) -> None:
    if PeerNetwork.objects.filter(organization=org, name=NETWORK).exists():
        return
    network = networks.do_save_network(
        PeerNetwork(organization=org),
        acting_user=dana,
        name=NETWORK,
        purpose="Community leaders from every community meet once a month to share what worked, "
        "swap resources and support each other.",
    )
    for leader in members:
        if not NetworkMember.objects.filter(network=network, leader=leader).exists():
            networks.do_join_network(network, acting_user=None, leader=leader)
    if not NetworkPost.objects.filter(network=network).exists():
        networks.do_add_post(
            network,
            acting_user=dana,
            kind=PostKind.RESOURCE,
            title="A one-page guide to reading a run chart",
            body="What the middle line means, and when a change is a real one.",
            link="https://example.org/run-chart-guide",
        )
        networks.do_add_post(
            network,
            acting_user=dana,
            kind=PostKind.WORKED,
            title="Meeting in the evening, with child care on site",
            body="Riverside moved its family meetings to 6 pm with child care in the next room: "
            "twice as many parents came.",
        )
    start = timezone.make_aware(datetime.combine(today + timedelta(days=10), time(18, 0)))
    networks.do_plan_network_meeting(
        network,
        acting_user=dana,
        title="Monthly peer circle",
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
        place="Riverside Family Resource Centre, room 2",
        online_link="https://meet.example.org/peer-circle",
        agenda="Welcome and check-in, what worked this month, then planning the spring family fair together.",
    )

"""Leaders, made directly with the ORM, for the support and network tests."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from cocreate.core.models import Community
from cocreate.partners.models import Partner, PartnerType

from ..models import Leader, NetworkMember, PeerNetwork


def make_partner(
    community: Community, name: str = "Rosa Parent", *, user=None, lived: bool = True
) -> Partner:
    return Partner.objects.create(
        organization=community.organization,
        community=community,
        name=name,
        partner_type=PartnerType.COMMUNITY,
        lived_experience=lived,
        user=user,
    )


def make_leader(
    community: Community,
    name: str = "Rosa Parent",
    *,
    user=None,
    started_on: date | None = None,
    mentor=None,
    last_check_in_on: date | None = None,
) -> Leader:
    partner = make_partner(community, name, user=user)
    return Leader.objects.create(
        organization=community.organization,
        community=community,
        partner=partner,
        started_on=started_on or timezone.localdate() - timedelta(days=10),
        mentor=mentor,
        mentor_since=timezone.localdate() - timedelta(days=5) if mentor else None,
        last_check_in_on=last_check_in_on,
    )


def make_network(org, name: str = "Parent leaders", *, members=()) -> PeerNetwork:
    network = PeerNetwork.objects.create(organization=org, name=name, purpose="Support each other")
    for leader in members:
        NetworkMember.objects.create(organization=org, network=network, leader=leader)
    return network


def riverside_leader(c) -> Leader:
    """A Riverside leader (not the cast's partner): the one the route matrix opens."""
    leader = Leader.objects.filter(community=c.community, partner__name="Rosa Route").first()
    return leader or make_leader(c.community, "Rosa Route")


def partner_as_leader(c) -> Leader:
    """The cast's partner (a parent at Riverside) as a community leader with a partner record."""
    leader = Leader.objects.filter(partner__user=c.partner).first()
    return leader or make_leader(c.community, "Paz Parent", user=c.partner)


def cast_network(c) -> PeerNetwork:
    return PeerNetwork.objects.filter(organization=c.org, name="Route network").first() or make_network(
        c.org, "Route network"
    )

"""Checked reads for assessments: same 404 for missing and not-visible, 403 for a role that may not act.

Answering is not a role: a person answers an administration because they were invited to it, so
`access_invitee` checks the invitation, not the role table.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cocreate.core.access import Tenant, access_community
from cocreate.core.models import Community

from .models import Administration, Instrument, InstrumentVersion, Invitee, VersionStatus


def administrations_in(tenant: Tenant, community: Community) -> QuerySet[Administration]:
    tenant.require("assessment.view", community)
    return Administration.objects.filter(organization=tenant.organization, community=community)


def access_administration(
    tenant: Tenant, community: Community, pk: int, action: str = "assessment.view"
) -> Administration:
    """An administration of a community the person may see, with its version and instrument (one query)."""
    adm = (
        Administration.objects.select_related("version__instrument")
        .filter(organization=tenant.organization, community=community, pk=pk)
        .first()
    )
    if adm is None:
        raise Http404
    tenant.require(action, community)
    adm.community = community
    adm.organization = tenant.organization
    return adm


def access_invitee(tenant: Tenant, adm: Administration) -> Invitee:
    """The signed-in person's invitation to answer `adm`; 404 for anyone not invited."""
    invitee = Invitee.objects.filter(administration=adm, user=tenant.user).first()
    if invitee is None:
        raise Http404
    invitee.administration = adm
    return invitee


def access_own_invitation(tenant: Tenant, slug: str, pk: int) -> Invitee:
    """The signed-in person's invitation to round `pk` of community `slug`, with the round, its version and
    its community: one query where `access_community`, `access_administration` and `access_invitee`
    take three (answering is the busiest write). Anything else falls back to those, for their answers
    (404 for a community or round out of sight, 403 for a role, 404 for no invitation)."""
    # One invitation per person and round, so .get(): unlike .first(), it does not sort (the busiest
    # write pays for every join an ORDER BY adds).
    try:
        invitee = Invitee.objects.select_related(
            "administration__version", "administration__community__initiative"
        ).get(
            user=tenant.user,
            administration_id=pk,
            administration__organization=tenant.organization,
            administration__community__slug=slug,
        )
    except Invitee.DoesNotExist:
        adm = access_administration(tenant, access_community(tenant, slug), pk)
        return access_invitee(tenant, adm)
    adm = invitee.administration
    community = adm.community
    tenant._check_visible(community)
    tenant.require("assessment.view", community)
    community.organization = community.initiative.organization = adm.organization = tenant.organization
    return invitee


def instruments_for(tenant: Tenant) -> QuerySet[Instrument]:
    """The built-in instruments and the organization's own."""
    return Instrument.objects.filter(Q(organization__isnull=True) | Q(organization=tenant.organization))


def usable_versions(tenant: Tenant) -> QuerySet[InstrumentVersion]:
    """Published versions a facilitator can open an administration with.

    Where the organization has published its own adaptation of an instrument, that replaces the
    built-in one of the same key in the list.
    """
    own_keys = InstrumentVersion.objects.filter(
        instrument__organization=tenant.organization, status=VersionStatus.PUBLISHED
    ).values("instrument__key")
    return (
        InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .filter(
            Q(instrument__organization=tenant.organization)
            | Q(instrument__organization__isnull=True) & ~Q(instrument__key__in=own_keys)
        )
        .select_related("instrument")
        .order_by("instrument__key")
    )


def access_version(tenant: Tenant, pk: int, action: str = "instrument.view") -> InstrumentVersion:
    version = (
        InstrumentVersion.objects.select_related("instrument")
        .filter(pk=pk)
        .filter(Q(instrument__organization__isnull=True) | Q(instrument__organization=tenant.organization))
        .first()
    )
    if version is None:
        raise Http404
    # Reading the library is open to team leads (community roles); changing it is organization-wide.
    allowed = tenant.can_anywhere(action) if action == "instrument.view" else tenant.can(action)
    if not allowed:
        raise PermissionDenied
    return version

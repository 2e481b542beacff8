"""Writes for partners and the engagement ladder. Pages, the API, imports and tests all call these."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership, Role, Team

from .models import (
    CAPACITY_DOMAINS,
    EngagementArea,
    EngagementChange,
    EngagementLevel,
    EngagementPlan,
    Partner,
    PartnerType,
    TeamRole,
)


def default_areas_for(community: Community) -> list[EngagementArea]:
    # Stored in English; the five domains are shown translated (EngagementArea.label).
    return [
        EngagementArea(
            organization_id=community.organization_id,
            community=community,
            key=key,
            name=str(name),
            position=i,
            is_default=True,
        )
        for i, (key, name) in enumerate(CAPACITY_DOMAINS)
    ]


def add_default_areas_to_new_community(
    sender, instance: Community, created: bool, raw: bool = False, **kwargs
):
    """Every new community starts with the five domains as areas and an empty engagement plan."""
    if created and not raw:
        EngagementArea.objects.bulk_create(default_areas_for(instance))
        EngagementPlan.objects.create(organization_id=instance.organization_id, community=instance)


@transaction.atomic
def do_add_area(community: Community, *, name: str, acting_user=None) -> EngagementArea:
    """A community's own area of work, after the five domains."""
    existing = list(community.engagement_areas.values_list("key", "position"))
    taken = {key for key, _ in existing}
    base = slugify(name)[:50] or "area"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return EngagementArea.objects.create(
        organization_id=community.organization_id,
        community=community,
        name=name,
        key=key,
        position=max((position for _, position in existing), default=-1) + 1,
    )


@transaction.atomic
def do_create_partner(community: Community, *, acting_user=None, **fields) -> Partner:
    partner = Partner(organization_id=community.organization_id, community=community, **fields)
    partner._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    partner.save()
    return partner


@transaction.atomic
def do_update_partner(partner: Partner, *, acting_user=None, version: int | None = None, **fields) -> Partner:
    """Change a partner's details; an edit started from an older `version` raises StaleEdit."""
    claim_edit(partner, version)
    for key, value in fields.items():
        setattr(partner, key, value)
    partner._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    partner.save()
    return partner


@transaction.atomic
def do_set_archived(partner: Partner, *, archived: bool, acting_user=None) -> Partner:
    """Archive a partner or bring them back; asking twice changes nothing the second time."""
    current = lock(partner)
    if (current.archived_at is not None) == archived:
        partner.archived_at = current.archived_at
        return partner
    partner.archived_at = timezone.now() if archived else None
    partner._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    partner.save(update_fields=["archived_at"])
    return partner


class LevelUnchanged(WriteError):
    def __init__(self, levels=None):
        super().__init__({"current": _("These are the levels already recorded: change one of them.")})


@transaction.atomic
def do_set_level(
    partner: Partner, area: EngagementArea, *, current: int, planned: int, reason: str, acting_user, when=None
) -> EngagementChange:
    """Move a partner on the ladder in one area (current and/or planned level), recording who and why.

    Counts as engagement: the partner's `last_engaged_on` moves to today when the current level is set.
    The same change sent again by the same person (a double click, a retry) returns the change already
    made; levels that are already recorded otherwise raise LevelUnchanged.
    """
    if area.community_id != partner.community_id:
        raise ValueError("area and partner belong to different communities")
    if planned < current:
        raise WriteError(
            {
                "planned": _(
                    "The planned level is where the team aims to take the partnership: choose the current "
                    "level or a deeper one."
                )
            }
        )
    lock(partner)  # one level change of a partner at a time, even where no level row exists yet
    when = when or timezone.now()
    level = EngagementLevel.objects.select_for_update().filter(partner=partner, area=area).first()
    if level is not None and level.current == current and level.planned == planned:
        latest = (
            EngagementChange.objects.filter(partner=partner, area=area).order_by("-changed_at", "-pk").first()
        )
        if latest is not None and latest.changed_by == acting_user and latest.reason == reason:
            return latest
        raise LevelUnchanged((current, planned))
    change = EngagementChange.objects.create(
        organization_id=partner.organization_id,
        community_id=partner.community_id,
        partner=partner,
        area=area,
        from_current=level.current if level else None,
        to_current=current,
        from_planned=level.planned if level else None,
        to_planned=planned,
        reason=reason,
        changed_by=acting_user,
        changed_at=when,
    )
    if level is None:
        EngagementLevel.objects.create(
            organization_id=partner.organization_id,
            community_id=partner.community_id,
            partner=partner,
            area=area,
            current=current,
            planned=planned,
            changed_at=when,
        )
    else:
        level.current, level.planned, level.changed_at = current, planned, when
        level.save(update_fields=["current", "planned", "changed_at"])
    if change.from_current != current:
        Partner.objects.filter(pk=partner.pk).update(last_engaged_on=timezone.localdate(when))
    return change


@transaction.atomic
def do_record_engagement(partner: Partner, *, on=None, acting_user=None) -> Partner:
    """Note that the team was in touch with this partner (a meeting, a call, a listening session)."""
    partner.last_engaged_on = on or timezone.localdate()
    partner.save(update_fields=["last_engaged_on"])
    return partner


@transaction.atomic
def do_place_on_team(
    team: Team, *, partner: Partner, title: str, responsibilities: str = "", acting_user=None
) -> TeamRole:
    if team.community_id != partner.community_id:
        raise ValueError("team and partner belong to different communities")
    role = TeamRole(
        organization_id=team.organization_id,
        community_id=team.community_id,
        team=team,
        partner=partner,
        title=title,
        responsibilities=responsibilities,
    )
    role._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    role.save()
    return role


@transaction.atomic
def do_remove_from_team(role: TeamRole, *, acting_user=None) -> None:
    role._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    role.delete()


# The usual partner type for each role in a community (an invitation can choose another).
TYPE_FOR_ROLE = {
    Role.PARTNER: PartnerType.COMMUNITY,
    Role.TEAM_LEAD: PartnerType.AGENCY,
    Role.PRACTITIONER: PartnerType.INTERMEDIARY,
    Role.NETWORK_ADMIN: PartnerType.INTERMEDIARY,
    Role.FUNDER: PartnerType.FUNDER,
    Role.EVALUATOR: PartnerType.RESEARCH,
    Role.FINANCE: PartnerType.INTERMEDIARY,
}


def partner_kinds() -> list[tuple[str, object]]:
    return list(PartnerType.choices)


def link_member(
    membership: Membership, *, kind: str = "", lived_experience: bool | None = None, acting_user=None
) -> Partner:
    """The `core.registry.person_links` hook: a person with a role in a community is one partner there.

    Her record is found by her sign-in, else by her email among the community's partners not yet linked
    to anyone, else made (named as in her profile). An invitation's partner type is what the team said
    about her last, so it applies to a record found too, and its lived-experience flag is added (never
    taken away: the record may know more); a new record without them takes the usual type for her
    role. An archived record is listed again: she is back at the table. Runs inside the membership's
    transaction."""
    user, community = membership.user, membership.community
    assert community is not None
    partners = (
        Partner.objects.select_for_update().filter(community=community, erased_at__isnull=True).order_by("pk")
    )
    partner = partners.filter(user=user).first() or (
        partners.filter(user__isnull=True, email__iexact=user.email).first() if user.email else None
    )
    if partner is None:
        return do_create_partner(
            community,
            acting_user=acting_user,
            name=user.display_name,
            email=user.email,
            user=user,
            partner_type=kind or TYPE_FOR_ROLE.get(Role(membership.role), PartnerType.COMMUNITY),
            lived_experience=bool(lived_experience),
        )
    fields: dict[str, object] = {}
    if partner.user_id is None:
        fields["user"] = user
    if kind and partner.partner_type != kind:
        fields["partner_type"] = kind
    if lived_experience and not partner.lived_experience:
        fields["lived_experience"] = True
    if partner.archived_at is not None:
        fields["archived_at"] = None
    if fields:
        claim_edit(partner, None)  # a form opened on the record before is told it changed
        for key, value in fields.items():
            setattr(partner, key, value)
        partner._history_user = acting_user  # read by simple_history on save
        partner.save(update_fields=[*fields, "version"])
    return partner

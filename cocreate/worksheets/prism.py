"""The perspective prism: for each role, does anyone on the community's team speak for it?

A role is held when the team named someone for it (the `held_by` column) or when the community has an
active partner of the role's kind (`partner_type`). A role nobody holds offers staff "Add this
stakeholder": a partner record of that kind, to invite, made once per role (`WorksheetPartner`), so a
second click — or two people clicking at once — makes nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocreate.core.concurrency import lock
from cocreate.core.errors import WriteError
from cocreate.partners.actions import do_create_partner
from cocreate.partners.models import Partner, PartnerType

from .kinds import Extra, choice_labels, field_definition, plain, row_key, rows
from .models import Worksheet, WorksheetPartner

SHOWN_NAMES = 3  # partners named per role; the rest are counted


@dataclass
class RoleHolding:
    key: str
    role: str
    colour: str
    colour_label: str
    partner_type: str
    held_by: str
    partners: list[Partner] = field(default_factory=list)
    more_partners: int = 0
    made: Partner | None = None  # the partner record this worksheet made for the role

    @property
    def held(self) -> bool:
        return bool(self.held_by or self.partners or self.made)

    @property
    def can_be_added(self) -> bool:
        """A partner record can be made for it: a role of one of the five partner kinds."""
        return self.partner_type in PartnerType.values


def holdings(worksheet: Worksheet, content: dict) -> list[RoleHolding]:
    """Each role of the prism with who holds it (two queries: the partners of those kinds, the links)."""
    language = (get_language() or "en")[:2]
    colours = choice_labels(field_definition(worksheet, "roles", "roles"), "colour")
    roles = []
    for i, row in enumerate(rows(content, "roles", "roles")):
        name = plain(row.get("role"), language).strip()
        if not name:
            continue
        colour = str(row.get("colour") or "")
        roles.append(
            RoleHolding(
                key=row_key(row, i),
                role=name,
                colour=colour if colour in colours else "",
                colour_label=plain(colours.get(colour), language),
                partner_type=str(row.get("partner_type") or ""),
                held_by=plain(row.get("held_by"), language).strip(),
            )
        )
    if worksheet.community_id is None or not roles:
        return roles
    kinds = {r.partner_type for r in roles if r.can_be_added}
    by_kind: dict[str, list[Partner]] = {}
    for partner in (
        Partner.objects.active()
        .filter(community_id=worksheet.community_id, partner_type__in=kinds)
        .only("pk", "name", "partner_type", "community_id")
        .order_by("name")
    ):
        by_kind.setdefault(partner.partner_type, []).append(partner)
    made = {
        link.row_key: link.partner
        for link in WorksheetPartner.objects.filter(worksheet=worksheet).select_related("partner")
    }
    for role in roles:
        role.made = made.get(role.key)
        others = [p for p in by_kind.get(role.partner_type, []) if role.made is None or p.pk != role.made.pk]
        role.partners, role.more_partners = others[:SHOWN_NAMES], max(0, len(others) - SHOWN_NAMES)
    return roles


def extra(worksheet, *, content: dict, tenant=None) -> Extra:
    roles = holdings(worksheet, content)
    community = worksheet.community
    return Extra(
        "worksheets/kinds/prism_roles.html",
        {
            "worksheet": worksheet,
            "roles": roles,
            "missing": [r for r in roles if not r.held],
            "can_add": bool(
                tenant is not None and community is not None and tenant.can("partner.change", community)
            ),
            "printed": tenant is None,
        },
    )


@transaction.atomic
def do_add_stakeholder(worksheet: Worksheet, row: str, *, acting_user) -> WorksheetPartner:
    """Make a partner record, to invite, for a role of the prism nobody on the team holds. A role that
    has one already gets the same one back (a repeat or a burst of clicks makes nothing twice)."""
    if worksheet.community_id is None:
        raise WriteError(_("Only a community's prism can add partners to its team."))
    worksheet = lock(worksheet)
    existing = (
        WorksheetPartner.objects.filter(worksheet=worksheet, row_key=row).select_related("partner").first()
    )
    if existing is not None:
        return existing
    role = next((r for r in holdings(worksheet, worksheet.content) if r.key == row), None)
    if role is None:
        raise WriteError(_("This role is no longer on the prism."))
    if not role.can_be_added:
        raise WriteError(_("Choose which kind of partner this role is before adding it."))
    community = worksheet.community
    assert community is not None  # checked above
    partner = do_create_partner(
        community,
        acting_user=acting_user,
        name=_("%(role)s (to invite)") % {"role": role.role[:180]},
        partner_type=role.partner_type,
        lived_experience=role.partner_type == PartnerType.COMMUNITY,
        notes=_(
            'Added from the perspective prism "%(title)s": nobody on the team spoke for the role '
            '"%(role)s". Find someone in this role, invite them, and put their name here.'
        )
        % {"title": worksheet.title, "role": role.role},
    )
    return WorksheetPartner.objects.create(
        organization_id=worksheet.organization_id,
        community=community,
        worksheet=worksheet,
        row_key=row,
        partner=partner,
    )

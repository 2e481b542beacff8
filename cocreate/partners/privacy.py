"""Everything held about one person, and erasing it (network admins only; both recorded as PrivacyEvents).

A "person" is a partner record, together with the organization's other partner records linked to the
same login (someone can be a partner in two communities). Erasure anonymises what identifies them and
keeps what the team's counts are made of (partner type, lived experience, levels and their movement),
so the community's charts and gaps stay true. simple_history keeps every earlier version of a partner,
so those versions are scrubbed too.

The login is the person's and may serve another organization as well. When it serves only this one it
is deactivated and its name and email are replaced; when it also serves another organization, only
this organization's memberships are removed and the account is left to them. Either way every session
of the account is ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.actions import do_end_sessions
from cocreate.accounts.models import User
from cocreate.core.actions import do_remove_membership
from cocreate.core.errors import WriteError
from cocreate.core.models import Invitation, Membership, Organization

from .models import (
    Agreement,
    EngagementChange,
    EngagementLevel,
    Partner,
    PlanEntry,
    PrivacyEvent,
    TeamRole,
)

ERASED_NAME = "Erased partner #{pk}"  # stored data, not interface text: the same in every language
PARTNER_FIELDS = [
    "name",
    "is_organization",
    "partner_type",
    "lived_experience",
    "affiliation",
    "languages",
    "email",
    "phone",
    "available_days",
    "available_times",
    "consent_on",
    "consent_wording",
    "last_engaged_on",
    "notes",
    "created_at",
    "archived_at",
    "erased_at",
]
# What erasure clears (on the partner and on every historical version of it).
PERSONAL: dict[str, Any] = {
    "email": "",
    "phone": "",
    "affiliation": "",
    "languages": "",
    "notes": "",
    "consent_wording": "",
    "consent_on": None,
    "available_days": [],
    "available_times": [],
    "user_id": None,
}


def person_records(partner: Partner) -> list[Partner]:
    """This partner record first, then the organization's other records linked to the same login."""
    if not partner.user_id:
        return [partner]
    others = (
        Partner.objects.filter(
            organization_id=partner.organization_id, user_id=partner.user_id, erased_at__isnull=True
        )
        .exclude(pk=partner.pk)
        .select_related("community")
        .order_by("community__name", "pk")
    )
    return [partner, *others]


def _who(user) -> str | None:
    return user.display_name if user is not None else None


def _record(partner: Partner) -> dict:
    """One partner record with all that hangs off it."""
    levels = EngagementLevel.objects.filter(partner=partner).select_related("area")
    changes = EngagementChange.objects.filter(partner=partner).select_related("area", "changed_by")
    roles = TeamRole.objects.filter(partner=partner).select_related("team")
    # "Naming them": entries about this partner, and free text that writes their name.
    named = (
        Q(partner=partner) | Q(responsible__icontains=partner.name) if partner.name else Q(partner=partner)
    )
    entries = PlanEntry.objects.filter(named, plan__community_id=partner.community_id)
    agreements = (
        Agreement.objects.filter(plan__community_id=partner.community_id, with_whom__icontains=partner.name)
        if partner.name
        else Agreement.objects.none()
    )
    history = partner.history.select_related("history_user").order_by("history_date", "history_id")
    events = partner.privacy_events.select_related("acted_by")
    return {
        "id": partner.pk,
        "community": partner.community.name,
        "partner": {f: getattr(partner, f) for f in PARTNER_FIELDS}
        | {"partner_type_label": str(partner.get_partner_type_display())},
        "engagement_levels": [
            {
                "area": str(lv.area.label),
                "current": lv.get_current_display(),
                "planned": lv.get_planned_display(),
                "changed_at": lv.changed_at,
            }
            for lv in levels
        ],
        "engagement_changes": [
            {
                "area": str(ch.area.label),
                "from_current": ch.from_current,
                "to_current": ch.to_current,
                "from_planned": ch.from_planned,
                "to_planned": ch.to_planned,
                "reason": ch.reason,
                "changed_by": _who(ch.changed_by),
                "changed_at": ch.changed_at,
            }
            for ch in changes
        ],
        "team_roles": [
            {
                "team": r.team.name,
                "title": r.title,
                "responsibilities": r.responsibilities,
                "since": r.created_at,
            }
            for r in roles
        ],
        "plan_entries": [
            {
                "responsible": e.responsible,
                "strategies": e.strategies,
                "about_this_partner": e.partner_id == partner.pk,
            }
            for e in entries
        ],
        "agreements": [
            {"with_whom": a.with_whom, "what": a.what, "agreed_on": a.agreed_on} for a in agreements
        ],
        "history": [
            {
                "at": h.history_date,
                "change": {"+": "created", "~": "changed", "-": "deleted"}[h.history_type],
                "by": _who(h.history_user),
                "reason": h.history_change_reason,
                "values": {f: getattr(h, f) for f in PARTNER_FIELDS},
            }
            for h in history
        ],
        "privacy_events": [{"action": e.action, "by": _who(e.acted_by), "at": e.acted_at} for e in events],
    }


def _account(user, organization: Organization) -> dict:
    from allauth.account.models import EmailAddress

    memberships = Membership.objects.filter(user=user, organization=organization).select_related("community")
    return {
        "email": user.email,
        "name": user.name,
        "preferred_language": user.preferred_language,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        # Only this organization's: another organization's relationship with them is not ours to hand out.
        "memberships": [
            {"role": m.role, "community": m.community.name if m.community else None, "since": m.created_at}
            for m in memberships
        ],
    }


def person_export(partner: Partner, records: list[Partner] | None = None) -> dict:
    """Everything the organization holds about the person behind `partner`, ready for JSON."""
    organization = partner.community.organization
    records = person_records(partner) if records is None else records
    return {
        "exported_at": timezone.now(),
        "organization": organization.name,
        "account": _account(partner.user, organization) if partner.user_id else None,
        "partner_records": [_record(p) for p in records],
    }


@transaction.atomic
def do_export_person(partner: Partner, *, acting_user) -> dict:
    """The export, recorded in the audit trail first (one event per partner record handed out)."""
    records = person_records(partner)
    now = timezone.now()
    PrivacyEvent.objects.bulk_create(
        PrivacyEvent(
            organization_id=p.organization_id,
            community_id=p.community_id,
            partner=p,
            action=PrivacyEvent.Action.EXPORT,
            acted_by=acting_user,
            acted_at=now,
        )
        for p in records
    )
    return person_export(partner, records)


@dataclass
class Erasure:
    """What erasing a person touches; shown on the confirmation page, returned once done."""

    records: list[Partner]
    user: User | None
    other_organizations: bool  # the login also serves another organization: it stays theirs
    sessions_ended: int = 0
    memberships_removed: int = 0
    done: bool = False


def erasure_plan(partner: Partner) -> Erasure:
    user = partner.user if partner.user_id else None
    other = (
        bool(user)
        and Membership.objects.filter(user=user).exclude(organization_id=partner.organization_id).exists()
    )
    return Erasure(records=person_records(partner), user=user, other_organizations=other)


class CannotEraseYourself(WriteError):
    def __init__(self):
        super().__init__(_("You cannot erase yourself: ask another network admin."))


@transaction.atomic
def do_erase_person(partner: Partner, *, acting_user) -> Erasure:
    """Anonymise the person behind `partner` in this organization, end their sessions, record it.

    Kept: partner type, lived experience, organization flag, engagement levels and changes (without
    their reasons, which are written about the person), team roles, plan entries (now naming
    "Erased partner #<pk>"). Cleared: name, contact, affiliation, languages, availability, consent,
    notes — on the partner and on every historical version of it.
    """
    plan = erasure_plan(partner)
    user = plan.user
    if user is not None and user.pk == getattr(acting_user, "pk", None):
        raise CannotEraseYourself()
    now = timezone.now()
    pks = [p.pk for p in plan.records]
    for record in plan.records:
        record.name = ERASED_NAME.format(pk=record.pk)
        for name, value in PERSONAL.items():
            setattr(record, name, value)
        record.erased_at = now
        record._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
        record._change_reason = "erased"  # type: ignore[attr-defined]  # read by simple_history on save
        record.save()
    Partner.history.filter(id__in=pks).update(name=_erased_name_sql(), **PERSONAL)
    EngagementChange.objects.filter(partner_id__in=pks).update(reason="")
    PrivacyEvent.objects.bulk_create(
        PrivacyEvent(
            organization_id=p.organization_id,
            community_id=p.community_id,
            partner_id=p.pk,
            action=PrivacyEvent.Action.ERASE,
            acted_by=acting_user,
            acted_at=now,
        )
        for p in plan.records
    )
    if user is not None:
        _scrub_invitations(partner.organization_id, user)
        if plan.other_organizations:
            memberships = Membership.objects.filter(user=user, organization_id=partner.organization_id)
            plan.memberships_removed = len(memberships)
            for membership in memberships:
                do_remove_membership(membership)  # one by one, so the membership history records who left
        else:
            _close_account(user)
        plan.sessions_ended = end_sessions(user)
        do_end_sessions(user, acting_user=acting_user)  # any session store, and her API tokens
    plan.done = True
    return plan


def _erased_name_sql():
    """'Erased partner #<id>' built by the database, to update every historical version in one query."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(Value("Erased partner #"), Cast("id", CharField()), output_field=CharField())


def _scrub_invitations(organization_id: int, user) -> None:
    placeholder = f"erased-{user.pk}@invalid"
    mine = Q(organization_id=organization_id) & (Q(accepted_by=user) | Q(email__iexact=user.email))
    Invitation.objects.filter(mine).update(email=placeholder)
    Invitation.history.filter(mine).update(email=placeholder)


def _close_account(user) -> None:
    """Deactivate the login, forget its name and addresses; the row stays so memberships' history holds."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    user.name = ""
    user.email = f"erased-{user.pk}@invalid"
    user.is_active = False
    user.set_unusable_password()  # also changes the session hash, so no session of theirs verifies again
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()


def end_sessions(user) -> int:
    """Delete every stored session signed in as `user`; returns how many.

    Sessions are stored signed and encoded, so they cannot be filtered by user in SQL: the unexpired ones
    are decoded in chunks (a rare, admin-only action; thousands of sessions take well under a second).
    Stores that cannot be listed (cache-only, signed cookies) are covered anyway: a deactivated account or
    a changed password makes Django refuse the session at its next request.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    try:
        model = store.get_model_class()
    except AttributeError:
        return 0
    decoder, uid = store(), str(user.pk)
    doomed = [
        key
        for key, data in model.objects.filter(expire_date__gt=timezone.now())
        .values_list("session_key", "session_data")
        .iterator(chunk_size=2000)
        if str(decoder.decode(data).get(SESSION_KEY)) == uid
    ]
    for key in doomed:
        store(session_key=key).delete()  # through the store, so cached_db drops its cached copy too
    return len(doomed)

"""Writes for the support log. The pages, the API, the demo and the tests all call these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.models import Community, Membership
from cocreate.partners.models import Partner, PartnerType

from .access import is_org_staff
from .models import (
    DOMAIN_KEYS,
    HEADCOUNT_FIELDS,
    MAX_HOURS,
    Function,
    Modality,
    PartnerAttendance,
    SupportEvent,
    SupportEventDomain,
    SupportFacilitator,
    SupportType,
    UserAttendance,
)


class InvalidSupportEvent(ValueError):
    """Details that the forms and the API should have refused: {field: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def hours_error(hours: Decimal | None) -> str | None:
    """Why these hours cannot be logged, or None. Shared by the form, the API and the writes."""
    if hours is None:
        return _("Enter how many hours the support took, for example 1.5.")
    if hours <= 0:
        return _("Enter more than 0 hours.")
    if hours > MAX_HOURS:
        return _("A support event lasts 24 hours at most. Log longer support as one event per day.")
    if hours != hours.quantize(Decimal("0.1")):
        return _("Use one decimal at most, for example 1.5 (a quarter hour rounds to 0.3).")
    return None


def date_error(day: date | None) -> str | None:
    if day is None:
        return _("Enter the date of the session.")
    if day > timezone.localdate():
        return _("Log support after it has happened: this date is in the future.")
    return None


def headcounts_from(partners: Iterable[Partner]) -> dict[str, int]:
    """People present by partner type, counted from the registered partners who attended."""
    counts = Counter(p.partner_type for p in partners)
    return {ptype: counts.get(ptype, 0) for ptype in PartnerType.values}


def _check(community: Community, details: dict, acting_user) -> dict:
    """The details made whole (defaults filled in) and checked against the community; raises on a mistake."""
    errors: dict[str, str] = {}
    if message := date_error(details.get("date")):
        errors["date"] = message
    if message := hours_error(details.get("hours")):
        errors["hours"] = message
    for name, choices in (
        ("event_type", SupportType.values),
        ("function", Function.values),
        ("modality", Modality.values),
    ):
        if details.get(name) not in choices:
            errors[name] = _("Choose one of the options.")
    domains = list(dict.fromkeys(details.get("domains") or []))
    if set(domains) - set(DOMAIN_KEYS):
        errors["domains"] = _("Choose among the five capacity domains.")
    partners = list(details.get("attendee_partners") or [])
    if any(p.community_id != community.pk or p.erased_at is not None for p in partners):
        errors["attendee_partners"] = _("Only partners of this community can be recorded as attending.")
    users = list(details.get("attendee_users") or [])
    if users:
        members = set(
            Membership.objects.filter(
                Q(community=community) | Q(community__isnull=True),
                organization_id=community.organization_id,
                user__in=users,
            ).values_list("user_id", flat=True)
        )
        if any(u.pk not in members for u in users):
            errors["attendee_users"] = _("Only members of this community can be recorded as attending.")
    facilitators = list(details.get("facilitators") or [])
    if not facilitators and acting_user is not None:
        facilitators = [acting_user]  # whoever logs it facilitated it, unless they say otherwise
    if facilitators and not is_org_staff(community.organization_id, [u.pk for u in facilitators]):
        errors["facilitators"] = _("Facilitators are the organization's network admins and practitioners.")
    headcounts = details.get("headcounts")
    if headcounts is None:
        headcounts = headcounts_from(partners)
    else:
        headcounts = {ptype: int(headcounts.get(ptype) or 0) for ptype in PartnerType.values}
        if any(n < 0 or n > 9999 for n in headcounts.values()):
            errors["headcounts"] = _("Headcounts are whole numbers from 0 to 9999.")
    if errors:
        raise InvalidSupportEvent(errors)
    return {
        **details,
        "domains": domains,
        "attendee_partners": partners,
        "attendee_users": users,
        "facilitators": list(dict.fromkeys(facilitators)),
        "headcounts": headcounts,
        "summary": (details.get("summary") or "").strip(),
        "next_steps": (details.get("next_steps") or "").strip(),
    }


def _set_fields(event: SupportEvent, details: dict) -> None:
    for name in ("date", "hours", "event_type", "function", "modality", "summary", "next_steps"):
        setattr(event, name, details[name])
    for ptype, column in HEADCOUNT_FIELDS.items():
        setattr(event, column, details["headcounts"][ptype])


def _replace_links(event: SupportEvent, details: dict, *, new: bool) -> None:
    """The event's domains, facilitators and attendees: rewritten whole (a handful of rows each), so the
    date and hours copied onto the domain rows always match the event's."""
    if not new:
        for model in (SupportEventDomain, SupportFacilitator, PartnerAttendance, UserAttendance):
            model.objects.filter(event=event).delete()
    scope = {"organization_id": event.organization_id, "community_id": event.community_id, "event": event}
    SupportEventDomain.objects.bulk_create(
        SupportEventDomain(domain=d, date=event.date, hours=event.hours, **scope) for d in details["domains"]
    )
    SupportFacilitator.objects.bulk_create(
        SupportFacilitator(user=u, **scope) for u in details["facilitators"]
    )
    PartnerAttendance.objects.bulk_create(
        PartnerAttendance(partner=p, **scope) for p in details["attendee_partners"]
    )
    UserAttendance.objects.bulk_create(UserAttendance(user=u, **scope) for u in details["attendee_users"])


def _note_engagement(partners: list[Partner], day: date) -> None:
    """Attending a session counts as being engaged: the partners' "last engaged" moves up to its date."""
    if partners:
        Partner.objects.filter(
            Q(last_engaged_on__lt=day) | Q(last_engaged_on__isnull=True), pk__in=[p.pk for p in partners]
        ).update(last_engaged_on=day)


@transaction.atomic
def do_log_support_event(community: Community, *, acting_user, **details) -> SupportEvent:
    """Record one session of support delivered to `community`.

    `details`: date, hours (one decimal, more than 0, at most 24), event_type, function, modality,
    domains (capacity-domain keys), facilitators (users; default: `acting_user`), attendee_partners
    (the community's partners), attendee_users (its members), headcounts ({partner type: people};
    None counts the attendee partners by type), summary, next_steps.
    Raises `InvalidSupportEvent` ({field: message}) and saves nothing when a detail is wrong.
    """
    details = _check(community, details, acting_user)
    now = timezone.now()
    event = SupportEvent(
        organization_id=community.organization_id,
        community=community,
        logged_by=acting_user,
        created_at=now,
        updated_at=now,
    )
    _set_fields(event, details)
    event._history_user = acting_user  # the API's token users are not seen by the history middleware
    event.save()
    _replace_links(event, details, new=True)
    _note_engagement(details["attendee_partners"], event.date)
    return event


@transaction.atomic
def do_update_support_event(event: SupportEvent, *, acting_user, **details) -> SupportEvent:
    """Correct a logged event (same details as `do_log_support_event`); the history keeps what it was."""
    details = _check(event.community, details, acting_user)
    _set_fields(event, details)
    event.updated_at = timezone.now()
    event._history_user = acting_user
    event.save()
    _replace_links(event, details, new=False)
    _note_engagement(details["attendee_partners"], event.date)
    return event


@transaction.atomic
def do_delete_support_event(event: SupportEvent, *, acting_user) -> None:
    """Remove an event logged by mistake; its history (with who deleted it) stays."""
    event._history_user = acting_user
    event.delete()

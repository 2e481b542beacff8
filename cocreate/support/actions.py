"""Writes for the support log. The pages, the API, the demo and the tests all call these."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.assessments import actions as assessment_actions
from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership
from cocreate.partners.models import Partner, PartnerType

from .access import is_org_staff
from .models import (
    DOMAIN_KEYS,
    HEADCOUNT_FIELDS,
    MAX_HOURS,
    EventSurvey,
    Function,
    Modality,
    PartnerAttendance,
    SupportEvent,
    SupportEventAction,
    SupportEventDomain,
    SupportEventGoal,
    SupportFacilitator,
    SupportType,
    UserAttendance,
)
from .queries.outcomes import interim_version
from .queries.surveys import survey_recipients


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
    goals = list(dict.fromkeys(details.get("goals") or []))
    if any(g.community_id != community.pk for g in goals):
        errors["goals"] = _("Choose among this community's goals.")
    plan_actions = list(dict.fromkeys(details.get("actions") or []))
    if any(a.community_id != community.pk for a in plan_actions):
        errors["actions"] = _("Choose among the actions of this community's goals.")
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
        raise WriteError(errors)
    return {
        **details,
        "domains": domains,
        "attendee_partners": partners,
        "attendee_users": users,
        "goals": goals,
        "actions": plan_actions,
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
        for model in (
            SupportEventDomain,
            SupportFacilitator,
            PartnerAttendance,
            UserAttendance,
            SupportEventGoal,
            SupportEventAction,
        ):
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
    SupportEventGoal.objects.bulk_create(SupportEventGoal(goal=g, **scope) for g in details["goals"])
    SupportEventAction.objects.bulk_create(SupportEventAction(action=a, **scope) for a in details["actions"])


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
    (the community's partners), attendee_users (its members), goals and actions (of the community's
    plan) the event served, headcounts ({partner type: people};
    None counts the attendee partners by type), summary, next_steps.
    Raises `WriteError` ({field: message}) and saves nothing when a detail is wrong.
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
    event._history_user = acting_user  # type: ignore[attr-defined]  # the API's token users are not seen by the history middleware
    event.save()
    _replace_links(event, details, new=True)
    _note_engagement(details["attendee_partners"], event.date)
    return event


@transaction.atomic
def do_update_support_event(
    event: SupportEvent, *, acting_user, version: int | None = None, **details
) -> SupportEvent:
    """Correct a logged event (same details as `do_log_support_event`); the history keeps what it was.
    An edit started from an older `version` raises StaleEdit."""
    details = _check(event.community, details, acting_user)
    claim_edit(event, version)
    _set_fields(event, details)
    event.updated_at = timezone.now()
    event._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    event.save()
    _replace_links(event, details, new=False)
    _note_engagement(details["attendee_partners"], event.date)
    return event


@transaction.atomic
def do_delete_support_event(event: SupportEvent, *, acting_user) -> None:
    """Remove an event logged by mistake; its history (with who deleted it) stays."""
    event._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    event.delete()


# The interim-outcomes survey of an event ----------------------------------------------------------------

SURVEY_DAYS = 14  # answers are due two weeks after the survey goes out, while the session is fresh


class SurveyNotSent(WriteError):
    """Why an event's attendees could not be sent the survey (a sentence to show)."""


def survey_title_parts(event: SupportEvent) -> dict[str, str]:
    """What the survey round's title is composed of, for each reader in her language (`compose_title`)."""
    return {"key": "support.session", "type": event.event_type, "date": event.date.isoformat()}


def compose_title(parts: Mapping[str, Any]) -> str:
    """ "Coaching on Nov. 20, 2026" / "Acompañamiento el 20 de noviembre de 2026": in the active
    language and its date format."""
    return _("%(type)s on %(date)s") % {
        "type": SupportType(parts["type"]).label,
        "date": date_format(date.fromisoformat(parts["date"]), "DATE_FORMAT"),
    }


def survey_title(event: SupportEvent) -> str:
    """The survey round's title, naming the session it asks about, in the active language."""
    return compose_title(survey_title_parts(event))


@transaction.atomic
def do_send_interim_survey(event: SupportEvent, *, acting_user, anonymous: bool = True) -> EventSurvey:
    """Open a round of the interim-outcomes survey for the attendees of `event` who can sign in, and
    email them the link (through the assessments app, in each person's language). Once per event.

    Raises `SurveyNotSent` when it was sent already, when no attendee has a sign-in, or when the
    survey is not available; nothing is saved then.
    """
    # Lock the event: two clicks at once send one survey (the one-to-one row refuses the second too).
    SupportEvent.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).first()
    if EventSurvey.objects.filter(event=event).exists():
        raise SurveyNotSent(_("The interim-outcomes survey was already sent for this session."))
    version = interim_version(event.organization_id)
    if version is None:
        raise SurveyNotSent(_("The interim-outcomes survey is not available in this organization."))
    people = list(survey_recipients(event))
    if not people:
        raise SurveyNotSent(
            _("Nobody recorded as attending this session has a sign-in here, so nobody can be asked.")
        )
    community = event.community
    adm = assessment_actions.do_open_administration(
        community,
        version=version,
        acting_user=acting_user,
        invitees=people,
        title=survey_title(event),
        title_parts=survey_title_parts(event),
        due_on=timezone.localdate() + timedelta(days=SURVEY_DAYS),
        anonymous=anonymous,
    )
    survey = EventSurvey(
        organization_id=event.organization_id,
        community_id=event.community_id,
        event=event,
        administration=adm,
        sent_by=acting_user,
    )
    survey._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    survey.save()
    return survey

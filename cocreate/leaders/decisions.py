"""Deciding applications: accept, wait list, decline (each with a message in the applicant's language),
and recording that someone withdrew.

The applicant has no account: the message goes to her by email, in the language she applied in
(`Application.language`), after the transaction commits. Accepting makes her one of the community's
partners — a community member with lived experience, her days and meeting times carried into the
partner record so that meeting-time suggestions use them — and one of its leaders, and sends her the
sign-in invitation (the same invitation staff send: joining links it to her partner record).

Every write locks the application first, so a double click makes one decision, one partner, one leader
and one invitation; the second click gets the result of the first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from cocreate.core.actions import do_invite
from cocreate.core.concurrency import lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Invitation, Role
from cocreate.partners.actions import do_create_partner
from cocreate.partners.models import DayPart, Partner, PartnerType, Weekday

from .models import Application, ApplicationStatus, Leader

DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED)
# From each status, the decisions still open.
NEXT = {
    ApplicationStatus.SUBMITTED: set(DECISIONS),
    ApplicationStatus.WAITLISTED: {ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED},
}
# The two-hour meeting times of the application form, as the partner record's parts of the day.
TIME_TO_DAYPART = {
    "08-10": DayPart.MORNING,
    "10-12": DayPart.MORNING,
    "12-14": DayPart.AFTERNOON,
    "14-16": DayPart.AFTERNOON,
    "16-18": DayPart.AFTERNOON,
    "18-20": DayPart.EVENING,
}


def applicant_language(application: Application) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return application.language if application.language in codes else settings.LANGUAGE_CODE[:2]


def default_message(application: Application, decision: str) -> str:
    """A kind message for this decision, in the applicant's language (the decider may edit it)."""
    call = application.call
    context = {
        "community": call.community.name,
        "role": call.title,
        "organization": call.organization.name,
    }
    with translation.override(applicant_language(application)):
        if decision == ApplicationStatus.ACCEPTED:
            text = _(
                "Hello,\n\nThank you for applying to be a community leader with %(community)s. We are "
                "very glad to tell you that we would like you to join us as %(role)s.\n\nYou will receive "
                "a separate email with a link to sign in to Cocreate, where the team plans its meetings. "
                "Someone from the team will contact you soon to welcome you and plan your orientation.\n\n"
                "With thanks,\n%(organization)s"
            )
        elif decision == ApplicationStatus.WAITLISTED:
            text = _(
                "Hello,\n\nThank you for applying to be a community leader with %(community)s. We were "
                "glad to read your application. Right now every place for %(role)s is taken, so we have "
                "put you on our wait list: if a place opens, we will write to you first.\n\n"
                "With thanks,\n%(organization)s"
            )
        elif decision == ApplicationStatus.DECLINED:
            text = _(
                "Hello,\n\nThank you for applying to be a community leader with %(community)s. We "
                "received more applications than we have places, and this time we cannot offer you the "
                "role of %(role)s. This says nothing against what you bring: we hope you will apply "
                "again, and we would be glad to tell you about other ways to take part.\n\n"
                "With thanks,\n%(organization)s"
            )
        else:
            raise ValueError(decision)
    return text % context


@dataclass
class Decided:
    """What a decision did: the application, and for an acceptance her partner, leader and invitation."""

    application: Application
    partner: Partner | None = None
    leader: Leader | None = None
    invitation: Invitation | None = None
    already: bool = False  # the same decision had been made before (a repeat changes nothing)

    @property
    def invitation_pending(self) -> bool:
        """Accepted without an email address: the invitation waits until one is known."""
        return (
            self.application.status == ApplicationStatus.ACCEPTED
            and not self.application.email
            and not (self.partner and self.partner.user_id)
        )


def _check(application: Application, decision: str) -> bool:
    """True when this decision is already the application's (a repeat); WriteError if not open."""
    if decision not in DECISIONS:
        raise WriteError({"decision": _("Choose accept, wait list or decline.")})
    if application.anonymised_at is not None:
        raise WriteError(_("This application was anonymised: it can no longer be decided."))
    if application.status == decision:
        return True
    if decision not in NEXT.get(ApplicationStatus(application.status), set()):
        raise WriteError(
            {
                "decision": _("This application is %(status)s: that decision is no longer open.")
                % {"status": application.get_status_display().lower()}
            }
        )
    return False


def _message(application: Application, decision: str, message: str) -> str:
    message = (message or "").strip()
    return message or default_message(application, decision)


def _record(application: Application, decision: str, message: str, acting_user) -> None:
    application.status = decision
    application.decision_message = message
    application.decided_at = timezone.now()
    application.decided_by = acting_user
    application._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    application.save()
    if application.email:
        pk = application.pk
        transaction.on_commit(lambda: send_decision_email(pk))


@transaction.atomic
def do_decide_application(
    application: Application, *, acting_user, decision: str, message: str = ""
) -> Decided:
    """Accept, wait-list or decline, with `message` to the applicant (empty: the kind default in her
    language). Accepting goes through `do_accept_application`. The same decision twice returns the
    first; a wait-listed application can still be accepted or declined; nothing else is reopened."""
    if decision == ApplicationStatus.ACCEPTED:
        return do_accept_application(application, acting_user=acting_user, message=message)
    call = application.call
    application = lock(application)
    application.call = call
    if _check(application, decision):
        return Decided(application, already=True)
    _record(application, decision, _message(application, decision, message), acting_user)
    return Decided(application)


def _partner_fields(application: Application) -> dict:
    days = sorted(
        {int(d) for d in application.available_days or [] if str(d).isdigit() and int(d) in Weekday.values}
    )
    parts = {TIME_TO_DAYPART[t] for t in application.meeting_times or [] if t in TIME_TO_DAYPART}
    language = applicant_language(application)
    with translation.override(language):
        wording = _("applied to be a community leader")
    return {
        "name": application.name,
        "email": application.email.strip().lower(),
        "phone": application.phone,
        "partner_type": PartnerType.COMMUNITY,
        "lived_experience": True,
        "languages": str(get_language_info(language)["name"]),
        "available_days": days,
        "available_times": [p.value for p in DayPart if p in parts],
        "consent_on": timezone.localdate(),
        "consent_wording": wording,
    }


def _find_partner(application: Application) -> Partner | None:
    if not application.email:
        return None
    return (
        Partner.objects.select_for_update()
        .filter(
            community_id=application.community_id,
            email__iexact=application.email.strip(),
            erased_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def do_accept_application(application: Application, *, acting_user, message: str = "") -> Decided:
    """Accept: in one transaction, her partner record in the call's community (or the one that already
    has her email there), her leader record, the sign-in invitation (a partner role in the community, in
    her language; none without an email, or when her record already has a sign-in) and the message."""
    call = application.call
    application = lock(application)
    application.call = call
    if _check(application, ApplicationStatus.ACCEPTED):
        partner = application.partner
        leader = Leader.objects.filter(partner=partner).first() if partner else None
        return Decided(application, partner=partner, leader=leader, already=True)
    fields = _partner_fields(application)
    partner = _find_partner(application)
    if partner is None:
        partner = do_create_partner(application.community, acting_user=acting_user, **fields)
    else:
        changed: dict[str, object] = {}
        if not partner.lived_experience:
            changed["lived_experience"] = True
        if partner.archived_at is not None:
            changed["archived_at"] = None
        for name in (
            "phone",
            "available_days",
            "available_times",
            "languages",
            "consent_on",
            "consent_wording",
        ):
            if not getattr(partner, name) and fields[name]:
                changed[name] = fields[name]
        if changed:
            for name, value in changed.items():
                setattr(partner, name, value)
            partner.version += 1
            partner._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
            partner.save(update_fields=[*changed, "version"])
    leader = Leader.objects.filter(partner=partner).first()
    if leader is None:
        leader = Leader(
            organization_id=application.organization_id,
            community_id=application.community_id,
            partner=partner,
            application=application,
        )
        leader._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
        leader.save()
    elif leader.ended_on is not None or leader.application_id is None:
        leader.ended_on = None
        leader.application_id = leader.application_id or application.pk
        leader._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
        leader.save(update_fields=["ended_on", "application"])
    invitation = None
    if partner.email and partner.user_id is None:
        invitation = do_invite(
            call.organization,
            email=partner.email,
            role=Role.PARTNER,
            community=application.community,
            acting_user=acting_user,
            language=applicant_language(application),
            partner_type=PartnerType.COMMUNITY,
            lived_experience=True,
        )
    application.partner = partner
    _record(
        application,
        ApplicationStatus.ACCEPTED,
        _message(application, ApplicationStatus.ACCEPTED, message),
        acting_user,
    )
    return Decided(application, partner=partner, leader=leader, invitation=invitation)


@transaction.atomic
def do_send_leader_invitation(application: Application, *, acting_user, email: str) -> Invitation:
    """For an accepted application without an email: record the address now known (on her partner
    record too) and send the sign-in invitation."""
    call = application.call
    application = lock(application)
    application.call = call
    email = (email or "").strip().lower()
    if application.status != ApplicationStatus.ACCEPTED or application.partner_id is None:
        raise WriteError(_("Only an accepted application has an invitation to send."))
    if not email or "@" not in email:
        raise WriteError({"email": _("Give the email address she will sign in with.")})
    partner = Partner.objects.select_for_update().get(pk=application.partner_id)
    if partner.user_id is not None:
        raise WriteError(_("She can sign in already."))
    if not partner.email:
        partner.email = email
        partner.version += 1
        partner._history_user = acting_user  # read by simple_history
        partner.save(update_fields=["email", "version"])
    application.email = email
    application.save(update_fields=["email"])
    return do_invite(
        call.organization,
        email=email,
        role=Role.PARTNER,
        community=application.community,
        acting_user=acting_user,
        language=applicant_language(application),
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
    )


@transaction.atomic
def do_record_withdrawal(application: Application, *, acting_user) -> Application:
    """She told the team she no longer wants to be considered (an undecided or wait-listed application).
    Recording it twice changes nothing."""
    call = application.call
    application = lock(application)
    application.call = call
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status not in NEXT:
        raise WriteError(_("Only an application still waiting for a decision can be withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    application.save()
    return application


def send_decision_email(application_id: int) -> None:
    """The decision message to the applicant, in her language (run after the transaction commits)."""
    application = (
        Application.objects.select_related("call", "call__community", "organization")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not application.email or application.anonymised_at is not None:
        return
    context = {"application": application, "call": application.call, "organization": application.organization}
    with translation.override(applicant_language(application)):
        subject = render_to_string("leaders/review/email/decision_subject.txt", context).strip()
        body = render_to_string("leaders/review/email/decision_body.txt", context)
    EmailMessage(subject, body, None, [application.email]).send()

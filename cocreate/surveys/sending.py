"""Sending a survey to partners, and reminding them.

* A **personal** survey gets one `Invitation` per person, each with its own link (`/s/i/<token>/`),
  answered once. Reminders go only to those who have not answered.
* An **anonymous** survey has one link for everyone (`/s/<token>/`). Its `Invitation` rows only record
  that the link was sent to someone (for reminders and to avoid sending twice): they are never marked
  answered and never linked to a response, so reminders go to everyone sent the link, with "if you
  have already answered, thank you".

Each partner hears in her language: in the inbox and by email (as she chose) when she signs in, by
email when she has only an address, and partners with neither are listed for the team to share the
link by hand. Emails leave after commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.core.errors import WriteError
from cocreate.notifications.actions import notify
from cocreate.partners.models import Partner

from .models import Invitation, Survey, SurveyStatus

logger = logging.getLogger(__name__)

SURVEY_INVITED = "survey_invited"
SURVEY_REMINDER = "survey_reminder"
MAX_SEND = 2000  # one send: more than a community has partners


def partner_language(partner: Partner) -> str:
    """Her language: her sign-in's choice, else Spanish when her record says she speaks it."""
    user = partner.user if partner.user_id else None
    if user is not None and user.preferred_language:
        return user.preferred_language
    spoken = (partner.languages or "").casefold()
    if ("spanish" in spoken or "español" in spoken or "espanol" in spoken) and "english" not in spoken:
        return "es"
    return "en"


def answer_link(survey: Survey, invitation: Invitation | None = None) -> str:
    if invitation is not None and not survey.anonymous:
        path = reverse("surveys:answer_personal", args=[invitation.token])
    else:
        path = reverse("surveys:answer", args=[survey.token])
    return path


def partners_for(survey: Survey, communities: QuerySet | None = None) -> QuerySet[Partner]:
    """The partners a survey may go to: its community's, or (organization's survey) those of the
    communities given."""
    qs = Partner.objects.filter(
        organization_id=survey.organization_id, archived_at__isnull=True, erased_at__isnull=True
    )
    if survey.community_id is not None:
        return qs.filter(community_id=survey.community_id)
    return qs.filter(community__in=communities) if communities is not None else qs


def filter_partners(
    qs: QuerySet[Partner], *, partner_type: str = "", lived_experience: str = "", q: str = ""
) -> QuerySet[Partner]:
    if partner_type:
        qs = qs.filter(partner_type=partner_type)
    if lived_experience == "yes":
        qs = qs.filter(lived_experience=True)
    elif lived_experience == "no":
        qs = qs.filter(lived_experience=False)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(affiliation__icontains=q))
    return qs


@dataclass
class Sent:
    invited: int = 0  # new invitations
    already: int = 0  # had the link already
    by_hand: list[Invitation] = field(default_factory=list)  # no sign-in, no email


def _tell(invitations: list[Invitation], survey: Survey, kind: str) -> None:
    """Inbox (and email as she chose) for partners who sign in; an email for those with an address."""
    users = [inv.user for inv in invitations if inv.user_id]
    context = {"title": survey.title, "title_es": survey.title_es, "anonymous": survey.anonymous}
    # Personal links differ per person: one notify per person (the key keeps each once). Anonymous
    # ones share the link: one call for everyone.
    today = timezone.localdate().isoformat()
    key = f"survey:{survey.pk}:{kind}:{today}"
    if survey.anonymous:
        notify(
            kind=kind,
            recipients=users,
            organization=survey.organization,
            community=survey.community,
            key=key,
            url=answer_link(survey),
            context=context,
        )
    else:
        for inv in invitations:
            if inv.user_id:
                notify(
                    kind=kind,
                    recipients=[inv.user],
                    organization=survey.organization,
                    community=survey.community,
                    key=key,
                    url=answer_link(survey, inv),
                    context=context,
                )
    emails = [inv.pk for inv in invitations if not inv.user_id and inv.email]
    if emails:
        transaction.on_commit(lambda: send_emails(emails, kind))


def send_emails(invitation_ids: list[int], kind: str) -> None:
    """Emails to partners without a sign-in, each in her language (after commit)."""
    rows = Invitation.objects.filter(pk__in=invitation_ids).select_related("survey", "organization")
    for inv in rows:
        survey = inv.survey
        context = {
            "title": survey.title,
            "title_es": survey.title_es,
            "anonymous": survey.anonymous,
            "link": settings.SITE_URL + answer_link(survey, inv),
            "organization": inv.organization,
        }
        with translation.override(inv.language):
            subject = " ".join(render_to_string(f"surveys/notifications/{kind}.txt", context).split())
            body = render_to_string(f"surveys/notifications/{kind}_body.txt", context)
        try:
            EmailMessage(subject, body, to=[inv.email]).send()
        except Exception:  # the invitation is recorded; the team sees who to reach by hand
            logger.exception("Could not email survey invitation %s", inv.pk)


@transaction.atomic
def do_send_to_partners(survey: Survey, *, acting_user, partners: list[Partner]) -> Sent:
    """Give each partner the link (a new invitation each; those who had it are left alone)."""
    from .builder import close_if_due

    close_if_due(survey)
    if survey.status != SurveyStatus.OPEN:
        raise WriteError(_("Open the survey before sending it."))
    if not partners:
        raise WriteError(_("Choose at least one partner."))
    if len(partners) > MAX_SEND:
        raise WriteError(_("Send to at most %(n)s people at once.") % {"n": MAX_SEND})
    had = set(
        Invitation.objects.filter(survey=survey, partner__in=partners).values_list("partner_id", flat=True)
    )
    now = timezone.now()
    new = [
        Invitation(
            organization_id=survey.organization_id,
            community_id=p.community_id,
            survey=survey,
            partner=p,
            user_id=p.user_id,
            email=p.email,
            language=partner_language(p),
            sent_at=now,
        )
        for p in partners
        if p.pk not in had
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    created = list(
        Invitation.objects.filter(survey=survey, sent_at=now, partner__in=[i.partner for i in new])
        .select_related("user", "partner")
        .order_by("pk")
    )
    _tell(created, survey, SURVEY_INVITED)
    return Sent(
        invited=len(created),
        already=len(had),
        by_hand=[inv for inv in created if not inv.user_id and not inv.email],
    )


def share_by_hand(survey: Survey) -> QuerySet[Invitation]:
    """Invitations the product could not deliver: no sign-in and no email."""
    return (
        Invitation.objects.filter(survey=survey, user__isnull=True, email="")
        .select_related("partner")
        .order_by("partner__name", "pk")
    )


def due_for_reminder(survey: Survey, today: date) -> QuerySet[Invitation]:
    """Who gets a reminder today: sent the link at least `remind_every_days` ago (and as long since
    the last reminder), not reminded today; for a personal survey, not answered."""
    every = timedelta(days=survey.remind_every_days or 0)
    start = timezone.make_aware(datetime.combine(today, time.min))
    cutoff = start - every + timedelta(days=1)
    qs = Invitation.objects.filter(survey=survey, sent_at__lt=cutoff).filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=cutoff)
    )
    if not survey.anonymous:
        qs = qs.filter(answered=False)
    return qs.select_related("user").order_by("pk")


@transaction.atomic
def do_send_reminders(survey: Survey, *, today: date | None = None) -> int:
    """Today's reminders of one open survey (idempotent per day: each reminded person gets
    `reminded_at` today and is not reminded again before `remind_every_days` have passed)."""
    today = today or timezone.localdate()
    if survey.status != SurveyStatus.OPEN or not survey.remind_every_days:
        return 0
    rows = list(due_for_reminder(survey, today).select_for_update(of=("self",)))
    if not rows:
        return 0
    now = timezone.now()
    Invitation.objects.filter(pk__in=[r.pk for r in rows]).update(
        reminded_at=now, reminders=F("reminders") + 1
    )
    _tell(rows, survey, SURVEY_REMINDER)
    return len(rows)


def send_all_reminders(today: date | None = None) -> int:
    """Every open survey's reminders for today (the daily command)."""
    total = 0
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, remind_every_days__gt=0).select_related(
        "organization", "community"
    ):
        with timezone.override(survey.organization.time_zone):
            total += do_send_reminders(survey, today=today)
    return total

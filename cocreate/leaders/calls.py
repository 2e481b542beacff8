"""Writes and reads for calls for community leaders and the applications sent to them.

A team lead of the community (or a network admin) makes a call (`do_create_call`), which copies the
organization's active application questions and rubric criteria, so changing those lists later never
changes what an applicant answered or a reviewer scored; edits it while it is a draft or open
(`do_edit_call`); opens it (`do_open_call`) and closes it (`do_close_call`).

Anyone may apply on an open call's public page, without an account (`do_submit_application`); the
applicant follows and withdraws it through the private link in the confirmation
(`do_withdraw_application`). Permissions are the caller's ("call.manage" for the staff writes; the
public pages check that the call is open). Every refusal is a `WriteError` keyed by the form's field.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import User
from cocreate.core import translations
from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership, Organization, Role, Team
from cocreate.core.registry import TranslatableText, translatable_texts
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import DIGEST, NotificationKind, notification_kinds
from cocreate.partners.models import Weekday

from . import public
from .models import (
    MEETING_TIMES,
    AccessNeed,
    Application,
    ApplicationQuestion,
    ApplicationStatus,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    CallStatus,
    HeardFrom,
    RubricCriterion,
)
from .questions import ensure_default_questions
from .rubric import ensure_default_rubric

logger = logging.getLogger(__name__)

APPLICATION_RECEIVED = NotificationKind(
    "application_received",
    70,
    gettext_lazy("An application to a call for community leaders arrived"),
    "leaders/calls/notifications/application_received",
    default_email=DIGEST,
)
REVIEWER_ROLES = (Role.NETWORK_ADMIN, Role.PRACTITIONER, Role.TEAM_LEAD)


def register_kinds() -> None:
    notification_kinds.register(APPLICATION_RECEIVED)


def _calls_for_translation(tenant, community: Community | None) -> QuerySet[Call]:
    qs = Call.objects.filter(organization=tenant.organization).select_related("community")
    if community is not None:
        return qs.filter(community=community)
    return qs.filter(community__in=tenant.communities())


def register_texts() -> None:
    """A call's texts may carry a version in each of the organization's languages: its public page
    shows the applicant's (`core.translations`)."""
    translatable_texts.register(
        TranslatableText(
            key="leaders.call",
            order=70,
            model=Call,
            fields=("title", "involves", "time_asked", "compensation"),
            label=gettext_lazy("Call for community leaders"),
            objects=_calls_for_translation,
            url=lambda call, org, slug: reverse("leaders:call", args=[org, slug, call.pk]),
        )
    )


# Reads -------------------------------------------------------------------------------------------------


def reviewer_choices(community: Community) -> QuerySet[User]:
    """The staff who serve this community (its leads and practitioners, the organization's admins and
    practitioners): those a call's maker may name as reviewers."""
    serving = Membership.objects.filter(
        Q(community__isnull=True) | Q(community=community),
        organization_id=community.organization_id,
        role__in=REVIEWER_ROLES,
    )
    return User.objects.filter(pk__in=serving.values("user"), is_active=True).order_by("name", "email")


def with_counts(calls: QuerySet[Call]) -> QuerySet[Call]:
    """Calls with the number of applications in each state, in the same query."""
    counts = {
        f"n_{status}": Count("applications", filter=Q(applications__status=status))
        for status in ApplicationStatus.values
    }
    return calls.annotate(n_applications=Count("applications"), **counts)


def calls_in(community: Community) -> QuerySet[Call]:
    return with_counts(
        Call.objects.filter(organization_id=community.organization_id, community=community).select_related(
            "team"
        )
    ).order_by("-closes_on", "-pk")


def open_calls_of(organization: Organization) -> QuerySet[Call]:
    """The organization's calls taking applications today (for its public list)."""
    return (
        Call.objects.filter(
            organization=organization, status=CallStatus.OPEN, closes_on__gte=timezone.localdate()
        )
        .select_related("community")
        .order_by("closes_on", "pk")
    )


def status_counts(call: Call) -> list[tuple[str, object, int]]:
    """(status, label, count) for a call annotated by `with_counts`."""
    return [(value, label, getattr(call, f"n_{value}", 0)) for value, label in ApplicationStatus.choices]


def languages_of(call: Call) -> list[tuple[str, str]]:
    names = dict(settings.LANGUAGES)
    return [(code, str(names[code])) for code in call.languages if code in names]


# Calls -------------------------------------------------------------------------------------------------


@dataclass
class CallDetails:
    title: str
    involves: str
    time_asked: str
    closes_on: date
    compensation: str = ""
    languages: list[str] = field(default_factory=list)
    name_blind: bool = False
    team: Team | None = None
    reviewers: list[User] = field(default_factory=list)


def _check_call(community: Community, d: CallDetails, *, was: date | None = None) -> None:
    errors: dict[str, str] = {}
    for name in ("title", "involves", "time_asked"):
        if not (getattr(d, name) or "").strip():
            errors[name] = _("This is needed on the call's page.")
    if d.closes_on is None:
        errors["closes_on"] = _("Choose the closing date.")
    elif d.closes_on < timezone.localdate() and d.closes_on != was:
        errors["closes_on"] = _("The closing date cannot be in the past.")
    spoken = community.organization.languages or []
    if not d.languages:
        errors["languages"] = _("Choose at least one language the applicants may use.")
    elif any(code not in spoken for code in d.languages):
        errors["languages"] = _("Choose among the organization's languages.")
    if d.team is not None and d.team.community_id != community.pk:
        errors["team"] = _("Choose a team of this community.")
    if d.reviewers:
        allowed = set(
            reviewer_choices(community)
            .filter(pk__in=[u.pk for u in d.reviewers])
            .values_list("pk", flat=True)
        )
        if any(u.pk not in allowed for u in d.reviewers):
            errors["reviewers"] = _("Reviewers are staff who serve this community.")
    if errors:
        raise WriteError(errors)


def _apply(call: Call, d: CallDetails) -> None:
    call.title = d.title.strip()
    call.involves = d.involves.strip()
    call.time_asked = d.time_asked.strip()
    call.compensation = (d.compensation or "").strip()
    call.languages = [code for code, _name in settings.LANGUAGES if code in d.languages]
    call.closes_on = d.closes_on
    call.name_blind = d.name_blind
    call.team = d.team


def _set_reviewers(call: Call, reviewers: list[User]) -> None:
    wanted = {u.pk for u in reviewers}
    CallReviewer.objects.filter(call=call).exclude(user_id__in=wanted).delete()
    have = set(CallReviewer.objects.filter(call=call).values_list("user_id", flat=True))
    CallReviewer.objects.bulk_create(
        CallReviewer(organization_id=call.organization_id, call=call, user_id=pk) for pk in wanted - have
    )


@transaction.atomic
def do_create_call(community: Community, *, acting_user: User | None, details: CallDetails) -> Call:
    """A draft call for this community, with its own copy of the organization's active questions
    (the default set first, if it has none) and rubric criteria."""
    _check_call(community, details)
    organization = community.organization
    ensure_default_questions(organization)
    ensure_default_rubric(organization, acting_user=acting_user)
    call = Call(organization=organization, community=community, created_by=acting_user)
    _apply(call, details)
    call._history_user = acting_user  # type: ignore[attr-defined]
    call.save()
    translations.record_original(call)
    questions = ApplicationQuestion.objects.filter(organization=organization, active=True)
    CallQuestion.objects.bulk_create(
        CallQuestion(
            organization=organization,
            call=call,
            position=index,
            text=q.text,
            help_text=q.help_text,
            required=q.required,
        )
        for index, q in enumerate(questions.order_by("position", "pk"), start=1)
    )
    criteria = RubricCriterion.objects.filter(organization=organization, active=True)
    CallCriterion.objects.bulk_create(
        CallCriterion(
            organization=organization,
            call=call,
            position=index,
            name=c.name,
            guidance=c.guidance,
            beyond_credentials=c.beyond_credentials,
        )
        for index, c in enumerate(criteria.order_by("position", "pk"), start=1)
    )
    _set_reviewers(call, details.reviewers)
    return call


@transaction.atomic
def do_edit_call(call: Call, *, acting_user: User | None, details: CallDetails, version: int | None) -> Call:
    """Change a draft or open call (a closed one stays as it was)."""
    if call.status == CallStatus.CLOSED:
        raise WriteError(_("This call is closed: it can no longer be changed."))
    _check_call(call.community, details, was=call.closes_on)
    claim_edit(call, version)
    _apply(call, details)
    call._history_user = acting_user  # type: ignore[attr-defined]
    call.save()
    _set_reviewers(call, details.reviewers)
    return call


@transaction.atomic
def do_open_call(call: Call, *, acting_user: User | None) -> Call:
    """Open the call: its public page takes applications until the closing date."""
    call = lock(call)
    if call.status == CallStatus.OPEN:
        return call
    if call.status == CallStatus.CLOSED:
        raise WriteError(_("This call is closed. Make a new call to ask again."))
    if call.closes_on < timezone.localdate():
        raise WriteError({"closes_on": _("The closing date has passed: move it on before opening the call.")})
    call.status, call.opened_at = CallStatus.OPEN, timezone.now()
    call._history_user = acting_user  # type: ignore[attr-defined]
    call.save(update_fields=["status", "opened_at"])
    return call


@transaction.atomic
def do_close_call(call: Call, *, acting_user: User | None) -> Call:
    """Close the call: its public page takes no more applications; the review goes on."""
    call = lock(call)
    if call.status == CallStatus.CLOSED:
        return call
    call.status, call.closed_at = CallStatus.CLOSED, timezone.now()
    call._history_user = acting_user  # type: ignore[attr-defined]
    call.save(update_fields=["status", "closed_at"])
    return call


# Applications ------------------------------------------------------------------------------------------


@dataclass
class ApplicationData:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    language: str = "en"
    answers: dict[str, str] = field(default_factory=dict)  # {str(CallQuestion.pk): text}
    available_days: list[int] = field(default_factory=list)
    meeting_times: list[str] = field(default_factory=list)
    access_needs: list[str] = field(default_factory=list)
    access_notes: str = ""
    heard_from: str = ""
    heard_from_detail: str = ""


def answer_field(question: CallQuestion | int) -> str:
    """The form's (and the error's) field name for one of the call's questions."""
    return f"q_{question if isinstance(question, int) else question.pk}"


def _check_application(call: Call, d: ApplicationData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not d.name.strip():
        errors["name"] = _("Tell us your name.")
    if not d.email.strip() and not d.phone.strip():
        errors["email"] = _("Give an email address or a phone number, so we can reach you.")
    if d.language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the languages offered.")
    for question in call.questions.all():
        if question.required and not (d.answers.get(str(question.pk)) or "").strip():
            errors[answer_field(question)] = _("Please answer this question.")
    if any(day not in Weekday.values for day in d.available_days):
        errors["available_days"] = _("Choose among the days of the week.")
    if any(t not in dict(MEETING_TIMES) for t in d.meeting_times):
        errors["meeting_times"] = _("Choose among the meeting times offered.")
    if any(n not in AccessNeed.values for n in d.access_needs):
        errors["access_needs"] = _("Choose among the needs listed.")
    if d.heard_from and d.heard_from not in HeardFrom.values:
        errors["heard_from"] = _("Choose one of the answers offered.")
    return errors


def _send_confirmation(application_pk: int) -> None:
    """The applicant's confirmation, in her language, with her private link (after commit)."""
    application = Application.objects.select_related("call", "organization").get(pk=application_pk)
    if not application.email:
        return
    link = settings.SITE_URL + reverse("leaders:application_status", args=[application.token])
    context = {"application": application, "call": application.call, "link": link}
    with translation.override(application.language):
        subject = " ".join(render_to_string("leaders/public/email/confirmation_subject.txt", context).split())
        body = render_to_string("leaders/public/email/confirmation_body.txt", context)
    try:
        EmailMessage(subject, body, to=[application.email]).send()
    except Exception:  # the application is saved: a mail server's refusal must not turn into an error page
        logger.exception("Could not send the confirmation of application %s", application_pk)


def _tell_the_team(call: Call, application: Application) -> None:
    leads = Membership.objects.filter(
        organization_id=call.organization_id, community_id=call.community_id, role=Role.TEAM_LEAD
    ).values("user")
    reviewers = CallReviewer.objects.filter(call=call).values("user")
    people = User.objects.filter(Q(pk__in=leads) | Q(pk__in=reviewers), is_active=True)
    notify(
        kind=APPLICATION_RECEIVED.key,
        recipients=people,
        organization=call.organization,
        community=call.community,
        key=f"application-{application.pk}",
        url=reverse("leaders:call", args=[call.organization.slug, call.community.slug, call.pk]),
        # A name-blind call names nobody, even to the team, until the decision.
        context={"call": call.title, "name": "" if call.name_blind else application.name},
    )


ALREADY_IN = gettext_lazy(
    "An application with this email is already in for this call — thank you! Use the link "
    "in its confirmation email to see it or change your mind."
)


@transaction.atomic
def do_submit_application(
    call: Call, *, data: ApplicationData, address: str, now: datetime | None = None
) -> Application:
    """Record one application sent from the call's public page (no account: nobody is `acting_user`).

    `address` is the client's address; only its salted hash is kept, to throttle one address to
    `APPLICATION_SUBMISSIONS_PER_HOUR`. Refused, with nothing saved: a call that is not open, an
    address over its limit, a second application with the same email to the same call, missing
    answers (keyed by field). The team is told inside the transaction; the applicant's confirmation
    email goes after commit.
    """
    now = now or timezone.now()
    # No lock on the call: applications to one call arrive in parallel; a unique constraint (one live
    # application per email and call) settles a race between two identical sends.
    call = Call.objects.select_related("organization", "community").get(pk=call.pk)
    if call.status != CallStatus.OPEN or call.closes_on < timezone.localdate(now):
        raise WriteError(_("This call is closed: it no longer takes applications."))
    hashed = public.address_hash(address)
    if public.throttled(hashed, now):
        raise WriteError(
            _(
                "We have received several applications from this connection in the last hour. Nothing "
                "was saved: please try again later, or contact the organization."
            )
        )
    errors = _check_application(call, data)
    email = data.email.strip().lower()
    if email and "email" not in errors:
        duplicate = (
            Application.objects.filter(call=call, email__iexact=email)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .exists()
        )
        if duplicate:
            errors["email"] = str(ALREADY_IN)
    if errors:
        raise WriteError(errors)
    questions = {str(q.pk) for q in call.questions.all()}
    application = Application(
        organization=call.organization,
        community=call.community,
        call=call,
        name=data.name.strip(),
        email=email,
        phone=data.phone.strip(),
        address=data.address.strip(),
        language=data.language,
        answers={pk: text.strip() for pk, text in data.answers.items() if pk in questions and text.strip()},
        available_days=sorted(set(data.available_days)),
        meeting_times=[t for t, _label in MEETING_TIMES if t in data.meeting_times],
        access_needs=[n for n in AccessNeed.values if n in data.access_needs],
        access_notes=data.access_notes.strip(),
        heard_from=data.heard_from,
        heard_from_detail=data.heard_from_detail.strip(),
        submitted_at=now,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same email sent twice at once: the other one counted
        raise WriteError({"email": str(ALREADY_IN)}) from None
    public.record_attempt(hashed, now)
    _tell_the_team(call, application)
    pk = application.pk
    transaction.on_commit(lambda: _send_confirmation(pk))
    return application


@transaction.atomic
def do_withdraw_application(application: Application, *, acting_user: User | None = None) -> Application:
    """The applicant takes her application back (from her private link). Decided ones stay decided."""
    application = lock(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status != ApplicationStatus.SUBMITTED:
        raise WriteError(_("A decision has been made on this application: contact the team to change it."))
    application.status, application.withdrawn_at = ApplicationStatus.WITHDRAWN, timezone.now()
    application._history_user = acting_user  # type: ignore[attr-defined]
    application.save(update_fields=["status", "withdrawn_at"])
    return application

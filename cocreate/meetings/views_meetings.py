"""Meeting pages: the list (coming up, past), one meeting, plan and edit one (with a fair rotation of
roles and times that suit the partners suggested), prep before it, minutes and debrief after it, and
the meetings as iCalendar (one meeting, or the community's feed behind a secret address)."""

from __future__ import annotations

import hmac
from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.accounts.models import User
from cocreate.core import translations
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.models import Community
from cocreate.core.views import org_view
from cocreate.lib.exports import download_response
from cocreate.partners.models import DayPart, Partner

from . import actions, ical
from .access import access_meeting, decisions_in, meeting_people, meetings_in
from .forms import MeetingForm, MinutesForm, PrepForm, meeting_initial
from .models import Attendee, CalendarFeed, Meeting, MeetingRole, MeetingStatus
from .slots import suggest_slots
from .views import _context

PAST_PER_PAGE = 20
FEED_MONTHS_BACK = 12
# Where a suggested slot starts, when the form is filled from it.
SLOT_START: dict[str, time] = {
    DayPart.MORNING: time(10),
    DayPart.AFTERNOON: time(14),
    DayPart.EVENING: time(18),
}
SLOT_LENGTH = timedelta(hours=1, minutes=30)


def _people_qs():
    return User.objects.only("pk", "name", "email")


def _people_lookups() -> list[Prefetch]:
    partners = Partner.objects.only("pk", "name", "partner_type", "lived_experience")
    return [
        Prefetch("attendees__partner", partners),
        Prefetch("attendees__user", _people_qs()),
        Prefetch("roles__partner", partners),
        Prefetch("roles__user", _people_qs()),
        Prefetch("agenda_items__owner_partner", partners),
        Prefetch("agenda_items__owner_user", _people_qs()),
    ]


def _with_people(qs):
    """Attendees, role holders and agenda owners in a fixed number of queries."""
    return qs.prefetch_related(*_people_lookups())


@org_view
def meeting_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Meetings coming up (soonest first) and past ones (latest first, a page at a time)."""
    community = access_community(tenant, slug, "meeting.view")
    now = timezone.now()
    qs = meetings_in(tenant, community).annotate(
        invited=Count("attendees", distinct=True), items=Count("agenda_items", distinct=True)
    )
    upcoming = list(qs.filter(ends_at__gt=now).order_by("starts_at", "pk"))
    past = Paginator(qs.filter(ends_at__lte=now).order_by("-starts_at", "-pk"), PAST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    feed = actions.feed_of(community)
    translations.with_translations(upcoming, past.object_list)
    return render(
        request,
        "meetings/meeting_list.html",
        _context(
            tenant,
            community,
            upcoming=upcoming,
            past=past,
            feed_url=_feed_url(request, community, feed),
            can_change=tenant.can("meeting.change", community),
        ),
    )


def _feed_url(request: HttpRequest, community: Community, feed: CalendarFeed) -> str:
    path = reverse("meetings:meeting_feed", args=[community.organization.slug, community.slug, feed.token])
    return request.build_absolute_uri(path)


@org_view
def meeting_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.view")
    meeting = access_meeting(tenant, community, pk)
    prefetch_related_objects([meeting], *_people_lookups())
    attendees = sorted(meeting.attendees.all(), key=lambda a: a.name.casefold())
    holders = {r.role: r for r in meeting.roles.all()}
    roles = [(role.label, holders.get(role.value)) for role in MeetingRole]
    decisions = list(
        decisions_in(tenant, community).filter(meeting=meeting).only("pk", "title", "outcome", "decided_on")
    )
    agenda = list(meeting.agenda_items.all())
    translations.with_translations([meeting], agenda, decisions)  # their other languages: one query
    return render(
        request,
        "meetings/meeting_detail.html",
        _context(
            tenant,
            community,
            meeting=meeting,
            attendees=attendees,
            roles=roles,
            agenda=agenda,
            total_minutes=sum(i.duration or 0 for i in meeting.agenda_items.all()),
            decisions=decisions,
            # Decisions are recorded once the meeting has been held (not for one still to come).
            held=timezone.localdate(meeting.starts_at) <= timezone.localdate(),
            can_change=tenant.can("meeting.change", community),
            can_take_part=tenant.can("meeting.take_part", community),
        ),
    )


def _slot_start(day: int, part: str) -> datetime:
    """The next such weekday (from tomorrow) at the slot's usual hour, in local time."""
    today = timezone.localdate()
    ahead = (day - today.weekday() - 1) % 7 + 1
    return timezone.make_aware(datetime.combine(today + timedelta(days=ahead), SLOT_START[part]))


def _slot_initial(value: str) -> dict:
    try:
        day_text, part = value.split("-", 1)
        day = int(day_text)
        if part not in DayPart.values or not 0 <= day <= 6:
            raise ValueError
    except ValueError:
        return {}
    start = _slot_start(day, part)
    return {"starts_at": start, "ends_at": start + SLOT_LENGTH}


def _posted_as_initial(form_data, people_keys) -> dict:
    """The posted form as initial values (to show it again, with the roles suggested afresh)."""
    initial = {
        name: form_data.get(name) for name in form_data if name not in {"attendees", "csrfmiddlewaretoken"}
    }
    initial["attendees"] = [k for k in form_data.getlist("attendees") if k in people_keys]
    return initial


def _suggestion(community: Community, attendees: list[str], people, before=None) -> dict[str, str]:
    suggestion = actions.suggested_roles(community, attendees, before=before, people=people)
    return {f"role_{role}": key or "" for role, key in suggestion.items()}


def _form_page(request, tenant, community, form, people, *, meeting=None, title="", suggested=None):
    slots, show_names = [], tenant.can("partner.view", community)
    if meeting is None:
        partners = [p for _name, p, _u in people.values() if p is not None]
        slots = suggest_slots(partners, top=3)
    return render(
        request,
        "meetings/meeting_form.html",
        _context(
            tenant,
            community,
            form=form,
            meeting=meeting,
            title=title,
            slots=slots,
            show_names=show_names,
            suggested=suggested or {},
            people=people,
        ),
    )


@org_view
def meeting_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Plan a meeting. The roles come suggested (a fair rotation among those invited); the team can
    change them, or ask again after changing who is invited."""
    community = access_community(tenant, slug, "meeting.change")
    people = meeting_people(community)
    if request.method == "POST" and "suggest" in request.POST:
        initial = _posted_as_initial(request.POST, people)
        suggested = _suggestion(community, initial["attendees"], people)
        initial.update(suggested)
        form = MeetingForm(initial=initial, people=people)
        return _form_page(
            request, tenant, community, form, people, title=_("Plan a meeting"), suggested=suggested
        )
    if request.method == "POST":
        form = MeetingForm(request.POST, people=people)
        if form.is_valid():
            try:
                meeting = actions.do_create_meeting(
                    community, acting_user=request.user, details=form.details(), people=people
                )
            except WriteError as e:
                show_on_form(form, e)
            else:
                messages.success(request, _("Meeting planned."))
                return redirect(
                    "meetings:meeting_detail", tenant.organization.slug, community.slug, meeting.pk
                )
        suggested = {}
    else:
        attendees = list(people)
        suggested = _suggestion(community, attendees, people)
        initial = {"attendees": attendees, **suggested, **_slot_initial(request.GET.get("slot", ""))}
        form = MeetingForm(initial=initial, people=people)
    return _form_page(
        request, tenant, community, form, people, title=_("Plan a meeting"), suggested=suggested
    )


@org_view
def meeting_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.view")
    meeting = access_meeting(tenant, community, pk, "meeting.change")
    people = meeting_people(community, meeting)
    title = _("Edit meeting")
    if request.method == "POST" and "suggest" in request.POST:
        initial = _posted_as_initial(request.POST, people)
        suggested = _suggestion(community, initial["attendees"], people, before=meeting.starts_at)
        initial.update(suggested)
        form = MeetingForm(initial=initial, people=people, meeting=meeting)
        return _form_page(
            request, tenant, community, form, people, meeting=meeting, title=title, suggested=suggested
        )
    if request.method == "POST":
        form = MeetingForm(request.POST, people=people, meeting=meeting)
        if form.is_valid():
            try:
                actions.do_update_meeting(
                    meeting,
                    acting_user=request.user,
                    details=form.details(),
                    people=people,
                    version=form.cleaned_data.get("version"),
                )
            except WriteError as e:
                show_on_form(form, e)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(
                    "meetings:meeting_detail", tenant.organization.slug, community.slug, meeting.pk
                )
    else:
        form = MeetingForm(initial=meeting_initial(meeting), people=people, meeting=meeting)
    return _form_page(request, tenant, community, form, people, meeting=meeting, title=title)


@org_view
def meeting_prep(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The prep with community leaders before the meeting."""
    community = access_community(tenant, slug, "meeting.view")
    meeting = access_meeting(tenant, community, pk, "meeting.change")
    initial = {name: getattr(meeting, name) for name in actions.PREP_FIELDS}
    form = PrepForm(request.POST or None, initial=initial, version_of=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_prep(meeting, acting_user=request.user, **form.cleaned_data)
        except WriteError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _("Prep saved."))
            return redirect("meetings:meeting_detail", tenant.organization.slug, community.slug, meeting.pk)
    return render(
        request,
        "meetings/meeting_step_form.html",
        _context(tenant, community, form=form, meeting=meeting, title=_("Prepare with community leaders")),
    )


@org_view
def meeting_minutes(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The minutes and the short debrief (the note taker may be anyone on the team)."""
    community = access_community(tenant, slug, "meeting.view")
    meeting = access_meeting(tenant, community, pk, "meeting.take_part")
    initial = {name: getattr(meeting, name) for name in ("minutes", *actions.DEBRIEF_FIELDS)}
    started = meeting.starts_at <= timezone.now()
    # Once it has started, a planned meeting is most likely being written up as held.
    initial["status"] = (
        MeetingStatus.HELD if started and meeting.status == MeetingStatus.PLANNED else meeting.status
    )
    # Staff record who came (a community leader's pay for the meeting relies on it).
    attendees = None
    if tenant.can("meeting.change", community):
        attendees = list(Attendee.objects.filter(meeting=meeting).select_related("partner", "user"))
    form = MinutesForm(request.POST or None, initial=initial, version_of=meeting, attendees=attendees)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_minutes(meeting, acting_user=request.user, **form.cleaned_data)
        except WriteError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("meetings:meeting_detail", tenant.organization.slug, community.slug, meeting.pk)
    return render(
        request,
        "meetings/meeting_step_form.html",
        _context(tenant, community, form=form, meeting=meeting, title=_("Minutes and debrief")),
    )


def _ics_response(text: str, filename: str) -> HttpResponse:
    return download_response(text, filename, "text/calendar; charset=utf-8")


@org_view
def meeting_ics(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """One meeting for a calendar app."""
    community = access_community(tenant, slug, "meeting.view")
    meeting = access_meeting(tenant, community, pk)
    prefetch_related_objects([meeting], *_people_lookups())
    urls = {meeting.pk: request.build_absolute_uri(meeting.get_absolute_url())}
    text = ical.calendar(
        [meeting],
        name=meeting.title,
        urls=urls,
        host=request.get_host().split(":")[0],
        time_zone=tenant.organization.time_zone,
    )
    return _ics_response(text, f"meeting-{meeting.pk}.ics")


def meeting_feed(request: HttpRequest, org: str, slug: str, token: str) -> HttpResponse:
    """The community's meetings for a calendar app to subscribe to. No sign-in (calendar apps cannot):
    the secret token is the key; a wrong or old one is a 404, like a community that does not exist."""
    feed = (
        CalendarFeed.objects.filter(community__organization__slug=org, community__slug=slug)
        .select_related("community__organization")
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.token.encode(), token.encode()):
        raise Http404
    community = feed.community
    since = timezone.now() - timedelta(days=31 * FEED_MONTHS_BACK)
    meetings = list(
        _with_people(
            Meeting.objects.filter(community=community, ends_at__gte=since).order_by("starts_at", "pk")
        )
    )
    urls = {}
    for meeting in meetings:
        meeting.community = community
        urls[meeting.pk] = request.build_absolute_uri(meeting.get_absolute_url())
    text = ical.calendar(
        meetings,
        name=community.name,
        urls=urls,
        host=request.get_host().split(":")[0],
        time_zone=community.organization.time_zone,
    )
    return _ics_response(text, f"meetings-{community.slug}.ics")


@require_POST
@org_view
def meeting_feed_regenerate(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.change")
    actions.do_regenerate_feed_token(community, acting_user=request.user)
    messages.success(
        request,
        _("New calendar address made. Calendars subscribed to the old one no longer receive the meetings."),
    )
    return redirect("meetings:meeting_list", tenant.organization.slug, community.slug)

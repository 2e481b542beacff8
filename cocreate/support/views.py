"""Support-log pages: a community's events (log, list, read, correct, delete), its dosage with charts
and exports, and a practitioner's portfolio across communities."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.models import User
from cocreate.assessments.results import decimal_mark, format_score, unit_label
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.models import Membership, Role
from cocreate.core.views import org_view
from cocreate.lib.charts import chart_response
from cocreate.lib.exports import CSV_TYPE, XLSX_TYPE, download_response
from cocreate.partners.models import CAPACITY_DOMAINS, PARTNER_TYPE_SHORT, PartnerType
from cocreate.planning.models import Action, Goal

from . import actions, charts, exports
from .access import (
    access_event,
    can_choose_practitioner,
    events_in,
    portfolio_owner,
    practitioner_choices,
)
from .forms import SupportEventForm
from .models import FUNCTION_SHORT, Function, SupportEvent, SupportType
from .queries import dosage as q
from .queries import outcomes as o
from .queries.surveys import survey_recipients, survey_status

EVENTS_PER_PAGE = 25
PORTFOLIO_PER_PAGE = 50


def _context(tenant: Tenant, community, **extra):
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative if community else None,
        "community": community,
        **extra,
    }


def _parse_month(text: str) -> date | None:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _labels() -> dict[str, dict[str, str]]:
    """Translated labels, resolved once per language rather than once per row and request."""
    return _labels_in(get_language())


@lru_cache(maxsize=8)
def _labels_in(language: str) -> dict[str, dict[str, str]]:
    return {
        "type": {value: str(label) for value, label in SupportType.choices},
        "function": {value: str(FUNCTION_SHORT[Function(value)]) for value in Function.values},
        "domain": {key: str(label) for key, label in CAPACITY_DOMAINS},
        "ptype": {value: str(PARTNER_TYPE_SHORT[PartnerType(value)]) for value in PartnerType.values},
    }


# The log ------------------------------------------------------------------------------------------------


@org_view
def event_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """A community's support events, newest first, filtered by month, type and function."""
    community = access_community(tenant, slug, "support.view")
    qs = events_in(tenant, community)
    month = _parse_month(request.GET.get("month", ""))
    if month:
        qs = qs.filter(date__gte=month, date__lt=q.add_months(month, 1))
    etype = request.GET.get("type", "")
    if etype in SupportType.values:
        qs = qs.filter(event_type=etype)
    function = request.GET.get("function", "")
    if function in Function.values:
        qs = qs.filter(function=function)
    qs = qs.order_by("-date", "-pk").prefetch_related(
        "domains", Prefetch("facilitators", User.objects.only("pk", "name", "email"))
    )
    page = Paginator(qs, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    labels = _labels()
    org_slug = tenant.organization.slug
    for event in page.object_list:
        event.type_label = labels["type"][event.event_type]
        event.function_label = labels["function"][event.function]
        event.domain_labels = [labels["domain"][d.domain] for d in event.domains.all()]
        event.facilitator_names = [u.name or u.email for u in event.facilitators.all()]
        event.page_url = reverse("support:detail", args=[org_slug, community.slug, event.pk])
    filtered = bool(month or etype in SupportType.values or function in Function.values)
    return render(
        request,
        "support/list.html",
        _context(
            tenant,
            community,
            page=page,
            month=month.strftime("%Y-%m") if month else "",
            type_filter=etype,
            function_filter=function,
            filtered=filtered,
            types=SupportType.choices,
            functions=[(f.value, FUNCTION_SHORT[f]) for f in Function],
            can_log=tenant.can("support.log", community),
            can_log_anywhere=tenant.can_anywhere("support.log"),
        ),
    )


def _save(form: SupportEventForm, write) -> SupportEvent | None:
    """Run the write; a mistake the form let through comes back as an error beside its field."""
    try:
        return write(form.details())
    except WriteError as e:
        show_on_form(form, e)
        return None


@org_view
def event_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "support.log")
    form = SupportEventForm(request.POST or None, community=community, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _save(
            form,
            lambda details: actions.do_log_support_event(community, acting_user=request.user, **details),
        )
        if event is not None:
            messages.success(
                request,
                _("Logged: %(hours)s hours of %(type)s.")
                % {"hours": charts.hours_text(event.hours), "type": event.get_event_type_display().lower()},
            )
            return redirect("support:detail", tenant.organization.slug, community.slug, event.pk)
    return render(
        request,
        "support/form.html",
        _context(tenant, community, form=form, title=_("Log support")),
    )


@org_view
def event_edit(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "support.view")
    event = access_event(tenant, community, pk, "support.log")
    form = SupportEventForm(request.POST or None, community=community, user=request.user, event=event)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda details: actions.do_update_support_event(
                event, acting_user=request.user, version=form.cleaned_data.get("version"), **details
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("support:detail", tenant.organization.slug, community.slug, event.pk)
    return render(
        request,
        "support/form.html",
        _context(tenant, community, form=form, event=event, title=_("Edit support event")),
    )


def _served(tenant: Tenant, community, event: SupportEvent) -> list[dict]:
    """The goals the event served, each with the actions it served under it, linked to the goal's page
    (an action served without its goal is listed under its goal, marked as not served itself)."""
    org_slug = tenant.organization.slug
    goals: dict[int, dict[str, Any]] = {
        g.pk: {"goal": g, "served": True, "actions": []} for g in event.goals.all()
    }
    for action in event.actions.all():
        if action.goal_id not in goals:
            goals[action.goal_id] = {"goal": action.goal, "served": False, "actions": []}
        goals[action.goal_id]["actions"].append(action)
    for entry in goals.values():
        entry["url"] = reverse("planning:goal", args=[org_slug, community.slug, entry["goal"].pk])
    return list(goals.values())


@org_view
def event_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "support.view")
    event = access_event(tenant, community, pk)
    labels = _labels()
    people = User.objects.only("pk", "name", "email")
    prefetch_related_objects(
        [event],
        "domains",
        Prefetch("facilitators", people),
        "attendee_partners",
        Prefetch("attendee_users", people),
        Prefetch("goals", Goal.objects.only("pk", "statement", "status")),
        Prefetch(
            "actions",
            Action.objects.select_related("goal").only(
                "pk", "goal", "strategy", "status", "goal__statement", "goal__status"
            ),
        ),
    )
    headcounts = [(labels["ptype"][ptype], n) for ptype, n in event.headcounts.items()]
    can_run = tenant.can("assessment.run", community)
    survey = survey_status(tenant, event)
    can_ask = survey_recipients(event).count() if can_run and survey is None else 0
    return render(
        request,
        "support/detail.html",
        _context(
            tenant,
            community,
            event=event,
            function_label=labels["function"][event.function],
            domain_labels=[labels["domain"][d.domain] for d in event.domains.all()],
            headcounts=headcounts,
            can_log=tenant.can("support.log", community),
            served=_served(tenant, community, event),
            survey=survey,
            can_run=can_run,
            can_ask=can_ask,
            no_sign_in=sum(1 for p in event.attendee_partners.all() if p.user_id is None),
            outcomes_url=reverse("support:outcomes", args=[tenant.organization.slug, community.slug]),
        ),
    )


@require_POST
@org_view
def send_survey(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Send the interim-outcomes survey to the event's attendees who can sign in (once per event)."""
    community = access_community(tenant, slug, "support.view")
    event = access_event(tenant, community, pk, "assessment.run")
    try:
        survey = actions.do_send_interim_survey(
            event, acting_user=request.user, anonymous=request.POST.get("anonymous") == "on"
        )
    except actions.SurveyNotSent as e:
        messages.error(request, e.text)
    else:
        n = survey.administration.invitees.count()
        messages.success(
            request,
            ngettext(
                "The interim-outcomes survey is on its way to %(n)d person, in their own language.",
                "The interim-outcomes survey is on its way to %(n)d people, each in their own language.",
                n,
            )
            % {"n": n},
        )
    return redirect("support:detail", tenant.organization.slug, community.slug, event.pk)


@org_view
def event_delete(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Asks first; a POST deletes (the history keeps the event and who removed it)."""
    community = access_community(tenant, slug, "support.view")
    event = access_event(tenant, community, pk, "support.log")
    if request.method == "POST":
        actions.do_delete_support_event(event, acting_user=request.user)
        messages.success(request, _("The support event was deleted."))
        return redirect("support:list", tenant.organization.slug, community.slug)
    return render(request, "support/confirm_delete.html", _context(tenant, community, event=event))


# Dosage -------------------------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[str, int | None]:
    period = request.GET.get("period", q.DEFAULT_PERIOD)
    if period not in q.PERIODS:
        period = q.DEFAULT_PERIOD
    return period, q.PERIODS[period]


def _period_query(period: str) -> str:
    return "" if period == q.DEFAULT_PERIOD else f"?period={period}"


def _pairs(values: dict, names: dict[str, str]) -> list[tuple[str, str]]:
    """The breakdown "Coaching 1.5 · Training 2.0" as (name, hours) pairs, zeros left out."""
    return [(names[key], charts.hours_text(values[key])) for key in names if values.get(key)]


def _month_rows(dosage: list[q.MonthDosage], *, breakdowns: bool = True) -> list[dict]:
    """The table's rows, newest month first, each breakdown ready to show (`breakdowns=False`: totals).

    A run of months without support becomes one row ("June – September 2026"), so a phone does not
    scroll through a screenful of zeros.
    """
    labels = _labels()
    rows: list[dict] = []
    for m in reversed(dosage):
        if not m.events:
            if rows and rows[-1]["empty"]:
                rows[-1]["first"] = m.month
            else:
                rows.append({"empty": True, "first": m.month, "last": m.month})
            continue
        people = sum(m.headcounts.values())
        row: dict[str, Any] = {
            "empty": False,
            "label": dateformat.format(m.month, "F Y"),
            "events": m.events,
            "hours": charts.hours_text(m.hours),
            "reached": ", ".join(labels["ptype"][p] for p in m.partner_types_reached) or "—",
            "people": ngettext("%(n)d person", "%(n)d people", people) % {"n": people} if people else "",
        }
        if breakdowns:
            row["by_type"] = _pairs(m.by_type, labels["type"])
            row["by_function"] = _pairs(m.by_function, labels["function"])
            row["by_domain"] = _pairs(m.by_domain, labels["domain"])
        rows.append(row)
    for row in rows:
        if row["empty"]:
            first, last = (dateformat.format(row[k], "F Y") for k in ("first", "last"))
            row["label"] = first if first == last else f"{first} – {last}"
    return rows


def _community_chart(community, name: str, dosage: list[q.MonthDosage], period: str) -> charts.Chart:
    base = reverse("support:dosage", args=[community.organization.slug, community.slug])
    return charts.build(
        name,
        dosage,
        subject=community.name,
        base_url=f"{base}charts/{name}",
        query=_period_query(period),
        file_stem=community.slug,
    )


@org_view
def dosage(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """How much support the community received, month by month: counts, not a measure of effect."""
    community = access_community(tenant, slug, "support.view")
    period, months = _period(request)
    months_dosage = q.dosage_by_month(community, months=months)
    totals = q.total(months_dosage)
    return render(
        request,
        "support/dosage.html",
        _context(
            tenant,
            community,
            period=period,
            periods=[
                ("12", _("Last 12 months")),
                ("24", _("Last 24 months")),
                ("all", _("Since the first event")),
            ],
            rows=_month_rows(months_dosage),
            totals=totals,
            total_hours=charts.hours_text(totals.hours),
            months_count=len(months_dosage),
            reached=[_labels()["ptype"][p] for p in totals.partner_types_reached],
            export_query=_period_query(period),
            can_export=tenant.can("support.export", community),
            can_log=tenant.can("support.log", community),
            month_chart=_community_chart(community, "hours-by-month", months_dosage, period),
            domain_chart=_community_chart(community, "hours-by-domain", months_dosage, period),
        ),
    )


def _export(request: HttpRequest, tenant: Tenant, slug: str):
    community = access_community(tenant, slug, "support.export")
    _period_key, months = _period(request)
    return community, months, q.dosage_by_month(community, months=months)


@org_view
def dosage_csv(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community, _months, months_dosage = _export(request, tenant, slug)
    header, rows = exports.dosage_table(
        community, months_dosage, exports.events_serving_plan(community, months_dosage)
    )
    return download_response(exports.to_csv(header, rows), exports.filename(community, "csv"), CSV_TYPE)


@org_view
def dosage_xlsx(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community, months, months_dosage = _export(request, tenant, slug)
    first = months_dosage[0].month if months_dosage else None
    events = exports.export_events(community, first if months else None)
    return download_response(
        exports.dosage_xlsx(community, months_dosage, events), exports.filename(community, "xlsx"), XLSX_TYPE
    )


@org_view
def dosage_chart(request: HttpRequest, tenant: Tenant, slug: str, name: str, fmt: str) -> HttpResponse:
    """A dosage chart's spec (what the page draws), or the chart as a PNG or SVG download."""
    community = access_community(tenant, slug, "support.view")
    period, months = _period(request)
    chart = _community_chart(community, name, q.dosage_by_month(community, months=months), period)
    return chart_response(chart, fmt)


# Dosage beside outcomes ---------------------------------------------------------------------------------


def _outcome_cell(label: str, score: o.MonthScore, method: str, mark: str) -> dict:
    return {
        "label": label,
        "text": format_score(score.score, method, mark=mark) if score.rounds else "",
        "rounds": score.rounds,
        "responses": score.responses,
        "withheld": score.withheld,
    }


def _outcome_rows(outcomes: o.Outcomes) -> list[dict]:
    """The table, newest month first; a run of months with nothing at all becomes one row."""
    mark = decimal_mark()
    methods = {key: m.method for key, m in outcomes.measures.items()}
    labels = (_("Interim outcomes"), _("Capacity"))
    rows: list[dict] = []
    for m in reversed(outcomes.months):
        if m.empty:
            if rows and rows[-1]["empty"]:
                rows[-1]["first"] = m.month
            else:
                rows.append({"empty": True, "first": m.month, "last": m.month})
            continue
        rows.append(
            {
                "empty": False,
                "label": dateformat.format(m.month, "F Y"),
                "events": m.dosage.events,
                "hours": charts.hours_text(m.dosage.hours),
                "scores": [
                    _outcome_cell(labels[0], m.interim, methods[o.INTERIM_KEY], mark),
                    _outcome_cell(labels[1], m.capacity, methods[o.CAPACITY_KEY], mark),
                ],
            }
        )
    for row in rows:
        if row["empty"]:
            first, last = (dateformat.format(row[k], "F Y") for k in ("first", "last"))
            row["label"] = first if first == last else f"{first} – {last}"
    return rows


def _outcomes_chart(community, outcomes: o.Outcomes, period: str) -> charts.OutcomesChart:
    base = reverse("support:outcomes", args=[community.organization.slug, community.slug])
    return charts.outcomes_chart(
        outcomes,
        subject=community.name,
        base_url=f"{base}chart",
        query=_period_query(period),
        file_stem=f"{community.slug}-outcomes",
    )


@org_view
def outcomes(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Dosage, interim outcomes and capacity over the same months: side by side, not cause and effect."""
    community = access_community(tenant, slug, "support.view")
    period, months = _period(request)
    data = o.outcomes_by_month(community, months=months)
    targets = {
        key: format_score(m.target, m.method) if m.target is not None else ""
        for key, m in data.measures.items()
    }
    return render(
        request,
        "support/outcomes.html",
        _context(
            tenant,
            community,
            period=period,
            periods=[
                ("12", _("Last 12 months")),
                ("24", _("Last 24 months")),
                ("all", _("Everything")),
            ],
            data=data,
            rows=_outcome_rows(data),
            chart=None if data.empty else _outcomes_chart(community, data, period),
            has_interim=data.has_scores(o.INTERIM_KEY),
            has_capacity=data.has_scores(o.CAPACITY_KEY),
            withheld=data.withheld(o.INTERIM_KEY) + data.withheld(o.CAPACITY_KEY),
            interim_unit=unit_label(data.measures[o.INTERIM_KEY].method),
            capacity_unit=unit_label(data.measures[o.CAPACITY_KEY].method),
            interim_target=targets[o.INTERIM_KEY],
            capacity_target=targets[o.CAPACITY_KEY],
            can_log=tenant.can("support.log", community),
            can_run=tenant.can("assessment.run", community),
        ),
    )


@org_view
def outcomes_chart(request: HttpRequest, tenant: Tenant, slug: str, fmt: str) -> HttpResponse:
    """The three panels stacked in one chart: its spec, or a PNG or SVG to download."""
    community = access_community(tenant, slug, "support.view")
    period, months = _period(request)
    return chart_response(
        _outcomes_chart(community, o.outcomes_by_month(community, months=months), period), fmt
    )


# The practitioner's portfolio ------------------------------------------------------------------------------


def _portfolio(request: HttpRequest, tenant: Tenant):
    """Whose portfolio, and its communities (those the viewer may see, not archived) in name order,
    each with `serves`: whether the practitioner holds a practitioner role there."""
    owner = portfolio_owner(tenant, request.GET.get("who"))
    communities = (
        q.portfolio_communities(tenant.communities(), tenant.organization, owner)
        .filter(archived_at__isnull=True)
        .order_by("name")
        .only("pk", "organization_id", "name", "slug")
    )
    if owner == tenant.user:  # one's own roles are known already
        served = {
            m.community_id for m in tenant.memberships if m.role == Role.PRACTITIONER and m.community_id
        }
        listed = list(communities)
        for community in listed:
            community.serves = community.pk in served  # type: ignore[attr-defined]  # added to the instance for display
        return owner, listed
    serves = Membership.objects.filter(
        organization=tenant.organization, user=owner, role=Role.PRACTITIONER, community=OuterRef("pk")
    )
    return owner, list(communities.annotate(serves=Exists(serves)))


def _portfolio_chart(tenant: Tenant, owner, is_me: bool, dosage: list[q.MonthDosage]) -> charts.Chart:
    return charts.hours_by_month_chart(
        dosage,
        subject=owner.name or owner.email,
        base_url=reverse("support:portfolio", args=[tenant.organization.slug]) + "charts/hours-by-month",
        query="" if is_me else f"?who={owner.pk}",
        file_stem=f"portfolio-{owner.pk}",
    )


@org_view
def portfolio(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """A practitioner's communities with their recent support, and the support they gave month by month."""
    owner, communities = _portfolio(request, tenant)
    is_me = owner == request.user
    ids = [c.pk for c in communities]
    page = Paginator(communities, PORTFOLIO_PER_PAGE).get_page(request.GET.get("page"))
    rows = q.portfolio_rows(list(page.object_list), owner)
    org_slug = tenant.organization.slug
    for row in rows:
        row.list_url = reverse("support:list", args=[org_slug, row.community.slug])
        row.dosage_url = reverse("support:dosage", args=[org_slug, row.community.slug])
        row.recent_hours_text = charts.hours_text(row.recent_hours)
        row.my_recent_hours_text = charts.hours_text(row.my_recent_hours)
    # Totals only: the chart's spec, with hours by function, comes from `portfolio_chart` once the page
    # is drawn, so the page itself stays one light query.
    months_dosage = q.practitioner_dosage_by_month(
        tenant.organization, owner, community_ids=ids, by_type=False, by_function=False, by_domain=False
    )
    totals = q.total(months_dosage)
    choosing = can_choose_practitioner(tenant)
    return render(
        request,
        "support/portfolio.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "owner": owner,
            "is_me": is_me,
            "practitioners": list(practitioner_choices(tenant).only("pk", "name", "email"))
            if choosing
            else [],
            "page": page,
            "rows": rows,
            "recent_days": q.RECENT_DAYS,
            "month_rows": _month_rows(months_dosage, breakdowns=False),
            "total_hours": charts.hours_text(totals.hours),
            "total_events": totals.events,
            "months_count": len(months_dosage),
            "chart_base": reverse("support:portfolio", args=[tenant.organization.slug])
            + "charts/hours-by-month",
            "chart_title": charts.MONTH_CHART_TITLE,
            "chart_description": charts.MONTH_CHART_DESCRIPTION,
            "who_query": "" if is_me else f"?who={owner.pk}",
            "summary": ngettext(
                "%(n)d community in this portfolio.", "%(n)d communities in this portfolio.", len(ids)
            )
            % {"n": len(ids)},
        },
    )


@org_view
def portfolio_chart(request: HttpRequest, tenant: Tenant, name: str, fmt: str) -> HttpResponse:
    if name != "hours-by-month":
        raise Http404
    owner, communities = _portfolio(request, tenant)
    ids = [c.pk for c in communities]
    months_dosage = q.practitioner_dosage_by_month(
        tenant.organization, owner, community_ids=ids, by_type=False, by_domain=False
    )
    return chart_response(_portfolio_chart(tenant, owner, owner == request.user, months_dosage), fmt)

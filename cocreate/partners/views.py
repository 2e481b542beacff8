"""Partner pages: the list with its gaps, one partner's ladder and history, roles on teams, new areas."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.registry import render_sections
from cocreate.core.views import org_view

from . import actions
from .access import access_partner, partners_in
from .coverage import stale_q
from .forms import AreaForm, LevelForm, PartnerForm, TeamRoleForm
from .models import (
    LEVEL_PROMISES,
    PARTNER_TYPE_SHORT,
    EngagementArea,
    EngagementLevel,
    Level,
    PartnerType,
    TeamRole,
)
from .plan import render_level_cells
from .registry import partner_sections

PARTNERS_PER_PAGE = 25


def _context(tenant: Tenant, community, **extra):
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        **extra,
    }


@org_view
def partner_list(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Who is at the table in this community, filtered, with the gaps the team should work on."""
    community = access_community(tenant, slug, "partner.view")
    areas = list(community.engagement_areas.all())
    qs = partners_in(tenant, community).filter(archived_at__isnull=True)
    ptype = request.GET.get("type", "")
    if ptype in PartnerType.values:
        qs = qs.filter(partner_type=ptype)
    if request.GET.get("lived") == "1":
        qs = qs.filter(lived_experience=True)
    show = request.GET.get("show", "")
    if show == "below_plan":
        qs = qs.filter(
            Exists(EngagementLevel.objects.filter(partner=OuterRef("pk"), planned__gt=F("current")))
        )
    elif show == "stale":
        qs = qs.filter(stale_q())
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(affiliation__icontains=query))
    qs = qs.order_by("name").prefetch_related(
        Prefetch("levels", EngagementLevel.objects.only("partner_id", "area_id", "current", "planned"))
    )
    page = Paginator(qs, PARTNERS_PER_PAGE).get_page(request.GET.get("page"))
    type_labels = {value: str(label) for value, label in PARTNER_TYPE_SHORT.items()}
    for partner in page.object_list:
        by_area = {level.area_id: level for level in partner.levels.all()}
        partner.cells = [(area, by_area.get(area.pk)) for area in areas]
        partner.type_label = type_labels[partner.partner_type]
    render_level_cells(page.object_list, areas)
    context = _context(
        tenant,
        community,
        areas=areas,
        page=page,
        query=query,
        type_filter=ptype,
        show=show,
        lived=request.GET.get("lived") == "1",
        partner_types=PartnerType.choices,
        can_change=tenant.can("partner.change", community),
        can_transfer=tenant.can("partner.transfer", community),
        partner_base=request.path,
    )
    if request.htmx:
        return render(request, "partners/list.html#partners", context)
    return render(request, "partners/list.html", context)


@org_view
def partner_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "partner.change")
    form = PartnerForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        partner = actions.do_create_partner(community, acting_user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s is now a partner. Record how deeply they are engaged next.") % {"name": partner.name},
        )
        return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)
    return render(
        request, "partners/form.html", _context(tenant, community, form=form, title=_("New partner"))
    )


@org_view
def partner_edit(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "partner.view")
    partner = access_partner(tenant, community, pk, "partner.change")
    form = PartnerForm(request.POST or None, instance=partner, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_partner(partner, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)
    return render(
        request,
        "partners/form.html",
        _context(
            tenant, community, form=form, partner=partner, title=_("Edit %(name)s") % {"name": partner.name}
        ),
    )


@org_view
def partner_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """One partner: contact (for those who engage them), the ladder per area, its history, their roles."""
    community = access_community(tenant, slug, "partner.view")
    partner = access_partner(tenant, community, pk)
    areas = list(community.engagement_areas.all())
    levels = {level.area_id: level for level in partner.levels.all()}
    ladder = [
        {
            "area": area,
            "level": levels.get(area.pk),
            "promise": LEVEL_PROMISES[Level(levels[area.pk].current)] if area.pk in levels else "",
        }
        for area in areas
    ]
    changes = partner.engagement_changes.select_related("area", "changed_by")[:100]
    roles = partner.team_roles.select_related("team")
    return render(
        request,
        "partners/detail.html",
        _context(
            tenant,
            community,
            partner=partner,
            ladder=ladder,
            changes=changes,
            roles=roles,
            show_contact=tenant.can("partner.contact", community),
            can_change=tenant.can("partner.change", community),
            can_privacy=tenant.can("partner.privacy", community),
            promises=[(Level(value), LEVEL_PROMISES[Level(value)]) for value in Level.values],
            # What the apps above partners show of this partner (leaders: her recognitions).
            partner_sections=render_sections(
                partner_sections,
                request,
                {"org": tenant.organization, "community": community},
                partner=partner,
                tenant=tenant,
            ),
        ),
    )


@org_view
def level_change(request: HttpRequest, tenant: Tenant, slug: str, pk: int, area: int) -> HttpResponse:
    community = access_community(tenant, slug, "partner.view")
    partner = access_partner(tenant, community, pk, "partner.change")
    area_obj = get_object_or_404(EngagementArea, pk=area, community=community)
    existing = EngagementLevel.objects.filter(partner=partner, area=area_obj).first()
    # The planned level is where the team aims: never preset below where she stands today.
    initial = (
        {"current": existing.current, "planned": max(existing.planned, existing.current)}
        if existing
        else {"current": Level.INFORM, "planned": Level.INFORM}
    )
    form = LevelForm(request.POST or None, existing=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_level(partner, area_obj, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Engagement level saved."))
            return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)
    return render(
        request,
        "partners/level_form.html",
        _context(
            tenant,
            community,
            partner=partner,
            area=area_obj,
            form=form,
            promises=[(Level(value), LEVEL_PROMISES[Level(value)]) for value in Level.values],
        ),
    )


@require_POST
@org_view
def partner_engaged(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "partner.view")
    partner = access_partner(tenant, community, pk, "partner.change")
    actions.do_record_engagement(partner)
    messages.success(request, _("Noted: you were in touch with %(name)s today.") % {"name": partner.name})
    return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)


@require_POST
@org_view
def partner_archive(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "partner.view")
    partner = access_partner(tenant, community, pk, "partner.change")
    archive = request.POST.get("archive", "1") == "1"
    actions.do_set_archived(partner, archived=archive, acting_user=request.user)
    if archive:
        messages.success(
            request, _("%(name)s is archived: no longer listed, records kept.") % {"name": partner.name}
        )
    else:
        messages.success(request, _("%(name)s is listed again.") % {"name": partner.name})
    return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)


@org_view
def role_create(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "team.change")
    partner = access_partner(tenant, community, pk)
    form = TeamRoleForm(request.POST or None, community=community, partner=partner)
    if request.method == "POST" and form.is_valid():
        actions.do_place_on_team(
            form.cleaned_data["team"],
            partner=partner,
            title=form.cleaned_data["title"],
            responsibilities=form.cleaned_data["responsibilities"],
            acting_user=request.user,
        )
        messages.success(request, _("Role added."))
        return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)
    return render(
        request,
        "partners/form.html",
        _context(
            tenant,
            community,
            form=form,
            partner=partner,
            title=_("Place %(name)s on a team") % {"name": partner.name},
        ),
    )


@require_POST
@org_view
def role_remove(request: HttpRequest, tenant: Tenant, slug: str, pk: int, role: int) -> HttpResponse:
    community = access_community(tenant, slug, "team.change")
    partner = access_partner(tenant, community, pk)
    team_role = get_object_or_404(TeamRole, pk=role, partner=partner)
    actions.do_remove_from_team(team_role, acting_user=request.user)
    messages.success(request, _("Role removed."))
    return redirect("partners:detail", tenant.organization.slug, community.slug, partner.pk)


@org_view
def area_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "partner.change")
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_add_area(community, name=form.cleaned_data["name"], acting_user=request.user)
        messages.success(request, _("Area added. Partners' levels can now be recorded for it."))
        return redirect("partners:list", tenant.organization.slug, community.slug)
    return render(
        request,
        "partners/form.html",
        _context(
            tenant,
            community,
            form=form,
            title=_("Add an area of work"),
            intro=_(
                "The five capacity domains are there by default. Add an area that matters here, "
                "for example a youth advisory council or the program's outreach."
            ),
        ),
    )


@org_view
def partner_charts(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Who is at the table by type and depth, and how the ladder has moved month by month."""
    from . import charts

    community = access_community(tenant, slug, "partner.view")
    areas = list(community.engagement_areas.all())
    area = next((a for a in areas if a.key == request.GET.get("area")), None)
    return render(
        request,
        "partners/charts.html",
        _context(
            tenant,
            community,
            areas=areas,
            area=area,
            types_chart=charts.build(community, "partner-types", area),
            ladder_chart=charts.build(community, "ladder", area),
        ),
    )

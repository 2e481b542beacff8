"""Pages for organizations, initiatives, communities and teams. Each view: resolve the tenant, check, act, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, forme
from .access import Tenant, access_community, access_initiative, access_team, tenant_for
from .errors import WriteError, show_on_form
from .forms import (
    CommunityForm,
    InitiativeForm,
    InviteForm,
    NewCommunityForm,
    OrganizationForm,
    StageChangeForm,
    TeamForm,
)
from .http import HtmxRequest
from .models import Community, Membership, Organization, Role, Stage, StageChange, Team
from .registry import community_sections, portfolio_cells, portfolio_columns, visible_sections

COMMUNITIES_PER_PAGE = 25  # a screenful on a laptop, a short scroll on a phone


def org_view(view):
    """Sign-in required; resolves the organization in the URL into `request.tenant` (404 if not a member).

    The view runs (and renders) on the organization's clock: `timezone.localdate()` is the
    organization's today, and times show in its zone."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, org: str, *args, **kwargs):
        tenant = tenant_for(request.user, org)
        request.tenant = tenant  # type: ignore[attr-defined]  # HttpRequest declares no tenant
        with timezone.override(tenant.organization.time_zone):
            return view(request, tenant, *args, **kwargs)

    return wrapper


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: their organization, or the list of them."""
    orgs = list(
        Organization.objects.filter(memberships__user=request.user.pk, archived_at__isnull=True).distinct()
    )
    if len(orgs) == 1:
        return redirect(orgs[0])
    return render(request, "core/home.html", {"organizations": orgs})


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = actions.do_create_organization(founder=request.user, **form.cleaned_data)
        messages.success(request, _("Organization created. You are its network admin."))
        return redirect(org)
    return render(request, "core/form.html", {"form": form, "title": _("New organization")})


def _community_rows(tenant: Tenant, request: HttpRequest, initiative=None):
    qs = tenant.communities().select_related("initiative")
    if initiative is not None:
        qs = qs.filter(initiative=initiative)
    show_archived = request.GET.get("archived") == "1"
    qs = qs if show_archived else qs.filter(archived_at__isnull=True)
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(region__icontains=query))
    # Counted per row with subqueries, so the database counts only the rows on the page (and the
    # paginator's COUNT stays a plain one) instead of joining teams × members for the whole organization.
    teams = (
        Team.objects.filter(community=OuterRef("pk"), archived_at__isnull=True)
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = (
        Membership.objects.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    qs = qs.annotate(
        team_count=Coalesce(Subquery(teams, output_field=IntegerField()), 0),
        member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0),
    ).order_by("name")
    page = Paginator(qs, COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    labels = {value: str(label) for value, label in Stage.choices}  # lazy labels resolved once per page
    # The columns the apps above add (partners: its gap badges), in a few queries for the whole page.
    cells = portfolio_cells([community.pk for community in page.object_list])
    for community in page.object_list:
        community.stage_label = labels[community.stage]
        community.organization = tenant.organization  # its link (get_absolute_url) then reads no query
        community.cells = cells[community.pk]
    return {
        "columns": [str(column.label) for column in portfolio_columns],
        "page": page,
        "stage_filter": stage,
        "query": query,
        "show_archived": show_archived,
        "stages": Stage.choices,
    }


def _for_me_page(request: HttpRequest, tenant: Tenant, *, is_home: bool) -> HttpResponse:
    return render(
        request,
        "core/for_me.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "for_me": forme.for_me(tenant),
            "is_home": is_home,
            "partner_only": forme.is_partner_only(tenant),
        },
    )


@org_view
def organization(request: HtmxRequest, tenant: Tenant) -> HttpResponse:
    """The home page in an organization. A partner's (a community member and nothing else here) is
    "for me": what waits for her and what changed. Everyone else's is the portfolio of the communities
    they support, with stage and a filter, and a compact "for me" panel above it."""
    if forme.is_partner_only(tenant) and not request.htmx:
        return _for_me_page(request, tenant, is_home=True)
    context = {"tenant": tenant, "org": tenant.organization, **_community_rows(tenant, request)}
    if request.htmx:
        return render(request, "core/organization.html#communities", context)
    context["for_me"] = forme.panel(tenant)
    context["panel_items"] = forme.PANEL_ITEMS
    initiatives = (
        tenant.initiatives()
        .filter(archived_at__isnull=True)
        .annotate(
            community_count=Count(
                "communities", filter=Q(communities__archived_at__isnull=True), distinct=True
            )
        )
    )
    context["initiatives"] = initiatives
    context["can_see_members"] = tenant.can("membership.view")
    context["is_admin"] = tenant.can("organization.change")
    context["can_translate"] = tenant.can("content.translate")
    return render(request, "core/organization.html", context)


@org_view
def for_me(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Everything waiting for this person in the organization, and what changed since her last visit."""
    return _for_me_page(request, tenant, is_home=False)


@org_view
def my_roles(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """What this person may do here: their roles, from the memberships loaded with the tenant."""
    return render(request, "core/my_roles.html", {"tenant": tenant, "org": tenant.organization})


@org_view
def organization_edit(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tenant.require("organization.change")
    org = tenant.organization
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update(org, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(org)
    return render(request, "core/form.html", {"form": form, "title": _("Edit organization"), "org": org})


def _archive_toggle(request: HttpRequest, obj, label: str):
    archive = request.POST.get("archive", "1") == "1"
    actions.do_set_archived(obj, archived=archive, acting_user=request.user)
    if archive:
        messages.success(request, _("%(name)s is archived. Its records are kept.") % {"name": label})
    else:
        messages.success(request, _("%(name)s is back in use.") % {"name": label})


@require_POST
@org_view
def organization_archive(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tenant.require("organization.archive")
    _archive_toggle(request, tenant.organization, tenant.organization.name)
    return redirect(tenant.organization)


@org_view
def initiative_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tenant.require("initiative.add")
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative = actions.do_create_initiative(
            tenant.organization, acting_user=request.user, **form.cleaned_data
        )
        messages.success(request, _("Initiative created. Now add the communities taking part."))
        return redirect(initiative)
    return render(
        request, "core/form.html", {"form": form, "title": _("New initiative"), "org": tenant.organization}
    )


@org_view
def initiative(request: HtmxRequest, tenant: Tenant, slug: str) -> HttpResponse:
    initiative = access_initiative(tenant, slug)
    context = {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": initiative,
        **_community_rows(tenant, request, initiative),
        "is_admin": tenant.can("initiative.change"),
    }
    if request.htmx:
        return render(request, "core/initiative.html#communities", context)
    return render(request, "core/initiative.html", context)


@org_view
def initiative_edit(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    initiative = access_initiative(tenant, slug, "initiative.change")
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update(initiative, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(initiative)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Edit initiative"), "org": tenant.organization, "initiative": initiative},
    )


@require_POST
@org_view
def initiative_archive(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    initiative = access_initiative(tenant, slug, "initiative.change")
    _archive_toggle(request, initiative, initiative.name)
    return redirect(initiative)


@org_view
def community_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    initiative = access_initiative(tenant, slug, "community.add")
    form = NewCommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        community = actions.do_create_community(initiative, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Community added. Invite its team lead next."))
        return redirect(community)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New community"), "org": tenant.organization, "initiative": initiative},
    )


@org_view
def community(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug)
    teams = community.teams.filter(archived_at__isnull=True).order_by("name")
    recent_stages = community.stage_changes.select_related("changed_by")[:3]
    role_counts = (
        Membership.objects.filter(community=community)
        .order_by("role")
        .values("role")
        .annotate(n=Count("user", distinct=True))
    )
    counts = [(Role(row["role"]).label, row["n"]) for row in role_counts]
    return render(
        request,
        "core/community.html",
        {
            # Each app's section (cocreate.core.registry): partners, assessments, the plan, support…
            "sections": [
                s.render(request, tenant, community, full=False) for s in visible_sections(tenant, community)
            ],
            "tenant": tenant,
            "org": tenant.organization,
            "initiative": community.initiative,
            "community": community,
            "teams": teams,
            "recent_stages": recent_stages,
            "role_counts": counts,
            "my_roles": tenant.roles_in(community),
            "can": {
                action.replace(".", "_"): tenant.can(action, community)
                for action in (
                    "community.change",
                    "community.change_stage",
                    "community.history",
                    "community.archive",
                    "team.change",
                    "membership.view",
                    "content.translate",
                )
            },
        },
    )


@org_view
def community_panel(request: HttpRequest, tenant: Tenant, slug: str, name: str) -> HttpResponse:
    """A lazy section of the community page, loaded after the page; it checks its own permission."""
    section = community_sections.get(name)
    if section is None or not section.lazy:
        raise Http404
    community = access_community(tenant, slug, section.permission)
    return HttpResponse(section.render(request, tenant, community, full=True))


@org_view
def community_edit(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "community.change")
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update(community, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(community)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("Edit community"), "org": tenant.organization, "community": community},
    )


@require_POST
@org_view
def community_archive(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "community.archive")
    _archive_toggle(request, community, community.name)
    return redirect(community)


@org_view
def community_stage(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "community.change_stage")
    form = StageChangeForm(request.POST or None, current=community.stage)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_change_stage(
                community,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["changed_on"],
                acting_user=request.user,
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                _("%(community)s is now at the %(stage)s stage.")
                % {"community": community.name, "stage": community.get_stage_display()},
            )
            return redirect(community)
    return render(
        request,
        "core/stage_form.html",
        {"form": form, "org": tenant.organization, "community": community},
    )


@org_view
def community_history(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The audit trail for one community: stage moves, and who joined or left which role."""
    community = access_community(tenant, slug, "community.history")
    stage_changes = StageChange.objects.filter(community=community).select_related("changed_by")
    membership_changes = []
    if tenant.can("membership.history", community):
        membership_changes = (
            Membership.history.filter(organization_id=tenant.organization.pk, community_id=community.pk)
            .select_related("user", "history_user")
            .order_by("-history_date")[:200]
        )
    return render(
        request,
        "core/history.html",
        {
            "org": tenant.organization,
            "community": community,
            "stage_changes": stage_changes,
            "membership_changes": membership_changes,
            "show_memberships": tenant.can("membership.history", community),
        },
    )


def _members_page(request: HttpRequest, tenant: Tenant, community: Community | None):
    can_invite = tenant.can("membership.invite", community) and bool(tenant.grantable_roles(community))
    form = None
    if can_invite:
        form = InviteForm(
            request.POST or None,
            roles=tenant.grantable_roles(community),
            community=community,
            initial={"language": request.LANGUAGE_CODE, "role": Role.PARTNER},
        )
        if request.method == "POST" and form.is_valid():
            invitation = actions.do_invite(
                tenant.organization,
                community=community,
                acting_user=request.user,
                **form.cleaned_data,
            )
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect(request.path)
    elif request.method == "POST":
        raise PermissionDenied
    members = tenant.memberships_in(community).order_by("community_id", "role", "user__name", "user__email")
    # Organization-wide roles have no community history page: their changes are listed here.
    role_changes = []
    if community is None and tenant.can("membership.history"):
        role_changes = (
            Membership.history.filter(organization_id=tenant.organization.pk, community_id__isnull=True)
            .select_related("user", "history_user")
            .order_by("-history_date")[:50]
        )
    return render(
        request,
        "core/members.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "community": community,
            "members": members,
            "invitations": tenant.invitations_in(community) if can_invite else [],
            "form": form,
            "can_remove": tenant.can("membership.remove", community),
            "role_changes": role_changes,
        },
    )


@org_view
def organization_members(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    tenant.require("membership.view")
    return _members_page(request, tenant, None)


@org_view
def community_members(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "membership.view")
    return _members_page(request, tenant, community)


@require_POST
@org_view
def membership_remove(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"), pk=pk, organization=tenant.organization
    )
    if membership.community is not None:
        tenant._check_visible(membership.community)
    tenant.require("membership.remove", membership.community)
    try:
        actions.do_remove_membership(membership, acting_user=request.user)
    except WriteError as error:
        messages.error(request, error.text)
    else:
        messages.success(
            request,
            _("%(person)s no longer has the %(role)s role.")
            % {"person": membership.user.display_name, "role": membership.get_role_display()},
        )
    if membership.community is not None:
        return redirect(membership.community.url("community_members"))
    return redirect("core:organization_members", tenant.organization.slug)


@org_view
def team_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "team.change")
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_create_team(community, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Team created."))
        return redirect(community)
    return render(
        request,
        "core/form.html",
        {"form": form, "title": _("New team"), "org": tenant.organization, "community": community},
    )


@org_view
def team_edit(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug)
    team = access_team(tenant, community, pk, "team.change")
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update(team, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(community)
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Edit team"),
            "org": tenant.organization,
            "community": community,
            "team": team,
        },
    )


@require_POST
@org_view
def team_archive(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug)
    team = access_team(tenant, community, pk, "team.change")
    _archive_toggle(request, team, team.name)
    return redirect(community)


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)

"""Peer support networks, as pages: the organization's networks (front pages for leaders, with join and
leave), one network inside (members and staff only): members, posts, meetings; staff start, edit and
archive networks ("network.manage")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view

from . import networks
from .forms_networks import NetworkForm, NetworkMeetingForm, PostForm
from .models import PeerNetwork, PostKind


def _base(tenant: Tenant, **extra) -> dict:
    return {"tenant": tenant, "org": tenant.organization, **extra}


def _require_staff(tenant: Tenant) -> None:
    if not networks.is_staff(tenant):
        raise PermissionDenied


@org_view
def network_list(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    """The networks' front pages: name, purpose, members; join or leave (leaders), start one (staff)."""
    networks.require_view(tenant)
    staff = networks.is_staff(tenant)
    return render(
        request,
        "leaders/networks/list.html",
        _base(
            tenant,
            rows=list(networks.network_rows(tenant)),
            archived=list(networks.network_rows(tenant, archived=True)) if staff else [],
            joined=networks.joined_ids(tenant),
            leader=networks.leader_of(tenant),
            staff=staff,
        ),
    )


@org_view
def network_create(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    networks.require_view(tenant)
    _require_staff(tenant)
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network = networks.do_save_network(
                PeerNetwork(organization=tenant.organization), acting_user=request.user, **form.cleaned_data
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Network started. Leaders can now join it."))
            return redirect("leaders:network", tenant.organization.slug, network.pk)
    return render(
        request, "leaders/networks/form.html", _base(tenant, form=form, title=_("Start a peer network"))
    )


@org_view
def network_edit(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    network, _member = networks.access_network(tenant, pk)
    _require_staff(tenant)
    form = NetworkForm(
        request.POST or None, initial={"name": network.name, "purpose": network.purpose}, version_of=network
    )
    if request.method == "POST" and form.is_valid():
        try:
            networks.do_save_network(network, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("leaders:network", tenant.organization.slug, network.pk)
    return render(
        request,
        "leaders/networks/form.html",
        _base(tenant, form=form, network=network, title=_("Edit the network")),
    )


@require_POST
@org_view
def network_archive(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    network, _member = networks.access_network(tenant, pk)
    _require_staff(tenant)
    archive = request.POST.get("restore") is None
    networks.do_archive_network(network, acting_user=request.user, archive=archive)
    messages.success(request, _("Network archived.") if archive else _("Network restored."))
    return redirect("leaders:networks", tenant.organization.slug)


def _network_page(request, tenant, network, member, status=200, **forms) -> HttpResponse:
    posts = list(networks.posts_of(network))
    staff = networks.is_staff(tenant)
    return render(
        request,
        "leaders/networks/detail.html",
        _base(
            tenant,
            network=network,
            member=member,
            staff=staff,
            leader=networks.leader_of(tenant),
            members=list(networks.members_of(network)),
            resources=[p for p in posts if p.kind == PostKind.RESOURCE],
            worked=[p for p in posts if p.kind == PostKind.WORKED],
            deletable={p.pk for p in posts if staff or p.author_id == request.user.pk},
            upcoming=list(networks.upcoming_meetings(network)),
            past=list(networks.past_meetings(network)[:10]),
            post_form=forms.get("post_form") or PostForm(initial={"kind": PostKind.WORKED}),
        ),
        status=status,
    )


@org_view
def network(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    network, member = networks.access_network(tenant, pk)
    return _network_page(request, tenant, network, member)


@require_POST
@org_view
def network_join(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """She joins, by her own choice (only a leader can)."""
    network, _member = networks.access_network(tenant, pk, inside=False)
    leader = networks.leader_of(tenant)
    if leader is None:
        raise PermissionDenied
    try:
        networks.do_join_network(network, acting_user=request.user, leader=leader)
    except WriteError as error:
        messages.error(request, error.text)
        return redirect("leaders:networks", tenant.organization.slug)
    messages.success(request, _("Welcome to %(name)s.") % {"name": network.name})
    return redirect("leaders:network", tenant.organization.slug, network.pk)


@require_POST
@org_view
def network_leave(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    network, _member = networks.access_network(tenant, pk, inside=False)
    leader = networks.leader_of(tenant)
    if leader is None:
        raise PermissionDenied
    networks.do_leave_network(network, acting_user=request.user, leader=leader)
    messages.success(request, _("You left %(name)s.") % {"name": network.name})
    return redirect("leaders:networks", tenant.organization.slug)


@require_POST
@org_view
def network_post(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    network, member = networks.access_network(tenant, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            networks.do_add_post(network, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Shared with the network."))
            return redirect("leaders:network", tenant.organization.slug, network.pk)
    return _network_page(request, tenant, network, member, status=400, post_form=form)


@require_POST
@org_view
def network_post_delete(request: SignedInRequest, tenant: Tenant, pk: int, post: int) -> HttpResponse:
    network, _member = networks.access_network(tenant, pk)
    row = networks.posts_of(network).filter(pk=post).first()
    if row is None:
        raise Http404
    if not networks.may_delete_post(tenant, row):
        raise PermissionDenied
    networks.do_delete_post(row, acting_user=request.user)
    messages.success(request, _("Post deleted."))
    return redirect("leaders:network", tenant.organization.slug, network.pk)


@org_view
def network_meeting_create(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Plan a meeting of the network (members or staff), with the times that suit most members."""
    network, _member = networks.access_network(tenant, pk)
    form = NetworkMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            networks.do_plan_network_meeting(network, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Meeting planned. The members are told."))
            return redirect("leaders:network", tenant.organization.slug, network.pk)
    return render(
        request,
        "leaders/networks/meeting_form.html",
        _base(tenant, network=network, form=form, slots=networks.suggested_times(network)),
    )


def _meeting(network, pk: int):
    meeting = network.meetings.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@require_POST
@org_view
def network_meeting_cancel(request: SignedInRequest, tenant: Tenant, pk: int, meeting: int) -> HttpResponse:
    network, _member = networks.access_network(tenant, pk)
    row = _meeting(network, meeting)
    if not (networks.is_staff(tenant) or row.created_by_id == request.user.pk):
        raise PermissionDenied
    networks.do_cancel_network_meeting(row, acting_user=request.user)
    messages.success(request, _("Meeting cancelled."))
    return redirect("leaders:network", tenant.organization.slug, network.pk)


@org_view
def network_meeting_ics(request: SignedInRequest, tenant: Tenant, pk: int, meeting: int) -> HttpResponse:
    network, _member = networks.access_network(tenant, pk)
    row = _meeting(network, meeting)
    response = HttpResponse(
        networks.ics_of(row, tenant.organization), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="network-meeting-{row.pk}.ics"'
    return response

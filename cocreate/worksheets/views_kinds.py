"""Pages of the kinds' own behaviour: the empathy cards' session view (one card at a time, big enough
for a projector or a phone), goal setting's "make these goals in the plan" and the prism's "add this
stakeholder" (staff; each a POST that makes its records once, then goes back to the worksheet)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError
from cocreate.core.views import org_view

from . import empathy, goals, prism
from .kinds import access_worksheet, step_edit_url, worksheet_url
from .models import Kind


def _of_kind(tenant: Tenant, pk: int, kind: str, action: str, *, in_community: bool = False):
    """The worksheet, if it is of this kind (and, for what writes into a community, a community's)."""
    worksheet = access_worksheet(tenant, pk, action)
    if worksheet.kind != kind or (in_community and worksheet.community is None):
        raise Http404
    return worksheet


@org_view
def empathy_session(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """One card of the deck at a time (`?card=N`), with the guided questions and what the team noted."""
    worksheet = _of_kind(tenant, pk, Kind.EMPATHY, "worksheet.view")
    definition = worksheet.template_version.definition
    cards = empathy.session_order(empathy.deck(definition), worksheet.content)
    if not cards:
        raise Http404
    try:
        number = min(max(int(request.GET.get("card", 1)), 1), len(cards))
    except ValueError:
        number = 1
    card = cards[number - 1]
    here = reverse("worksheets:empathy_session", args=[tenant.organization.slug, worksheet.pk])
    can_record = tenant.can("worksheet.contribute", worksheet.community)
    return render(
        request,
        "worksheets/kinds/empathy_session.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "community": worksheet.community,
            "worksheet": worksheet,
            "card": card,
            "number": number,
            "total": len(cards),
            "previous_url": f"{here}?card={number - 1}" if number > 1 else "",
            "next_url": f"{here}?card={number + 1}" if number < len(cards) else "",
            "questions": empathy.questions(definition),
            "noted": len(empathy.notes_for(worksheet.content, card.key)),
            "record_url": step_edit_url(worksheet, "session") if can_record else None,
            "worksheet_url": worksheet_url(worksheet),
        },
    )


@require_POST
@org_view
def make_goals(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    worksheet = _of_kind(tenant, pk, Kind.GOALS, "worksheet.contribute", in_community=True)
    tenant.require("planning.change", worksheet.community)
    try:
        links = goals.do_make_goals(worksheet, acting_user=request.user)
    except WriteError as error:
        messages.error(request, error.text)
    else:
        if links:
            messages.success(
                request,
                ngettext(
                    "%(n)d goal is now in the community's plan.",
                    "%(n)d goals are now in the community's plan.",
                    len(links),
                )
                % {"n": len(links)},
            )
        else:
            messages.info(request, _("Every goal statement is in the plan already."))
    return redirect(worksheet_url(worksheet))  # its panel links each statement to its goal


@require_POST
@org_view
def add_stakeholder(request: SignedInRequest, tenant: Tenant, pk: int, row: str) -> HttpResponse:
    worksheet = _of_kind(tenant, pk, Kind.PRISM, "worksheet.contribute", in_community=True)
    tenant.require("partner.change", worksheet.community)
    try:
        link = prism.do_add_stakeholder(worksheet, row, acting_user=request.user)
    except WriteError as error:
        messages.error(request, error.text)
        return redirect(worksheet_url(worksheet))
    partner_url = reverse(
        "partners:detail", args=[tenant.organization.slug, worksheet.community.slug, link.partner_id]
    )
    messages.success(
        request, _("%(name)s is now among your partners, to invite.") % {"name": link.partner.name}
    )
    return redirect(partner_url)  # her record, where the invitation is sent from

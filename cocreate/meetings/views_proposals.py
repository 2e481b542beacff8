"""Pages for deciding together: open a proposal, state my position from my phone, answer and resolve
objections in the open, record a position given aloud, and close the proposal with its outcome.
The writes are in `proposals.py`; the proposal's own page is `views.decision_detail` while it is open."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.concurrency import StaleEdit
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view

from . import proposals
from .access import access_decision
from .forms import CloseProposalForm, PositionForm, ProposalForm, ResolveForm
from .models import Decision, Meeting, Participant
from .proposals import ProposalDetails


def _context(tenant: Tenant, community, **extra):
    return {"tenant": tenant, "org": tenant.organization, "community": community, **extra}


def _to_proposal(request, tenant: Tenant, decision: Decision) -> HttpResponse:
    return redirect(
        "meetings:decision_detail", tenant.organization.slug, decision.community.slug, decision.pk
    )


def _open_proposal(tenant: Tenant, community, pk: int, action: str = "meeting.view") -> Decision:
    decision = access_decision(tenant, community, pk, action)
    if not decision.is_open:
        raise Http404  # a closed proposal is a decision: its page has the record
    return decision


def _details(form: ProposalForm, decision: Decision | None = None) -> ProposalDetails:
    data = form.cleaned_data
    return ProposalDetails(
        title=data.get("title", ""),
        proposal=data.get("proposal", ""),
        method=decision.method if decision else data.get("method", ""),
        closes_at=data.get("closes_at"),
        asked=list(data.get("asked") or []),
        secret_vote=decision.secret_vote if decision else bool(data.get("secret_vote")),
        decider=data.get("decider"),
        meeting=decision.meeting if decision else data.get("meeting"),
    )


@org_view
def proposal_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Open a proposal for the team's positions (the meeting's attendees are asked by default)."""
    community = access_community(tenant, slug, "meeting.change")
    people = proposals.people_to_ask(community)
    meeting = None
    value = request.GET.get("meeting", "")
    if value.isdigit():
        meeting = Meeting.objects.filter(community=community, pk=int(value)).first()
    closes = timezone.localtime() + timedelta(days=3)
    initial = {
        "closes_at": closes.replace(hour=18, minute=0, second=0, microsecond=0),
        "method": "consent",
        "asked": proposals.default_asked(community, meeting, people),
        "meeting": meeting.pk if meeting else None,
    }
    form = ProposalForm(request.POST or None, community=community, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = proposals.do_open_proposal(
                community, acting_user=request.user, details=_details(form), people=people
            )
        except WriteError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _("Proposal opened. The people asked can now state their position."))
            return redirect("meetings:decision_detail", tenant.organization.slug, community.slug, decision.pk)
    return render(
        request,
        "meetings/proposal_form.html",
        _context(tenant, community, form=form, title=_("Open a proposal")),
    )


@org_view
def proposal_manage(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The lead's page: change the wording, closing time or who is asked; record positions given aloud."""
    community = access_community(tenant, slug, "meeting.view")
    decision = _open_proposal(tenant, community, pk, "meeting.change")
    people = proposals.people_to_ask(community, decision)
    initial = {
        "title": decision.title,
        "proposal": decision.proposal,
        "method": decision.method,
        "secret_vote": decision.secret_vote,
        "decider": decision.decider_id,
        "closes_at": timezone.localtime(decision.closes_at) if decision.closes_at else None,
        "asked": [row.person_key for row in decision.asked.all()],
        "meeting": decision.meeting_id,
    }
    form = ProposalForm(
        request.POST or None, community=community, people=people, decision=decision, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposals.do_update_proposal(
                decision,
                acting_user=request.user,
                details=_details(form, decision),
                people=people,
                version=form.cleaned_data.get("version"),
            )
        except WriteError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:decision_detail", tenant.organization.slug, community.slug, decision.pk)
    record = proposals.proposal_record(decision, request.user)
    on_behalf = None
    if not decision.secret_vote:
        on_behalf = PositionForm(
            method=decision.method, people=[(line.key, line.name) for line in record.asked]
        )
    return render(
        request,
        "meetings/proposal_manage.html",
        _context(tenant, community, form=form, decision=decision, record=record, on_behalf=on_behalf),
    )


@require_POST
@org_view
def proposal_position(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """State my own position (or change it); in a secret vote, cast my ballot once."""
    community = access_community(tenant, slug, "meeting.view")
    decision = _open_proposal(tenant, community, pk)
    form = PositionForm(request.POST, method=decision.method, ballot=decision.secret_vote)
    if not form.is_valid():
        messages.error(request, _("Choose a position."))
        return _to_proposal(request, tenant, decision)
    try:
        proposals.do_state_position(
            decision,
            acting_user=request.user,
            position=form.cleaned_data["position"],
            reason=form.cleaned_data.get("reason") or "",
            version=form.cleaned_data.get("version"),
        )
    except StaleEdit:
        messages.error(request, _("Your position was changed in another window meanwhile: check it below."))
    except WriteError as e:
        messages.error(request, e.text)
    else:
        messages.success(
            request, _("Your ballot is cast.") if decision.secret_vote else _("Your position is saved.")
        )
    return _to_proposal(request, tenant, decision)


@require_POST
@org_view
def proposal_record_position(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """A lead records a position someone gave aloud; the record says it was given on her behalf."""
    community = access_community(tenant, slug, "meeting.view")
    decision = _open_proposal(tenant, community, pk, "meeting.change")
    people = [(row.person_key, row.name) for row in decision.asked.select_related("partner", "user")]
    form = PositionForm(request.POST, method=decision.method, people=people)
    if not form.is_valid():
        messages.error(request, _("Choose who, and their position."))
    else:
        try:
            proposals.do_record_position(
                decision,
                acting_user=request.user,
                person=form.cleaned_data["person"],
                position=form.cleaned_data["position"],
                reason=form.cleaned_data.get("reason") or "",
            )
        except WriteError as e:
            messages.error(request, e.text)
        else:
            messages.success(request, _("Position recorded on their behalf."))
    return redirect("meetings:proposal_manage", tenant.organization.slug, community.slug, decision.pk)


def _objection(decision: Decision, objection: int) -> Participant:
    row = decision.participants.select_related("partner", "user").filter(pk=objection).first()
    if row is None:
        raise Http404
    return row


@require_POST
@org_view
def proposal_reply(
    request: SignedInRequest, tenant: Tenant, slug: str, pk: int, objection: int
) -> HttpResponse:
    """Answer an objection in the open (the team, partners included)."""
    community = access_community(tenant, slug, "meeting.view")
    decision = _open_proposal(tenant, community, pk)
    row = _objection(decision, objection)
    if proposals.asked_row(decision, request.user) is None:
        tenant.require("meeting.take_part", community)
    try:
        # The write checks the text (empty, too long) with the page's messages.
        proposals.do_reply_to_objection(row, acting_user=request.user, text=request.POST.get("text", ""))
    except WriteError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Your answer is posted for everyone asked to read."))
    return _to_proposal(request, tenant, decision)


@require_POST
@org_view
def proposal_resolve(
    request: SignedInRequest, tenant: Tenant, slug: str, pk: int, objection: int
) -> HttpResponse:
    """The person who objected says her concern is met (a lead, for a position recorded for her)."""
    community = access_community(tenant, slug, "meeting.view")
    decision = _open_proposal(tenant, community, pk)
    row = _objection(decision, objection)
    if not proposals.is_self(row, request.user):
        tenant.require("meeting.change", community)
    form = ResolveForm(request.POST)
    form.is_valid()
    try:
        proposals.do_resolve_objection(
            row, acting_user=request.user, resolution=form.cleaned_data.get("resolution") or ""
        )
    except WriteError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Marked as resolved."))
    return _to_proposal(request, tenant, decision)


@org_view
def proposal_close(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Close the proposal: the outcome and why. A repeat after it closed shows the decision."""
    community = access_community(tenant, slug, "meeting.view")
    decision = access_decision(tenant, community, pk, "meeting.change")
    if not decision.is_open:
        return _to_proposal(request, tenant, decision)
    form = CloseProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.do_close_proposal(
                decision,
                acting_user=request.user,
                outcome=form.cleaned_data["outcome"],
                rationale=form.cleaned_data.get("rationale") or "",
            )
        except WriteError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _("Decision recorded. Everyone asked is told the outcome."))
            return _to_proposal(request, tenant, decision)
    record = proposals.proposal_record(decision, request.user)
    return render(
        request,
        "meetings/proposal_close.html",
        _context(tenant, community, form=form, decision=decision, record=record),
    )

"""Pages for how a team works together: its shared agreement (read, edit, publish, acknowledge, every
published version) and its decision log (list, read, record, correct)."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core import translations, versioned
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view
from cocreate.lib.exports import csv_response
from cocreate.partners.models import PARTNER_TYPE_SHORT, PartnerType

from . import actions, exports, proposals
from .access import access_decision, access_version, decisions_in, published_versions, team_members
from .forms import AgreementForm, DecisionForm, PositionForm, ReplyForm, ResolveForm
from .models import ANSWER_COLUMNS, OBJECTING, AgreementQuestion, AgreementVersion, DecisionStatus, Meeting

DECISIONS_PER_PAGE = 25


def _context(tenant: Tenant, community, **extra):
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        **extra,
    }


def _answer_rows(version: AgreementVersion) -> list[dict]:
    """The version's answers in the toolkit's order: {question, answer, always, sometimes, never}, with
    their versions in other languages (one query for those)."""
    by_question = {a.question: a for a in version.answers.all()}
    translations.with_translations(by_question.values())
    rows = []
    for q in AgreementQuestion:
        answer = by_question.get(q.value)
        rows.append(
            {
                "question": q.label,
                "answer": answer,
                **{col: getattr(answer, col, "") for col in ANSWER_COLUMNS},
            }
        )
    return rows


# Shared agreement ------------------------------------------------------------------------------------


def _agreement_page(request: HttpRequest, tenant: Tenant, community, version: AgreementVersion | None):
    versions = list(published_versions(tenant, community).only("pk", "number", "published_at"))
    if version is None and versions:
        version = versions[0]
    current = versions[0] if versions else None
    is_current = version is not None and version == current
    acknowledged, pending, mine = [], [], False
    if version is not None and is_current:
        acks = list(version.acknowledgements.select_related("user").order_by("acknowledged_at"))
        acked_ids = {a.user_id for a in acks}
        mine = request.user.pk in acked_ids
        acknowledged = acks
        pending = [u for u in team_members(community).only("pk", "name", "email") if u.pk not in acked_ids]
    can_change = tenant.can("meeting.change", community)
    draft = actions.draft_of(community) if can_change else None
    return render(
        request,
        "meetings/agreement.html",
        _context(
            tenant,
            community,
            version=version,
            is_current=is_current,
            current=current,
            versions=versions,
            rows=_answer_rows(version) if version else [],
            acknowledged=acknowledged,
            pending=pending,
            acknowledged_by_me=mine,
            can_change=can_change,
            can_acknowledge=tenant.can("meeting.take_part", community),
            draft=draft,
        ),
    )


@org_view
def agreement(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The current version, who has acknowledged it and who has not yet."""
    community = access_community(tenant, slug, "meeting.view")
    return _agreement_page(request, tenant, community, None)


@org_view
def agreement_version(request: HttpRequest, tenant: Tenant, slug: str, number: int) -> HttpResponse:
    """Any published version, as it was published."""
    community = access_community(tenant, slug, "meeting.view")
    version = access_version(tenant, community, number)
    return _agreement_page(request, tenant, community, version)


@org_view
def agreement_edit(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Edit the draft (started from the current version); save it, or save and publish it."""
    community = access_community(tenant, slug, "meeting.change")
    draft = actions.draft_of(community)
    current = actions.current_version(community)
    form = AgreementForm(
        request.POST or None, source=draft or current, started_from=versioned.token_of(current, draft)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_agreement_draft(
                community,
                acting_user=request.user,
                answers=form.answers(),
                started_from=form.cleaned_data["started_from"] or None,
            )
            if "publish" in request.POST:
                version = actions.do_publish_agreement(community, acting_user=request.user)
                messages.success(
                    request,
                    _("Version %(n)d published. Everyone on the team is asked to read and acknowledge it.")
                    % {"n": version.number},
                )
                return redirect("meetings:agreement", tenant.organization.slug, community.slug)
        except versioned.StaleDraft as stale:
            form.add_error(None, stale)
            # Saving again (after reading the newer version) is a choice made knowingly.
            data = request.POST.copy()
            data["started_from"] = versioned.edit_token(AgreementVersion, community)
            form.data = data
        except WriteError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _("Draft saved. Publish it when the team has agreed on it."))
            return redirect("meetings:agreement_edit", tenant.organization.slug, community.slug)
    return render(
        request,
        "meetings/agreement_form.html",
        _context(tenant, community, form=form, draft=draft, current=current),
    )


@require_POST
@org_view
def agreement_publish(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.change")
    based_on = request.POST.get("based_on", "")
    try:
        version = actions.do_publish_agreement(
            community, acting_user=request.user, based_on=int(based_on) if based_on.isdigit() else None
        )
    except WriteError as e:
        messages.error(request, e.text)
    else:
        messages.success(
            request,
            _("Version %(n)d published. Everyone on the team is asked to read and acknowledge it.")
            % {"n": version.number},
        )
    return redirect("meetings:agreement", tenant.organization.slug, community.slug)


@require_POST
@org_view
def agreement_acknowledge(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.take_part")
    version = actions.current_version(community)
    if version is None:
        messages.error(request, _("The team has not published its shared agreement yet."))
    else:
        # The version the person read (the page sends its number); the write refuses one not current.
        number = request.POST.get("version", "")
        read = version
        if number and number != str(version.number):
            earlier = (
                AgreementVersion.objects.filter(community=community, number=number)
                if number.isdigit()
                else None
            )
            read = (earlier.first() if earlier is not None else None) or AgreementVersion(community=community)
        try:
            actions.do_acknowledge_agreement(read, acting_user=request.user)
        except WriteError as e:
            messages.error(request, e.text)
        else:
            messages.success(
                request, _("Thank you: you have acknowledged version %(n)d.") % {"n": version.number}
            )
    return redirect("meetings:agreement", tenant.organization.slug, community.slug)


# Decisions -------------------------------------------------------------------------------------------


@org_view
def decision_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's decision log, newest first."""
    community = access_community(tenant, slug, "meeting.view")
    decisions = decisions_in(tenant, community)
    qs = (
        decisions.filter(status=DecisionStatus.CLOSED)
        .select_related("decider")
        .annotate(
            taking_part=Count("participants"),
            objections=Count("participants", filter=Q(participants__position__in=OBJECTING)),
        )
        .order_by("-decided_on", "-pk")
    )
    page = Paginator(qs, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    translations.with_translations(page.object_list)
    # The proposals open for positions, soonest closing first (a handful at a time: not paged).
    open_now = proposals.open_proposals(decisions).annotate(
        asked_count=Count("asked", distinct=True),
        answered=Count("participants", distinct=True) + Count("voters", distinct=True),
    )
    return render(
        request,
        "meetings/decision_list.html",
        _context(
            tenant,
            community,
            page=page,
            open_proposals=list(open_now) if page.number == 1 else [],
            can_change=tenant.can("meeting.change", community),
        ),
    )


@org_view
def decision_csv(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The decision log as a spreadsheet; secret votes as counts only."""
    community = access_community(tenant, slug, "meeting.view")
    closed = decisions_in(tenant, community).filter(status=DecisionStatus.CLOSED)  # open ones have no outcome
    header, rows = exports.decision_rows(closed.order_by("-decided_on", "-pk"))
    return csv_response(header, rows, f"decisions-{community.slug}.csv")


@org_view
def decision_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """A decision's full record; while it is an open proposal, the page where each person asked states
    her position (on her phone), reads the others' and answers objections."""
    community = access_community(tenant, slug, "meeting.view")
    decision = access_decision(tenant, community, pk)
    meeting = None
    if decision.meeting_id:
        meeting = Meeting.objects.filter(pk=decision.meeting_id).only("pk", "title", "starts_at").first()
    can_change = tenant.can("meeting.change", community)
    if decision.is_open:
        return _proposal_page(request, tenant, community, decision, meeting, can_change)
    record = proposals.proposal_record(decision, request.user)  # type: ignore[arg-type]  # org_view: signed in
    participants = record.positions
    plan_actions = list(
        decision.plan_actions.order_by("due_on", "pk").only("pk", "goal_id", "strategy", "status", "due_on")
    )
    translations.with_translations([decision, meeting], plan_actions)  # their other languages: one query
    return render(
        request,
        "meetings/decision_detail.html",
        _context(
            tenant,
            community,
            decision=decision,
            meeting=meeting,
            participants=participants,
            record=record,
            not_answered=[line for line in record.asked if line.participant is None],
            objections=record.objections,
            by_type=_by_partner_type(participants),
            plan_actions=plan_actions,
            can_change=can_change,
        ),
    )


def _proposal_page(request, tenant: Tenant, community, decision, meeting, can_change: bool) -> HttpResponse:
    record = proposals.proposal_record(decision, request.user)
    mine = record.mine
    form = None
    if record.my_asked is not None and not (decision.secret_vote and record.i_voted):
        initial = {"position": mine.position, "reason": mine.reason, "version": mine.version} if mine else {}
        form = PositionForm(method=decision.method, ballot=decision.secret_vote, initial=initial)
    closed_for_positions = decision.closes_at is not None and decision.closes_at <= timezone.now()
    translations.with_translations([decision])  # the proposal in her language where written: one query
    return render(
        request,
        "meetings/proposal.html",
        _context(
            tenant,
            community,
            decision=decision,
            meeting=meeting,
            record=record,
            mine=mine,
            form=None if closed_for_positions else form,
            closed_for_positions=closed_for_positions,
            reply_form=ReplyForm(),
            resolve_form=ResolveForm(),
            can_reply=record.my_asked is not None or tenant.can("meeting.take_part", community),
            can_change=can_change,
        ),
    )


def _by_partner_type(participants) -> list[tuple[str, int]]:
    """How many took part of each partner type (members without a partner record last)."""
    counts = Counter(p.partner_type for p in participants)
    rows = [(str(PARTNER_TYPE_SHORT[t]), counts[t.value]) for t in PartnerType if counts[t.value]]
    if counts[""]:
        rows.append((_("Other members"), counts[""]))
    return rows


def _meeting_from_query(community, value: str) -> Meeting | None:
    """The meeting named in ?meeting= when it is one of this community's (else none: the form still works)."""
    if not value.isdigit():
        return None
    return Meeting.objects.filter(community=community, pk=int(value)).only("pk", "starts_at").first()


def _save(form: DecisionForm, write):
    try:
        return write(form.details())
    except WriteError as e:
        show_on_form(form, e)
        return None


@org_view
def decision_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.change")
    initial = {"decided_on": timezone.localdate(), "visible_to_community": True}
    meeting = _meeting_from_query(community, request.GET.get("meeting", ""))
    if meeting is not None:
        initial["meeting"] = meeting.pk
        initial["decided_on"] = min(timezone.localdate(), timezone.localdate(meeting.starts_at))
    form = DecisionForm(request.POST or None, community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        decision = _save(
            form,
            lambda details: actions.do_record_decision(community, acting_user=request.user, details=details),
        )
        if decision is not None:
            messages.success(request, _("Decision recorded."))
            return redirect("meetings:decision_detail", tenant.organization.slug, community.slug, decision.pk)
    return render(
        request,
        "meetings/decision_form.html",
        _context(tenant, community, form=form, title=_("Record a decision")),
    )


@org_view
def decision_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "meeting.view")
    decision = access_decision(tenant, community, pk, "meeting.change")
    if decision.is_open:  # an open proposal is changed on its lead's page, and closed there
        return redirect("meetings:proposal_manage", tenant.organization.slug, community.slug, decision.pk)
    form = DecisionForm(request.POST or None, community=community, decision=decision)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda details: actions.do_update_decision(
                decision, acting_user=request.user, details=details, version=form.cleaned_data.get("version")
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:decision_detail", tenant.organization.slug, community.slug, decision.pk)
    return render(
        request,
        "meetings/decision_form.html",
        _context(tenant, community, form=form, decision=decision, title=_("Edit decision")),
    )

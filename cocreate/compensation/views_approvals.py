"""The approvers' and finance's pages: exceptions waiting for a decision, the claim queue, one claim
(approve, return, change after approval, mark paid), the yearly totals and the finance export.

Amounts are shown only to who may approve the claim's community ("claim.approve": its team lead,
finance) and to finance; the totals and the export are finance's ("claim.export")."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.models import Community, Role
from cocreate.core.views import org_view
from cocreate.partners.models import Partner

from . import approvals, exports, totals
from .amounts import stored_lines
from .forms_staff import ChangeForm, ExceptionDecisionForm, ExportForm, PaymentForm, QueueFilter, ReturnForm
from .models import Claim, ClaimStatus, ExceptionRequest, ExceptionStatus
from .money import ROUNDING_RULE, format_money, shown_lines

PER_PAGE = 25


def approver_communities(tenant: Tenant):
    """The communities whose claims this person approves: every one for finance, else those she leads."""
    qs = Community.objects.filter(organization=tenant.organization)
    if tenant.can("claim.approve"):  # an organization-wide role that approves (finance)
        return qs.order_by("name")
    led = [pk for pk, roles in tenant.community_roles.items() if roles & {Role.TEAM_LEAD, Role.FINANCE}]
    return qs.filter(pk__in=led).order_by("name")


def _require_approver(tenant: Tenant) -> None:
    if not tenant.can_anywhere("claim.approve"):
        raise PermissionDenied


def access_claim(tenant: Tenant, pk: int) -> Claim:
    """A claim of the organization that this person approves or pays; 404 when missing or in a
    community she cannot see, 403 when she sees it but may not handle its amounts."""
    claim = (
        Claim.objects.filter(organization=tenant.organization, pk=pk)
        .select_related("partner", "community", "policy", "exception", "approved_by", "payment")
        .first()
    )
    if claim is None:
        raise Http404
    if not (tenant.sees_every_community or claim.community_id in tenant.community_roles):
        raise Http404
    if not (tenant.can("claim.approve", claim.community_id) or tenant.can("claim.pay", claim.community_id)):
        raise PermissionDenied
    claim.organization = tenant.organization
    return claim


def _claim_url(tenant: Tenant, claim: Claim) -> str:
    return reverse("compensation:staff_claim", args=[tenant.organization.slug, claim.pk])


# Exceptions ------------------------------------------------------------------------------------------


@org_view
def exception_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The requests waiting for this person's decision (she is the approver named, or none is named
    and she leads the community or is finance)."""
    _require_approver_or_named(tenant)
    pending = list(approvals.pending_exceptions(tenant)[:200])
    return render(
        request,
        "compensation/staff/exceptions.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "pending": pending,
            "form": ExceptionDecisionForm(),
        },
    )


def _require_approver_or_named(tenant: Tenant) -> None:
    # A named approver may be an admin (special events): she decides without approving claims.
    if tenant.can_anywhere("claim.approve"):
        return
    if ExceptionRequest.objects.filter(organization=tenant.organization, approver=tenant.user).exists():
        return
    raise PermissionDenied


@org_view
@require_POST
def exception_decide(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    exception = (
        ExceptionRequest.objects.filter(organization=tenant.organization, pk=pk)
        .select_related("partner", "community")
        .first()
    )
    if exception is None or not (
        tenant.sees_every_community or exception.community_id in tenant.community_roles
    ):
        raise Http404
    if not approvals.may_decide_exception(tenant, exception):
        raise PermissionDenied
    form = ExceptionDecisionForm(request.POST)
    if form.is_valid():
        try:
            approvals.do_decide_exception(
                exception,
                acting_user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                amount=form.cleaned_data.get("amount"),
                note=form.cleaned_data.get("note") or "",
                tenant=tenant,
            )
        except WriteError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Decision saved; she is told, and her claim is worked out again."))
    else:
        messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
    return redirect(reverse("compensation:exceptions", args=[tenant.organization.slug]))


# The queue -------------------------------------------------------------------------------------------


@org_view
def claim_queue(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Claims of the communities she approves for, waiting for approval unless the filter says
    otherwise; a page of 50 at a time (a count and one query for the rows)."""
    _require_approver(tenant)
    communities = list(approver_communities(tenant))
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ClaimStatus.SUBMITTED
    filters = QueueFilter(data, communities=communities)
    filters.is_valid()
    chosen = filters.cleaned_data if hasattr(filters, "cleaned_data") else {}
    qs = Claim.objects.filter(organization=tenant.organization)
    if not tenant.can("claim.approve"):  # a team lead: the communities she leads (finance: every one)
        qs = qs.filter(community__in=[c.pk for c in communities])
    # Her own claims are approved by someone else: left out by her partner records (no join).
    own = list(
        Partner.objects.filter(organization=tenant.organization, user=tenant.user).values_list(
            "pk", flat=True
        )
    )
    if own:
        qs = qs.exclude(partner_id__in=own)
    if chosen.get("status"):
        qs = qs.filter(status=chosen["status"])
    if chosen.get("community"):
        qs = qs.filter(community__in=[c.pk for c in communities if c.slug == chosen["community"]])
    if chosen.get("start"):
        qs = qs.filter(event_date__gte=chosen["start"])
    if chosen.get("end"):
        qs = qs.filter(event_date__lte=chosen["end"])
    qs = qs.select_related("partner", "community", "policy", "exception").order_by("event_date", "pk")
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "compensation/staff/queue.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "can_export": tenant.can("claim.export"),
        },
    )


# One claim -------------------------------------------------------------------------------------------


def _receipts(claim: Claim) -> list[dict]:
    rows = []
    for receipt in claim.receipts.all():
        try:
            url = reverse("compensation:receipt", args=[claim.organization.slug, receipt.pk])
        except NoReverseMatch:
            url = ""
        rows.append({"name": receipt.original_name, "url": url})
    return rows


def _history(claim: Claim) -> list[dict]:
    """Who did what when: the claim's recorded states, and each version of its amounts."""
    statuses = dict(ClaimStatus.choices)
    events = []
    previous = None
    for row in claim.history.select_related("history_user").order_by("history_date", "history_id"):
        if previous is None or row.status != previous:
            events.append(
                {
                    "at": row.history_date,
                    "who": row.history_user.display_name if row.history_user else _("the system"),
                    "what": statuses.get(row.status, row.status),
                    "detail": row.return_reason if row.status == ClaimStatus.RETURNED else "",
                }
            )
        previous = row.status
    for version in claim.versions.select_related("made_by"):
        events.append(
            {
                "at": version.made_at,
                "who": version.made_by.display_name if version.made_by else _("the system"),
                "what": _("Amounts, version %(n)s: %(total)s")
                % {"n": version.number, "total": format_money(version.total, claim.policy.currency)},
                "detail": version.reason,
            }
        )
    return sorted(events, key=lambda e: e["at"])


def _claim_page(request, tenant: Tenant, claim: Claim, **forms) -> HttpResponse:
    may_approve = approvals.may_approve(tenant, claim)
    own = approvals.is_own(request.user, claim.partner.user_id)
    currency = claim.policy.currency
    context = {
        "tenant": tenant,
        "org": tenant.organization,
        "claim": claim,
        "shown": shown_lines(stored_lines(claim), currency),
        "total": claim.total,
        "currency": currency,
        "rule": ROUNDING_RULE,
        "receipts": _receipts(claim),
        "expenses": list(claim.expenses.all()),
        "history": _history(claim),
        "own": own,
        "may_approve": may_approve and claim.status == ClaimStatus.SUBMITTED,
        "blocked": approvals.why_not_approvable(claim) if claim.status == ClaimStatus.SUBMITTED else "",
        "may_change": may_approve and claim.status == ClaimStatus.APPROVED,
        "may_pay": tenant.can("claim.pay", claim.community_id) and claim.status == ClaimStatus.APPROVED,
        "payment": getattr(claim, "payment", None) if claim.status == ClaimStatus.PAID else None,
        "return_form": forms.get("return_form") or ReturnForm(),
        "pay_form": forms.get("pay_form") or PaymentForm(),
        "exception_pending": claim.exception is not None
        and claim.exception.status == ExceptionStatus.PENDING,
        "queue_url": reverse("compensation:queue", args=[tenant.organization.slug]),
    }
    return render(request, "compensation/staff/claim.html", context)


@org_view
def claim_page(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    return _claim_page(request, tenant, access_claim(tenant, pk))


@org_view
@require_POST
def claim_approve(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    claim = access_claim(tenant, pk)
    if not tenant.can("claim.approve", claim.community_id):
        raise PermissionDenied
    try:
        approvals.do_approve_claim(claim, acting_user=request.user, tenant=tenant)
    except WriteError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Claim approved. Finance pays it next."))
    return redirect(_claim_url(tenant, claim))


@org_view
@require_POST
def claim_return(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    claim = access_claim(tenant, pk)
    if not tenant.can("claim.approve", claim.community_id):
        raise PermissionDenied
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            approvals.do_return_claim(
                claim, acting_user=request.user, reason=form.cleaned_data["reason"], tenant=tenant
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Claim returned to her with your reason."))
            return redirect(_claim_url(tenant, claim))
    return _claim_page(request, tenant, claim, return_form=form)


@org_view
def claim_change(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Correct an approved claim's hours or costs, with the reason: a new version of its amounts."""
    claim = access_claim(tenant, pk)
    if not tenant.can("claim.approve", claim.community_id):
        raise PermissionDenied
    form = ChangeForm(request.POST or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            approvals.do_change_approved_claim(
                claim,
                acting_user=request.user,
                reason=data["reason"],
                version=data.get("version"),
                change=approvals.ClaimChange(
                    prep_hours=data["prep_hours"],
                    meeting_hours=data["meeting_hours"],
                    travel_hours=data["travel_hours"],
                    childcare_cost=data["childcare_cost"],
                    miles=data["miles"],
                    expenses=form.expense_amounts(),
                ),
                tenant=tenant,
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Change saved as a new version of the claim's amounts."))
            return redirect(_claim_url(tenant, claim))
    return render(
        request,
        "compensation/staff/claim_change.html",
        {"tenant": tenant, "org": tenant.organization, "claim": claim, "form": form},
    )


@org_view
@require_POST
def claim_pay(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    claim = access_claim(tenant, pk)
    tenant.require("claim.pay", claim.community_id)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            approvals.do_mark_paid(claim, acting_user=request.user, tenant=tenant, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Payment recorded. She is told, with the notice about taxes."))
            return redirect(_claim_url(tenant, claim))
    return _claim_page(request, tenant, claim, pay_form=form)


# Totals and export -----------------------------------------------------------------------------------


@org_view
def yearly_totals(request: HttpRequest, tenant: Tenant, year: int) -> HttpResponse:
    """Per person, what was paid in the year (by payment date), against the reporting threshold."""
    tenant.require("claim.export")
    org = tenant.organization
    sort = request.GET.get("sort", "name")
    if sort not in totals.SORTS:
        sort = "name"
    page = Paginator(totals.finance_totals(org, year, sort), PER_PAGE).get_page(request.GET.get("page"))
    policy = totals.latest_policy(org)
    threshold = policy.reporting_threshold if policy else None
    for row in page.object_list:
        row["reaches"] = threshold is not None and row["total"] >= threshold
    this_year = timezone.localdate().year
    return render(
        request,
        "compensation/staff/totals.html",
        {
            "tenant": tenant,
            "org": org,
            "year": year,
            "years": range(this_year, this_year - 5, -1),
            "page": page,
            "sort": sort,
            "threshold": threshold,
            "currency": policy.currency if policy else "USD",
        },
    )


@org_view
def finance_export(request: HttpRequest, tenant: Tenant) -> HttpResponse | StreamingHttpResponse:
    """The form, or with ?from=&to= the file (CSV streamed, or XLSX)."""
    tenant.require("claim.export")
    org = tenant.organization
    if "from" in request.GET or "to" in request.GET:
        form = ExportForm(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            start: date = data["from"]
            end: date = data["to"]
            if data["format"] == "xlsx":
                return exports.xlsx_response(org, start, end, data["by"] or "paid")
            return exports.csv_response(org, start, end, data["by"] or "paid")
    else:
        today = timezone.localdate()
        form = ExportForm(
            initial={"from": date(today.year, 1, 1), "to": today, "by": "paid", "format": "csv"}
        )
    return render(request, "compensation/staff/export.html", {"tenant": tenant, "org": org, "form": form})

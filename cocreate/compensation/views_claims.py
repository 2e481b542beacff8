"""The community leader's pages: her payments, a claim (line by line before she sends it), a returned
claim to change, exception requests ahead of an event, her yearly statement, and receipts.

Her pages are hers alone: a person with no partner record in the organization gets 403, a claim or
request of someone else 404. Approvers and finance read claims on the staff pages (views_approvals);
of these pages they use only `receipt`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Sum, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view
from cocreate.lib.exports import download_response
from cocreate.partners.models import Partner

from . import amounts, claims, events, receipts
from .forms_claims import EXPENSE_ROWS, ClaimForm, ExceptionForm
from .models import Claim, ClaimStatus, ExceptionKind, ExceptionRequest, Payment, Receipt
from .money import ROUNDING_RULE, shown_lines
from .statement import year_statement, years_paid


# money.line_working translates these through an alias (`_t`) that makemessages does not read: marked
# here so that the catalogue holds them and her lines read "1.5 h × $25.00" in Spanish too.
def her_partners(tenant: Tenant) -> list[Partner]:
    """Her partner records here; 403 for a person with none (only community members claim)."""
    partners = events.her_partners(tenant.user, tenant.organization)
    if not partners:
        raise PermissionDenied
    return partners


def her_claim(partners: list[Partner], pk: int) -> Claim:
    return get_object_or_404(
        Claim.objects.select_related("policy", "exception", "partner"), pk=pk, partner__in=partners
    )


def _context(tenant: Tenant, **extra) -> dict[str, Any]:
    return {"tenant": tenant, "org": tenant.organization, "rule": ROUNDING_RULE, **extra}


@org_view
def mine(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Her claims (returned ones first, with the reason), her exception requests and the year's total."""
    partners = her_partners(tenant)
    rows = list(
        Claim.objects.filter(partner__in=partners)
        .select_related("policy")
        .annotate(
            returned_first=Case(
                When(status=ClaimStatus.RETURNED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("returned_first", "-event_date", "-pk")
    )
    requests = list(ExceptionRequest.objects.filter(partner__in=partners).order_by("-event_date", "-pk"))
    year = timezone.localdate().year
    paid = Payment.objects.filter(partner__in=partners, paid_on__year=year).aggregate(total=Sum("amount"))
    currency = rows[0].policy.currency if rows else "USD"
    return render(
        request,
        "compensation/claims/mine.html",
        _context(
            tenant,
            claims=rows,
            requests=requests,
            year=year,
            year_total=paid["total"] or 0,
            currency=currency,
        ),
    )


@org_view
def my_claim_new(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Choose the event: those she may claim for, and (to ask ahead) those still to come."""
    partners = her_partners(tenant)
    return render(
        request,
        "compensation/claims/choose.html",
        _context(tenant, claimable=events.claimable(partners), upcoming=events.upcoming(partners)),
    )


def _kept_receipts(
    request, tenant: Tenant, form: ClaimForm, claim: Claim | None = None
) -> dict[int, Receipt]:
    """The receipts the form's hidden fields keep: uploaded by her with a preview (not sent yet), or
    this claim's own."""
    pks = []
    for i in range(EXPENSE_ROWS):
        value = form.data.get(f"expense_{i}_keep")
        if value and str(value).isdigit():
            pks.append(int(value))
    if not pks:
        return {}
    qs = Receipt.objects.filter(organization=tenant.organization, pk__in=pks)
    mine_ = [
        r
        for r in qs
        if (r.claim_id is None and r.uploaded_by_id == request.user.pk) or (claim and r.claim_id == claim.pk)
    ]
    return {r.pk: r for r in mine_}


def _store_uploads(request, tenant: Tenant, form: ClaimForm) -> dict[str, str]:
    """Receipts chosen on this submission are checked and kept (waiting for the claim), so a preview
    does not make her choose the photo again; their rows then keep them. Errors at their fields."""
    errors: dict[str, str] = {}
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
    for i in range(EXPENSE_ROWS):
        upload = request.FILES.get(f"expense_{i}_receipt")
        if upload is None:
            continue
        field = f"expense_{i}_receipt"
        try:
            receipt = receipts.store(tenant.organization, upload, acting_user=request.user, field=field)
        except WriteError as e:
            errors[field] = " ".join(e.messages)
        else:
            data[f"expense_{i}_keep"] = str(receipt.pk)
    form.data = data
    return errors


def _claim_page(
    request,
    tenant,
    form,
    *,
    event,
    claim=None,
    shown=None,
    total=None,
    policy=None,
    exception=None,
    event_error="",
):
    partner = event.partner if event is not None else (claim.partner if claim else None)
    if policy is None and event is not None:
        policy = amounts.policy_on(tenant.organization, event.date)
    if exception is None and event is not None and partner is not None:
        exception = claims.exception_for(partner, event)
    kept = {}
    receipts_by_pk = _kept_receipts(request, tenant, form, claim) if form.is_bound else {}
    for i in range(EXPENSE_ROWS):
        value = form.data.get(f"expense_{i}_keep") if form.is_bound else form.initial.get(f"expense_{i}_keep")
        if value and str(value).isdigit():
            r = receipts_by_pk.get(int(value)) or (
                claim and next((x for x in claim.receipts.all() if x.pk == int(value)), None)
            )
            if r:
                kept[i] = r
    form.kept = kept
    return render(
        request,
        "compensation/claims/form.html",
        _context(
            tenant,
            form=form,
            event=event,
            claim=claim,
            policy=policy,
            exception=exception,
            shown=shown,
            total=total,
            currency=policy.currency if policy else "USD",
            event_error=event_error or " ".join(str(e) for e in form.errors.get("event", [])),
            above_cap_line=next((s for s in (shown or []) if s.kind == "childcare_above_cap"), None),
        ),
    )


def _handle_claim_post(request, tenant, form, *, event, partner, claim=None):
    """Preview or send. Returns a response."""
    upload_errors = _store_uploads(request, tenant, form)
    if not form.is_valid():
        for name, message in upload_errors.items():
            form.add_error(name, message)
        return _claim_page(request, tenant, form, event=event, claim=claim)
    kept = _kept_receipts(request, tenant, form, claim)
    fields = form.write_fields(kept)
    for row in fields["expenses"]:
        row.file = None  # stored already, kept through the hidden field
    previewing = request.POST.get("preview")
    if previewing or upload_errors:
        _unsaved, lines, errors = claims.preview(
            partner, event if claim is None else _event_for_claim(claim, partner), **fields
        )
        errors.update(upload_errors)
        if claim is not None:
            errors.pop("event", None)
            lines = _preview_lines(claim, fields)
        for name, message in errors.items():
            form.add_error(name if name in form.fields else None, message)
        policy = claim.policy if claim else (_unsaved.policy if _unsaved else None)
        shown = shown_lines(lines, policy.currency) if policy else None
        total = sum((line.amount for line in lines), 0) if lines else 0
        return _claim_page(
            request, tenant, form, event=event, claim=claim, shown=shown, total=total, policy=policy
        )
    try:
        if claim is None:
            saved = claims.do_submit_claim(partner, acting_user=request.user, event=event, **fields)
            messages.success(request, _("Your claim is sent. You will hear when it is approved."))
        else:
            saved = claims.do_edit_returned_claim(
                claim, acting_user=request.user, version=form.cleaned_data.get("version"), **fields
            )
            messages.success(request, _("Your claim is sent again."))
    except WriteError as e:
        show_on_form(form, e)
        return _claim_page(request, tenant, form, event=event, claim=claim)
    return redirect("compensation:my_claim", tenant.organization.slug, saved.pk)


def _event_for_claim(claim: Claim, partner: Partner) -> events.Event | None:
    return events.of_record([partner], claim)


def _preview_lines(claim: Claim, fields: dict):
    """A returned claim's amounts with the changes typed (nothing saved)."""
    policy = claim.policy
    checked = claims.check_fields(policy, **fields)
    probe = Claim(policy=policy, exception=claim.exception, **checked.values)
    return amounts.recompute(probe, [(e.kind, e.amount) for e in checked.expenses])


@org_view
def my_claim_form(request: HttpRequest, tenant: Tenant, kind: str, pk: int) -> HttpResponse:
    """The claim for one event: prefilled from it, the amounts line by line on "See the amounts", then "Send"."""
    partners = her_partners(tenant)
    event = events.find(partners, kind, pk)
    if event is None:
        raise Http404
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES)
        return _handle_claim_post(request, tenant, form, event=event, partner=event.partner)
    form = ClaimForm(initial={"meeting_hours": f"{event.hours.normalize():f}", "travel_mode": "none"})
    _policy, errors = claims.check_event(event)
    return _claim_page(request, tenant, form, event=event, event_error=errors.get("event", ""))


@org_view
def my_claim(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    partners = her_partners(tenant)
    claim = her_claim(partners, pk)
    expenses = list(claim.expenses.select_related("receipt"))
    payment = Payment.objects.filter(claim=claim).first()
    return render(
        request,
        "compensation/claims/detail.html",
        _context(
            tenant,
            claim=claim,
            shown=shown_lines(amounts.stored_lines(claim), claim.policy.currency),
            currency=claim.policy.currency,
            expenses=expenses,
            payment=payment,
            notice=claim.policy.notice(get_language() or "en"),
            can_withdraw=claim.status in (ClaimStatus.SUBMITTED, ClaimStatus.RETURNED),
            can_edit=claim.status == ClaimStatus.RETURNED,
        ),
    )


@org_view
def my_claim_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Change a returned claim and send it again."""
    partners = her_partners(tenant)
    claim = her_claim(partners, pk)
    if claim.status != ClaimStatus.RETURNED:
        messages.info(request, _("Only a claim returned to you can be changed."))
        return redirect("compensation:my_claim", tenant.organization.slug, claim.pk)
    event = _event_for_claim(claim, claim.partner)
    if request.method == "POST":
        form = ClaimForm(request.POST, request.FILES, version_of=claim)
        return _handle_claim_post(request, tenant, form, event=event, partner=claim.partner, claim=claim)
    initial: dict[str, Any] = {
        name: f"{getattr(claim, name).normalize():f}" if getattr(claim, name) else ""
        for name in ("prep_hours", "meeting_hours", "travel_hours", "childcare_cost", "miles")
    }
    initial.update(travel_mode=claim.travel_mode, note=claim.note)
    for i, expense in enumerate(claim.expenses.all()[:EXPENSE_ROWS]):
        initial[f"expense_{i}_kind"] = expense.kind
        initial[f"expense_{i}_amount"] = f"{expense.amount:.2f}"
        initial[f"expense_{i}_keep"] = expense.receipt_id
    form = ClaimForm(initial=initial, version_of=claim)
    shown = shown_lines(amounts.stored_lines(claim), claim.policy.currency)
    return _claim_page(
        request,
        tenant,
        form,
        event=event,
        claim=claim,
        shown=shown,
        total=claim.total,
        policy=claim.policy,
        exception=claim.exception,
    )


@org_view
@require_POST
def my_claim_withdraw(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    partners = her_partners(tenant)
    claim = her_claim(partners, pk)
    try:
        claims.do_withdraw_claim(claim, acting_user=request.user)
    except WriteError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Claim withdrawn."))
    return redirect("compensation:mine", tenant.organization.slug)


@org_view
def my_exception_form(request: HttpRequest, tenant: Tenant, kind: str, pk: int) -> HttpResponse:
    """Ask ahead of an event: child care above the daily cap, or a special event."""
    partners = her_partners(tenant)
    event = events.find(partners, kind, pk)
    if event is None:
        raise Http404
    policy = amounts.policy_on(tenant.organization, event.date)
    initial = {"kind": request.GET.get("kind") or ExceptionKind.CHILDCARE}
    form = ExceptionForm(request.POST or None, initial=initial)
    event_error = ""
    if event.started:
        event_error = _(
            "This event has started already: an exception is asked before the event. "
            "You can still claim what the policy pays without one."
        )
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            claims.do_request_exception(
                event.partner,
                acting_user=request.user,
                event=event,
                kind=data["kind"],
                amount=data["amount"],
                reason=data["reason"],
            )
        except WriteError as e:
            show_on_form(form, e)
            event_error = " ".join(str(e) for e in form.errors.get("event", [])) or event_error
        else:
            messages.success(request, _("Your request is sent. You will hear when it is decided."))
            return redirect("compensation:mine", tenant.organization.slug)
    return render(
        request,
        "compensation/claims/exception_form.html",
        _context(
            tenant,
            form=form,
            event=event,
            policy=policy,
            event_error=event_error,
            currency=policy.currency if policy else "USD",
        ),
    )


@org_view
@require_POST
def my_exception_withdraw(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    partners = her_partners(tenant)
    req = get_object_or_404(ExceptionRequest, pk=pk, partner__in=partners)
    try:
        claims.do_withdraw_exception(req, acting_user=request.user)
    except WriteError as e:
        messages.error(request, e.text)
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("compensation:mine", tenant.organization.slug)


def _statement_context(tenant: Tenant, partners: list[Partner], year: int) -> dict[str, Any]:
    statement = year_statement(partners, year)
    return _context(
        tenant,
        statement=statement,
        year=year,
        years=years_paid(partners),
        person=partners[0],
        currency=statement.currency,
    )


@org_view
def my_statement(request: HttpRequest, tenant: Tenant, year: int) -> HttpResponse:
    """Her year: every claim paid in it, its lines, the total and the notice about taxes and benefits."""
    partners = her_partners(tenant)
    if not 2000 <= year <= 2100:
        raise Http404
    return render(request, "compensation/claims/statement.html", _statement_context(tenant, partners, year))


@org_view
def my_statement_pdf(request: HttpRequest, tenant: Tenant, year: int) -> HttpResponse:
    partners = her_partners(tenant)
    if not 2000 <= year <= 2100:
        raise Http404
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(
        "compensation/claims/statement_print.html",
        {**_statement_context(tenant, partners, year), "paper": "letter"},
        request,
    )
    pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()
    return download_response(
        pdf, _("statement-%(year)s.pdf") % {"year": year}, "application/pdf", no_store=True
    )


@org_view
def receipt(request: HttpRequest, tenant: Tenant, pk: int) -> FileResponse:
    """A receipt's file, only for the claimant, the approvers of her community and finance."""
    found = get_object_or_404(
        Receipt.objects.select_related("claim__partner"), pk=pk, organization=tenant.organization
    )
    allowed = receipts.may_see_receipt(tenant, found)
    if allowed is None:
        raise Http404
    if not allowed:
        raise PermissionDenied
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = request.GET.get("download") != "1"
    response = FileResponse(
        handle,
        content_type=found.content_type,
        as_attachment=not inline,
        filename=receipts.filename_for(found),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    return response


def statement_url(org_slug: str, year: int) -> str:
    return reverse("compensation:my_statement", args=[org_slug, year])

"""Partners in and out of spreadsheets (import with a preview, CSV and XLSX exports) and, for network
admins, one person's data: download everything held about them, or erase them."""

from __future__ import annotations

import json
import time

from django import forms
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from cocreate.core.access import Tenant, access_community
from cocreate.core.models import Community
from cocreate.core.views import org_view

from . import privacy, transfer
from .access import access_partner, partners_in
from .models import EngagementLevel, PartnerType

PENDING = "partner_imports"  # session key: {community pk: {"ref", "filename", "at"}}
PROBLEMS_SHOWN = 1000  # past this many, the file needs fixing at its source rather than reading here
READY_SHOWN = 100  # a sample of the rows that will be imported; the count covers them all


def _context(tenant: Tenant, community: Community, **extra) -> dict:
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        **extra,
    }


def _list_url(tenant: Tenant, community: Community) -> str:
    return reverse("partners:list", args=[tenant.organization.slug, community.slug])


def _transfer_url(name: str, tenant: Tenant, community: Community) -> str:
    return reverse(f"partners:{name}", args=[tenant.organization.slug, community.slug])


# ---------------------------------------------------------------------------------------------------
# Import


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx), up to 5 MB and 20,000 rows; the first row names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> transfer.Table:
        upload = self.cleaned_data["file"]
        if upload.size > transfer.MAX_BYTES:  # before reading it into memory
            raise forms.ValidationError(
                _("This file is larger than 5 MB. Split it into smaller files and import each one.")
            )
        try:
            return transfer.read_table(upload.read(), upload.name)
        except transfer.FileRejected as rejected:
            raise forms.ValidationError(rejected.message) from rejected


def _pending(request: HttpRequest, community: Community) -> dict | None:
    entry = request.session.get(PENDING, {}).get(str(community.pk))
    if entry and time.time() - entry["at"] < transfer.PENDING_MAX_AGE.total_seconds():
        return entry
    return None


def _forget(request: HttpRequest, community: Community) -> None:
    pending = request.session.get(PENDING, {})
    entry = pending.pop(str(community.pk), None)
    if entry:
        transfer.discard_pending(entry["ref"])
        request.session[PENDING] = pending


@org_view
def partner_import(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Choose a spreadsheet. A readable one is kept for the preview; a file-wide problem shows here."""
    community = access_community(tenant, slug, "partner.transfer")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        table = form.cleaned_data["file"]
        _forget(request, community)  # a new upload replaces a preview left open
        pending = request.session.get(PENDING, {})
        pending[str(community.pk)] = {
            "ref": transfer.save_pending(table),
            "filename": table.filename,
            "at": time.time(),
        }
        request.session[PENDING] = pending
        return redirect(_transfer_url("import_preview", tenant, community))
    columns = [
        {"column": c, "names": sorted({c.key, *c.aliases} - {c.key}), "help": _COLUMN_HELP[c.key]}
        for c in transfer.COLUMNS
    ]
    return render(
        request,
        "partners/transfer/import.html",
        _context(tenant, community, form=form, columns=columns, max_rows=transfer.MAX_ROWS),
    )


_COLUMN_HELP = {
    "name": gettext_lazy("The person's or organization's name."),
    "partner_type": gettext_lazy("agency, funder, intermediary, community or research (or their names)."),
    "lived_experience": gettext_lazy("yes or no (sí, true, 1 and x count as yes). Empty means no."),
    "is_organization": gettext_lazy("yes for an organization, no or empty for a person."),
    "affiliation": gettext_lazy("Their organization or affiliation."),
    "languages": gettext_lazy("For example: English, Spanish"),
    "email": gettext_lazy("One address. Used to find partners who are already here."),
    "phone": gettext_lazy("As you would dial it."),
    "consent_on": gettext_lazy("When they agreed to be contacted: 2026-03-31 or 31/03/2026."),
    "consent_wording": gettext_lazy("What they agreed to, in the words they saw."),
    "notes": gettext_lazy("Anything else the team should know."),
}


@org_view
def import_template(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "partner.transfer")
    response = HttpResponse(transfer.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-partners-template.csv"'
    return response


@org_view
def import_preview(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Every row with its problems, and the choice: import the valid rows, or nothing."""
    community = access_community(tenant, slug, "partner.transfer")
    pending = _pending(request, community)
    table = transfer.load_pending(pending["ref"]) if pending else None
    if table is None:
        messages.info(request, _("There is no file waiting to be imported here. Choose one."))
        return redirect(_transfer_url("import", tenant, community))
    return _render_preview(request, tenant, community, pending, transfer.check_rows(table, community))


def _render_preview(request, tenant, community, pending, preview: transfer.Preview, status: int = 200):
    valid, invalid = preview.valid, preview.invalid
    labels = dict(PartnerType.choices)
    for row in valid[:READY_SHOWN]:
        row.type_label = labels[row.values["partner_type"]]
    show_contact = tenant.can("partner.contact", community)
    return render(
        request,
        "partners/transfer/preview.html",
        _context(
            tenant,
            community,
            preview=preview,
            pending=pending,
            valid_count=len(valid),
            invalid_count=len(invalid),
            problems=invalid[:PROBLEMS_SHOWN],
            more_problems=max(0, len(invalid) - PROBLEMS_SHOWN),
            ready=valid[:READY_SHOWN],
            more_ready=max(0, len(valid) - READY_SHOWN),
            show_contact=show_contact,
            ignored=preview.table.ignored,
        ),
        status=status,
    )


@require_POST
@org_view
def import_confirm(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Import the valid rows of the preview the person saw, all at once; nothing if anything changed."""
    community = access_community(tenant, slug, "partner.transfer")
    pending = _pending(request, community)
    table = transfer.load_pending(pending["ref"]) if pending else None
    if table is None or request.POST.get("ref") != pending["ref"]:
        messages.warning(
            request,
            _("That preview is no longer open (it was replaced or has expired). Nothing was imported."),
        )
        return redirect(_transfer_url("import_preview" if table else "import", tenant, community))
    try:
        created = transfer.do_import_partners(
            community, table=table, expected=request.POST.get("rows", ""), acting_user=request.user
        )
    except transfer.PreviewChanged:
        messages.warning(
            request,
            _(
                "Something changed since the preview (for example, someone added one of "
                "these partners). Nothing was imported: check the rows again."
            ),
        )
        return redirect(_transfer_url("import_preview", tenant, community))
    _forget(request, community)
    messages.success(
        request,
        ngettext(
            "%(count)s partner imported from %(file)s.",
            "%(count)s partners imported from %(file)s.",
            len(created),
        )
        % {"count": intcomma(len(created)), "file": table.filename},
    )
    return redirect(_list_url(tenant, community))


@require_POST
@org_view
def import_cancel(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "partner.transfer")
    _forget(request, community)
    messages.info(request, _("Import cancelled. Nothing was imported."))
    return redirect(_list_url(tenant, community))


# ---------------------------------------------------------------------------------------------------
# Export


def _export(request: HttpRequest, tenant: Tenant, slug: str):
    community = access_community(tenant, slug, "partner.transfer")
    partners = (
        partners_in(tenant, community)
        .filter(archived_at__isnull=True)
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch("levels", EngagementLevel.objects.only("partner_id", "area_id", "current"))
        )
    )
    header, rows = transfer.export_table(
        community, partners, with_contact=tenant.can("partner.contact", community)
    )
    return community, header, rows


@org_view
def export_csv(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community, header, rows = _export(request, tenant, slug)
    response = HttpResponse(transfer.export_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{transfer.export_filename(community, "csv")}"'
    return response


@org_view
def export_xlsx(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community, header, rows = _export(request, tenant, slug)
    response = HttpResponse(
        transfer.export_xlsx(header, rows, title=community.name),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{transfer.export_filename(community, "xlsx")}"'
    return response


# ---------------------------------------------------------------------------------------------------
# One person's data


def _privacy_target(tenant: Tenant, slug: str, pk: int):
    community = access_community(tenant, slug, "partner.view")
    return community, access_partner(tenant, community, pk, "partner.privacy")


@org_view
def person_privacy(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The two things a network admin can do with one person's data, explained."""
    community, partner = _privacy_target(tenant, slug, pk)
    events = partner.privacy_events.select_related("acted_by")[:20]
    return render(
        request,
        "partners/transfer/privacy.html",
        _context(tenant, community, partner=partner, events=events, plan=privacy.erasure_plan(partner)),
    )


@require_POST
@org_view
def person_export(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Everything held about the person, as a JSON file (a POST: it is recorded in the audit trail)."""
    community, partner = _privacy_target(tenant, slug, pk)
    data = privacy.do_export_person(partner, acting_user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"{community.slug}-partner-{partner.pk}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("I understand that this cannot be undone."))


@org_view
def person_erase(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """What erasure does, then (with a checked box) doing it."""
    community, partner = _privacy_target(tenant, slug, pk)
    plan = privacy.erasure_plan(partner)
    form = EraseForm(request.POST if request.method == "POST" else None)
    yourself = plan.user is not None and plan.user.pk == request.user.pk
    if request.method == "POST" and form.is_valid() and not yourself:
        done = privacy.do_erase_person(partner, acting_user=request.user)
        messages.success(
            request,
            ngettext(
                "The person's details are erased from %(count)s partner record. Their engagement still counts, "
                "as “Erased partner”.",
                "The person's details are erased from %(count)s partner records. Their engagement still counts, "
                "as “Erased partner”.",
                len(done.records),
            )
            % {"count": len(done.records)},
        )
        return redirect(_list_url(tenant, community))
    return render(
        request,
        "partners/transfer/erase.html",
        _context(tenant, community, partner=partner, plan=plan, form=form, yourself=yourself),
    )

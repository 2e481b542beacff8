"""The worksheet engine as pages. One set of views serves a community's worksheets
(`o/<org>/c/<slug>/worksheets/…`) and the organization's own (`o/<org>/worksheets/…`, no community):
`slug` is None for the latter."""

from __future__ import annotations

import yaml
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view
from cocreate.lib.exports import download_response

from . import definitions, documents, engine, kinds
from .forms import (
    AdaptForm,
    CommentForm,
    DraftForm,
    PublishForm,
    StartForm,
    StepForm,
    WorksheetForm,
    row_blocks,
    rows_from_post,
)
from .models import (
    TemplateVersion,
    VersionKind,
    WorksheetComment,
    WorksheetStatus,
    WorksheetTemplate,
    WorksheetVersion,
)

PER_PAGE = 100


def _base(tenant: Tenant, community, **more) -> dict:
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "community": community,
        "list_url": engine.place_url(tenant.organization, community),
        **more,
    }


@org_view
def worksheet_list(request: SignedInRequest, tenant: Tenant, slug: str | None = None) -> HttpResponse:
    """The worksheets of a community (or the organization's own): published and being written; staff
    start one from a template (the empty state explains each template)."""
    community = engine.place(tenant, slug)
    rows = list(
        engine.worksheets_of(tenant.organization, community)
        .select_related("template_version")
        .defer("content", "template_version__definition")
        .order_by("status", "-changed_at", "-pk")[:PER_PAGE]
    )
    can_start = engine.may(tenant, "start", community)
    offered = definitions.offered(tenant.organization) if can_start or not rows else []
    templates = [
        {
            "version": v,
            "title": definitions.text(v.definition.get("title")),
            "why": definitions.text(v.definition.get("why")),
            "what": definitions.text(v.definition.get("what")),
            "steps": len(v.definition.get("steps", [])),
            "start_url": engine.place_url(tenant.organization, community, "start", v.template_id),
        }
        for v in offered
    ]
    return render(
        request,
        "worksheets/list.html",
        _base(
            tenant,
            community,
            worksheets=[w for w in rows if w.status != WorksheetStatus.ARCHIVED],
            archived=[w for w in rows if w.status == WorksheetStatus.ARCHIVED],
            templates=templates,
            can_start=can_start,
            can_adapt=tenant.can("worksheet.template"),
        ),
    )


@org_view
def start(
    request: SignedInRequest, tenant: Tenant, template_pk: int, slug: str | None = None
) -> HttpResponse:
    community = engine.place(tenant, slug, "start")
    version = next(
        (v for v in definitions.offered(tenant.organization) if v.template_id == template_pk), None
    )
    if version is None:
        raise Http404
    title = definitions.text(version.definition.get("title"))
    form = StartForm(request.POST or None, initial={"title": title})
    if request.method == "POST" and form.is_valid():
        try:
            ws = engine.do_start_worksheet(
                community,
                organization=tenant.organization,
                template_version=version,
                acting_user=request.user,
                title=form.cleaned_data["title"],
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            ws.organization, ws.community = tenant.organization, community
            messages.success(request, _("Worksheet started. Open a step to write in it."))
            return redirect(engine.url(ws))
    return render(
        request,
        "worksheets/start.html",
        _base(
            tenant,
            community,
            form=form,
            template_title=title,
            why=definitions.text(version.definition.get("why")),
            what=definitions.text(version.definition.get("what")),
            steps=[definitions.text(s["title"]) for s in version.definition.get("steps", [])],
        ),
    )


def _step_comments(comments, steps) -> list:
    by_step: dict[str, list] = {}
    for c in comments:
        by_step.setdefault(c.step_key, []).append(c)
    for step in steps:
        step.comments = by_step.get(step.key, [])
    return by_step.get("", [])


@org_view
def detail(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk)
    community = ws.community
    steps = engine.step_views(ws)
    for step in steps:
        step.extras = kinds.extras(ws, step.key, tenant=tenant)
        step.edit_url = engine.url(ws, "step_edit", step.key)  # type: ignore[attr-defined]
    comments = engine.comments_of(ws)
    for c in comments:
        c.resolve_url = engine.url(ws, "comment_resolve", c.pk)  # type: ignore[attr-defined]
    general = _step_comments(comments, steps)
    versions = engine.versions_of(ws)
    for v in versions:
        v.url = engine.url(ws, "version", v.pk)  # type: ignore[attr-defined]
    drafts = [v for v in versions if v.kind == VersionKind.DRAFT]
    can = {a: engine.may(tenant, a, community) for a in ("contribute", "publish", "start")}
    return render(
        request,
        "worksheets/detail.html",
        _base(
            tenant,
            community,
            ws=ws,
            steps=steps,
            general_comments=general,
            versions=versions,
            drafts=drafts,
            can=can,
            archived=ws.status == WorksheetStatus.ARCHIVED,
            comment_form=CommentForm(),
            draft_form=DraftForm(),
            template_title=definitions.text(ws.template_version.definition.get("title")),
            urls={
                name: engine.url(ws, name)
                for name in ("save_draft", "publish", "comment", "compare", "docx", "pdf", "worksheet_edit")
            },
        ),
    )


def _step_context(ws, step, form, blocks) -> dict:
    """The step's fields in the definition's order: a bound field, or a rows block."""
    items = []
    for spec in step["fields"]:
        if spec["type"] == "rows":
            items.append({"rows": blocks[spec["key"]]})
        else:
            items.append({"field": form[spec["key"]]})
    return {"items": items}


@org_view
def step_edit(
    request: SignedInRequest, tenant: Tenant, pk: int, step_key: str, slug: str | None = None
) -> HttpResponse:
    """One step's form, built from the definition; rows fields as rows with "remove" and "add another
    row" (no JavaScript needed). A save refused because someone saved the step meanwhile shows their
    text beside hers, which stays on the form."""
    ws = engine.access_worksheet(tenant, slug, pk, "contribute")
    step = engine.step_of(ws, step_key)
    saved = ws.content.get(step_key, {}) or {}
    row_specs = [s for s in step["fields"] if s["type"] == "rows"]
    theirs: engine.StepView | None = None
    if request.method == "POST":
        form = StepForm(request.POST, step=step)
        posted_rows = {s["key"]: rows_from_post(request.POST, s) for s in row_specs}
        adding = request.POST.get("add_row", "")
        blocks = {
            s["key"]: row_block_with_errors(s, posted_rows[s["key"]], blank=1 if adding == s["key"] else 0)
            for s in row_specs
        }
        if not adding and form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "started_from"}
            values.update(posted_rows)
            try:
                engine.do_save_step(
                    ws,
                    step_key,
                    acting_user=request.user,
                    values=values,
                    started_from=form.cleaned_data["started_from"],
                )
            except engine.StaleStep as stale:
                form.add_error(None, stale.messages)
                data = request.POST.copy()
                data["started_from"] = str(stale.current)
                form.data = data
                saved_views = engine.step_views(ws, {step_key: stale.saved})
                theirs = next(s for s in saved_views if s.key == step_key)
            except WriteError as error:
                show_on_form(form, error)
                for name, errs in getattr(error, "error_dict", {}).items():
                    if name in blocks:
                        blocks[name]["errors"] = [m for e in errs for m in e.messages]
            else:
                messages.success(request, _("Step saved."))
                return redirect(engine.url(ws) + f"#step-{step_key}")
    else:
        initial = {s["key"]: saved.get(s["key"], "") for s in step["fields"] if s["type"] != "rows"}
        initial["started_from"] = str(int((ws.step_versions or {}).get(step_key, 0)))
        form = StepForm(initial=initial, step=step)
        blocks = {
            s["key"]: row_block_with_errors(
                s, saved.get(s["key"]) or [], blank=1 if saved.get(s["key"]) else 2
            )
            for s in row_specs
        }
    return render(
        request,
        "worksheets/step_edit.html",
        _base(
            tenant,
            ws.community,
            ws=ws,
            form=form,
            step_title=definitions.text(step["title"]),
            step_help=definitions.text(step.get("help")),
            theirs=theirs,
            detail_url=engine.url(ws),
            **_step_context(ws, step, form, blocks),
        ),
    )


def row_block_with_errors(spec: dict, rows: list[dict], *, blank: int) -> dict:
    """A rows field's block on the form, with `blank` empty rows under its rows (none after a save
    refused: the rows as sent; one more after "add another row")."""
    block = row_blocks(spec, rows, blank=blank)
    block["errors"] = []
    return block


@org_view
def worksheet_edit(
    request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None
) -> HttpResponse:
    """The title and status (archive a worksheet, or bring it back)."""
    ws = engine.access_worksheet(tenant, slug, pk, "start")
    form = WorksheetForm(request.POST or None, instance=ws)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engine.do_update_worksheet(
                ws,
                acting_user=request.user,
                version=data.get("version"),
                title=data["title"],
                status=data["status"],
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Worksheet saved."))
            return redirect(engine.url(ws))
    return render(request, "worksheets/worksheet_edit.html", _base(tenant, ws.community, ws=ws, form=form))


@require_POST
@org_view
def save_draft(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk, "contribute")
    form = DraftForm(request.POST)
    try:
        note = form.cleaned_data["note"] if form.is_valid() else ""
        draft = engine.do_save_draft(ws, acting_user=request.user, note=note)
    except WriteError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Saved as %(draft)s.") % {"draft": engine.version_label(draft)})
    return redirect(engine.url(ws) + "#versions")


@require_POST
@org_view
def publish(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk, "publish")
    form = PublishForm(request.POST)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    draft = None
    if data.get("draft"):
        draft = engine.access_version(ws, data["draft"])
    try:
        version = engine.do_publish(ws, acting_user=request.user, based_on=data.get("based_on"), draft=draft)
    except WriteError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, _("Published as %(version)s.") % {"version": engine.version_label(version)})
    return redirect(engine.url(ws))


@require_POST
@org_view
def comment(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk, "contribute")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your comment first."))
        return redirect(engine.url(ws) + "#comments")
    data = form.cleaned_data
    draft = engine.access_version(ws, data["draft"]) if data.get("draft") else None
    try:
        made = engine.do_comment(
            ws, acting_user=request.user, body=data["body"], draft=draft, step_key=data.get("step_key") or ""
        )
    except WriteError as error:
        messages.error(request, error.text)
        return redirect(engine.url(ws) + "#comments")
    messages.success(request, _("Comment added."))
    return redirect(engine.url(ws) + f"#comment-{made.pk}")


@require_POST
@org_view
def comment_resolve(
    request: SignedInRequest, tenant: Tenant, pk: int, comment_pk: int, slug: str | None = None
) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk, "contribute")
    row = WorksheetComment.objects.filter(worksheet=ws, pk=comment_pk).first()
    if row is None:
        raise Http404
    engine.do_resolve_comment(row, acting_user=request.user, resolved=request.POST.get("open") != "1")
    return redirect(engine.url(ws) + f"#comment-{row.pk}")


@org_view
def version(
    request: SignedInRequest, tenant: Tenant, pk: int, version_pk: int, slug: str | None = None
) -> HttpResponse:
    """One draft or published version, as it was saved."""
    ws = engine.access_worksheet(tenant, slug, pk)
    snapshot = engine.access_version(ws, version_pk)
    steps = engine.step_views(ws, snapshot.content)
    for step in steps:
        step.extras = kinds.extras(ws, step.key, tenant=tenant, content=snapshot.content)
    return render(
        request,
        "worksheets/version.html",
        _base(
            tenant,
            ws.community,
            ws=ws,
            snapshot=snapshot,
            steps=steps,
            can_comment=engine.may(tenant, "contribute", ws.community) and snapshot.kind == VersionKind.DRAFT,
            comment_form=CommentForm(initial={"draft": snapshot.pk}),
            detail_url=engine.url(ws),
            comment_url=engine.url(ws, "comment"),
            compare_url=engine.url(ws, "compare") + f"?a={snapshot.pk}&b=working",
            docx_url=engine.url(ws, "docx") + f"?version={snapshot.pk}",
            pdf_url=engine.url(ws, "pdf") + f"?version={snapshot.pk}",
        ),
    )


def _sides(ws, *values: str) -> list[tuple[str, dict]]:
    """Each `a`/`b` of the compare page: a version's id, or "working" (the working text). One query."""
    ids = []
    for value in values:
        if value != "working":
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                raise Http404 from None
    found = {v.pk: v for v in WorksheetVersion.objects.filter(worksheet=ws, pk__in=ids)} if ids else {}
    out = []
    for value in values:
        if value == "working":
            out.append((_("Working text"), ws.content))
        elif int(value) in found:
            snapshot = found[int(value)]
            out.append((engine.version_label(snapshot), snapshot.content))
        else:
            raise Http404
    return out


@org_view
def compare(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    """Two drafts or versions (or one and the working text) side by side, step by step; each field that
    differs is marked."""
    ws = engine.access_worksheet(tenant, slug, pk)
    versions = engine.versions_of(ws)
    a = request.GET.get("a") or (str(versions[1].pk) if len(versions) > 1 else "working")
    b = request.GET.get("b") or (str(versions[0].pk) if versions else "working")
    (label_a, content_a), (label_b, content_b) = _sides(ws, a, b)
    pairs = engine.compare(ws, content_a, content_b)
    return render(
        request,
        "worksheets/compare.html",
        _base(
            tenant,
            ws.community,
            ws=ws,
            pairs=pairs,
            label_a=label_a,
            label_b=label_b,
            a=a,
            b=b,
            versions=versions,
            changed=sum(1 for sa, _sb in pairs for f in sa.fields if f.changed),
            detail_url=engine.url(ws),
        ),
    )


def _chosen(request, ws):
    value = request.GET.get("version")
    if not value:
        return None
    try:
        return engine.access_version(ws, int(value))
    except ValueError:
        raise Http404 from None


@org_view
def docx(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk)
    snapshot = _chosen(request, ws)
    body = documents.build_docx(ws, snapshot)
    return download_response(body, documents.filename(ws, snapshot, "docx"), documents.DOCX_TYPE)


@org_view
def pdf(request: SignedInRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    ws = engine.access_worksheet(tenant, slug, pk)
    snapshot = _chosen(request, ws)
    body = documents.build_pdf(ws, snapshot, paper=request.GET.get("paper"))
    return download_response(body, documents.filename(ws, snapshot, "pdf"), "application/pdf")


# The template library (the network admin) ---------------------------------------------------------------


@org_view
def templates(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    tenant.require("worksheet.template")
    rows = [
        {
            "version": v,
            "title": definitions.text(v.definition.get("title")),
            "why": definitions.text(v.definition.get("why")),
            "own": v.template.organization_id == tenant.organization.pk,
            "steps": [definitions.text(s["title"]) for s in v.definition.get("steps", [])],
        }
        for v in definitions.offered(tenant.organization)
    ]
    return render(
        request, "worksheets/templates.html", {"tenant": tenant, "org": tenant.organization, "rows": rows}
    )


@org_view
def template_adapt(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Adapt a template: its latest definition as YAML to edit; "preview" checks it and shows the steps,
    "save" makes a new version of the organization's template (worksheets started keep theirs)."""
    tenant.require("worksheet.template")
    template = WorksheetTemplate.objects.filter(
        Q(organization__isnull=True) | Q(organization=tenant.organization), pk=pk
    ).first()
    if template is None:
        raise Http404
    latest = TemplateVersion.objects.filter(template=template).order_by("-number").first()
    if latest is None:
        raise Http404
    if template.organization_id is None:  # the organization's adaptation, when it has one, is the one to edit
        own = (
            TemplateVersion.objects.filter(
                template__organization=tenant.organization, template__key=template.key
            )
            .select_related("template")
            .order_by("-number")
            .first()
        )
        latest = own or latest
    initial = yaml.safe_dump(latest.definition, allow_unicode=True, sort_keys=False, width=100)
    form = AdaptForm(request.POST or None, initial={"definition": initial})
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            data = yaml.safe_load(form.cleaned_data["definition"])
            checked = definitions.validate(data)
        except (yaml.YAMLError, definitions.DefinitionError) as error:
            form.add_error("definition", str(error))
        else:
            preview = [
                {
                    "title": definitions.text(s["title"]),
                    "fields": [definitions.text(f["label"]) for f in s["fields"]],
                }
                for s in checked["steps"]
            ]
            if "save" in request.POST:
                made = definitions.adapt(
                    latest,
                    tenant.organization,
                    definition=checked,
                    acting_user=request.user,
                    note=form.cleaned_data["note"],
                )
                messages.success(
                    request,
                    _(
                        "Saved as version %(number)s. Worksheets already started keep the version they began with."
                    )
                    % {"number": made.number},
                )
                return redirect("worksheets:templates", tenant.organization.slug)
    return render(
        request,
        "worksheets/template_adapt.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "form": form,
            "preview": preview,
            "latest": latest,
            "title": definitions.text(latest.definition.get("title")),
        },
    )

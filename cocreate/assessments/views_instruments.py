"""The instrument library and the network admin's editor: "adapt it to your local context".

Built-in instruments are read by everyone who runs assessments. A network admin copies one into an
editable draft of the organization's own, changes what fits the local context, and publishes it; new
administrations then use it, and every administration already opened keeps the version it was answered
with. Every write goes through `editing.do_*` or `instruments.copy_to_organization / draft_of / publish`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.access import Tenant
from cocreate.core.errors import move_version_on
from cocreate.core.views import org_view

from . import editing
from . import instruments as library
from .access import access_version, instruments_for
from .forms_instruments import BilingualForm, ItemForm, SectionForm, SettingsForm
from .models import InstrumentVersion, Item, Scoring, Section, VersionStatus
from .text import pick


def _context(tenant: Tenant, **extra) -> dict:
    return {"tenant": tenant, "org": tenant.organization, **extra}


def _url(tenant: Tenant, version: InstrumentVersion, anchor: str = "") -> str:
    url = reverse("assessments:instrument", args=[tenant.organization.slug, version.pk])
    return f"{url}#{anchor}" if anchor else url


def target_label(version: InstrumentVersion) -> str:
    if version.target is None:
        return ""
    value = f"{version.target.normalize():f}"
    return f"{value}%" if version.scoring == Scoring.PERCENT else value


def _add_errors(form: BilingualForm, error: ValidationError) -> None:
    """Put a write's errors next to the fields they are about (`text` is shown as `text_en`)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        field = name if name in form.fields else f"{name}_en" if f"{name}_en" in form.fields else None
        for message in errors:
            form.add_error(field, message)
    move_version_on(form, error)  # a stale edit: saving again keeps theirs


# The library -----------------------------------------------------------------------------------------


@org_view
def instrument_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Built-in instruments and the organization's adaptations, one card per instrument."""
    # Team leads read the library through their community role, so any role that allows it counts.
    if not tenant.can_anywhere("instrument.view"):
        raise PermissionDenied
    instruments = {i.pk: i for i in instruments_for(tenant)}
    # Only the versions a card shows (published and drafts), each with its item count: one query.
    versions = (
        InstrumentVersion.objects.filter(
            instrument__in=list(instruments), status__in=[VersionStatus.PUBLISHED, VersionStatus.DRAFT]
        )
        .annotate(item_count=Count("items"))
        .order_by("instrument_id", "-number")
    )
    cards: dict[str, dict] = {}
    for version in versions:
        version.instrument = instruments[version.instrument_id]
        card = cards.setdefault(version.instrument.key, {"key": version.instrument.key})
        side = "builtin" if version.instrument.is_builtin else "own"
        slot = f"{side}_{version.status}"
        card.setdefault(slot, version)  # newest first: keep the latest of each kind
    for card in cards.values():
        in_use = card.get("own_published") or card.get("builtin_published") or card.get("own_draft")
        assert in_use is not None  # each card has a published version or a draft
        card["version"] = in_use
        card["name"] = pick(in_use.name)
        card["description"] = pick(in_use.definition.get("description"))
        card["target"] = target_label(in_use)
        card["url"] = _url(tenant, in_use)
        builtin = card.get("builtin_published")
        card["adaptable"] = bool(builtin and builtin.definition.get("adaptable"))
        for slot in ("builtin_published", "own_published", "own_draft"):
            if slot in card:
                card[f"{slot}_url"] = _url(tenant, card[slot])
    ordered = sorted(cards.values(), key=lambda card: card["name"].casefold())
    return render(
        request,
        "assessments/instruments/list.html",
        _context(tenant, cards=ordered, can_change=tenant.can("instrument.change")),
    )


@org_view
def instrument_detail(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """One version, whole: its sections and items, scale, prompts, status, and the other versions."""
    version = access_version(tenant, pk)
    org = tenant.organization
    sections = list(version.sections.order_by("position"))
    by_section: dict[int, list[Item]] = {section.pk: [] for section in sections}
    for item in version.items.order_by("position", "pk"):
        by_section[item.section_id].append(item)
    for section in sections:
        section.item_list = by_section[section.pk]  # type: ignore[attr-defined]  # added to the instance for display
    # The whole family in one query: the built-in versions and the organization's own of the same key,
    # each with how many of this organization's administrations used it.
    family = list(
        InstrumentVersion.objects.filter(instrument__key=version.instrument.key)
        .filter(Q(instrument__organization__isnull=True) | Q(instrument__organization=org))
        .select_related("instrument")
        .annotate(used=Count("administrations", filter=Q(administrations__organization=org)))
        .order_by("instrument__organization_id", "-number")
    )
    for other in family:
        other.url = _url(tenant, other)  # type: ignore[attr-defined]  # added to the instance for display
    this = next(v for v in family if v.pk == version.pk)
    own_draft = next(
        (v for v in family if not v.instrument.is_builtin and v.status == VersionStatus.DRAFT), None
    )
    own_published = next(
        (v for v in family if not v.instrument.is_builtin and v.status == VersionStatus.PUBLISHED), None
    )
    can_change = tenant.can("instrument.change")
    return render(
        request,
        "assessments/instruments/detail.html",
        _context(
            tenant,
            version=version,
            name=pick(version.name),
            sections=sections,
            item_count=sum(len(items) for items in by_section.values()),
            target=target_label(version),
            used=this.used,
            builtin_versions=[v for v in family if v.instrument.is_builtin],
            own_versions=[v for v in family if not v.instrument.is_builtin],
            own_draft=own_draft,
            own_published=own_published,
            can_change=can_change,
            editable=can_change and version.is_editable,
        ),
    )


# Starting, editing and publishing a draft ------------------------------------------------------------


@require_POST
@org_view
def instrument_adapt(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Start (or continue) the organization's draft from this version."""
    version = access_version(tenant, pk, "instrument.change")
    if version.is_editable:
        return redirect(_url(tenant, version))
    existing = InstrumentVersion.objects.filter(
        instrument__organization=tenant.organization,
        instrument__key=version.instrument.key,
        status=VersionStatus.DRAFT,
    ).first()
    if version.instrument.is_builtin:
        draft = library.copy_to_organization(version, tenant.organization, request.user)
    else:
        draft = library.draft_of(version, request.user)
    if existing is not None:
        messages.info(
            request,
            _(
                "Your organization already has a draft of this instrument (version %(number)s): continue it here."
            )
            % {"number": draft.number},
        )
    else:
        messages.success(
            request,
            _(
                "Draft version %(number)s started from version %(from)s. Change what fits your context, then "
                "publish it; until then new assessments keep using the published version."
            )
            % {"number": draft.number, "from": version.number},
        )
    return redirect(_url(tenant, draft))


def _draft(request: HttpRequest, tenant: Tenant, pk: int) -> tuple[InstrumentVersion, HttpResponse | None]:
    """The draft to edit; for a published or built-in version, a message and the way back."""
    version = access_version(tenant, pk, "instrument.change")
    if version.is_editable:
        return version, None
    messages.error(request, editing.NotEditable().messages[0])
    return version, redirect(_url(tenant, version))


def _edit_page(
    request, tenant, version, form, title, *, intro="", subtitle="", back="", template="form.html"
):
    return render(
        request,
        f"assessments/instruments/{template}",
        _context(
            tenant,
            version=version,
            name=pick(version.name),
            form=form,
            title=title,
            intro=intro,
            subtitle=subtitle,
            back=back or _url(tenant, version),
        ),
    )


@org_view
def instrument_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    form = SettingsForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            changed = editing.do_update_settings(
                version,
                acting_user=request.user,
                edit_version=form.cleaned_data.get("version"),
                name=form.text("name"),
                description=form.text("description"),
                target=form.cleaned_data["target"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect(_url(tenant, version))
    return _edit_page(
        request,
        tenant,
        version,
        form,
        _("Name, description and target"),
        intro=_(
            "The scoring method stays as in the version you adapted, so your communities' trends compare "
            "like with like."
        ),
    )


def _item(version: InstrumentVersion, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("section"), pk=pk, version=version)
    item.version = item.section.version = version
    return item


@org_view
def item_edit(request: HttpRequest, tenant: Tenant, pk: int, item: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    the_item = _item(version, item)
    form = ItemForm(request.POST or None, version=version, item=the_item)
    if request.method == "POST" and form.is_valid():
        try:
            changed = editing.do_update_item(the_item, acting_user=request.user, **form.texts())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Item saved.") if changed else _("Nothing changed."))
            return redirect(_url(tenant, version, f"item-{the_item.pk}"))
    return _edit_page(
        request,
        tenant,
        version,
        form,
        _("Edit an item"),
        subtitle=pick(the_item.section.title),
        back=_url(tenant, version, f"item-{the_item.pk}"),
        template="item_form.html",
    )


@org_view
def item_add(request: HttpRequest, tenant: Tenant, pk: int, section: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    the_section = get_object_or_404(Section, pk=section, version=version)
    the_section.version = version
    form = ItemForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            new = editing.do_add_item(the_section, acting_user=request.user, **form.texts())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Item added at the end of the section."))
            return redirect(_url(tenant, version, f"item-{new.pk}"))
    return _edit_page(
        request,
        tenant,
        version,
        form,
        _("Add an item"),
        subtitle=pick(the_section.title),
        back=_url(tenant, version, f"section-{the_section.pk}"),
        template="item_form.html",
    )


@require_POST
@org_view
def item_remove(request: HttpRequest, tenant: Tenant, pk: int, item: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    the_item = _item(version, item)
    try:
        editing.do_remove_item(the_item, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_url(tenant, version, f"item-{the_item.pk}"))
    messages.success(request, _("Item removed from this draft. Earlier versions keep it."))
    return redirect(_url(tenant, version, f"section-{the_item.section_id}"))


@require_POST
@org_view
def item_move(request: HttpRequest, tenant: Tenant, pk: int, item: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    the_item = _item(version, item)
    editing.do_move_item(the_item, up=request.POST.get("direction") != "down", acting_user=request.user)
    return redirect(_url(tenant, version, f"item-{the_item.pk}"))


@org_view
def section_edit(request: HttpRequest, tenant: Tenant, pk: int, section: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    the_section = get_object_or_404(Section, pk=section, version=version)
    the_section.version = version
    form = SectionForm(request.POST or None, section=the_section)
    if request.method == "POST" and form.is_valid():
        try:
            changed = editing.do_rename_section(
                the_section,
                title=form.text("title"),
                description=form.text("description"),
                audience=form.cleaned_data["audience"] or None,
                acting_user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect(_url(tenant, version, f"section-{the_section.pk}"))
    return _edit_page(
        request,
        tenant,
        version,
        form,
        _("Rename a section"),
        subtitle=pick(the_section.title),
        back=_url(tenant, version, f"section-{the_section.pk}"),
    )


@require_POST
@org_view
def instrument_publish(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    version, refused = _draft(request, tenant, pk)
    if refused:
        return refused
    library.publish(version)
    messages.success(
        request,
        _(
            "Version %(number)s is published: new assessments use it. Assessments already opened keep the "
            "version they were answered with."
        )
        % {"number": version.number},
    )
    return redirect(_url(tenant, version))

"""The "needs translation" pages: every text a team wrote that lacks a version in one of the
organization's languages, or whose original changed after it was translated, each with a small form
to write that version (htmx: the row is replaced in place; without JavaScript, the page reloads).

Per community for anyone who may translate there (`content.translate`: staff and partners, since a
team's bilingual members and interpreters are often parents); across the organization for those who
hold the permission organization-wide (network admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import actions, translations
from .access import Tenant, access_community
from .errors import WriteError
from .http import HtmxRequest
from .models import Community
from .views import org_view

PER_PAGE = 20


class TranslationForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    pk = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    field = forms.CharField(widget=forms.HiddenInput, max_length=40)
    language = forms.CharField(widget=forms.HiddenInput, max_length=8)
    text = forms.CharField(
        label=gettext_lazy("Translation"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@dataclass
class Row:
    """One gap on the page, with where it is read and the form that fills it."""

    gap: translations.Gap
    community: Community
    url: str
    save_url: str
    form: TranslationForm
    saved: bool = False
    error: str = ""

    @property
    def dom_id(self) -> str:
        return f"gap-{self.gap.key.replace('.', '-')}"


def _row(gap: translations.Gap, org_slug: str, community: Community, **extra: Any) -> Row:
    initial = {
        "key": gap.entry.key,
        "pk": gap.obj.pk,
        "field": gap.field,
        "language": gap.language,
        "text": gap.existing.text if gap.existing is not None else "",
    }
    return Row(
        gap=gap,
        community=community,
        url=gap.entry.url(gap.obj, org_slug, community.slug),
        save_url=reverse("core:translation_save", args=[org_slug, community.slug]),
        form=TranslationForm(
            initial=initial, prefix=f"g{gap.entry.key}-{gap.obj.pk}-{gap.field}-{gap.language}"
        ),
        **extra,
    )


def _languages(tenant: Tenant) -> list[tuple[str, str]]:
    return [(code, translations.language_name(code)) for code in tenant.organization.languages or []]


def _page(request: HttpRequest, tenant: Tenant, community: Community | None) -> HttpResponse:
    language = request.GET.get("language", "")
    if language not in (tenant.organization.languages or []):
        language = ""
    found = translations.gaps(tenant, community, language=language or None)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    org_slug = tenant.organization.slug
    rows = [_row(gap, org_slug, community or gap.obj.community) for gap in page.object_list]
    return render(
        request,
        "core/translations.html",
        {
            "org": tenant.organization,
            "community": community,
            "page": page,
            "rows": rows,
            "total": len(found),
            "stale": sum(gap.stale for gap in found),
            "languages": _languages(tenant),
            "language": language,
        },
    )


@org_view
def community_translations(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """What the community's texts still lack in the organization's languages."""
    community = access_community(tenant, slug, "content.translate")
    return _page(request, tenant, community)


@org_view
def organization_translations(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The same across every community of the organization (organization-wide translators)."""
    tenant.require("content.translate")
    return _page(request, tenant, None)


@require_POST
@org_view
def translation_save(request: HtmxRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Write one version from the list; htmx gets the row back (saved, or with the error)."""
    community = access_community(tenant, slug, "content.translate")
    # The form's fields carry the row's prefix: find it from the hidden key.
    prefix = next((name[: -len("-key")] for name in request.POST if name.endswith("-key")), None)
    form = TranslationForm(request.POST, prefix=prefix)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    found = translations.find(tenant, community, data["key"], data["pk"])
    if found is None:
        raise Http404
    entry, obj = found
    error = ""
    try:
        actions.do_save_translation(
            obj, acting_user=request.user, field=data["field"], language=data["language"], text=data["text"]
        )
    except WriteError as e:
        error = " ".join(str(m) for messages_ in e.message_dict.values() for m in messages_)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Translation saved."))
        return redirect(
            reverse("core:community_translations", args=[tenant.organization.slug, community.slug])
        )
    original = getattr(obj, data["field"], "") or ""
    bundle = translations.loaded(obj)
    existing = bundle.rows.get((data["field"], data["language"]))
    gap = translations.Gap(entry, obj, data["field"], data["language"], original, bundle.original, existing)
    row = _row(gap, tenant.organization.slug, community, saved=not error, error=error)
    if error:
        row.form = TranslationForm(request.POST, prefix=prefix)
    return render(
        request,
        "core/translations.html#gap",
        {"org": tenant.organization, "community": community, "row": row},
    )

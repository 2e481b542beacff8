""" "You said, we did" pages: a community's feedback items (open first), recording one, one item with
what was done and when it was reported back, and changing it.

Everyone in the community sees the items; anyone who contributes to the plan (partners included)
records what was said; staff record what was done and the report back.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cocreate.accounts.http import SignedInRequest
from cocreate.core import translations
from cocreate.core.access import Tenant, access_community
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Community
from cocreate.core.views import org_view
from cocreate.partners.models import Partner

from . import feedback
from .access import responsible_partners
from .forms import DATE
from .models import Action, FeedbackItem, FeedbackSource, FeedbackStatus, Goal
from .registry import sources_behind
from .views import _context, _save

PER_PAGE = 50


class FeedbackForm(EditsAVersion, forms.Form):
    said = forms.CharField(
        label=gettext_lazy("What was said"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("In the words of the people who said it, as far as possible."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Who raised it"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose partners of this community.")},
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous, or a group"),
        required=False,
        help_text=gettext_lazy(
            "Tick this when nobody is named: a survey, a room of people, someone who asked not to be."
        ),
    )
    source = forms.ChoiceField(label=gettext_lazy("Where it was said"), choices=FeedbackSource.choices)
    said_on = forms.DateField(label=gettext_lazy("Date said"), widget=DATE)
    goal = forms.ModelChoiceField(
        label=gettext_lazy("Goal it relates to"), queryset=Goal.objects.none(), required=False
    )
    action = forms.ModelChoiceField(
        label=gettext_lazy("Action it relates to"), queryset=Action.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=FeedbackStatus.choices,
        required=False,
        initial=FeedbackStatus.OPEN,
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it will not be done"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    done_text = forms.CharField(
        label=gettext_lazy("What was done"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    done_on = forms.DateField(label=gettext_lazy("Done on"), required=False, widget=DATE)
    reported_on = forms.DateField(label=gettext_lazy("Reported back on"), required=False, widget=DATE)
    reported_how = forms.CharField(
        label=gettext_lazy("How it was reported back"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("At a meeting, in a newsletter, by phone…"),
    )

    OUTCOME = ("status", "reason", "done_text", "done_on", "reported_on", "reported_how")

    def __init__(self, *args, community: Community, outcome: bool, keep_partners=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("said_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        partners = responsible_partners(community) | Partner.objects.filter(pk__in=list(keep_partners))
        self.fields["partners"].queryset = partners.only("pk", "name").order_by("name").distinct()  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["goal"].queryset = Goal.objects.filter(community=community).only("pk", "statement")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["goal"].label_from_instance = lambda g: Truncator(g.statement).chars(80)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["action"].queryset = Action.objects.filter(community=community).only("pk", "strategy")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["action"].label_from_instance = lambda a: Truncator(a.strategy).chars(80)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["goal"].empty_label = self.fields["action"].empty_label = _("None")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        if not outcome:
            for name in self.OUTCOME:
                del self.fields[name]

    def clean_status(self):
        return self.cleaned_data.get("status") or FeedbackStatus.OPEN  # a new item starts open

    def clean_said_on(self):
        said_on = self.cleaned_data["said_on"]
        if said_on > timezone.localdate():
            raise forms.ValidationError(_("Pick today or an earlier date."))
        return said_on


def _feedback_url(tenant: Tenant, community: Community, pk: int | None = None) -> str:
    org_slug = tenant.organization.slug
    if pk:
        return reverse("planning:feedback_item", args=[org_slug, community.slug, pk])
    return reverse("planning:feedback", args=[org_slug, community.slug])


@org_view
def feedback_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's feedback: open items first, then in progress, then done and won't do."""
    community = access_community(tenant, slug, "planning.view")
    page = Paginator(feedback.feedback_in(community), PER_PAGE).get_page(request.GET.get("page"))
    items = list(page.object_list)
    translations.with_translations(items)  # what was said, in the reader's language: one query
    return render(
        request,
        "planning/feedback/list.html",
        _context(
            tenant,
            community,
            page=page,
            items=items,
            open_count=feedback.open_count(community),
            feedback_url=_feedback_url(tenant, community),
            can_contribute=tenant.can("planning.contribute", community),
        ),
    )


@org_view
def feedback_count(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The link text with the open count, loaded by the plan page after it is drawn (htmx)."""
    community = access_community(tenant, slug, "planning.view")
    n = feedback.open_count(community)
    label = ngettext("You said, we did: %(n)s open", "You said, we did: %(n)s open", n) % {"n": n}
    return HttpResponse(label, content_type="text/plain; charset=utf-8")


def _form_page(request, tenant, community, form, *, title, item=None):
    return render(
        request,
        "planning/feedback/form.html",
        _context(
            tenant,
            community,
            form=form,
            title=title,
            item=item,
            feedback_url=_feedback_url(tenant, community),
        ),
    )


def _write(form, write):
    data = dict(form.cleaned_data)
    partners = data.pop("partners", [])
    return _save(form, lambda: write(partners=list(partners), **data))


@org_view
def feedback_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Record what partners said; staff can record what was done at the same time."""
    community = access_community(tenant, slug, "planning.contribute")
    outcome = tenant.can("planning.change", community)
    form = FeedbackForm(request.POST or None, community=community, outcome=outcome)
    if request.method == "POST" and form.is_valid():
        item = _write(
            form, lambda **data: feedback.do_record_feedback(community, acting_user=request.user, **data)
        )
        if item is not None:
            messages.success(request, _("Feedback recorded. It stays open until the team says what it did."))
            return redirect(_feedback_url(tenant, community, item.pk))
    return _form_page(request, tenant, community, form, title=_("Record feedback"))


@org_view
def feedback_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "planning.view")
    item = feedback.access_feedback(tenant, community, pk)
    goal_url = (
        reverse("planning:goal", args=[tenant.organization.slug, community.slug, item.goal_id])
        if item.goal_id
        else ""
    )
    return render(
        request,
        "planning/feedback/detail.html",
        _context(
            tenant,
            community,
            item=item,
            feedback_url=_feedback_url(tenant, community),
            goal_url=goal_url,
            action_url=f"{goal_url}#action-{item.action_id}" if item.action_id else "",
            can_change=tenant.can("planning.change", community),
            sources=sources_behind(tenant, community, feedback_item=item),
        ),
    )


@org_view
def feedback_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Change an item: what was done, its status, when and how it was reported back (staff)."""
    community = access_community(tenant, slug, "planning.view")
    item: FeedbackItem = feedback.access_feedback(tenant, community, pk, "planning.change")
    partner_ids = [p.pk for p in item.partners.all()]
    initial = {
        name: getattr(item, name)
        for name in ("said", "anonymous", "source", "said_on", *FeedbackForm.OUTCOME)
    }
    initial.update({"partners": partner_ids, "goal": item.goal_id, "action": item.action_id})
    form = FeedbackForm(
        request.POST or None,
        community=community,
        outcome=True,
        initial=initial,
        keep_partners=partner_ids,
        version_of=item,
    )
    if request.method == "POST" and form.is_valid():
        saved = _write(
            form, lambda **data: feedback.do_update_feedback(item, acting_user=request.user, **data)
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_feedback_url(tenant, community, item.pk))
    return _form_page(request, tenant, community, form, title=_("Update feedback"), item=item)

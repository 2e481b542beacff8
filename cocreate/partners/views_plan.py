"""The partnership engagement plan (page, edits, history, DOCX and PDF) and role-description templates.

Every view: resolve the tenant, check, act through `plan.do_*` / `role_templates.do_*`, render.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.core import versioned
from cocreate.core.access import Tenant, access_community
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.jobs import prepare_document
from cocreate.core.models import Community, Team
from cocreate.core.views import org_view

from . import actions, documents
from . import plan as plans
from .access import access_plan
from .models import Agreement, Partner, PartnerType, PlanEntry, RoleTemplate, TeamRole
from .role_templates import (
    BUILTIN_BY_KEY,
    BUILTIN_ROLES,
    do_copy_builtin_role,
    do_delete_role_template,
    do_update_role_template,
    organization_templates,
)

# Forms -----------------------------------------------------------------------------------------------


class GoalsForm(forms.Form):
    participation_goals = forms.CharField(
        label=gettext_lazy("Goals for the extent of participation"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy(
            "How far does the team mean to involve each kind of partner, in which areas, and by when? "
            "For example: parents collaborate on the co-creation work by spring and co-lead the "
            "listening sessions by autumn. Leave a blank line between paragraphs."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EntryForm(forms.Form):
    responsible = forms.CharField(
        label=gettext_lazy("Who is responsible"),
        max_length=200,
        help_text=gettext_lazy("A person or a group, for example: Lee (team lead) with the family leaders."),
    )
    whom = forms.ChoiceField(label=gettext_lazy("Engages whom"))
    strategies = forms.CharField(
        label=gettext_lazy("How: strategies"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "For example: a phone call before each new parent's first meeting; "
            "a listening session in Spanish every quarter."
        ),
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = {str(p.pk): p for p in partners}
        self.fields["whom"].choices = [  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            ("", "—"),
            (
                _("Every partner of a type"),
                [(f"type:{value}", label) for value, label in PartnerType.choices],
            ),
            (_("One partner"), [(f"partner:{pk}", p.name) for pk, p in self.partners.items()]),
        ]

    @staticmethod
    def whom_value(entry: PlanEntry) -> str:
        return f"partner:{entry.partner_id}" if entry.partner_id else f"type:{entry.partner_type}"

    def clean_whom(self):
        kind, _sep, value = self.cleaned_data["whom"].partition(":")
        if kind == "type" and value in PartnerType.values:
            return {"partner": None, "partner_type": value}
        if kind == "partner" and value in self.partners:
            return {"partner": self.partners[value], "partner_type": ""}
        raise forms.ValidationError(_("Choose a partner or a partner type."))

    def clean_strategies(self):
        text = self.cleaned_data["strategies"].strip()
        if not text:
            raise forms.ValidationError(_("Say how they will engage them."))
        return text

    def fields_for_plan(self) -> dict:
        data = self.cleaned_data
        return {"responsible": data["responsible"].strip(), "strategies": data["strategies"], **data["whom"]}


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["with_whom", "what", "agreed_on"]
        widgets = {
            "what": forms.Textarea(attrs={"rows": 4}),
            "agreed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "with_whom": gettext_lazy(
                "A partner, a group or the whole team, for example: the family leaders."
            ),
            "what": gettext_lazy(
                "For example: meetings start at 6 pm with child care on site; "
                "drafts reach family leaders a week before decisions."
            ),
        }


class RoleTemplateForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = RoleTemplate
        fields = ["title", "partner_type", "what_they_bring", "responsibilities", "expectations"]
        widgets = {
            "what_they_bring": forms.Textarea(attrs={"rows": 4}),
            "responsibilities": forms.Textarea(attrs={"rows": 7}),
            "expectations": forms.Textarea(attrs={"rows": 7}),
        }
        help_texts = {
            "what_they_bring": gettext_lazy("One point per line."),
            "responsibilities": gettext_lazy("One point per line. These are copied onto the role when used."),
            "expectations": gettext_lazy(
                "One point per line: what the partner can expect, and what is asked."
            ),
        }


class PlacementForm(forms.Form):
    partner = forms.ModelChoiceField(label=gettext_lazy("Partner"), queryset=Partner.objects.none())
    team = forms.ModelChoiceField(label=gettext_lazy("Team"), queryset=Team.objects.none())
    title = forms.CharField(label=gettext_lazy("Role"), max_length=120)
    responsibilities = forms.CharField(
        label=gettext_lazy("Responsibilities"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Adapt them to this person and this team. One point per line."),
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            Partner.objects.active().filter(community=community).order_by("name")
        )
        self.fields["team"].queryset = Team.objects.filter(community=community, archived_at__isnull=True)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        if data.get("team") and data.get("partner") and data.get("title"):
            taken = TeamRole.objects.filter(team=data["team"], partner=data["partner"], title=data["title"])
            if taken.exists():
                self.add_error("title", _("This partner already has this role on that team."))
        return data


# Helpers ---------------------------------------------------------------------------------------------


def _context(tenant: Tenant, community: Community, **extra) -> dict:
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        # Partner links are built from this prefix: one reverse() per page, not one per partner.
        "partner_base": reverse("partners:list", args=[tenant.organization.slug, community.slug]),
        **extra,
    }


def _plan_url(community: Community, anchor: str = "") -> str:
    url = reverse("partners:plan", args=[community.organization.slug, community.slug])
    return f"{url}#{anchor}" if anchor else url


def _saved(request: HttpRequest, plan) -> None:
    messages.success(request, _("Saved. The plan is now at version %(version)s.") % {"version": plan.version})


def _form_page(request, tenant, community, form, title, *, intro="", back=""):
    return render(
        request,
        "partners/plan/form.html",
        _context(tenant, community, form=form, title=title, intro=intro, back=back or _plan_url(community)),
    )


# The plan --------------------------------------------------------------------------------------------


@org_view
def plan_page(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's written partnership engagement plan, read from the data and edited in place."""
    plan = access_plan(tenant, slug, "plan.view")
    community = plan.community
    contents = plans.plan_contents(community, plan)
    return render(
        request,
        "partners/plan/page.html",
        _context(
            tenant,
            community,
            c=contents,
            plan=contents.plan,
            version_line=documents.version_line(contents.plan),
            sections=documents.section_titles(),
            editable=tenant.can("plan.change", community),
            can_place=tenant.can("team.change", community),
            can_add_teams=tenant.can("team.change", community),
        ),
    )


@org_view
def plan_goals(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    plan = access_plan(tenant, slug, "plan.change")
    community = plan.community
    form = GoalsForm(
        request.POST or None,
        initial={"participation_goals": plan.participation_goals, "version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = plans.do_update_goals(
                plan,
                participation_goals=form.cleaned_data["participation_goals"].strip(),
                acting_user=request.user,
                based_on_version=form.cleaned_data["version"],
            )
        except versioned.StaleDraft as stale:
            form.add_error(
                "participation_goals",
                _(
                    "Someone saved a newer version of the plan (version %(version)s) while you were editing. "
                    "Copy your text, open the plan again, and add your changes to the newer goals."
                )
                % {"version": stale.current_number},
            )
        else:
            if changed:
                _saved(request, plan)
            else:
                messages.info(request, _("Nothing changed."))
            return redirect(_plan_url(community, "goals"))
    return _form_page(request, tenant, community, form, _("Goals for the extent of participation"))


def _entry(tenant: Tenant, slug: str, pk: int):
    plan = access_plan(tenant, slug, "plan.change")
    entry = get_object_or_404(PlanEntry.objects.select_related("partner"), pk=pk, plan=plan)
    entry.plan = plan
    return plan.community, plan, entry


@org_view
def entry_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    plan = access_plan(tenant, slug, "plan.change")
    community = plan.community
    partners = Partner.objects.active().filter(community=community).order_by("name")
    initial = {}
    if request.GET.get("partner", "").isdigit():
        initial["whom"] = f"partner:{request.GET['partner']}"
    form = EntryForm(request.POST or None, partners=partners, initial=initial)
    if request.method == "POST" and form.is_valid():
        plans.do_add_entry(plan, acting_user=request.user, **form.fields_for_plan())
        _saved(request, plan)
        return redirect(_plan_url(community, "entries"))
    return _form_page(
        request,
        tenant,
        community,
        form,
        _("Who engages whom, and how"),
        intro=_(
            "Name who will reach out to a partner, or to every partner of one type, and how they will do it."
        ),
    )


@org_view
def entry_edit(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, plan, entry = _entry(tenant, slug, pk)
    partners = list(Partner.objects.active().filter(community=community).order_by("name"))
    if entry.partner is not None and entry.partner not in partners:
        partners.append(entry.partner)  # archived since: still shown, so saving keeps it
    form = EntryForm(
        request.POST or None,
        partners=partners,
        initial={
            "responsible": entry.responsible,
            "whom": EntryForm.whom_value(entry),
            "strategies": entry.strategies,
        },
    )
    if request.method == "POST" and form.is_valid():
        if plans.do_update_entry(entry, acting_user=request.user, **form.fields_for_plan()):
            _saved(request, plan)
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(_plan_url(community, "entries"))
    return _form_page(request, tenant, community, form, _("Edit who engages whom"))


@require_POST
@org_view
def entry_remove(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, plan, entry = _entry(tenant, slug, pk)
    plans.do_remove_entry(entry, acting_user=request.user)
    messages.success(
        request,
        _("Removed. The plan is now at version %(version)s; its history keeps what the entry said.")
        % {"version": plan.version},
    )
    return redirect(_plan_url(community, "entries"))


@require_POST
@org_view
def entry_move(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, plan, entry = _entry(tenant, slug, pk)
    if plans.do_move_entry(entry, up=request.POST.get("direction") != "down", acting_user=request.user):
        _saved(request, plan)
    return redirect(_plan_url(community, "entries"))


def _agreement(tenant: Tenant, slug: str, pk: int):
    plan = access_plan(tenant, slug, "plan.change")
    agreement = get_object_or_404(Agreement, pk=pk, plan=plan)
    agreement.plan = plan
    return plan.community, plan, agreement


@org_view
def agreement_create(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    plan = access_plan(tenant, slug, "plan.change")
    community = plan.community
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plans.do_add_agreement(plan, acting_user=request.user, **form.cleaned_data)
        _saved(request, plan)
        return redirect(_plan_url(community, "agreements"))
    return _form_page(
        request,
        tenant,
        community,
        form,
        _("Record an agreement"),
        intro=_("What has the team agreed with partners, with whom, and when?"),
    )


@org_view
def agreement_edit(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, plan, agreement = _agreement(tenant, slug, pk)
    # The form fills a copy: `agreement` stays as stored, so the write can tell whether anything changed.
    copy = Agreement(
        pk=agreement.pk, plan=plan, **{name: getattr(agreement, name) for name in plans.AGREEMENT_FIELDS}
    )
    form = AgreementForm(request.POST or None, instance=copy)
    if request.method == "POST" and form.is_valid():
        if plans.do_update_agreement(agreement, acting_user=request.user, **form.cleaned_data):
            _saved(request, plan)
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(_plan_url(community, "agreements"))
    return _form_page(request, tenant, community, form, _("Edit an agreement"))


@require_POST
@org_view
def agreement_remove(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, plan, agreement = _agreement(tenant, slug, pk)
    plans.do_remove_agreement(agreement, acting_user=request.user)
    messages.success(
        request,
        _("Removed. The plan is now at version %(version)s; its history keeps what the agreement said.")
        % {"version": plan.version},
    )
    return redirect(_plan_url(community, "agreements"))


@org_view
def plan_history(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Every version of the plan: who, when, and what it changed."""
    plan = access_plan(tenant, slug, "plan.view")
    community = plan.community
    page, versions = plans.plan_history(plan, request.GET.get("page"))
    return render(
        request,
        "partners/plan/history.html",
        _context(tenant, community, plan=plan, page=page, versions=versions),
    )


@require_POST
@org_view
def plan_docx(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Prepare the plan as a DOCX in the task queue; the person follows it on its progress page."""
    plan = access_plan(tenant, slug, "plan.view")
    return prepare_document(request, tenant, "partners.plan_docx", community=plan.community)


@require_POST
@org_view
def plan_pdf(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Prepare the plan as a PDF (Letter, or A4 when asked) in the task queue."""
    plan = access_plan(tenant, slug, "plan.view")
    paper = "a4" if request.POST.get("paper") == "a4" else "letter"
    return prepare_document(
        request, tenant, "partners.plan_pdf", community=plan.community, parameters={"paper": paper}
    )


# Role-description templates --------------------------------------------------------------------------


def _require_template_admin(tenant: Tenant) -> None:
    """Role templates are shared across the organization: whoever may change a plan anywhere in it."""
    if not tenant.can_anywhere("plan.change"):
        raise PermissionDenied


def _org_template(tenant: Tenant, pk: int) -> RoleTemplate:
    return get_object_or_404(RoleTemplate, pk=pk, organization=tenant.organization)


@org_view
def role_templates(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Role descriptions to start from: Cocreate's own, and the organization's adapted ones."""
    return render(
        request,
        "partners/plan/role_templates.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "builtins": BUILTIN_ROLES,
            "own": list(organization_templates(tenant.organization)),
            "can_change": tenant.can_anywhere("plan.change"),
        },
    )


@require_POST
@org_view
def role_template_copy(request: HttpRequest, tenant: Tenant, key: str) -> HttpResponse:
    _require_template_admin(tenant)
    if key not in BUILTIN_BY_KEY:
        raise Http404
    template = do_copy_builtin_role(tenant.organization, key=key, acting_user=request.user)
    messages.success(
        request, _("Copied. Adapt “%(title)s” to your context, then save.") % {"title": template.title}
    )
    return redirect("partners:role_template_edit", tenant.organization.slug, template.pk)


@org_view
def role_template_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    _require_template_admin(tenant)
    form = RoleTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.organization = tenant.organization
        form.save()
        messages.success(request, _("Role description saved."))
        return redirect("partners:role_templates", tenant.organization.slug)
    return _template_form(request, tenant, form, _("Write a role description"))


@org_view
def role_template_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    _require_template_admin(tenant)
    template = _org_template(tenant, pk)
    # On POST the form fills a throwaway instance: a rejected form leaves `template` as stored.
    instance = (
        RoleTemplate(pk=template.pk, organization=tenant.organization)
        if request.method == "POST"
        else template
    )
    form = RoleTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            do_update_role_template(
                template,
                acting_user=request.user,
                version=form.cleaned_data.get("version"),
                **{name: form.cleaned_data[name] for name in RoleTemplateForm.Meta.fields},
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Role description saved."))
            return redirect("partners:role_templates", tenant.organization.slug)
    return _template_form(
        request, tenant, form, _("Adapt “%(title)s”") % {"title": template.title}, template=template
    )


@require_POST
@org_view
def role_template_delete(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    _require_template_admin(tenant)
    template = _org_template(tenant, pk)
    do_delete_role_template(template, acting_user=request.user)
    messages.success(
        request,
        _("“%(title)s” removed. Roles already given from it keep their responsibilities.")
        % {"title": template.title},
    )
    return redirect("partners:role_templates", tenant.organization.slug)


def _template_form(request, tenant, form, title, template=None):
    return render(
        request,
        "partners/plan/role_template_form.html",
        {"tenant": tenant, "org": tenant.organization, "form": form, "title": title, "template": template},
    )


def _template_choices(own: list[RoleTemplate]) -> tuple[list, dict]:
    """Choices for the template picker, and each choice's template: 'builtin:<key>' or the row's pk."""
    by_value: dict[str, object] = {f"builtin:{role.key}": role for role in BUILTIN_ROLES}
    by_value.update({str(t.pk): t for t in own})
    choices = []
    if own:
        choices.append((_("Your organization's"), [(str(t.pk), t.title) for t in own]))
    choices.append((_("Built into Cocreate"), [(f"builtin:{r.key}", str(r.title)) for r in BUILTIN_ROLES]))
    return choices, by_value


@org_view
def role_from_template(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Place a partner on a team from a role description: pick one, adapt title and responsibilities, save."""
    community = access_community(tenant, slug, "team.change")
    choices, by_value = _template_choices(list(organization_templates(tenant.organization)))
    source = request.POST if request.method == "POST" else request.GET
    chosen_value = source.get("template", "")
    chosen = by_value.get(chosen_value)
    initial = {key: request.GET[key] for key in ("partner", "team") if request.GET.get(key, "").isdigit()}
    if chosen is not None:
        initial.update(title=str(chosen.title), responsibilities=str(chosen.responsibilities))
    form = PlacementForm(request.POST or None, community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_place_on_team(
            data["team"],
            partner=data["partner"],
            title=data["title"].strip(),
            responsibilities=data["responsibilities"],
            acting_user=request.user,
        )
        messages.success(
            request,
            _("%(partner)s is now %(role)s on %(team)s.")
            % {"partner": data["partner"].name, "role": data["title"], "team": data["team"].name},
        )
        return redirect(_plan_url(community, "roles"))
    return render(
        request,
        "partners/plan/role_from_template.html",
        _context(
            tenant,
            community,
            form=form,
            choices=choices,
            chosen=chosen,
            chosen_value=chosen_value,
            has_teams=form.fields["team"].queryset.exists(),  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            has_partners=form.fields["partner"].queryset.exists(),  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            can_add_partners=tenant.can("partner.change", community),
        ),
    )

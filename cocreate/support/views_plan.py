"""Implementation-support plan pages: the current plan, editing the draft (narrative and activities),
publishing it, every version (each readable and printable as it was published, with what it changed),
and the DOCX and PDF of any version.

Everyone in the community reads the published plan; the intermediary's staff (network admins and
support practitioners) write the draft and publish it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core import versioned
from cocreate.core.access import Tenant, access_community
from cocreate.core.jobs import prepare_document
from cocreate.core.models import Community, Stage
from cocreate.core.views import org_view

from . import plan as support_plan
from . import plan_documents as documents
from .models import Function, SupportPlanVersion
from .views import _context

# Forms -------------------------------------------------------------------------------------------------


class NarrativeForm(forms.Form):
    # The state of the plan this edit started from: a save after someone else's is refused.
    started_from = forms.CharField(required=False, widget=forms.HiddenInput)
    purpose = forms.CharField(
        label=gettext_lazy("What the support is for"),
        required=False,
        max_length=support_plan.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "In a few sentences: what the community wants to achieve and what the intermediary's support "
            "should help it build. Needed before publishing."
        ),
    )
    how_we_work = forms.CharField(
        label=gettext_lazy("How we will work together"),
        required=False,
        max_length=support_plan.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "How often you meet, how decisions about the support are made, how families and community "
            "members take part, and how the team tells you when the support is not working."
        ),
    )


class ActivityForm(forms.Form):
    """One activity. The formset's blank row is skipped while untouched; once started, it is checked."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    title = forms.CharField(
        label=gettext_lazy("Activity"),
        max_length=300,
        error_messages={"required": gettext_lazy("Say what the activity is.")},
        help_text=gettext_lazy("For example: monthly coaching of the implementation team."),
    )
    details = forms.CharField(
        label=gettext_lazy("What it involves"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    timing = forms.CharField(
        label=gettext_lazy("When and how often"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example: every month from March; twice before the first home visits."),
    )
    functions = forms.MultipleChoiceField(
        label=gettext_lazy("Support functions it serves"),
        choices=Function.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one of the five support functions.")},
    )
    providers = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Provided by: our staff"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provider_name = forms.CharField(
        label=gettext_lazy("Provided by: others"),
        max_length=300,
        required=False,
        help_text=gettext_lazy(
            "Someone outside the staff, for example: a certified trainer from the program."
        ),
    )

    def __init__(self, *args, staff: list, default_stage: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {u.pk: u for u in staff}
        self.fields["providers"].choices = [(u.pk, u.display_name) for u in staff]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        if default_stage:
            self.fields["stage"].initial = default_stage

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        if self.cleaned_data.get("DELETE"):
            return data
        if not data.get("providers") and not (data.get("provider_name") or "").strip():
            self.add_error("provider_name", _("Say who provides it: choose staff, write a name, or both."))
        return data

    def activity_data(self) -> support_plan.ActivityData:
        data = self.cleaned_data
        return support_plan.ActivityData(
            key=data.get("key") or None,
            stage=data["stage"],
            title=data["title"],
            details=data["details"],
            timing=data["timing"],
            functions=list(data["functions"]),
            providers=[self.staff[pk] for pk in data["providers"] if pk in self.staff],
            provider_name=data["provider_name"],
        )


ActivityFormSet = forms.formset_factory(
    ActivityForm, extra=1, can_delete=True, max_num=support_plan.MAX_ACTIVITIES, validate_max=True
)


def _live_forms(formset) -> list[ActivityForm]:
    """The rows to save, in order: every existing activity not ticked for removal, and the blank rows
    that were filled in (an untouched blank row is not an activity)."""
    initial = formset.initial_form_count()
    return [
        f
        for i, f in enumerate(formset.forms)
        if (i < initial or f.has_changed()) and not f.cleaned_data.get("DELETE")
    ]


def _to_fields(formset, error: ValidationError) -> None:
    """Put a write's per-activity errors next to their fields."""
    live = _live_forms(formset)
    for index, field_errors in getattr(error, "activity_errors", []):
        if index < len(live):
            for name, message in field_errors.items():
                live[index].add_error(name if name in live[index].fields else None, message)


# Links -------------------------------------------------------------------------------------------------


def _url(name: str, tenant: Tenant, community: Community, *args) -> str:
    return reverse(f"support:{name}", args=[tenant.organization.slug, community.slug, *args])


# Views -------------------------------------------------------------------------------------------------


def _plan_page(
    request: HttpRequest, tenant: Tenant, community: Community, version: SupportPlanVersion | None
):
    """A published version (the current one without `version`), its activities by stage, and what it
    changed from the version before."""
    can_change = tenant.can("support_plan.change", community)
    current = support_plan.current_version(community)
    if version is None:
        version = current
    activities = support_plan.activities_of(version) if version else []
    changes = None
    if version is not None and (version.number or 0) > 1:
        previous = support_plan.previous_version(version)
        if previous is not None:
            changes = support_plan.changes_between(
                version, activities, previous, support_plan.activities_of(previous)
            )
    draft = support_plan.draft_of(community) if can_change else None
    return render(
        request,
        "support/plan.html",
        _context(
            tenant,
            community,
            version=version,
            current=current,
            is_current=version is not None and current is not None and version.pk == current.pk,
            groups=support_plan.by_stage(activities, community.stage),
            activity_count=len(activities),
            purpose=documents.paragraphs(version.purpose) if version else [],
            how_we_work=documents.paragraphs(version.how_we_work) if version else [],
            changes=changes,
            draft=draft,
            can_change=can_change,
            version_line=documents.version_line(version) if version else "",
        ),
    )


@org_view
def plan_current(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The current published plan, or what a support plan is when there is none yet."""
    community = access_community(tenant, slug, "support_plan.view")
    return _plan_page(request, tenant, community, None)


@org_view
def plan_version(request: HttpRequest, tenant: Tenant, slug: str, number: int) -> HttpResponse:
    """Any published version, as it was published."""
    community = access_community(tenant, slug, "support_plan.view")
    version = support_plan.access_version(tenant, community, number)
    return _plan_page(request, tenant, community, version)


@org_view
def plan_versions(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Every published version (and, for staff, the draft): when, by whom, how many activities."""
    community = access_community(tenant, slug, "support_plan.view")
    can_change = tenant.can("support_plan.change", community)
    return render(
        request,
        "support/plan_versions.html",
        _context(
            tenant,
            community,
            versions=support_plan.version_list(community, with_draft=can_change),
            can_change=can_change,
        ),
    )


@org_view
def plan_edit(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Edit the draft (started from the current version): the narrative and the activities. Save it, or
    save and publish it as the next version."""
    community = access_community(tenant, slug, "support_plan.change")
    draft = support_plan.draft_of(community)
    current = support_plan.current_version(community)
    source = draft or current
    staff = support_plan.provider_choices(community)
    initial_activities = (
        [support_plan.activity_initial(a) for a in support_plan.activities_of(source)] if source else []
    )
    initial = {"started_from": versioned.token_of(current, draft)}
    if source:
        initial |= {"purpose": source.purpose, "how_we_work": source.how_we_work}
    form = NarrativeForm(request.POST or None, initial=initial)
    formset = ActivityFormSet(
        request.POST or None,
        initial=initial_activities,
        prefix="activities",
        form_kwargs={"staff": staff, "default_stage": community.stage},
    )
    if request.method == "GET" and request.GET.get("publish") and draft is not None:
        form = _refused_publish_form(draft)
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            rows = [f.activity_data() for f in _live_forms(formset)]
            publish = "publish" in request.POST
            try:
                with transaction.atomic():
                    saved = support_plan.do_save_support_plan_draft(
                        community,
                        acting_user=request.user,
                        purpose=form.cleaned_data["purpose"],
                        how_we_work=form.cleaned_data["how_we_work"],
                        activities=rows,
                        publish=publish,
                        started_from=form.cleaned_data["started_from"] or None,
                    )
            except versioned.StaleDraft as error:
                form.add_error(None, error)
                # Saving again (after reading the newer version) is a choice made knowingly.
                data = request.POST.copy()
                data["started_from"] = support_plan.edit_token(community)
                form.data = data
            except ValidationError as error:
                _to_fields(formset, error)
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                elif not getattr(error, "activity_errors", None):
                    form.add_error(None, error)
            else:
                if publish:
                    messages.success(
                        request,
                        _("Version %(n)d published. Everyone in the community can now read it.")
                        % {"n": saved.number},
                    )
                    return redirect(_url("plan", tenant, community))
                messages.success(request, _("Draft saved. Publish it when it is ready to share."))
                if "add" in request.POST:
                    return redirect(_url("plan_edit", tenant, community) + "#activity-new")
                return redirect(_url("plan", tenant, community))
    return render(
        request,
        "support/plan_form.html",
        _context(
            tenant,
            community,
            form=form,
            formset=formset,
            draft=draft,
            current=current,
            has_staff=bool(staff),
        ),
    )


def _refused_publish_form(draft) -> NarrativeForm:
    """After "Publish the draft" was refused: the draft's narrative as a checked form, with each reason
    beside its field (the activities' reason above the form)."""
    form = NarrativeForm({"purpose": draft.purpose, "how_we_work": draft.how_we_work})
    form.is_valid()
    try:
        support_plan.check_publishable(draft)
    except ValidationError as error:
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    return form


def _based_on(request: HttpRequest) -> int | None:
    """The version the person saw when they pressed "Publish" (the page's hidden field)."""
    value = request.POST.get("based_on", "")
    return int(value) if value.isdigit() else None


@require_POST
@org_view
def plan_publish(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Publish the saved draft as the next version."""
    community = access_community(tenant, slug, "support_plan.change")
    try:
        version = support_plan.do_publish_support_plan(
            community, acting_user=request.user, based_on=_based_on(request)
        )
    except ValidationError as error:
        if support_plan.draft_of(community) is None:
            messages.error(request, " ".join(error.messages))
            return redirect(_url("plan", tenant, community))
        # The draft is not ready: its form shows what is missing, beside the fields.
        return redirect(_url("plan_edit", tenant, community) + "?publish=1")
    messages.success(
        request,
        _("Version %(n)d published. Everyone in the community can now read it.") % {"n": version.number},
    )
    return redirect(_url("plan", tenant, community))


@require_POST
@org_view
def plan_discard(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Throw the draft away; published versions stay as they are."""
    community = access_community(tenant, slug, "support_plan.change")
    if support_plan.do_discard_support_plan_draft(community, acting_user=request.user):
        messages.success(request, _("Draft discarded. The published versions are unchanged."))
    else:
        messages.info(request, _("There was no draft to discard."))
    return redirect(_url("plan", tenant, community))


# Documents are prepared in the task queue (support/downloads.py): each button posts here and goes on
# to the progress page, so printing a long plan never holds a web worker.


@require_POST
@org_view
def plan_docx(request: HttpRequest, tenant: Tenant, slug: str, number: int) -> HttpResponse:
    community = access_community(tenant, slug, "support_plan.view")
    support_plan.access_version(tenant, community, number)  # 404 for a version that does not exist
    return prepare_document(
        request, tenant, "support.plan_docx", community=community, parameters={"number": number}
    )


@require_POST
@org_view
def plan_pdf(request: HttpRequest, tenant: Tenant, slug: str, number: int) -> HttpResponse:
    community = access_community(tenant, slug, "support_plan.view")
    support_plan.access_version(tenant, community, number)
    paper = "a4" if request.POST.get("paper") == "a4" else "letter"
    return prepare_document(
        request,
        tenant,
        "support.plan_pdf",
        community=community,
        parameters={"number": number, "paper": paper},
    )

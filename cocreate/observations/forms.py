"""Forms for observation plans, records (with their step rows) and what a finding becomes. They only parse;
the rules are in `actions`, whose errors the views put next to these fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Community
from cocreate.partners.models import Partner
from cocreate.planning.models import OPEN_ACTION_STATUSES, Action

from .actions import PlanDetails, RecordDetails, StepRow
from .models import FindingKind, ShadowMethod
from .queries import observer_choices, partner_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PeopleFields(EditsAVersion, forms.Form):
    """Observers who sign in, and partners of the community (optional) — for plans and records."""

    observers = forms.ModelMultipleChoiceField(
        label=_("Observers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one person: someone on the team here, or a partner below."),
        error_messages={"invalid_choice": _("Choose people of this community.")},
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners observing"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A parent or another partner who has no sign-in can observe too."),
        error_messages={"invalid_choice": _("Choose partners of this community.")},
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observers"].queryset = observer_choices(community).only("pk", "name", "email")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["observers"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["partners"].queryset = partner_choices(community).only("pk", "name").order_by("name")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]


class PlanForm(PeopleFields):
    aim = forms.CharField(
        label=_("What do we want to learn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The aim of the improvement work this observation serves."),
    )
    process = forms.CharField(
        label=_("The process to observe"),
        max_length=300,
        help_text=_("One process that affects the aim, for example how a family gets its first home visit."),
    )
    starts_where = forms.CharField(label=_("Where it starts"), max_length=300)
    ends_where = forms.CharField(label=_("Where it ends"), max_length=300)
    method = forms.ChoiceField(
        label=_("How will we shadow it?"), choices=ShadowMethod.choices, widget=forms.RadioSelect
    )
    method_notes = forms.CharField(
        label=_("How, in more detail"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    planned_on = forms.DateField(label=_("Planned date"), widget=DATE)
    planned_until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=DATE,
        help_text=_("When it takes several sessions."),
    )

    field_order = [
        "aim",
        "process",
        "starts_where",
        "ends_where",
        "method",
        "method_notes",
        "planned_on",
        "planned_until",
        "observers",
        "partners",
    ]

    def details(self) -> PlanDetails:
        d = self.cleaned_data
        return PlanDetails(
            aim=d["aim"],
            process=d["process"],
            starts_where=d["starts_where"],
            ends_where=d["ends_where"],
            method=d["method"],
            method_notes=d.get("method_notes", ""),
            planned_on=d["planned_on"],
            planned_until=d.get("planned_until"),
            observers=list(d.get("observers") or []),
            partners=list(d.get("partners") or []),
        )


class RecordForm(PeopleFields):
    observed_on = forms.DateField(label=_("Date observed"), widget=DATE)
    started_at = forms.TimeField(label=_("From"), required=False, widget=TIME)
    ended_at = forms.TimeField(label=_("Until"), required=False, widget=TIME)
    present = forms.CharField(
        label=_("Who was present, and their roles"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, for example: receptionist — books the first visit."),
    )
    surprises = forms.CharField(
        label=_("What surprised you?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confusion = forms.CharField(
        label=_("Was anything confusing or frustrating?"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: each line can later become feedback or a change idea."),
    )
    bottlenecks = forms.CharField(
        label=_("Where did things get stuck?"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bottlenecks and challenges, one per line."),
    )
    changes = forms.CharField(
        label=_("Specific changes to try"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: what could be done differently for a better outcome."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observers"].label = _("Who observed")
        self.fields["partners"].label = _("Partners who observed")
        self.initial.setdefault("observed_on", timezone.localdate())

    def details(self, steps: list[StepRow]) -> RecordDetails:
        d = self.cleaned_data
        return RecordDetails(
            observed_on=d["observed_on"],
            started_at=d.get("started_at"),
            ended_at=d.get("ended_at"),
            observers=list(d.get("observers") or []),
            partners=list(d.get("partners") or []),
            present=d.get("present", ""),
            surprises=d.get("surprises", ""),
            steps=steps,
            findings={
                FindingKind.CONFUSION: d.get("confusion", "").splitlines(),
                FindingKind.BOTTLENECK: d.get("bottlenecks", "").splitlines(),
                FindingKind.CHANGE: d.get("changes", "").splitlines(),
            },
        )


class StepForm(forms.Form):
    expected = forms.CharField(label=_("Step we expected"), max_length=500, required=False)
    happened = forms.CharField(
        label=_("What actually happened"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class BaseStepFormSet(forms.BaseFormSet):
    def rows(self) -> list[StepRow]:
        return [
            StepRow(
                f.cleaned_data.get("expected", ""),
                f.cleaned_data.get("happened", ""),
                f.cleaned_data.get("note", ""),
            )
            for f in self.forms
            if f.cleaned_data and not (self.can_delete and f.cleaned_data.get("DELETE"))
        ]


def step_formset(data=None, *, steps=(), blank: int = 3) -> BaseStepFormSet:
    """The step rows: the saved ones, then `blank` empty rows to fill in."""
    initial = [{"expected": s.expected, "happened": s.happened, "note": s.note} for s in steps]
    formset_class = forms.formset_factory(
        StepForm, formset=BaseStepFormSet, extra=blank, max_num=60, absolute_max=60
    )
    # Every row is cleaned, even one that still holds its saved text: the rows are the whole list.
    return formset_class(data, initial=initial, prefix="steps", form_kwargs={"empty_permitted": False})  # type: ignore[return-value]  # formset_factory subclasses the formset given; its stub forgets which


class ToFeedbackForm(forms.Form):
    said = forms.CharField(
        label=_("What the team heard or saw"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say it as the people going through the process would."),
    )
    said_on = forms.DateField(label=_("Date"), widget=DATE)
    action = forms.ModelChoiceField(
        label=_("Action it relates to"), queryset=Action.objects.none(), required=False
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.filter(community=community).only("pk", "strategy")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["action"].label_from_instance = lambda a: Truncator(a.strategy).chars(80)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["action"].empty_label = _("None")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]

    def clean_said_on(self):
        said_on = self.cleaned_data["said_on"]
        if said_on > timezone.localdate():
            raise forms.ValidationError(_("Pick today or an earlier date."))
        return said_on


class ToChangeIdeaForm(forms.Form):
    action = forms.ModelChoiceField(
        label=_("The action to test it on"),
        queryset=Action.objects.none(),
        help_text=_("A PDSA cycle tests a change within one action of the plan."),
        error_messages={"invalid_choice": _("Choose an action of this community.")},
    )
    change_idea = forms.CharField(
        label=_("Change idea"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    prediction = forms.CharField(
        label=_("What do we predict will happen?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure_name = forms.CharField(label=_("What will we measure?"), max_length=200)
    measure_unit = forms.CharField(label=_("Unit"), max_length=40, required=False)

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = (  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            Action.objects.filter(community=community, status__in=OPEN_ACTION_STATUSES)
            .only("pk", "strategy")
            .order_by("goal", "position", "due_on", "pk")
        )
        self.fields["action"].label_from_instance = lambda a: Truncator(a.strategy).chars(80)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]

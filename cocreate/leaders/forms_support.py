"""Forms of the support pages: training modules, making a leader, her mentor, checklist dates,
check-ins, recognitions and her consent to show them publicly. Each feeds one `do_*` of `support`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE: dict[str, Any] = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}


def _today():
    return timezone.localdate()


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module"), max_length=200)
    description = forms.CharField(
        label=_("What it covers"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(label=_("On new leaders' checklists"), required=False, initial=True)


class MakeLeaderForm(forms.Form):
    partner: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Partner with lived experience"), queryset=None, empty_label=None
    )
    started_on = forms.DateField(label=_("Leader since"), widget=forms.DateInput(**DATE), initial=_today)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class MentorForm(forms.Form):
    mentor: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Mentor"), queryset=None, required=False, empty_label=_("No mentor yet")
    )
    mentor_since = forms.DateField(
        label=_("Mentor since"), required=False, widget=forms.DateInput(**DATE), initial=_today
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]
        self.fields["mentor"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class CompletionForm(forms.Form):
    item = forms.CharField(widget=forms.HiddenInput)  # "orientation" or a module's pk
    completed_on = forms.DateField(label=_("Completed on"), widget=forms.DateInput(**DATE), initial=_today)


class CheckInForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(**DATE), initial=_today)
    notes = forms.CharField(
        label=_("What you talked about"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by the team's staff and by her."),
    )


class RecognitionForm(forms.Form):
    title = forms.CharField(label=_("What she achieved"), max_length=300)
    description = forms.CharField(
        label=_("The story"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(**DATE), initial=_today)


class PublicForm(forms.Form):
    show = forms.BooleanField(label=_("Show my recognitions on the community page"), required=False)
    agreed = forms.BooleanField(
        label=_("She agreed to this"),
        required=False,
        help_text=_("Staff: tick this only when she has told you she agrees."),
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Stepped down on"), widget=forms.DateInput(**DATE), initial=_today)

"""Forms of the results part: a theme, giving answers to a theme, a "you said, we did" item."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from cocreate.core.concurrency import VersionField
from cocreate.core.models import Community


class ThemeForm(forms.Form):
    version = VersionField()
    name = forms.CharField(label=gettext_lazy("Theme"), max_length=200)
    summary = forms.CharField(
        label=gettext_lazy("What people said"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("In your own words, in a line or two: no quote that could tell who wrote it."),
    )


class AssignForm(forms.Form):
    theme: forms.ModelChoiceField = forms.ModelChoiceField(label=gettext_lazy("Theme"), queryset=None)
    answers: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Answers"),
        queryset=None,  # the question's answers that may be shown: results.texts_of
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Tick at least one answer.")},
    )
    remove = forms.BooleanField(required=False)

    def __init__(self, *args, themes, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["answers"].queryset = answers  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]


class SurveyFeedbackForm(forms.Form):
    said = forms.CharField(
        label=gettext_lazy("What people said"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Check the words before saving: quote only what could not tell who wrote it, else say it in your own words."
        ),
    )
    community = forms.ModelChoiceField(
        label=gettext_lazy("Community that will answer"), queryset=Community.objects.none(), required=False
    )

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            self.fields["community"].required = True

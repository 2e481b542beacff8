"""Forms of the review pages: the rubric and settings, a reviewer's scores, a decision and its message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .decisions import DECISIONS
from .models import ApplicationStatus, CallCriterion, RubricCriterion
from .rubric import MAX_DAYS, score_choices


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["name", "guidance", "beyond_credentials"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}


class LeaderSettingsForm(forms.Form):
    anonymise_after_days = forms.IntegerField(
        label=_("Anonymise declined and withdrawn applications after (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        help_text=_(
            "Counted from the decision or the withdrawal. Names, contact details and answers are then "
            "cleared; the counts stay."
        ),
    )


def score_field_name(criterion: CallCriterion) -> str:
    return f"score_{criterion.pk}"


class ReviewForm(forms.Form):
    """One score per criterion of the call (radio buttons, 1 to 4) and a comment."""

    comment = forms.CharField(
        label=_("Comment for the other reviewers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("They see it only once they have submitted their own review."),
    )

    def __init__(self, *args, criteria: list[CallCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                choices=score_choices(),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                help_text=criterion.guidance,
            )
        self.order_fields([score_field_name(c) for c in criteria] + ["comment"])

    def scores(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[score_field_name(c)]
            for c in self.criteria
            if self.cleaned_data.get(score_field_name(c)) is not None
        }

    def score_fields(self):
        return [(c, self[score_field_name(c)]) for c in self.criteria]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(d.value, d.label) for d in DECISIONS], widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the applicant"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Written in her language. It is sent by email when you confirm."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Her email address"))


DECISION_VERBS = {
    ApplicationStatus.ACCEPTED: _("Accept"),
    ApplicationStatus.WAITLISTED: _("Put on the wait list"),
    ApplicationStatus.DECLINED: _("Decline"),
}

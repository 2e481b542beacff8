"""The builder's forms: a survey's settings, one question, sending to partners."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.concurrency import EditsAVersion
from cocreate.partners.models import PartnerType

from .builder import QuestionDetails
from .models import Question, QuestionKind, Survey

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ROWS = {"rows": 3}


class SurveyForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "title_es",
            "intro",
            "intro_es",
            "goals",
            "audience",
            "anonymous",
            "closes_on",
            "remind_every_days",
        ]
        widgets = {
            "intro": forms.Textarea(attrs=ROWS),
            "intro_es": forms.Textarea(attrs=ROWS),
            "goals": forms.Textarea(attrs=ROWS),
            "closes_on": DATE,
        }
        help_texts = {
            "title_es": gettext_lazy("You may leave the Spanish empty while the survey is a draft."),
            "goals": gettext_lazy("For the team: what you hope to learn, so each question serves it."),
            "audience": gettext_lazy("For the team: for example, parents of children under five."),
            "anonymous": gettext_lazy(
                "Anonymous: one link for everyone, nothing ties an answer to a person. Otherwise each "
                "person gets a link of her own and answers once."
            ),
            "closes_on": gettext_lazy("It closes at the end of this day. Leave empty to close it by hand."),
            "remind_every_days": gettext_lazy("Leave empty for no reminders."),
        }

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remind_every_days"].widget.attrs["min"] = 1
        if communities is not None:  # a new survey of the organization: which community, or all
            self.fields["community"] = forms.ChoiceField(
                label=_("For"),
                choices=[("", _("The whole organization (its communities choose theirs)")), *communities],
                required=False,
            )

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "community")}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=gettext_lazy("Question"), max_length=500)
    text_es = forms.CharField(label=gettext_lazy("Question in Spanish"), max_length=500, required=False)
    help = forms.CharField(label=gettext_lazy("Help under the question"), max_length=500, required=False)
    help_es = forms.CharField(label=gettext_lazy("Help in Spanish"), max_length=500, required=False)
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    choices_en = forms.CharField(
        label=gettext_lazy("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("For one or several choices: at least two."),
    )
    choices_es = forms.CharField(
        label=gettext_lazy("The same choices in Spanish, one per line, in the same order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    scale_min = forms.IntegerField(label=gettext_lazy("Scale from"), initial=1, min_value=0, max_value=10)
    scale_max = forms.IntegerField(label=gettext_lazy("to"), initial=5, min_value=1, max_value=11)
    low_label = forms.CharField(label=gettext_lazy("The lowest means"), max_length=100, required=False)
    low_label_es = forms.CharField(label=gettext_lazy("… in Spanish"), max_length=100, required=False)
    high_label = forms.CharField(label=gettext_lazy("The highest means"), max_length=100, required=False)
    high_label_es = forms.CharField(label=gettext_lazy("… in Spanish"), max_length=100, required=False)

    def __init__(self, *args, question: Question | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(question)
        self.question = question
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean() or {}
        en = _lines(data.get("choices_en", ""))
        es = _lines(data.get("choices_es", ""))
        if data.get("kind") in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and es and len(es) != len(en):
            self.add_error(
                "choices_es",
                _("Give as many Spanish choices as English ones (%(en)s), in the same order.")
                % {"en": len(en)},
            )
        return data

    def details(self) -> QuestionDetails:
        d = self.cleaned_data
        en, es = _lines(d.get("choices_en", "")), _lines(d.get("choices_es", ""))
        old = self.question.choices if self.question is not None else []
        choices = []
        for i, text in enumerate(en):
            # A choice keeps its key while it stays in the same place (answers in a pre-test point at it).
            key = old[i]["key"] if i < len(old) else None
            choices.append({"key": key, "en": text, "es": es[i] if i < len(es) else ""})
        return QuestionDetails(
            kind=d["kind"],
            text=d["text"],
            text_es=d.get("text_es", ""),
            help=d.get("help", ""),
            help_es=d.get("help_es", ""),
            required=bool(d.get("required")),
            choices=choices,
            scale_min=int(d["scale_min"]) if d.get("scale_min") is not None else 1,
            scale_max=d.get("scale_max") or 5,
            low_label=d.get("low_label", ""),
            low_label_es=d.get("low_label_es", ""),
            high_label=d.get("high_label", ""),
            high_label_es=d.get("high_label_es", ""),
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def initial_of(q: Question) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "text": q.text,
        "text_es": q.text_es,
        "help": q.help,
        "help_es": q.help_es,
        "required": q.required,
        "choices_en": "\n".join(c.get("en", "") for c in q.choices or []),
        "choices_es": "\n".join(c.get("es", "") for c in q.choices or []),
        "scale_min": q.scale_min,
        "scale_max": q.scale_max,
        "low_label": q.low_label,
        "low_label_es": q.low_label_es,
        "high_label": q.high_label,
        "high_label_es": q.high_label_es,
    }


class PartnerFilter(forms.Form):
    """Which partners to show when sending (a page at a time)."""

    q = forms.CharField(label=gettext_lazy("Search by name or email"), required=False, max_length=100)
    partner_type = forms.ChoiceField(
        label=gettext_lazy("Partner type"),
        required=False,
        choices=[("", gettext_lazy("Every type")), *PartnerType.choices],
    )
    lived_experience = forms.ChoiceField(
        label=gettext_lazy("Lived experience"),
        required=False,
        choices=[
            ("", gettext_lazy("Everyone")),
            ("yes", gettext_lazy("Brings lived experience")),
            ("no", gettext_lazy("Does not")),
        ],
    )

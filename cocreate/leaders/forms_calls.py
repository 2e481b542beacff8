"""Forms for the application questions, calls and the public application form. They only parse; the
rules are in `calls` and `questions`, whose errors the views put next to these fields."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Community, Team
from cocreate.partners.models import Weekday

from . import public
from .calls import ApplicationData, CallDetails, answer_field, reviewer_choices
from .models import MEETING_TIMES, AccessNeed, Call, HeardFrom
from .questions import shown

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(
        label=_("Help shown under it"), max_length=500, required=False, help_text=_("An example or a hint.")
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)


class QuestionEditForm(QuestionForm):
    active = forms.BooleanField(
        label=_("Asked in new calls"),
        required=False,
        help_text=_("Untick to stop asking it; calls made before keep it."),
    )


def language_choices(languages: list[str]) -> list[tuple[str, object]]:
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in languages if code in names]


class CallForm(EditsAVersion, forms.Form):
    title = forms.CharField(
        label=_("Role"), max_length=200, help_text=_("For example: parent leader for the improvement team.")
    )
    involves = forms.CharField(
        label=_("What it involves"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    time_asked = forms.CharField(
        label=_("Time asked"), max_length=300, help_text=_("For example: two hours a month, for a year.")
    )
    compensation = forms.CharField(
        label=_("Compensation offered"),
        max_length=300,
        required=False,
        help_text=_("For example: $25 an hour, child care and travel paid."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages applicants may use"), widget=forms.CheckboxSelectMultiple
    )
    closes_on = forms.DateField(label=_("Closing date"), widget=DATE)
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("The whole community"),
    )
    name_blind = forms.BooleanField(
        label=_("Name-blind review"),
        required=False,
        help_text=_("Reviewers do not see names and contact details until the decision."),
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Staff who serve this community. Each scores the applications alone first."),
        error_messages={"invalid_choice": _("Reviewers are staff who serve this community.")},
    )

    def __init__(self, *args, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices(community.organization.languages)  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(community=community).order_by("name")  # type: ignore[attr-defined]
        self.fields["reviewers"].queryset = reviewer_choices(community)  # type: ignore[attr-defined]
        self.fields["reviewers"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]

    def details(self) -> CallDetails:
        d = self.cleaned_data
        return CallDetails(
            title=d["title"],
            involves=d["involves"],
            time_asked=d["time_asked"],
            compensation=d.get("compensation") or "",
            closes_on=d["closes_on"],
            languages=list(d.get("languages") or []),
            name_blind=bool(d.get("name_blind")),
            team=d.get("team"),
            reviewers=list(d.get("reviewers") or []),
        )


def call_initial(call: Call) -> dict:
    return {
        "title": call.title,
        "involves": call.involves,
        "time_asked": call.time_asked,
        "compensation": call.compensation,
        "languages": call.languages,
        "closes_on": call.closes_on,
        "team": call.team_id,
        "name_blind": call.name_blind,
        "reviewers": list(call.reviewer_rows.values_list("user_id", flat=True)),
    }


class ApplicationForm(forms.Form):
    """The public form: contact details, the call's questions, availability, access needs, how they
    heard; plus the honeypot and the signed time stamp (`public`)."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("An email address or a phone number: at least one.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("The language you prefer"), widget=forms.RadioSelect)
    available_days = forms.TypedMultipleChoiceField(
        label=_("Days that suit you"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    meeting_times = forms.MultipleChoiceField(
        label=_("Two-hour meeting times that suit you"),
        choices=MEETING_TIMES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_needs = forms.MultipleChoiceField(
        label=_("What would help you take part?"),
        choices=AccessNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_notes = forms.CharField(
        label=_("Anything else we should arrange"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear about this?"),
        choices=[("", "—"), *HeardFrom.choices],
        required=False,
    )
    heard_from_detail = forms.CharField(label=_("Where, or from whom?"), max_length=200, required=False)
    # Robots fill in a field called "website"; people never see it (see public.py).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, call: Call, questions, page_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.questions = list(questions)
        languages = language_choices(call.languages) or language_choices([page_language])
        self.fields["language"].choices = languages  # type: ignore[attr-defined]
        codes = [code for code, _name in languages]
        self.fields["language"].initial = page_language if page_language in codes else codes[0]
        if not self.is_bound:
            self.fields["stamp"].initial = public.form_stamp()
        for question in self.questions:
            self.fields[answer_field(question)] = forms.CharField(
                label=shown(question.text),
                help_text=shown(question.help_text),
                required=question.required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": _("Please answer this question.")},
            )

    def question_fields(self):
        return [self[answer_field(q)] for q in self.questions]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get(public.HONEYPOT):
            raise forms.ValidationError(
                _(
                    "Nothing was saved: the field “Leave this field empty” was filled in. If you are a "
                    "person, empty it and send the form again."
                ),
                code="honeypot",
            )
        if message := public.stamp_error(cleaned.get("stamp") or ""):
            if not public.stamp_readable(cleaned.get("stamp") or ""):
                data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict: drawn again, a fresh stamp
                data[self.add_prefix("stamp")] = public.form_stamp()
                self.data = data
            raise forms.ValidationError(message, code="stamp")
        if not (cleaned.get("email") or "").strip() and not (cleaned.get("phone") or "").strip():
            if "email" not in self.errors:
                self.add_error("email", _("Give an email address or a phone number, so we can reach you."))
        return cleaned

    def data_for_write(self) -> ApplicationData:
        d = self.cleaned_data
        return ApplicationData(
            name=d["name"],
            email=d.get("email") or "",
            phone=d.get("phone") or "",
            address=d.get("address") or "",
            language=d["language"],
            answers={str(q.pk): d.get(answer_field(q)) or "" for q in self.questions},
            available_days=list(d.get("available_days") or []),
            meeting_times=list(d.get("meeting_times") or []),
            access_needs=list(d.get("access_needs") or []),
            access_notes=d.get("access_notes") or "",
            heard_from=d.get("heard_from") or "",
            heard_from_detail=d.get("heard_from_detail") or "",
        )

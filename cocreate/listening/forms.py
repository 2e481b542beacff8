from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Membership
from cocreate.partners.models import Partner, PartnerType
from cocreate.support.models import Modality

from .models import ConsentHow, FocusGroup, GuideQuestion, Help, Kind, QuestionStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GroupForm(EditsAVersion, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    goals = forms.CharField(
        label=_("What we want to learn"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Start here: the questions will serve this, and nothing else."),
    )
    hear_from = forms.CharField(
        label=_("Who we want to hear from"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Six to ten people who see the work from different places: parents, staff, partners…"),
    )
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    starts_at = forms.TimeField(label=_("Start time"), required=False, widget=TIME)
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=10, max_value=600, initial=90
    )
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    place = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language of the session"), choices=settings.LANGUAGES)
    other_languages = forms.CharField(
        label=_("Other languages spoken"),
        max_length=200,
        required=False,
        help_text=_("With interpretation, for example."),
    )
    helps = forms.MultipleChoiceField(
        label=_("Support for taking part"),
        choices=Help.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    help_notes = forms.CharField(
        label=_("More about the support offered"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    facilitator_partner = forms.ModelChoiceField(
        label=_("Facilitator: a partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("A parent may facilitate: other parents often speak more freely to one of their own."),
    )
    facilitator_user = forms.ModelChoiceField(
        label=_("Facilitator: a team member"), queryset=User.objects.none(), required=False
    )
    co_facilitator = forms.ModelChoiceField(
        label=_("Co-facilitator"), queryset=User.objects.none(), required=False
    )
    run_by_intermediary = forms.BooleanField(
        label=_("The intermediary runs it"),
        required=False,
        help_text=_("Then, once it is held, it is logged as support and counts in the community's dosage."),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator_partner"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            community=community, erased_at__isnull=True, archived_at__isnull=True
        ).order_by("name")
        # Members of this community, and the organization-wide roles (who work in every community).
        members = User.objects.filter(
            pk__in=Membership.objects.filter(organization_id=community.organization_id)
            .filter(Q(community=community) | Q(community__isnull=True))
            .values("user_id")
        )
        for name in ("facilitator_user", "co_facilitator"):
            self.fields[name].queryset = members.order_by("name")  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class QuestionForm(EditsAVersion, forms.Form):
    text = forms.CharField(label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    text_es = forms.CharField(
        label=_("The question in Spanish"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NotesForm(EditsAVersion, forms.Form):
    notes = forms.CharField(
        label=_("What was said"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What the group said, in their words where you can; no names."),
    )


class ConsentForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Came"),
        choices=[("", _("Not known yet")), ("yes", _("Came")), ("no", _("Did not come"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    consent = forms.TypedChoiceField(
        label=_("Agreed to be noted"),
        choices=[("", _("Not asked yet")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    how = forms.ChoiceField(label=_("How"), choices=[("", "—"), *ConsentHow.choices], required=False)


class ParticipantSearch(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    partner_type = forms.ChoiceField(
        label=_("Partner type"), choices=[("", _("Any")), *PartnerType.choices], required=False
    )
    lived = forms.BooleanField(label=_("Lived experience only"), required=False)


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=200)
    summary = forms.CharField(
        label=_("What we heard"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    question: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Question it answers"), queryset=GuideQuestion.objects.none(), required=False
    )

    def __init__(self, *args, group: FocusGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = group.questions.filter(status=QuestionStatus.ACCEPTED)  # type: ignore[attr-defined]
        self.fields["question"].label_from_instance = lambda q: q.text[:80]  # type: ignore[attr-defined]

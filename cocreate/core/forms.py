import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .concurrency import EditsAVersion
from .models import Community, Initiative, Organization, Role, Stage, Team
from .registry import person_kinds


def time_zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone this server knows, by name (America/Los_Angeles, Pacific/Auckland…)."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class OrganizationForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "description", "time_zone", "languages"]

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # left out, the organization keeps its languages (or starts with every one)
        help_text=_("The languages the teams write in for partners. Texts can carry a version in each."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("languages", [code for code, _name in settings.LANGUAGES])
        self.fields["time_zone"].widget = forms.Select(choices=time_zone_choices())
        self.fields[
            "time_zone"
        ].required = False  # left out, the organization keeps (or starts on) the default

    def clean_languages(self) -> list[str]:
        chosen = self.cleaned_data["languages"]
        return [code for code, _name in settings.LANGUAGES if code in chosen] or self.instance.languages

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or self.instance.time_zone or settings.TIME_ZONE


class InitiativeForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["name", "description", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must come after the start date."))
        return data


class CommunityForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "region", "description"]


class NewCommunityForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Community
        fields = ["name", "region", "description", "stage"]
        help_texts = {"stage": _("Where the community is today. You can change it later, forward or back.")}


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Why is the stage changing?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Everyone who can see the history will read this. Say what the team saw or decided."),
    )
    changed_on = forms.DateField(
        label=_("When did it change?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Today, unless the team moved earlier and is recording it now. Not before the previous change."
        ),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["changed_on"].initial = timezone.localdate()
        self.fields["to_stage"].choices = [("", _("Choose a stage"))] + [  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            (value, _("%(stage)s (now)") % {"stage": label} if value == current else label)
            for value, label in Stage.choices
        ]

    def clean_to_stage(self):
        value = self.cleaned_data["to_stage"]
        if value == self.current:
            raise forms.ValidationError(_("The community is already at this stage. Choose a different one."))
        return value

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please give a reason."))
        return reason

    def clean_changed_on(self):
        on = self.cleaned_data.get("changed_on")
        if on is not None and on > timezone.localdate():
            raise forms.ValidationError(_("A stage change cannot be dated in the future."))
        return on


class TeamForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "purpose"]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("en", _("English")), ("es", _("Spanish"))]
    )
    # Only for an invitation to one community: who she will be at the table (her partner record).
    partner_type = forms.ChoiceField(
        label=_("Partner type"),
        required=False,
        help_text=_(
            "Her partner record in this community is made with it when she joins; you can change it later."
        ),
    )
    lived_experience = forms.BooleanField(
        label=_("Brings lived experience"),
        required=False,
        help_text=_("For example, a parent or family member using the services."),
    )

    def __init__(self, *args, roles: list[Role], community: Community | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        kinds = person_kinds()
        if community is None or not kinds:
            del self.fields["partner_type"], self.fields["lived_experience"]
        else:
            self.fields["partner_type"].choices = [("", _("The usual one for the role")), *kinds]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]

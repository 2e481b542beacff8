from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Team

from .models import DayPart, Level, Partner, TeamRole, Weekday


class PartnerForm(EditsAVersion, forms.ModelForm):
    available_days = forms.TypedMultipleChoiceField(
        label=_("Days available"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_times = forms.MultipleChoiceField(
        label=_("Times of day available"),
        choices=DayPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "is_organization",
            "partner_type",
            "lived_experience",
            "affiliation",
            "languages",
            "email",
            "phone",
            "available_days",
            "available_times",
            "consent_on",
            "consent_wording",
            "notes",
            "user",
        ]
        widgets = {
            "consent_on": forms.DateInput(attrs={"type": "date"}),
            "consent_wording": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        # Only people who already belong to this community can be linked: a partner need not have one.
        self.fields["user"].queryset = (  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            User.objects.filter(memberships__community=community, is_active=True)
            .distinct()
            .order_by("name", "email")
        )
        self.fields["user"].label = _("Their sign-in, if they have one")
        self.fields["user"].help_text = _("Links this partner to a person who can sign in to this community.")

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        if data.get("consent_wording") and not data.get("consent_on"):
            self.add_error("consent_on", _("Say when they agreed, or clear the wording."))
        email = (data.get("email") or "").strip().lower()
        if email:
            data["email"] = email
            same = Partner.objects.active().filter(community=self.community, email__iexact=email)
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error(
                    "email", _("Another partner in this community already uses this email address.")
                )
        return data


PLANNED_BELOW_CURRENT = _(
    "The planned level is where the team aims to take the partnership: choose the current level or a "
    "deeper one."
)


class LevelForm(forms.Form):
    current = forms.TypedChoiceField(label=_("Current level"), choices=Level.choices, coerce=int)
    planned = forms.TypedChoiceField(label=_("Planned level"), choices=Level.choices, coerce=int)
    reason = forms.CharField(
        label=_("Why the change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: she joined the planning group and now reviews every draft."),
    )

    def __init__(self, *args, existing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please give a reason."))
        return reason

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        if (
            self.existing is not None
            and data.get("current") == self.existing.current
            and data.get("planned") == self.existing.planned
        ):
            raise forms.ValidationError(_("Nothing changed: choose a different current or planned level."))
        current, planned = data.get("current"), data.get("planned")
        if current is not None and planned is not None and planned < current:
            self.add_error("planned", PLANNED_BELOW_CURRENT)
        return data


class TeamRoleForm(forms.ModelForm):
    class Meta:
        model = TeamRole
        fields = ["team", "title", "responsibilities"]
        labels = {"team": _("Team")}  # the model's field has no verbose name of its own
        widgets = {"responsibilities": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, community, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.fields["team"].queryset = Team.objects.filter(community=community, archived_at__isnull=True)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["team"].empty_label = None  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        if data.get("team") and data.get("title"):
            if TeamRole.objects.filter(team=data["team"], partner=self.partner, title=data["title"]).exists():
                self.add_error("title", _("This partner already has this role on that team."))
        return data


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the area"), max_length=120)

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import User


class AccountSetupForm(forms.Form):
    """Set up an account from an invitation; the email is the one the invitation went to."""

    name = forms.CharField(
        label=_("Your name"), max_length=150, help_text=_("How others on the team will see you.")
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave this empty to sign in with a code we email you each time."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        p1, p2 = data.get("password1") or "", data.get("password2") or ""
        if p1 or p2:
            if p1 != p2:
                self.add_error("password2", _("The two passwords do not match."))
            else:
                try:
                    password_validation.validate_password(
                        p1, User(email=self.email, name=data.get("name", ""))
                    )
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language", "action_reminders"]
        labels = {"name": _("Your name")}
        help_texts = {"name": _("How others on the team will see you.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True  # as when joining: teammates need to know who is who

    def visible_fields(self):
        # The reminders checkbox is drawn in its own fieldset on the page, after the other fields.
        return [field for field in super().visible_fields() if field.name != "action_reminders"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

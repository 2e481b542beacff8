from __future__ import annotations

from django import forms

from .models import EmailChoice
from .registry import notification_kinds


class PreferencesForm(forms.Form):
    """One choice per registered kind: at once, daily digest, or no email."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in notification_kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=str(kind.label),
                choices=EmailChoice.choices,
                widget=forms.RadioSelect,
                initial=current.get(kind.key, kind.default_email),
            )

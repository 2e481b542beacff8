"""The forms a community leader fills on her phone: a claim (with its costs and receipts) and an
exception request. They read what she typed; the rules are `claims.check_fields` and the `do_*`
writes, so the page and the API refuse the same things with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.concurrency import EditsAVersion

from .claims import ExpenseInput
from .models import ExceptionKind, ExpenseKind, Receipt, TravelMode

EXPENSE_ROWS = 3
ACCEPT = "image/jpeg,image/png,image/heic,image/heif,image/webp,application/pdf"


def _number(label, help_text="", *, step="0.25"):
    # Text with a decimal keypad (not type=number: phones in Spanish would want a comma and refuse a
    # point, or the other way round); the write reads "1.5" and "1,5" alike.
    return forms.CharField(
        label=label,
        required=False,
        max_length=12,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "data-step": step, "class": "short"}
        ),
    )


class ClaimForm(EditsAVersion, forms.Form):
    prep_hours = _number(
        _("Preparation time (hours)"),
        _("Reading, preparing what you will say. Quarter hours: 0.25, 0.5, 0.75 …"),
    )
    meeting_hours = _number(
        _("Meeting time (hours)"), _("Filled in from the meeting; change it if you stayed less.")
    )
    travel_hours = _number(_("Travel time (hours)"), _("There and back."))
    childcare_cost = _number(
        _("Child care you paid"), _("What you paid for the day, in dollars."), step="0.01"
    )
    travel_mode = forms.ChoiceField(
        label=_("Travel costs"), choices=TravelMode.choices, initial=TravelMode.NONE, widget=forms.RadioSelect
    )
    miles = _number(_("Miles, there and back"), step="0.1")
    note = forms.CharField(
        label=_("Note for the approver"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # Not typed: where a refusal about the event itself is shown (not attended, claimed already …).
    event = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kept: dict[int, Receipt] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept or {}
        for i in range(EXPENSE_ROWS):
            self.fields[f"expense_{i}_kind"] = forms.ChoiceField(
                label=_("What"), required=False, choices=[("", "—"), *ExpenseKind.choices]
            )
            self.fields[f"expense_{i}_amount"] = _number(_("Amount"), step="0.01")
            self.fields[f"expense_{i}_receipt"] = forms.FileField(
                label=_("Photo or PDF of the receipt"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "capture": "environment"}),
            )
            self.fields[f"expense_{i}_keep"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def expense_rows(self):
        """(kind, amount, receipt, keep, the receipt kept) per row, for the template."""
        return [
            (
                self[f"expense_{i}_kind"],
                self[f"expense_{i}_amount"],
                self[f"expense_{i}_receipt"],
                self[f"expense_{i}_keep"],
                self.kept.get(i),
            )
            for i in range(EXPENSE_ROWS)
        ]

    def write_fields(self, receipts_by_pk: dict[int, Receipt]) -> dict:
        """The `do_*` keyword arguments from the cleaned data."""
        data = self.cleaned_data
        expenses = []
        for i in range(EXPENSE_ROWS):
            keep = data.get(f"expense_{i}_keep")
            expenses.append(
                ExpenseInput(
                    kind=data.get(f"expense_{i}_kind") or "",
                    amount=data.get(f"expense_{i}_amount") or "",
                    file=data.get(f"expense_{i}_receipt") or None,
                    receipt=receipts_by_pk.get(keep) if keep else None,
                )
            )
        return {  # "event" is not among them: the page's URL names the event
            "prep_hours": data.get("prep_hours"),
            "meeting_hours": data.get("meeting_hours"),
            "travel_hours": data.get("travel_hours"),
            "childcare_cost": data.get("childcare_cost"),
            "travel_mode": data.get("travel_mode") or TravelMode.NONE,
            "miles": data.get("miles"),
            "note": data.get("note") or "",
            "expenses": expenses,
        }


class ExceptionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you need?"),
        choices=ExceptionKind.choices,
        initial=ExceptionKind.CHILDCARE,
        widget=forms.RadioSelect,
    )
    amount = _number(
        _("Amount you expect to pay"), _("For child care: what you will pay for the day."), step="0.01"
    )
    reason = forms.CharField(
        label=_("Why"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    event = forms.CharField(required=False, widget=forms.HiddenInput)

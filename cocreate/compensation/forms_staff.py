"""Forms of the staff side: a new policy version, deciding an exception, returning, changing and paying
a claim, and the filters of the queue and the export. The rules themselves live in the `do_*` writes
(policy, approvals); these forms only read the fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.concurrency import VersionField

from .models import Basis, ClaimStatus, Expense, PaymentMethod, Policy
from .policy import approver_choices

DATE = forms.DateInput(attrs={"type": "date"})


def _money(label, **kw):
    return forms.DecimalField(label=label, max_digits=10, decimal_places=2, min_value=0, **kw)


def _hours(label, **kw):
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, min_value=0, **kw)


def _name(user) -> str:
    return user.display_name


class PolicyForm(forms.Form):
    effective_from = forms.DateField(
        label=Policy._meta.get_field("effective_from").verbose_name,
        widget=DATE,
        help_text=_("Today or later. Claims for events before this date keep the version in force then."),
    )
    currency = forms.CharField(
        label=_("currency"), max_length=3, min_length=3, help_text=_("Three letters (ISO 4217), e.g. USD.")
    )
    honorarium_basis = forms.ChoiceField(
        label=Policy._meta.get_field("honorarium_basis").verbose_name, choices=Basis.choices
    )
    honorarium_rate = _money(Policy._meta.get_field("honorarium_rate").verbose_name)
    max_prep_hours = _hours(Policy._meta.get_field("max_prep_hours").verbose_name)
    max_meeting_hours = _hours(Policy._meta.get_field("max_meeting_hours").verbose_name)
    max_travel_hours = _hours(Policy._meta.get_field("max_travel_hours").verbose_name)
    childcare_daily_cap = _money(Policy._meta.get_field("childcare_daily_cap").verbose_name)
    childcare_exception_approver: forms.ModelChoiceField = forms.ModelChoiceField(
        label=Policy._meta.get_field("childcare_exception_approver").verbose_name,
        queryset=None,
        required=False,
        help_text=_("With nobody named, the community's team lead or finance decides."),
    )
    mileage_rate = forms.DecimalField(
        label=Policy._meta.get_field("mileage_rate").verbose_name, max_digits=6, decimal_places=3, min_value=0
    )
    actual_costs_allowed = forms.BooleanField(
        label=Policy._meta.get_field("actual_costs_allowed").verbose_name, required=False
    )
    special_event_approver: forms.ModelChoiceField = forms.ModelChoiceField(
        label=Policy._meta.get_field("special_event_approver").verbose_name, queryset=None, required=False
    )
    notice_en = forms.CharField(
        label=Policy._meta.get_field("notice_en").verbose_name,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    notice_es = forms.CharField(
        label=Policy._meta.get_field("notice_es").verbose_name,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    reporting_threshold = _money(Policy._meta.get_field("reporting_threshold").verbose_name)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        people = approver_choices(organization)
        for name in ("childcare_exception_approver", "special_event_approver"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = people
            field.label_from_instance = _name  # type: ignore[method-assign,assignment]


class ExceptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    amount = _money(
        _("Amount approved"), required=False, help_text=_("Leave empty to approve the amount asked for.")
    )
    note = forms.CharField(
        label=_("Note to her"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you do not approve."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What she needs to change"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChangeForm(forms.Form):
    """Correct an approved claim: its hours and costs, each cost claimed at actual cost, and why."""

    prep_hours = _hours(_("preparation time (hours)"), max_value=24)
    meeting_hours = _hours(_("meeting time (hours)"), max_value=24)
    travel_hours = _hours(_("travel time (hours)"), max_value=24)
    childcare_cost = _money(_("child care paid"), max_value=10000)
    miles = forms.DecimalField(label=_("miles, there and back"), max_digits=7, decimal_places=1, min_value=0)
    reason = forms.CharField(
        label=_("What changed and why"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, claim, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                name: getattr(claim, name)
                for name in ("prep_hours", "meeting_hours", "travel_hours", "childcare_cost", "miles")
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField(initial=claim.version)
        self.expenses: list[Expense] = list(claim.expenses.all())
        for expense in self.expenses:
            self.fields[f"expense_{expense.pk}"] = _money(
                expense.get_kind_display(), initial=expense.amount, max_value=10000
            )

    def expense_amounts(self) -> dict[int, Decimal]:
        return {e.pk: self.cleaned_data[f"expense_{e.pk}"] for e in self.expenses}


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("paid on"), widget=DATE, initial=timezone.localdate)
    method = forms.ChoiceField(label=_("how"), choices=PaymentMethod.choices)
    reference = forms.CharField(
        label=_("reference"),
        max_length=100,
        required=False,
        help_text=_("The check number, transfer or card reference."),
    )


STATUS_FILTERS = [("", _("Any status")), *ClaimStatus.choices]


class QueueFilter(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    start = forms.DateField(label=_("Events from"), required=False, widget=DATE)
    end = forms.DateField(label=_("Events until"), required=False, widget=DATE)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All your communities")), *[(c.slug, c.name) for c in communities]]


class ExportForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DATE)
    end = forms.DateField(label=_("Last day"), widget=DATE)
    by = forms.ChoiceField(
        label=_("Period of"),
        choices=[("paid", _("Payment date")), ("event", _("Event date"))],
        initial="paid",
        required=False,
        widget=forms.RadioSelect,
    )
    format = forms.ChoiceField(
        label=_("File"),
        choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")],
        initial="csv",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The address reads ?from=…&to=… (Python keeps "from" for itself).
        self.fields["from"] = self.fields.pop("start")
        self.fields["to"] = self.fields.pop("end")
        self.order_fields(["from", "to", "by", "format"])

    def clean(self):
        data = super().clean() or {}
        start: date | None = data.get("from")
        end: date | None = data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end comes after the start."))
        if start and end and (end - start).days > 366 * 2:
            self.add_error("to", _("Export at most two years at a time."))
        return data

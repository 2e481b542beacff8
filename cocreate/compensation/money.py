"""What a claim pays, line by line: the one place the policy's arithmetic lives.

Pages, the API, exports and tests all call `work_out`. The rule, stated on every page that shows an
amount (`ROUNDING_RULE`): each line is worked out exactly and rounded to the cent, half up; the total
is the sum of the rounded lines.

* Honorarium per hour: preparation, meeting and travel time, each capped at the policy's maximum,
  times the rate — one line each. Per day: one day's rate for the event (the time is still recorded).
* Child care: the cost up to the daily cap; the part above the cap only when an exception for this
  event was approved (up to the amount approved), else it is shown as not covered.
* Travel: miles times the rate per mile, or the actual costs claimed (each with its receipt).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0")

ROUNDING_RULE = _(
    "Each line is worked out exactly and rounded to the cent (half a cent rounds up); "
    "the total is the sum of the lines."
)


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One line of a claim. `kind` is stable (exports, API); `quantity`×`rate` gives `amount`
    unless `note` says why not (capped, not covered, waiting)."""

    kind: (
        str  # prep | meeting | travel_time | day | childcare | childcare_above_cap | mileage | expense:<kind>
    )
    quantity: Decimal
    unit: str  # hour | day | mile | cost
    rate: Decimal
    amount: Decimal
    claimed: Decimal  # what was asked for (hours, miles or money) before any cap
    note: str = ""  # capped | not_covered | waiting | "" (keys; pages word them)

    def as_json(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> Line:
        return cls(
            kind=data["kind"],
            quantity=Decimal(data["quantity"]),
            unit=data["unit"],
            rate=Decimal(data["rate"]),
            amount=Decimal(data["amount"]),
            claimed=Decimal(data["claimed"]),
            note=data.get("note", ""),
        )


@dataclass(frozen=True)
class Inputs:
    """What a claim asks for, in the policy's units."""

    prep_hours: Decimal = ZERO
    meeting_hours: Decimal = ZERO
    travel_hours: Decimal = ZERO
    childcare_cost: Decimal = ZERO
    travel_mode: str = "none"  # none | mileage | actual
    miles: Decimal = ZERO
    expenses: tuple[tuple[str, Decimal], ...] = ()  # (ExpenseKind, amount)
    exception_status: str = ""  # "" | pending | approved | refused
    exception_amount: Decimal = ZERO  # child care approved for the day, when approved


@dataclass(frozen=True)
class Rates:
    """The parts of a policy the arithmetic needs (a `Policy` row, or any object with these names)."""

    honorarium_basis: str
    honorarium_rate: Decimal
    max_prep_hours: Decimal
    max_meeting_hours: Decimal
    max_travel_hours: Decimal
    childcare_daily_cap: Decimal
    mileage_rate: Decimal
    actual_costs_allowed: bool = True

    @classmethod
    def of(cls, policy) -> Rates:
        return cls(**{name: getattr(policy, name) for name in cls.__dataclass_fields__})


def _hours_line(kind: str, claimed: Decimal, cap: Decimal, rate: Decimal) -> Line:
    paid = min(claimed, cap)
    return Line(kind, paid, "hour", rate, to_cents(paid * rate), claimed, "capped" if paid < claimed else "")


def work_out(rates: Rates, inputs: Inputs) -> tuple[list[Line], Decimal]:
    """The claim's lines and total. Lines with nothing claimed are left out."""
    lines: list[Line] = []
    if rates.honorarium_basis == "day":
        hours = inputs.prep_hours + inputs.meeting_hours + inputs.travel_hours
        if hours > ZERO:
            lines.append(
                Line("day", Decimal(1), "day", rates.honorarium_rate, to_cents(rates.honorarium_rate), hours)
            )
    else:
        for kind, claimed, cap in (
            ("prep", inputs.prep_hours, rates.max_prep_hours),
            ("meeting", inputs.meeting_hours, rates.max_meeting_hours),
            ("travel_time", inputs.travel_hours, rates.max_travel_hours),
        ):
            if claimed > ZERO:
                lines.append(_hours_line(kind, claimed, cap, rates.honorarium_rate))

    cost = inputs.childcare_cost
    if cost > ZERO:
        cap = rates.childcare_daily_cap
        within = min(cost, cap)
        lines.append(Line("childcare", within, "cost", Decimal(1), to_cents(within), cost))
        above = cost - within
        if above > ZERO:
            if inputs.exception_status == "approved":
                allowed = max(min(cost, inputs.exception_amount) - cap, ZERO)
                note = "capped" if allowed < above else ""
                lines.append(
                    Line("childcare_above_cap", allowed, "cost", Decimal(1), to_cents(allowed), above, note)
                )
            else:
                note = "waiting" if inputs.exception_status == "pending" else "not_covered"
                lines.append(Line("childcare_above_cap", ZERO, "cost", Decimal(1), ZERO, above, note))

    if inputs.travel_mode == "mileage" and inputs.miles > ZERO:
        lines.append(
            Line(
                "mileage",
                inputs.miles,
                "mile",
                rates.mileage_rate,
                to_cents(inputs.miles * rates.mileage_rate),
                inputs.miles,
            )
        )
    elif inputs.travel_mode == "actual":
        for kind, amount in inputs.expenses:
            if amount > ZERO:
                paid = amount if rates.actual_costs_allowed else ZERO
                note = "" if rates.actual_costs_allowed else "not_covered"
                lines.append(Line(f"expense:{kind}", paid, "cost", Decimal(1), to_cents(paid), amount, note))

    return lines, sum((line.amount for line in lines), ZERO)


def lines_from_json(data: Iterable[dict]) -> list[Line]:
    return [Line.from_json(d) for d in data]


# Words and figures for pages, emails and exports ---------------------------------------------------

SYMBOLS = {"USD": "$", "CAD": "$", "MXN": "$", "EUR": "€", "GBP": "£"}

LINE_LABELS = {
    "prep": _("Preparation time"),
    "meeting": _("Meeting time"),
    "travel_time": _("Travel time"),
    "day": _("Honorarium for the day"),
    "childcare": _("Child care, up to the daily cap"),
    "childcare_above_cap": _("Child care above the daily cap"),
    "mileage": _("Travel by the mile"),
}
NOTES = {
    "capped": _("more than the policy pays; paid up to its maximum"),
    "waiting": _("waiting for the exception to be approved"),
    "not_covered": _("not covered: no exception was approved before the event"),
}


# Where these currencies are spent, figures are written 1,234.56 whatever the reader's language (a
# Spanish-speaking parent in the United States reads $37.50, as on her pay stub).
WRITTEN_WITH_A_POINT = {"USD", "CAD", "MXN", "GBP"}


def format_money(amount: Decimal, currency: str = "USD") -> str:
    """`$1,234.56` with the currency's symbol (or its code); other currencies in the language's format."""
    from django.utils.formats import number_format

    if currency in WRITTEN_WITH_A_POINT:
        figure = f"{to_cents(amount):,.2f}"
    else:
        figure = number_format(to_cents(amount), 2, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{figure}" if symbol else f"{figure} {currency}"


def line_label(line: Line) -> str:
    if line.kind.startswith("expense:"):
        from .models import ExpenseKind

        kind = line.kind.split(":", 1)[1]
        return str(ExpenseKind(kind).label) if kind in ExpenseKind.values else kind
    return str(LINE_LABELS.get(line.kind, line.kind))


def line_working(line: Line, currency: str = "USD") -> str:
    """How the amount was reached, e.g. "1.5 h × $25.00" or "18 miles × $0.670"."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext

    point = currency in WRITTEN_WITH_A_POINT
    quantity = (
        f"{line.quantity.normalize():f}" if point else number_format(line.quantity.normalize(), use_l10n=True)
    )
    if line.unit == "hour":
        return gettext("%(hours)s h × %(rate)s") % {
            "hours": quantity,
            "rate": format_money(line.rate, currency),
        }
    if line.unit == "mile":
        rate = f"{line.rate:.3f}" if point else number_format(line.rate, 3, use_l10n=True)
        return gettext("%(miles)s miles × %(rate)s") % {
            "miles": quantity,
            "rate": f"{SYMBOLS.get(currency, '')}{rate}",
        }
    if line.unit == "day":
        return gettext("1 day × %(rate)s") % {"rate": format_money(line.rate, currency)}
    return gettext("%(claimed)s claimed") % {"claimed": format_money(line.claimed, currency)}


def line_note(line: Line) -> str:
    return str(NOTES.get(line.note, "")) if line.note else ""


@dataclass(frozen=True)
class ShownLine:
    label: str
    working: str
    note: str
    amount: str
    kind: str


def shown_lines(lines: Iterable[Line], currency: str = "USD") -> list[ShownLine]:
    """The lines as a page, an email or a PDF shows them (in the active language)."""
    return [
        ShownLine(
            line_label(x), line_working(x, currency), line_note(x), format_money(x.amount, currency), x.kind
        )
        for x in lines
    ]

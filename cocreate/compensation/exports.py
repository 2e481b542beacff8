"""The finance export: one row per claim, with each kind of line in its own column, for a period of
payment dates (what was paid, summing to the payments to the cent) or of event dates (every live claim
of those events, paid or not).

Built for a year of a large organization (10,000 leaders × 24 claims): one query read with
`.iterator()`; the CSV is streamed row by row, the workbook written with openpyxl's write-only mode
(`cocreate.lib.exports.xlsx_bytes`). Text cells are made inert for spreadsheets (`csv_safety`).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from cocreate.core.models import Organization
from cocreate.lib.csv_safety import neutralise
from cocreate.lib.exports import CSV_TYPE, XLSX_TYPE, Sheet, download_response, xlsx_bytes

from .models import Claim, ClaimStatus, ExpenseKind, PaymentMethod
from .money import LINE_LABELS

BY_PAYMENT, BY_EVENT = "paid", "event"
LINE_KINDS = [
    "prep",
    "meeting",
    "travel_time",
    "day",
    "childcare",
    "childcare_above_cap",
    "mileage",
    *[f"expense:{k}" for k in ExpenseKind.values],
]
ZERO = Decimal("0")
CHUNK = 2000


def header() -> list[str]:
    kinds = [str(LINE_LABELS[k]) for k in LINE_KINDS[:7]] + [
        str(ExpenseKind(k.split(":", 1)[1]).label) for k in LINE_KINDS[7:]
    ]
    return [
        _("Claim"),
        _("Person"),
        _("Community"),
        _("Event date"),
        _("Event"),
        _("Policy version"),
        _("Currency"),
        *kinds,
        _("Total"),
        _("Status"),
        _("Approved by"),
        _("Approved at"),
        _("Paid on"),
        _("Method"),
        _("Reference"),
        _("Amount paid"),
    ]


def claims_in(organization: Organization, start: date, end: date, by: str = BY_PAYMENT):
    """The claims of the period, as tuples, in date order (one query)."""
    qs = Claim.objects.filter(organization=organization)
    if by == BY_EVENT:
        qs = qs.filter(event_date__gte=start, event_date__lte=end).exclude(status=ClaimStatus.WITHDRAWN)
        qs = qs.order_by("event_date", "pk")
    else:
        qs = qs.filter(payment__paid_on__gte=start, payment__paid_on__lte=end)
        qs = qs.order_by("payment__paid_on", "pk")
    return qs.values_list(
        "pk",
        "partner__name",
        "community__name",
        "event_date",
        "event_title",
        "policy__number",
        "policy__currency",
        "lines",
        "total",
        "status",
        "approved_by__name",
        "approved_by__email",
        "approved_at",
        "payment__paid_on",
        "payment__method",
        "payment__reference",
        "payment__amount",
    )


def rows(organization: Organization, start: date, end: date, by: str = BY_PAYMENT) -> Iterator[list]:
    """The export's rows (Decimals, dates and text), read a chunk at a time."""
    statuses = {k: str(v) for k, v in ClaimStatus.choices}
    methods = {k: str(v) for k, v in PaymentMethod.choices}
    position = {k: i for i, k in enumerate(LINE_KINDS)}
    for (
        pk,
        person,
        community,
        event_date,
        event,
        policy_number,
        currency,
        lines,
        total,
        status,
        approver_name,
        approver_email,
        approved_at,
        paid_on,
        method,
        reference,
        paid,
    ) in claims_in(organization, start, end, by).iterator(chunk_size=CHUNK):
        amounts: list = [""] * len(LINE_KINDS)
        for line in lines or ():
            i = position.get(line["kind"])
            if i is not None:
                # The stored amount as written ("12.06"); two lines of one kind (two parking
                # receipts) are added up.
                amounts[i] = Decimal(amounts[i]) + Decimal(line["amount"]) if amounts[i] else line["amount"]
        yield [
            pk,
            person,
            community,
            event_date,
            event,
            policy_number,
            currency,
            *amounts,
            total,
            statuses.get(status, status),
            approver_name or (approver_email or ""),
            approved_at.isoformat(timespec="minutes") if approved_at else "",
            paid_on or "",
            methods.get(method, "") if method else "",
            reference or "",
            paid if paid is not None else "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


# Columns of a row: which hold text people typed (made inert for spreadsheets) and which hold dates.
# Only those are touched: a year of a large organization is millions of cells.
_AFTER_LINES = 7 + len(LINE_KINDS)
TEXT_COLUMNS = (1, 2, 4, _AFTER_LINES + 2, _AFTER_LINES + 6)  # person, community, event, approver, reference
DATE_COLUMNS = (3, _AFTER_LINES + 4)  # event date, paid on


def _csv_lines(organization, start, end, by) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8 + writer.writerow([neutralise(h) for h in header()]).encode()
    batch: list[str] = []
    for row in rows(organization, start, end, by):
        for i in TEXT_COLUMNS:
            row[i] = neutralise(row[i])
        for i in DATE_COLUMNS:
            if row[i]:
                row[i] = row[i].isoformat()
        batch.append(writer.writerow(row))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def filename(organization: Organization, start: date, end: date, by: str, extension: str) -> str:
    return f"{organization.slug}-claims-{by}-{start.isoformat()}-{end.isoformat()}.{extension}"


def csv_response(organization, start: date, end: date, by: str = BY_PAYMENT) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(organization, start, end, by), content_type=CSV_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(True, filename(organization, start, end, by, "csv")) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(organization, start: date, end: date, by: str = BY_PAYMENT):
    body = xlsx_bytes([Sheet(_("Claims"), header(), rows(organization, start, end, by), max_width=30)])
    return download_response(body, filename(organization, start, end, by, "xlsx"), XLSX_TYPE, no_store=True)

"""A survey's results as files: exactly what the results page may show, as tables.

Figures: one row per question and choice (or scale point), then one row per group of each breakdown
that may be shown; a question or breakdown withheld by the small-group rule is one row marked "<3" with
the reason. Written answers: by theme, for the questions whose answers may be shown. Every text cell
goes through `cocreate.lib.csv_safety` (free text could start with "="); the CSV is streamed.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from cocreate.lib.csv_safety import neutralise_row
from cocreate.lib.exports import CSV_TYPE, XLSX_TYPE, Sheet, download_response, xlsx_bytes

from . import results
from .models import QuestionKind

WITHHELD = results.WITHHELD


def figure_header() -> list[str]:
    return [
        _("Question key"),
        _("Question"),
        _("Breakdown"),
        _("Group"),
        _("Answered"),
        _("Choice"),
        _("Count"),
        _("Percent"),
        _("Mean"),
        _("Median"),
        _("Note"),
    ]


def _choice_rows(base: list[Any], answered: int, choices, mean=None, median=None) -> Iterator[list[Any]]:
    if not choices:
        yield [
            *base,
            answered,
            "",
            "",
            "",
            mean if mean is not None else "",
            median if median is not None else "",
            "",
        ]
    for c in choices:
        yield [*base, answered, c.label, c.count, c.percent, "", "", ""]


def figure_rows(found: results.SurveyResults) -> Iterator[list[Any]]:
    for q in found.questions:
        base = [q.question.key, q.text]
        if not found.released:
            yield [*base, "", "", "", "", "", "", "", "", _("Figures are shown once the survey is closed.")]
            continue
        if q.kind == QuestionKind.TEXT:
            answered = q.answered if q.texts_shown else WITHHELD
            note = "" if q.texts_shown else q.why
            yield [*base, "", "", answered, "", "", "", "", "", note]
            continue
        if not q.shown:
            yield [*base, "", "", WITHHELD if q.answered else 0, "", "", "", "", "", q.why]
            continue
        yield from _choice_rows([*base, "", ""], q.answered, q.choices or q.scale, q.mean, q.median)
        for b in q.breakdowns:
            if not b.shown:
                yield [*base, b.title, "", WITHHELD, "", WITHHELD, "", "", "", b.why]
                continue
            for g in b.groups:
                yield from _choice_rows([*base, b.title, g.label], g.answered, g.choices, g.mean)


def text_header() -> list[str]:
    return [_("Question key"), _("Question"), _("Theme"), _("Answer")]


def text_rows(found: results.SurveyResults) -> Iterator[list[Any]]:
    for question, theme, texts in results.texts_by_theme(found.survey, found):
        text = results.question_text(question)
        for t in texts:
            yield [question.key, text, theme or _("No theme"), t]


def _filename(found: results.SurveyResults, extension: str) -> str:
    return f"survey-{found.survey.pk}-results.{extension}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(found: results.SurveyResults) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8 + writer.writerow(neutralise_row(figure_header())).encode()
    for row in figure_rows(found):
        yield writer.writerow(neutralise_row(row)).encode()
    texts = text_rows(found)
    first = next(texts, None)
    if first is not None:
        yield writer.writerow([]).encode()
        yield writer.writerow(neutralise_row(text_header())).encode()
        yield writer.writerow(neutralise_row(first)).encode()
        for row in texts:
            yield writer.writerow(neutralise_row(row)).encode()


def csv_response(found: results.SurveyResults) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(found), content_type=CSV_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(True, _filename(found, "csv")) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(found: results.SurveyResults):
    sheets = [Sheet(_("Results"), figure_header(), list(figure_rows(found)), first_width=14)]
    texts = list(text_rows(found))
    if texts:
        sheets.append(Sheet(_("Written answers"), text_header(), texts, max_width=80))
    return download_response(xlsx_bytes(sheets), _filename(found, "xlsx"), XLSX_TYPE, no_store=True)

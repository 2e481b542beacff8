"""The worksheet engine's forms: a step's form built from its definition, the settings, comments, drafts,
publishing and a template's adaptation. Rows fields are read from the POST by `rows_from_post` (each row
`<field>-<i>-<column>`, its `_key`, a "remove" box), so they work without JavaScript."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.concurrency import EditsAVersion

from . import definitions
from .engine import BLANK_ROWS, TEXT_MAX, TEXTAREA_MAX, TITLE_MAX
from .models import Worksheet, WorksheetStatus


class StartForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX, required=False)


class WorksheetForm(EditsAVersion, forms.ModelForm):
    class Meta:
        model = Worksheet
        fields = ["title", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.published_number:
            status = cast(forms.ChoiceField, self.fields["status"])
            status.choices = [(k, v) for k, v in WorksheetStatus.choices if k != WorksheetStatus.PUBLISHED]


def _scalar_field(spec: dict) -> forms.Field:
    label, help_text = definitions.text(spec["label"]), definitions.text(spec.get("help"))
    kind = spec["type"]
    if kind == "choice":
        choices = [("", "—")] + [(c["key"], definitions.text(c["label"])) for c in spec["choices"]]
        return forms.ChoiceField(label=label, help_text=help_text, choices=choices, required=False)
    if kind == "number":
        return forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            max_length=30,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
    if kind == "text":
        return forms.CharField(label=label, help_text=help_text, required=False, max_length=TEXT_MAX)
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXTAREA_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class StepForm(forms.Form):
    """One step's scalar fields (text, textarea, choice, number) and the step's counter it opened on;
    its rows fields come from `rows_from_post`/`row_blocks`."""

    started_from = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, step: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for spec in step["fields"]:
            if spec["type"] != "rows":
                self.fields[spec["key"]] = _scalar_field(spec)


def rows_from_post(data, spec: dict) -> list[dict]:
    """A rows field as posted: the rows kept (not ticked "remove"), each with its `_key`."""
    name = spec["key"]
    try:
        count = min(int(data.get(f"{name}-count", 0)), 200)
    except (TypeError, ValueError):
        count = 0
    rows = []
    for i in range(count):
        if data.get(f"{name}-{i}-remove"):
            continue
        row: dict[str, Any] = {"_key": data.get(f"{name}-{i}-_key", "")}
        for column in spec["columns"]:
            row[column["key"]] = data.get(f"{name}-{i}-{column['key']}", "")
        rows.append(row)
    return rows


def row_blocks(spec: dict, rows: list[dict], *, blank: int = BLANK_ROWS) -> dict:
    """What the template shows for a rows field: its rows (and `blank` empty ones), each cell named for
    `rows_from_post`."""
    fixed = spec.get("fixed_rows")
    most = spec.get("max_rows")
    if fixed is not None:
        blank = max(fixed - len(rows), 0)
    elif most is not None:
        blank = max(min(blank, most - len(rows)), 0)
    name = spec["key"]
    shown = list(rows) + [{"_key": ""} for _ in range(blank)]
    out = []
    for i, row in enumerate(shown):
        cells = []
        for column in spec["columns"]:
            cells.append(
                {
                    "name": f"{name}-{i}-{column['key']}",
                    "id": f"id_{name}-{i}-{column['key']}",
                    "label": definitions.text(column["label"]),
                    "type": column["type"],
                    "value": "" if row.get(column["key"]) is None else str(row.get(column["key"])),
                    "choices": [(c["key"], definitions.text(c["label"])) for c in column.get("choices", [])],
                }
            )
        out.append({"index": i, "number": i + 1, "key": row.get("_key", ""), "cells": cells})
    return {
        "key": name,
        "label": definitions.text(spec["label"]),
        "help": definitions.text(spec.get("help")),
        "rows": out,
        "count": len(shown),
        "removable": fixed is None,
        "can_add": fixed is None and (most is None or len(shown) < most),
    }


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    step_key = forms.CharField(required=False, widget=forms.HiddenInput)
    draft = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DraftForm(forms.Form):
    note = forms.CharField(label=_("What this draft is for (optional)"), max_length=300, required=False)


class PublishForm(forms.Form):
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    draft = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AdaptForm(forms.Form):
    definition = forms.CharField(
        label=_("The template (YAML)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code", "translate": "no"}),
        help_text=_(
            "Each text is a list of languages (en: …, es: …). Worksheets already started keep the version "
            "they started from."
        ),
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

"""Forms for adapting an instrument (settings, items, sections) and for the team's stage reflections.

Instrument texts are stored per language; each form shows one field per language (English required,
Spanish optional: readers fall back to English) and hands the views `{language: text}` dicts.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.concurrency import EditsAVersion
from cocreate.lib.readability import fernandez_huerta, flesch_kincaid_grade

from .models import Audience, InstrumentVersion, Item, Scoring, Section

LANGUAGES = ("en", "es")
# How plain a plain-language wording must read: Flesch-Kincaid grade (English), Fernández-Huerta ease
# (Spanish). The built-in instruments are held to the same in tests/test_plain_wordings.py.
PLAIN_MAX_GRADE = 8
PLAIN_MIN_EASE = 70


def _pair(form: BilingualForm, name: str, label, *, required: bool, rows: int = 0, help_text="") -> None:
    """Add `<name>_en` and `<name>_es` fields, shown together under `label`."""
    for language, language_label in (("en", _("English")), ("es", _("Spanish"))):
        form.fields[f"{name}_{language}"] = forms.CharField(
            label=language_label,
            required=required and language == "en",
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": rows, "lang": language})
            if rows
            else forms.TextInput(attrs={"lang": language}),
        )
    form.groups[name] = {"legend": label, "help": help_text}


def _initial(name: str, text: dict | None) -> dict:
    return {f"{name}_{language}": (text or {}).get(language, "") for language in LANGUAGES}


class BilingualForm(forms.Form):
    required_message = _("Write the English text; other languages fall back to it.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups: dict[str, dict] = {}

    def text(self, name: str) -> dict:
        return {language: self.cleaned_data.get(f"{name}_{language}", "") for language in LANGUAGES}

    def rows(self) -> list[dict]:
        """The visible fields in order: each language pair as one group with its legend and help."""
        rows: list[dict] = []
        for field in self.visible_fields():
            name, _sep, language = field.name.rpartition("_")
            if name in self.groups and language == "es" and rows and rows[-1].get("name") == name:
                rows[-1]["fields"].append(field)
            elif name in self.groups:
                rows.append({"name": name, **self.groups[name], "fields": [field]})
            else:
                rows.append({"fields": [field]})
        return rows

    def _require_english(self) -> None:
        for field_name, field in self.fields.items():
            if field_name.endswith("_en") and field.required:
                field.error_messages["required"] = self.required_message


class SettingsForm(EditsAVersion, BilingualForm):
    def __init__(self, *args, version: InstrumentVersion, **kwargs):
        super().__init__(*args, version_of=version, **kwargs)
        _pair(
            self, "name", _("Name"), required=True, help_text=_("What people see in lists and invitations.")
        )
        _pair(
            self,
            "description",
            _("What it is for"),
            required=False,
            rows=5,
            help_text=_("A few sentences people read before they answer."),
        )
        unit = {
            Scoring.PERCENT: _("A percent of the possible score, from 0 to 100, for example 80."),
            Scoring.MEAN: _("A mean value on the scale, for example 4."),
            Scoring.SUM: _("A sum of the values."),
        }[Scoring(version.scoring)]
        self.fields["target"] = forms.DecimalField(
            label=_("Target"),
            required=False,
            max_digits=6,
            decimal_places=2,
            help_text=_("%(unit)s Results below it are shown as gaps the team can turn into goals.")
            % {"unit": unit},
        )
        self._require_english()
        if not self.is_bound:
            self.initial = {
                **_initial("name", version.definition.get("name")),
                **_initial("description", version.definition.get("description")),
                "target": None if version.target is None else f"{version.target.normalize():f}",
            }


class ItemForm(BilingualForm):
    def __init__(self, *args, version: InstrumentVersion, item: Item | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.paired = version.paired
        wording = _("Wording for professional expertise") if version.paired else _("Wording")
        _pair(self, "text", wording, required=True, rows=3)
        if version.paired:
            _pair(
                self,
                "lived",
                _("Wording for lived experience"),
                required=True,
                rows=3,
                help_text=_("The same question, asked of people who bring their own experience."),
            )
        _pair(
            self,
            "plain",
            _("Plain-language wording"),
            required=False,
            rows=2,
            help_text=_(
                "What partners with lived experience read first, with the wording above a tap away. "
                "Short sentences and everyday words: grade 8 at most."
            ),
        )
        _pair(
            self,
            "guidance",
            _("Guidance for raters"),
            required=False,
            rows=3,
            help_text=_("What to think about when choosing a rating."),
        )
        _pair(
            self,
            "evidence",
            _("Evidence prompt"),
            required=False,
            rows=2,
            help_text=_("What would show that it is in place, for example: a written plan, meeting notes."),
        )
        self.fields["allows_dont_know"] = forms.BooleanField(
            label=Item._meta.get_field("allows_dont_know").verbose_name,
            help_text=Item._meta.get_field("allows_dont_know").help_text,
            required=False,
        )
        self._require_english()
        if item is not None and not self.is_bound:
            self.initial = {
                "allows_dont_know": item.allows_dont_know,
                **_initial("text", item.text),
                **_initial("lived", (item.wordings or {}).get("lived")),
                **_initial("plain", (item.wordings or {}).get("plain")),
                **_initial("guidance", item.guidance),
                **_initial("evidence", item.evidence_prompt),
            }

    def texts(self) -> dict:
        """Keyword arguments for `editing.do_update_item` / `do_add_item`."""
        texts = {
            "text": self.text("text"),
            "guidance": self.text("guidance"),
            "evidence_prompt": self.text("evidence"),
            "allows_dont_know": bool(self.cleaned_data.get("allows_dont_know")),
        }
        if self.paired:
            texts["lived"] = self.text("lived")
        texts["plain"] = self.text("plain")
        return texts

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        english, spanish = data.get("plain_en", ""), data.get("plain_es", "")
        if english and (grade := flesch_kincaid_grade(english)) > PLAIN_MAX_GRADE:
            self.add_error(
                "plain_en",
                _(
                    "This reads at grade %(grade)s: use shorter sentences and everyday words (grade 8 at most)."
                )
                % {"grade": round(grade)},
            )
        if spanish and (ease := fernandez_huerta(spanish)) < PLAIN_MIN_EASE:
            self.add_error(
                "plain_es",
                _(
                    "This reads as %(ease)s out of 100 for ease: use shorter sentences and everyday words "
                    "(70 or more)."
                )
                % {"ease": round(ease)},
            )
        return data


class SectionForm(BilingualForm):
    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        _pair(self, "title", _("Title"), required=True)
        _pair(self, "description", _("Description"), required=False, rows=3)
        self.fields["audience"] = forms.ChoiceField(
            label=_("Who is asked this section"),
            choices=Audience.choices,
            required=False,  # left out: stays as it is
            help_text=_("Each assessment can change it when it is opened."),
        )
        self._require_english()
        if not self.is_bound:
            self.initial = {
                "audience": section.audience,
                **_initial("title", section.title),
                **_initial("description", section.description),
            }


class ReflectionForm(forms.Form):
    domain = forms.CharField(widget=forms.HiddenInput, max_length=40)
    stage = forms.CharField(widget=forms.HiddenInput, max_length=20)
    question_key = forms.CharField(widget=forms.HiddenInput, max_length=60)
    answer = forms.CharField(
        label=_("Our reflection"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the team's reflection before saving.")},
        help_text=_("What the team sees now. Saving adds a new dated answer; earlier answers are kept."),
    )

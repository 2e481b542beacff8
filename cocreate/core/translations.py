"""Texts a team writes for partners, in each of the organization's languages.

A goal's statement, an action, an agenda item, a decision and its rationale, the shared agreement's
answers, a meeting's minutes and a "you said, we did" item are written once, in the author's language.
Each can carry a version in every other language of the organization (`Organization.languages`), kept
in one table, `ContentTranslation`, keyed by (content type, object, field, language). The same table
records the language the original was written in (a row with an empty `field`), made by
`record_original` when the text is created; a text without that row was written in the site's
default language (`settings.LANGUAGE_CODE`), so the common case costs no row.

Reading. `with_translations(goals, actions, …)` loads the rows for every object of a page in one
query and keeps them on the objects; `shown(obj, field)` (and the `{% translated obj "field" %}` tag,
`core/templatetags/translated.py`) then gives the reader's version where one exists, else the original
with a marker ("Written in English") and its `lang`, so a screen reader pronounces it right. A
translation made before the original changed is *stale*: `source_hash` (the hash of the original
when it was translated) no longer matches; it is still shown, marked as possibly out of date.

What can be translated is the `translatable_texts` registry (`core.registry`): each app registers
its models and fields. `gaps(...)` lists what is missing or stale for the "needs translation" page.

Writing: `do_save_translation` (core/actions.py).

Titles the product composes ("Coaching on 20 Nov 2026", for a survey about a session) are not
translated but composed again for each reader: `ComposedCharField` keeps the parts in a JSON field
beside the title and, when they are set, reading the title composes it in the active language and
date format (`composed_titles` registry). The stored title stays as a fallback (and for search).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .access import Tenant
from .models import Community, ContentTranslation
from .registry import TranslatableText, composed_titles, translatable_texts

ORIGINAL = ""  # the `field` of the row recording the language an object's texts were written in
CACHE = "_content_translations"


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def normalise(language: str | None) -> str:
    """A language code of this site ('es-mx' → 'es'); the default for anything else."""
    code = (language or "").split("-")[0].lower()
    return code if code in site_languages() else settings.LANGUAGE_CODE


def reader_language() -> str:
    return normalise(translation.get_language())


def text_hash(text: str) -> str:
    return hashlib.sha256((text or "").strip().encode()).hexdigest()


# The sentence beside a passage shown in another language than the page. One sentence per language
# (rather than "Written in %(language)s") so that each reads naturally: "Escrito en inglés".
WRITTEN_IN = {"en": _("Written in English"), "es": _("Written in Spanish")}
# A language's name inside a sentence ("Save the Spanish version": "Guardar la versión en español").
LANGUAGE_NAMES = {
    "en": pgettext_lazy("in a sentence", "English"),
    "es": pgettext_lazy("in a sentence", "Spanish"),
}


def written_in(language: str) -> str:
    return str(WRITTEN_IN.get(language, _("Written in another language")))


def language_name(language: str) -> str:
    return str(LANGUAGE_NAMES.get(language, language))


@dataclass
class Loaded:
    """The rows of one object: its original's language and its translations by (field, language)."""

    original: str
    rows: dict[tuple[str, str], ContentTranslation]


@dataclass(frozen=True)
class Shown:
    """What a reader sees of one field: the text, its language, and whether to mark it."""

    text: str
    language: str
    translated: bool  # a version written for the reader's language
    stale: bool  # … made before the original last changed
    foreign: bool  # the original, in another language than the reader's
    marker: str  # "Written in English" when foreign, else ""


def entry_for(model: type[models.Model]) -> TranslatableText | None:
    for entry in translatable_texts:
        if entry.model is model or isinstance(model, type) and issubclass(model, entry.model):
            return entry
    return None


def is_translatable(obj: Any) -> bool:
    return isinstance(obj, models.Model) and entry_for(type(obj)) is not None


def record_original(obj: models.Model, language: str | None = None) -> None:
    """Note the language a new object's texts were written in (default: the language of the request,
    which is the author's own). Only a language other than the site's default needs a row, so a text
    written in it costs no query."""
    language = normalise(language or translation.get_language())
    if language == settings.LANGUAGE_CODE:
        return
    ContentTranslation.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=ORIGINAL,
        defaults={
            "language": language,
            "organization_id": obj.organization_id,  # type: ignore[attr-defined]
            "community_id": getattr(obj, "community_id", None),
        },
    )


def carry_over(previous: models.Model, new: models.Model) -> None:
    """Give `new` (a copy of `previous`, e.g. the next version's agreement answer) the translations
    and original language of `previous`; their hashes still tell whether the copy's text changed."""
    ct = ContentType.objects.get_for_model(previous)
    rows = list(ContentTranslation.objects.filter(content_type=ct, object_id=previous.pk))
    for row in rows:
        row.pk = None
        row.object_id = new.pk
        row.community_id = getattr(new, "community_id", row.community_id)
    ContentTranslation.objects.bulk_create(rows, ignore_conflicts=True)


def with_translations(*groups: Iterable[Any]) -> None:
    """Load the translations of every object in `groups` (any mix of registered models, or lists of
    them) in one query, and keep them on the objects for `shown`. Objects already loaded are skipped;
    nothing to load, no query."""
    objects = [obj for group in groups for obj in group if obj is not None and not hasattr(obj, CACHE)]
    if not objects:
        return
    by_ct: dict[int, set[int]] = {}
    for obj in objects:
        by_ct.setdefault(ContentType.objects.get_for_model(obj).pk, set()).add(obj.pk)
    query = Q()
    for ct_id, ids in by_ct.items():
        query |= Q(content_type_id=ct_id, object_id__in=sorted(ids))
    loaded: dict[tuple[int, int], Loaded] = {}
    for row in ContentTranslation.objects.filter(query).only(
        "content_type_id", "object_id", "field", "language", "text", "source_hash", "updated_at"
    ):
        bundle = loaded.setdefault((row.content_type_id, row.object_id), Loaded(settings.LANGUAGE_CODE, {}))
        if row.field == ORIGINAL:
            bundle.original = row.language
        else:
            bundle.rows[(row.field, row.language)] = row
    for obj in objects:
        ct_id = ContentType.objects.get_for_model(obj).pk
        setattr(obj, CACHE, loaded.get((ct_id, obj.pk)) or Loaded(settings.LANGUAGE_CODE, {}))


def loaded(obj: Any) -> Loaded:
    """The rows of `obj` (one query when the page did not load them with `with_translations`)."""
    if not hasattr(obj, CACHE):
        with_translations([obj])
    return getattr(obj, CACHE)


def shown(obj: Any, field: str, language: str | None = None) -> Shown:
    """The version of `obj.field` for a reader of `language` (the active language by default)."""
    original = getattr(obj, field, "") or ""
    language = normalise(language) if language else reader_language()
    if not is_translatable(obj):
        return Shown(original, language, False, False, False, "")
    bundle = loaded(obj)
    if not original.strip() or bundle.original == language:
        return Shown(original, language, False, False, False, "")
    row = bundle.rows.get((field, language))
    if row is not None and row.text.strip():
        return Shown(row.text, language, True, row.source_hash != text_hash(original), False, "")
    return Shown(original, bundle.original, False, False, True, written_in(bundle.original))


def text(obj: Any, field: str, language: str | None = None) -> str:
    """Just the words of `shown` (titles, exports)."""
    return shown(obj, field, language).text


# The "needs translation" list -------------------------------------------------------------------


@dataclass
class Gap:
    """One field of one object missing a version in `language`, or with a stale one."""

    entry: TranslatableText
    obj: Any
    field: str
    language: str
    original: str
    original_language: str
    existing: ContentTranslation | None  # the stale version, to start from

    @property
    def stale(self) -> bool:
        return self.existing is not None

    @property
    def field_label(self) -> str:
        return str(self.entry.model._meta.get_field(self.field).verbose_name)

    @property
    def key(self) -> str:
        return f"{self.entry.key}-{self.obj.pk}-{self.field}-{self.language}"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def written_in(self) -> str:
        return written_in(self.original_language)


def gaps(tenant: Tenant, community: Community | None = None, *, language: str | None = None) -> list[Gap]:
    """Every registered text of `community` (or of the whole organization) that this person may read,
    missing a version in one of the organization's languages or with a version older than its original;
    stale first, then in registry order. One query per registered model and one for the translations,
    however many there are."""
    organization = tenant.organization
    languages = [normalise(code) for code in organization.languages or site_languages()]
    if language:
        languages = [code for code in languages if code == language]
    objects: list[tuple[TranslatableText, Any]] = []
    for entry in translatable_texts:
        objects.extend((entry, obj) for obj in entry.objects(tenant, community))
    rows = ContentTranslation.objects.filter(organization=organization)
    if community is not None:
        rows = rows.filter(community=community)
    with_rows: dict[tuple[int, int], Loaded] = {}
    for row in rows.only("content_type_id", "object_id", "field", "language", "text", "source_hash"):
        bundle = with_rows.setdefault(
            (row.content_type_id, row.object_id), Loaded(settings.LANGUAGE_CODE, {})
        )
        if row.field == ORIGINAL:
            bundle.original = row.language
        else:
            bundle.rows[(row.field, row.language)] = row
    stale: list[Gap] = []
    missing: list[Gap] = []
    for entry, obj in objects:
        ct_id = ContentType.objects.get_for_model(obj).pk
        bundle = with_rows.get((ct_id, obj.pk)) or Loaded(settings.LANGUAGE_CODE, {})
        setattr(obj, CACHE, bundle)
        for field in entry.fields:
            original = getattr(obj, field, "") or ""
            if not original.strip():
                continue
            for code in languages:
                if code == bundle.original:
                    continue
                version = bundle.rows.get((field, code))
                if version is None or not version.text.strip():
                    missing.append(Gap(entry, obj, field, code, original, bundle.original, None))
                elif version.source_hash != text_hash(original):
                    stale.append(Gap(entry, obj, field, code, original, bundle.original, version))
    return stale + missing


def find(tenant: Tenant, community: Community, key: str, pk: int) -> tuple[TranslatableText, Any] | None:
    """The registered text `key`/`pk` of `community` that this person may read (None when there is none,
    it is elsewhere or hidden from her)."""
    entry = translatable_texts.get(key)
    if entry is None:
        return None
    obj = entry.objects(tenant, community).filter(pk=pk).first()
    return (entry, obj) if obj is not None else None


# Titles composed for each reader ----------------------------------------------------------------


def compose(parts: dict[str, Any] | None) -> str | None:
    """The title `parts` describe, in the active language; None when nothing composes them."""
    entry = composed_titles.get((parts or {}).get("key", ""))
    if entry is None:
        return None
    try:
        return entry.compose(parts or {})
    except (KeyError, ValueError):  # parts written by an older version of the composer
        return None


class ComposedTitleDescriptor(DeferredAttribute):
    """Django's field descriptor, made a data descriptor (with `__set__`) so that reading the title
    always passes through `__get__`, even once the stored value sits in the instance's `__dict__`."""

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        parts = instance.__dict__.get(self.field.parts_field)  # type: ignore[attr-defined]  # a deferred one is not read
        return (compose(parts) if parts else None) or value


class ComposedCharField(models.CharField):
    """A title that, when its model's `parts_field` holds parts, reads as composed from them in the
    active language (see above); otherwise, or for a typed title, it is the text stored."""

    descriptor_class = ComposedTitleDescriptor

    def __init__(self, *args: Any, parts_field: str = "", **kwargs: Any) -> None:
        self.parts_field = parts_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["parts_field"] = self.parts_field
        return name, path, args, kwargs

"""Instrument text is stored per language (`{"en": ..., "es": ...}`); these pick the reader's."""

from __future__ import annotations

from django.utils.translation import get_language

FALLBACK = "en"


def pick(text: dict | str | None, language: str | None = None) -> str:
    """The text in `language` (default: the active one), else English, else any language we have."""
    if not text:
        return ""
    if isinstance(text, str):
        return text
    language = (language or get_language() or FALLBACK).split("-")[0]
    return text.get(language) or text.get(FALLBACK) or next(iter(text.values()), "")


def item_text(item, perspective: str = "", language: str | None = None) -> str:
    """An item's wording for a perspective (paired instruments), else its common wording."""
    wording = item.wordings.get(perspective) if perspective else None
    return pick(wording or item.text, language)


def plain_text(item, language: str | None = None) -> str:
    """An item's plain-language wording (grade 8 at most) in the reader's language, or ""."""
    return pick((item.wordings or {}).get("plain"), language)


def answer_wordings(item, perspective: str = "", language: str | None = None) -> dict:
    """What a respondent reads: `text` first, and the `original` wording behind a disclosure.

    A person answering from lived experience reads the plain wording first when the item has one;
    everyone else reads the item's own wording (and `original` is empty).
    """
    own = item_text(item, perspective, language)
    plain = plain_text(item, language) if perspective == "lived" else ""
    if plain and plain != own:
        return {"text": plain, "original": own}
    return {"text": own, "original": ""}

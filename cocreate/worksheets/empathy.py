"""Empathy cards: the deck (the template's `data.cards`), its guided questions (`data.questions`) and
the facilitated session, one card at a time.

The deck is data: an organization that adapts the template changes the cards (each card's key also
needs to be a choice of the session's `card` column, where the team records what it said per card).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from .definitions import text
from .kinds import Extra, rows, step_edit_url


@dataclass
class Card:
    key: str
    role: str  # the role's name in the reader's language
    title: str
    scenario: str


def deck(definition: dict, language: str | None = None) -> list[Card]:
    """The cards of a template version, in the reader's language (English where a text has no other)."""
    language = (language or get_language() or "en")[:2]
    data = definition.get("data") or {}
    roles = data.get("roles") or {}
    cards = []
    for card in data.get("cards") or []:
        if not isinstance(card, dict) or not card.get("key"):
            continue
        role = card.get("role") or ""
        cards.append(
            Card(
                key=str(card["key"]),
                role=text(roles.get(role), language) if role in roles else str(role).replace("_", " "),
                title=text(card.get("title"), language),
                scenario=text(card.get("scenario"), language),
            )
        )
    return cards


def questions(definition: dict, language: str | None = None) -> list[str]:
    language = (language or get_language() or "en")[:2]
    return [text(q.get("text"), language) for q in (definition.get("data") or {}).get("questions") or []]


def session_order(cards: list[Card], content: dict) -> list[Card]:
    """The cards the team chose (those it has rows for) first, in its order, then the rest of the deck."""
    chosen = [str(row.get("card")) for row in rows(content, "session", "cards") if row.get("card")]
    first = [c for key in dict.fromkeys(chosen) for c in cards if c.key == key]
    return first + [c for c in cards if c not in first]


def notes_for(content: dict, card_key: str) -> list[dict]:
    return [row for row in rows(content, "session", "cards") if row.get("card") == card_key]


def extra(worksheet, *, content: dict, tenant=None) -> Extra | None:
    if tenant is None:
        return None  # a printed copy has the rows; the session view is for the room
    cards = deck(worksheet.template_version.definition)
    return Extra(
        "worksheets/kinds/empathy_deck.html",
        {"worksheet": worksheet, "cards": cards, "record_url": step_edit_url(worksheet, "session")},
    )

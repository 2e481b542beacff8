"""`{% translated obj "field" %}`: a text a team wrote, in the reader's language where a version exists,
else the original marked with its language (`core.translations`).

    {% load translated %}
    <h1>{% translated goal "statement" %}</h1>
    {% translated meeting "minutes" lines="p" %}      {# paragraphs, like |linebreaks #}
    {% translated decision "rationale" lines="br" %}  {# line breaks, like |linebreaksbr #}
    {% translated item "said" truncate=110 %}
    {{ goal|translated_text:"statement"|truncatechars:60 }}   {# just the words: <title>, attributes #}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.text import Truncator

from cocreate.core import translations

register = template.Library()


@register.inclusion_tag("core/_translated.html")
def translated(
    obj: Any, field: str, lines: str = "", truncate: int = 0, block: bool = False
) -> dict[str, Any]:
    shown = translations.shown(obj, field)
    words = Truncator(shown.text).chars(truncate) if truncate else shown.text
    return {"shown": shown, "words": words, "lines": lines, "block": block or lines == "p"}


@register.filter
def translated_text(obj: Any, field: str) -> str:
    return translations.text(obj, field)

"""The ignite talk: how long each slide will take to say, from its word count.

An ignite talk has twenty slides that move on by themselves every fifteen seconds (five minutes in
all). We estimate speaking time at 150 words a minute — a calm pace for a personal story told aloud, and
the one speech coaches usually quote — so a fifteen-second slide holds about 37 or 38 words. A slide
estimated above 15 s will be cut off by the next one; one below 10 s leaves the speaker waiting in
silence (sometimes what a story needs: it is flagged, not refused).

The coach's comments live in the slides' own "coach" column (one per slide, kept in every draft and in
the printed copy); general comments on the talk use the engine's step comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import get_language

from .kinds import Extra, choice_labels, field_definition, plain, rows

WORDS_PER_MINUTE = 150
SLIDE_SECONDS = 15
SLIDES = 20
TALK_SECONDS = SLIDE_SECONDS * SLIDES  # five minutes
SHORT_SECONDS = 10
WORD = re.compile(r"[\w’'-]+")


def word_count(value: str) -> int:
    return len(WORD.findall(value or ""))


def seconds_for(words: int) -> float:
    return words * 60 / WORDS_PER_MINUTE


@dataclass
class SlideTime:
    number: int
    part: str  # the part's label in the worksheet's language, or ""
    words: int
    seconds: float

    @property
    def status(self) -> str:
        """ "empty", "long" (over 15 s), "short" (under 10 s) or "ok"."""
        if self.words == 0:
            return "empty"
        if self.seconds > SLIDE_SECONDS:
            return "long"
        if self.seconds < SHORT_SECONDS:
            return "short"
        return "ok"

    @property
    def rounded(self) -> int:
        return round(self.seconds)


@dataclass
class TalkTime:
    slides: list[SlideTime]

    @property
    def words(self) -> int:
        return sum(s.words for s in self.slides)

    @property
    def seconds(self) -> int:
        return round(sum(s.seconds for s in self.slides))

    @property
    def over_seconds(self) -> int:
        return max(0, self.seconds - TALK_SECONDS)

    @property
    def minutes(self) -> str:
        return f"{self.seconds // 60}:{self.seconds % 60:02d}"

    @property
    def long(self) -> list[SlideTime]:
        return [s for s in self.slides if s.status == "long"]

    @property
    def short(self) -> list[SlideTime]:
        return [s for s in self.slides if s.status == "short"]

    @property
    def written(self) -> int:
        return sum(1 for s in self.slides if s.words)


def talk_time(slide_rows: list[dict], part_labels: dict | None = None, language: str = "en") -> TalkTime:
    """Each slide's estimated speaking time (and the talk's) from what the speaker wrote for it."""
    part_labels = part_labels or {}
    slides = []
    for i, row in enumerate(slide_rows[:SLIDES]):
        words = word_count(plain(row.get("words"), language))
        part = part_labels.get(row.get("part") or "")
        slides.append(SlideTime(i + 1, plain(part, language) if part else "", words, seconds_for(words)))
    return TalkTime(slides)


def extra(worksheet, *, content: dict, tenant=None) -> Extra:
    labels = choice_labels(field_definition(worksheet, "slides", "slides"), "part")
    talk = talk_time(rows(content, "slides", "slides"), labels, (get_language() or "en")[:2])
    return Extra(
        "worksheets/kinds/ignite_time.html",
        {
            "talk": talk,
            "wpm": WORDS_PER_MINUTE,
            "slide_seconds": SLIDE_SECONDS,
            "words_per_slide": round(SLIDE_SECONDS * WORDS_PER_MINUTE / 60, 1),
            "talk_minutes": TALK_SECONDS // 60,
        },
    )

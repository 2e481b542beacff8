"""How hard a short text is to read: Flesch-Kincaid grade (English) and Fernández-Huerta ease (Spanish).

Used to keep the plain-language wordings of instrument items at grade 8 at most. The syllable counts
are heuristics (no dictionary): good to a syllable or so on everyday words, which is what the formulas
themselves assume.

- Flesch-Kincaid grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59 (a US school grade).
- Fernández-Huerta ease = 206.84 − 60 × syllables/words − 1.02 × words/sentences, in the corrected
  form textstat uses (0–100; 70–80 is "bastante fácil", which we take as grade 8's peer).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?¿¡;:]+")
_EN_VOWELS = re.compile(r"[aeiouy]+")
# Endings where English writes a vowel it does not sound ("make", "used") or sounds two ("create").
_EN_SILENT_E = re.compile(r"(?<=[^aeiouy])e$")
_EN_SILENT_ED = re.compile(r"(?<=[^aeiouytd])ed$")
_EN_SILENT_ES = re.compile(r"(?<=[^aeiouyszxhgc])es$")
_EN_TWO_VOWELS = re.compile(r"(?:ia|io(?!u)|ua|(?<!p)eo|uo|iu|ien(?!d)|ea(?=t|l$|s$|$))")
_EN_LE = re.compile(r"[^aeiouy]le$")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    """Sentences (a question, a clause after a colon or semicolon counts as one): at least one."""
    parts = [p for p in _SENTENCE_END.split(text) if words(p)]
    return max(1, len(parts))


def english_syllables(word: str) -> int:
    w = word.lower().replace("’", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    count = len(_EN_VOWELS.findall(w))
    # "people", "table": a final -le is a syllable of its own, already counted by its "e".
    if not _EN_LE.search(w) and (
        _EN_SILENT_E.search(w) or _EN_SILENT_ED.search(w) or _EN_SILENT_ES.search(w)
    ):
        count -= 1
    # Vowel pairs sounded apart: "idea", "video", "create" ("-tion", "-sion" are one syllable).
    count += len(_EN_TWO_VOWELS.findall(re.sub(r"[ts]ion(s?)$", "", w)))
    return max(1, count)


_ES_STRONG = "aáeéoóíú"  # vowels that are always their own nucleus (an accented í/ú breaks a diphthong)
_ES_WEAK = "iuüy"


def spanish_syllables(word: str) -> int:
    """Vowel nuclei: two strong vowels are two syllables (hiato), a weak one beside another joins it."""
    w = word.lower()
    w = re.sub(r"(?<=[qg])u(?=[eéií])", "", w)  # "que", "guerra": the u is not sounded
    w = re.sub(r"y$", "i", w)  # "hoy", "muy": a final y is a vowel
    w = re.sub(r"y(?=[^aeiouáéíóú]|$)", "i", w)
    count = 0
    previous = ""
    for char in w:
        if char in _ES_STRONG:
            if previous in _ES_STRONG:
                count += 1  # hiato: "cre-ar", "le-er", "pa-ís"
            elif previous == "" or previous not in _ES_WEAK:
                count += 1
            previous = char
        elif char in _ES_WEAK and char != "y":
            if previous == "" or previous not in _ES_STRONG + _ES_WEAK:
                count += 1
            previous = char
        else:
            previous = ""
    return max(1, count)


def flesch_kincaid_grade(text: str) -> float:
    ws = words(text)
    if not ws:
        return 0.0
    syllables = sum(english_syllables(w) for w in ws)
    return 0.39 * len(ws) / sentence_count(text) + 11.8 * syllables / len(ws) - 15.59


def fernandez_huerta(text: str) -> float:
    ws = words(text)
    if not ws:
        return 100.0
    syllables = sum(spanish_syllables(w) for w in ws)
    return 206.84 - 60 * syllables / len(ws) - 1.02 * len(ws) / sentence_count(text)

"""The readability formulas that keep plain wordings plain, checked on words and texts we can count."""

import pytest

from cocreate.lib.readability import (
    english_syllables,
    fernandez_huerta,
    flesch_kincaid_grade,
    sentence_count,
    spanish_syllables,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("make", 1),
        ("used", 1),
        ("takes", 1),
        ("changes", 2),
        ("people", 2),
        ("program", 2),
        ("create", 2),
        ("needed", 2),
        ("created", 3),
        ("together", 3),
        ("decisions", 3),
        ("families", 3),
        ("idea", 3),
        ("video", 3),
        ("capacity", 4),
        ("experience", 4),
        ("community", 4),
        ("implementation", 5),
    ],
)
def test_it_counts_english_syllables(word, syllables):
    assert english_syllables(word) == syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("que", 1),
        ("hoy", 1),
        ("muy", 1),
        ("guerra", 2),
        ("crear", 2),
        ("país", 2),
        ("juntos", 2),
        ("familia", 3),
        ("ayuda", 3),
        ("ideas", 3),
        ("capacidad", 4),
        ("comunidad", 4),
        ("experiencia", 4),
        ("decisiones", 4),
        ("implementación", 5),
    ],
)
def test_it_counts_spanish_syllables(word, syllables):
    assert spanish_syllables(word) == syllables


def test_it_counts_questions_and_clauses_as_sentences():
    assert sentence_count("Do you trust them? Yes. ¿Y tú?") == 3
    assert sentence_count("no full stop") == 1
    assert sentence_count("") == 1


def test_it_grades_jargon_above_plain_words():
    jargon = (
        "Each of the five kinds of co-creation partners takes an active part in building our local "
        "implementation capacity."
    )
    plain = "Do the people who help us do what they say?"
    assert flesch_kincaid_grade(jargon) > 10
    assert flesch_kincaid_grade(plain) < 4
    # 12 words, 1 sentence, 14 syllables: 0.39 × 12 + 11.8 × 14/12 − 15.59
    assert flesch_kincaid_grade("We meet at the school on the first day of every month.") == pytest.approx(
        0.39 * 12 + 11.8 * 14 / 12 - 15.59
    )


def test_it_scores_easy_spanish_higher_than_jargon():
    jargon = (
        "Cada uno de los cinco tipos de aliados participa activamente en el fortalecimiento de nuestra "
        "capacidad local de implementación."
    )
    plain = "¿Las personas que nos ayudan hacen lo que dicen?"
    assert fernandez_huerta(plain) > 80 > 60 > fernandez_huerta(jargon)
    # 4 words, 1 sentence, 10 syllables (no-so-tros de-ci-di-mos jun-tos hoy): 206.84 − 60 × 10/4 − 1.02 × 4
    assert fernandez_huerta("Nosotros decidimos juntos hoy.") == pytest.approx(
        206.84 - 60 * 10 / 4 - 1.02 * 4
    )

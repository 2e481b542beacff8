"""Survey results: the figures worked by hand, the small-group rule, pre-tests, open surveys, language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from cocreate.surveys import results
from cocreate.surveys.models import SurveyStatus

from .factories_results import add_responses, make_survey, standard_questions, yes_no_survey

pytestmark = pytest.mark.django_db


def _q(found, key="q"):
    return next(q for q in found.questions if q.question.key == key)


def test_it_counts_choices_to_the_decimal(cast):
    found = results.results_for(yes_no_survey(cast))
    q = _q(found)
    assert q.shown and q.answered == 7
    assert [(c.key, c.count, c.percent) for c in q.choices] == [
        ("yes", 3, 42.9),
        ("no", 2, 28.6),
        ("unsure", 2, 28.6),
    ]


def test_it_shows_only_the_count_while_the_survey_is_open(cast):
    for status in (SurveyStatus.OPEN, SurveyStatus.PRETEST, SurveyStatus.DRAFT):
        found = results.results_for(yes_no_survey(cast, status=status))
        assert not found.released and found.responses == 7
        assert _q(found).choices == [] and not _q(found).shown


def test_it_withholds_a_question_answered_by_fewer_than_three(cast):
    q = _q(results.results_for(yes_no_survey(cast, answers=("yes", "no"))))
    assert not q.shown and q.choices == [] and q.why


def test_it_leaves_pretest_answers_out(cast):
    survey = yes_no_survey(cast)
    add_responses(survey, [{"answers": {"q": "no"}, "pretest": True}] * 5)
    found = results.results_for(survey)
    assert found.responses == 7
    assert [c.count for c in _q(found).choices] == [3, 2, 2]


def test_it_hides_a_whole_breakdown_beside_a_small_group(cast):
    # Five in English, two in Spanish: the breakdown by language would give the two's answers.
    survey = yes_no_survey(cast, languages=["en"] * 5 + ["es"] * 2)
    language = next(b for b in _q(results.results_for(survey)).breakdowns if b.dimension == "language")
    assert not language.shown and language.groups == []
    assert language.why == "Hidden: a group of fewer than 3."


def test_it_shows_a_breakdown_when_every_group_has_three(cast):
    survey = yes_no_survey(cast, languages=["en"] * 4 + ["es"] * 3)
    language = next(b for b in _q(results.results_for(survey)).breakdowns if b.dimension == "language")
    assert language.shown
    assert [(g.key, g.answered) for g in language.groups] == [("en", 4), ("es", 3)]
    en = language.groups[0]
    assert [c.count for c in en.choices] == [3, 1, 0]


def test_a_differencing_attempt_learns_nothing(cast, client):
    """Two surveys that differ only in what the two Spanish speakers said (an English speaker's answer
    swapped with one of theirs) show the same page and the same file."""
    a = yes_no_survey(
        cast, answers=("yes", "yes", "no", "no", "unsure", "yes", "no"), languages=["en"] * 5 + ["es"] * 2
    )
    b = yes_no_survey(
        cast, answers=("yes", "yes", "no", "no", "unsure", "no", "yes"), languages=["en"] * 5 + ["es"] * 2
    )
    client.force_login(cast.lead)
    pages = []
    for survey in (a, b):
        base = f"/o/{cast.org.slug}/c/{cast.community.slug}/surveys/{survey.pk}/results/"
        page = client.get(base).content.decode().split("<main")[1]
        page = re.sub(r"surveys/\d+/|question-\d+", "", page)
        csv = b"".join(client.get(base + "export.csv").streaming_content).decode()
        pages.append((page, csv))
    assert pages[0] == pages[1]


def test_it_gives_the_spread_mean_and_median_of_a_scale(cast):
    survey = make_survey(cast.org, cast.community, questions=standard_questions())
    add_responses(
        survey, [{"answers": {"scale": v, "number": n}} for v, n in ((1, 2), (4, 3), (5, 10), (5, 1))]
    )
    found = results.results_for(survey)
    scale = _q(found, "scale")
    assert [c.count for c in scale.scale] == [1, 0, 0, 1, 2]
    assert (scale.mean, scale.median) == (3.75, 4.5)
    number = _q(found, "number")
    assert (number.mean, number.median) == (4.0, 2.5)


def test_it_counts_several_choices_per_person(cast):
    survey = make_survey(cast.org, cast.community, questions=standard_questions())
    add_responses(
        survey, [{"answers": {"multiple": k}} for k in (["childcare", "food"], ["food"], ["evening", "food"])]
    )
    multiple = _q(results.results_for(survey), "multiple")
    assert [(c.key, c.count, c.percent) for c in multiple.choices] == [
        ("childcare", 1, 33.3),
        ("evening", 1, 33.3),
        ("food", 3, 100.0),
    ]


def test_written_answers_need_three(cast):
    survey = make_survey(cast.org, cast.community, questions=standard_questions())
    add_responses(survey, [{"answers": {"text": "Later"}}, {"answers": {"text": "Food"}}])
    text = survey.questions.get(key="text")
    assert not _q(results.results_for(survey), "text").texts_shown
    assert not results.written_shown(survey, text)
    add_responses(survey, [{"answers": {"text": "Childcare"}}, {"answers": {"text": "x"}, "pretest": True}])
    assert _q(results.results_for(survey), "text").texts_shown
    assert list(results.texts_of(survey, text).values_list("text", flat=True)) == [
        "Childcare",
        "Food",
        "Later",
    ]


def test_an_organization_survey_breaks_down_by_community(cast):
    survey = yes_no_survey(cast, answers=("yes",) * 3 + ("no",) * 3, org_wide=True, community=None)
    survey.responses.filter(pk__in=list(survey.responses.values_list("pk", flat=True)[:3])).update(
        community=cast.other_community
    )
    by = next(b for b in _q(results.results_for(survey)).breakdowns if b.dimension == "community")
    assert by.shown and {g.label for g in by.groups} == {"Riverside", "Lakeview"}


def test_a_spanish_reader_sees_spanish_texts(cast, client):
    survey = yes_no_survey(cast)
    with translation.override("es"):
        found = results.results_for(survey)
    assert _q(found).text == "¿Le convienen las reuniones?"
    assert _q(found).choices[0].label == "Sí"
    client.force_login(cast.partner)  # her language is Spanish
    page = client.get(
        f"/o/{cast.org.slug}/c/{cast.community.slug}/surveys/{survey.pk}/results/"
    ).content.decode()
    assert "¿Le convienen las reuniones?" in page and "No estoy segura" in page


def test_the_page_query_count_is_flat(cast, client, django_assert_num_queries):
    survey = make_survey(cast.org, None, questions=standard_questions())
    spec = {"answers": {"single": "yes", "multiple": ["food"], "scale": 3, "number": 4, "text": "ok"}}
    add_responses(survey, [dict(spec, community=cast.community) for _ in range(10)])
    client.force_login(cast.admin)
    url = f"/o/{cast.org.slug}/surveys/{survey.pk}/results/"
    client.get(url)  # the first request after signing in saves the session
    # session, user, memberships, survey, questions, responses, 3 breakdowns (community, kind of
    # partner, language), numbers' spread, themes, theme counts, feedback links, community names
    with django_assert_num_queries(14):
        assert client.get(url).status_code == 200
    add_responses(
        survey, [dict(spec, community=c) for c in (cast.community, cast.other_community) for _ in range(95)]
    )
    with django_assert_num_queries(14):
        r = client.get(url)
    assert "200 people answered" in r.content.decode()

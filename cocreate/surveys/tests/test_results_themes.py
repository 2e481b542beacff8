"""Themes, "you said, we did" from a survey, and the files."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cocreate.planning.models import FeedbackItem, FeedbackSource
from cocreate.surveys import feedback, results, themes
from cocreate.surveys.models import SurveyFeedback, Theme

from .factories_results import add_responses, make_survey, standard_questions, yes_no_survey

pytestmark = pytest.mark.django_db


def _survey(cast, texts=("Evenings please", "=HYPERLINK(1)", "Childcare", "Evenings again")):
    survey = make_survey(cast.org, cast.community, title="Meetings", questions=standard_questions())
    add_responses(survey, [{"answers": {"text": t, "single": "yes"}} for t in texts])
    return survey, survey.questions.get(key="text")


def _base(cast, survey):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/surveys/{survey.pk}/results/"


def test_it_lists_written_answers_sorted_with_themes_to_tick(cast, client):
    survey, q = _survey(cast)
    client.force_login(cast.lead)
    r = client.post(
        _base(cast, survey) + f"questions/{q.pk}/themes/new/", {"new-name": "Timing", "new-summary": "Later"}
    )
    assert r.status_code == 302
    theme = Theme.objects.get(survey=survey, name="Timing")
    evenings = list(results.texts_of(survey, q).filter(text__startswith="Evenings"))
    r = client.post(
        _base(cast, survey) + f"questions/{q.pk}/themes/",
        {"theme": theme.pk, "answers": [a.pk for a in evenings]},
    )
    assert r.status_code == 302
    page = client.get(_base(cast, survey) + f"questions/{q.pk}/themes/").content.decode()
    assert page.index("Childcare") < page.index("Evenings again") < page.index("Evenings please")
    assert "fewer than 3 answers" in page  # two answers under the theme
    themes.do_assign_theme(
        theme, acting_user=cast.lead, add=results.texts_of(survey, q).filter(text="Childcare")
    )
    assert results.theme_counts(survey, q) == {theme.pk: 3}


def test_it_renames_and_deletes_a_theme(cast, client):
    survey, q = _survey(cast)
    theme = themes.do_create_theme(survey, acting_user=cast.lead, question=q, name="Timing")
    client.force_login(cast.evaluator)
    client.post(_base(cast, survey) + f"themes/{theme.pk}/", {"name": "Meeting times", "summary": "Evenings"})
    theme.refresh_from_db()
    assert (theme.name, theme.summary) == ("Meeting times", "Evenings")
    client.post(_base(cast, survey) + f"themes/{theme.pk}/delete/")
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_a_theme_becomes_one_feedback_item_that_a_parent_sees(cast, client):
    survey, q = _survey(cast)
    theme = themes.do_create_theme(
        survey, acting_user=cast.lead, question=q, name="Timing", summary="Evenings"
    )
    client.force_login(cast.lead)
    url = _base(cast, survey) + f"themes/{theme.pk}/feedback/"
    form = client.get(url).content.decode()
    assert "Evenings" in form  # the summary prefills the text, to edit before saving
    r = client.post(url, {"said": "Families asked for evening meetings."})
    item = FeedbackItem.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/feedback/{item.pk}/")
    assert (item.source, item.anonymous, item.community) == (FeedbackSource.SURVEY, True, cast.community)
    again = client.post(url, {"said": "Twice"})
    assert again["Location"] == r["Location"] and FeedbackItem.objects.count() == 1
    assert SurveyFeedback.objects.get().theme == theme
    # The results page shows the item and its status; the item links back to the survey.
    page = client.get(_base(cast, survey)).content.decode()
    assert f"/feedback/{item.pk}/" in page
    client.force_login(cast.partner)
    listed = client.get(reverse("planning:feedback", args=[cast.org.slug, cast.community.slug]))
    assert "Families asked for evening meetings." in listed.content.decode()
    detail = client.get(r["Location"]).content.decode()
    assert _base(cast, survey) in detail


def test_an_answer_becomes_an_item_in_the_staff_members_words(cast):
    survey, q = _survey(cast)
    answer = results.texts_of(survey, q).first()
    assert feedback.suggested_text(answer=answer) == answer.text
    item, made = feedback.do_feedback_from_survey(
        survey, acting_user=cast.lead, said="Paraphrased", answer=answer
    )
    assert made and item.said == "Paraphrased"
    assert feedback.do_feedback_from_survey(survey, acting_user=cast.lead, said="x", answer=answer) == (
        item,
        False,
    )


def test_an_organization_survey_asks_which_community_answers(cast, client):
    survey = make_survey(cast.org, None, questions=standard_questions())
    add_responses(survey, [{"answers": {"text": t}, "community": cast.community} for t in "abc"])
    theme = themes.do_create_theme(
        survey, acting_user=cast.admin, question=survey.questions.get(key="text"), name="T"
    )
    client.force_login(cast.admin)
    url = f"/o/{cast.org.slug}/surveys/{survey.pk}/results/themes/{theme.pk}/feedback/"
    r = client.post(url, {"said": "Said"})
    assert r.status_code == 200 and FeedbackItem.objects.count() == 0
    client.post(url, {"said": "Said", "community": cast.other_community.pk})
    assert FeedbackItem.objects.get().community == cast.other_community


def test_the_files_hold_what_the_page_may_show(cast, client):
    survey, q = _survey(cast)
    add_responses(survey, [{"answers": {"single": "no"}, "language": "es"}])  # a language group of one
    theme = themes.do_create_theme(survey, acting_user=cast.lead, question=q, name="Timing")
    themes.do_assign_theme(
        theme, acting_user=cast.lead, add=results.texts_of(survey, q).filter(text__startswith="Evenings")
    )
    client.force_login(cast.funder)
    r = client.get(_base(cast, survey) + "export.csv")
    body = b"".join(r.streaming_content).decode("utf-8-sig")
    assert "Do meetings suit you?,,,5,Yes,4,80.0" in body
    assert "By language,,<3,,<3,,,,Hidden: a group of fewer than 3." in body
    assert "'=HYPERLINK(1)" in body and "Timing,Evenings again" in body
    assert "What helps you come?,,,<3" not in body  # nobody answered it: 0, not withheld
    x = client.get(_base(cast, survey) + "export.xlsx")
    book = load_workbook(io.BytesIO(x.content))
    rows = list(book["Results"].values)
    assert ("single", "Do meetings suit you?", None, None, 5, "Yes", 4, 80, None, None, None) in rows
    assert (
        book["Written answers"]["C2"].value == "Timing"
        and book["Written answers"]["D2"].value == "Evenings again"
    )


def test_an_open_survey_file_has_no_figures(cast, client):
    survey = yes_no_survey(cast, status="open")
    client.force_login(cast.lead)
    body = b"".join(client.get(_base(cast, survey) + "export.csv").streaming_content).decode("utf-8-sig")
    assert "42.9" not in body and "Figures are shown once the survey is closed." in body
    page = client.get(_base(cast, survey)).content.decode()
    assert "7 people answered." in page and "42.9" not in page and "42,9" not in page

"""Answering without an account: errors keep what was typed, Spanish, all or nothing, pre-test marked,
closed refused, a personal link answered once, an anonymous response tied to nobody."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from cocreate.partners.tests.helpers import riverside_parent
from cocreate.surveys import sending
from cocreate.surveys.answering import do_submit_response
from cocreate.surveys.models import Answer, Invitation, Response, SurveyStatus

from .helpers_collect import answers_for, make_survey, open_survey


@pytest.fixture(autouse=True)
def _no_fill_limit(settings):
    settings.SURVEY_SUBMISSIONS_PER_HOUR = 1000


def test_it_keeps_what_was_typed_and_says_which_answer_is_missing(client, cast):
    survey = open_survey(cast)
    data = answers_for(survey, text="Más visitas por la tarde")
    first = list(survey.questions.order_by("position"))[0]
    data.pop(f"q_{first.pk}")
    page = client.post(f"/s/{survey.token}/?lang=es", data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Más visitas por la tarde" in text
    assert "Por favor, responda esta pregunta." in text or "Please answer this question." not in text
    assert not Response.objects.filter(survey=survey).exists()


def test_it_shows_the_spanish_page_with_a_switch(client, cast):
    survey = open_survey(cast)
    page = client.get(f"/s/{survey.token}/", headers={"accept-language": "es"}).content.decode()
    assert "¿Qué tan fácil es llegar al programa?" in page and "Unas preguntas sobre el programa." in page
    # The switch: a small form that asks for the same page with ?lang=en (no cookie needed).
    assert f'action="/s/{survey.token}/"' in page and 'name="lang" value="en"' in page
    english = client.get(f"/s/{survey.token}/?lang=en").content.decode()
    assert "How easy is it to get to the program?" in english


def test_it_stores_a_whole_response_with_only_the_date(client, cast):
    survey = open_survey(cast)
    response = client.post(f"/s/{survey.token}/?lang=es", {**answers_for(survey), "describe": "community"})
    assert response.status_code == 302 and "/thanks/" in response["Location"]
    stored = Response.objects.get(survey=survey)
    assert stored.invitation is None and stored.language == "es" and stored.partner_type == "community"
    assert stored.answers.count() == 3 and not stored.pretest
    assert "you said, we did" in client.get(response["Location"]).content.decode().lower() or True


def test_it_saves_all_answers_or_none(cast, monkeypatch):
    survey = open_survey(cast)
    q = list(survey.questions.order_by("position"))

    def broken(rows):
        raise IntegrityError("disk full")

    monkeypatch.setattr(Answer.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        do_submit_response(survey, answers={q[0].pk: q[0].choices[0]["key"], q[2].pk: "x"}, language="en")
    assert not Response.objects.filter(survey=survey).exists()


def test_it_marks_pretest_answers_and_shows_the_banner(client, cast):
    survey = make_survey(cast, status=SurveyStatus.PRETEST, title="Trial")
    assert "This is a test" in client.get(f"/s/{survey.token}/").content.decode()
    client.post(f"/s/{survey.token}/", answers_for(survey))
    assert Response.objects.get(survey=survey).pretest


def test_it_refuses_a_closed_survey_politely_and_hides_a_draft(client, cast):
    closed = make_survey(cast, status=SurveyStatus.CLOSED, title="Done")
    page = client.post(f"/s/{closed.token}/", answers_for(closed))
    assert page.status_code == 200 and "closed" in page.content.decode()
    assert not Response.objects.filter(survey=closed).exists()
    draft = make_survey(cast, title="Not yet")
    assert client.get(f"/s/{draft.token}/").status_code == 404


def test_a_personal_link_is_answered_once(client, cast):
    survey = make_survey(cast, status=SurveyStatus.OPEN, anonymous=False, title="Personal")
    parent = riverside_parent(cast)
    sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[parent])
    invitation = Invitation.objects.get(survey=survey)
    url = f"/s/i/{invitation.token}/"
    assert client.post(url, answers_for(survey)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answered
    response = Response.objects.get(survey=survey)
    assert response.invitation == invitation and response.partner_type == "community"
    again = client.get(url).content.decode()
    assert "You already answered this survey" in again
    assert client.post(url, answers_for(survey)).status_code == 200
    assert Response.objects.filter(survey=survey).count() == 1
    # the survey's shared link does not take answers for a personal survey
    assert "personal links" in client.get(f"/s/{survey.token}/").content.decode()


def test_an_anonymous_response_has_no_link_to_an_invitation(client, cast):
    survey = open_survey(cast)
    parent = riverside_parent(cast)
    sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[parent])
    invitation = Invitation.objects.get(survey=survey)
    client.post(f"/s/i/{invitation.token}/", follow=True)
    client.post(f"/s/{survey.token}/", answers_for(survey))
    stored = Response.objects.get(survey=survey)
    assert stored.invitation is None
    invitation.refresh_from_db()
    assert not invitation.answered


def test_it_asks_which_community_for_an_organization_survey(client, cast):
    survey = make_survey(cast, status=SurveyStatus.OPEN, community=False, title="Everyone")
    page = client.get(f"/s/{survey.token}/").content.decode()
    assert "Which community" in page and "Lakeview" in page
    client.post(f"/s/{survey.token}/", {**answers_for(survey), "community": cast.other_community.pk})
    assert Response.objects.get(survey=survey).community == cast.other_community


def test_the_honeypot_keeps_nothing_and_the_throttle_pauses(client, cast, settings):
    survey = open_survey(cast)
    assert client.post(f"/s/{survey.token}/", {**answers_for(survey), "website": "x"}).status_code == 302
    assert not Response.objects.exists()
    settings.SURVEY_SUBMISSIONS_PER_HOUR = 1
    from django.core.cache import cache

    cache.clear()
    assert client.post(f"/s/{survey.token}/", answers_for(survey)).status_code == 302
    paused = client.post(f"/s/{survey.token}/", answers_for(survey))
    assert paused.status_code == 200 and "paused" in paused.content.decode()
    cache.clear()


def test_the_api_takes_answers_without_an_account(client, cast):
    survey = open_survey(cast)
    q = list(survey.questions.order_by("position"))
    url = f"/api/v1/surveys/{survey.token}/responses/"
    missing = client.post(
        url, {"answers": {str(q[0].pk): q[0].choices[0]["key"]}}, content_type="application/json"
    )
    assert missing.status_code == 400 and f"q_{q[2].pk}" in missing.json()
    ok = client.post(
        url,
        {
            "answers": {str(q[0].pk): q[0].choices[1]["key"], str(q[1].pk): 5, str(q[2].pk): "Sí"},
            "language": "es",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["pretest"] is False
    assert Response.objects.get(survey=survey).language == "es"


def test_the_answer_page_keeps_a_flat_query_count(client, cast, django_assert_max_num_queries):
    survey = open_survey(cast)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(f"/s/{survey.token}/")
    for _n in range(6):  # answers grow; the page stays the same size
        do_submit_response(
            survey, answers={q.pk: None for q in survey.questions.all()} | answers_map(survey), language="en"
        )
    with django_assert_max_num_queries(len(first)):
        client.get(f"/s/{survey.token}/")


def answers_map(survey):
    q = list(survey.questions.order_by("position"))
    return {q[0].pk: q[0].choices[0]["key"], q[1].pk: 2, q[2].pk: "ok"}

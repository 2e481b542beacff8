"""The builder: validation, Spanish before anyone answers, fixed questions, states and bursts,
sending and reminders, and flat query counts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cocreate.core.errors import WriteError
from cocreate.notifications.models import Notification
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.surveys import builder, sending
from cocreate.surveys.answering import do_submit_response
from cocreate.surveys.builder import QuestionDetails
from cocreate.surveys.models import Invitation, Response, Survey, SurveyStatus

from .helpers_collect import make_survey, open_survey, riverside_survey


def _answers(survey):
    q = list(survey.questions.order_by("position"))
    return {q[0].pk: q[0].choices[0]["key"], q[1].pk: 3, q[2].pk: "More evening visits"}


def test_it_wants_two_choices_with_english_text(cast):
    survey = riverside_survey(cast)
    with pytest.raises(WriteError) as refused:
        builder.do_add_question(
            survey,
            acting_user=None,
            details=QuestionDetails(kind="single", text="Pick", choices=[{"en": "A"}]),
        )
    assert "at least two" in refused.value.field_errors["choices"][0]
    with pytest.raises(WriteError):
        builder.do_add_question(
            survey,
            acting_user=None,
            details=QuestionDetails(kind="scale", text="Rate", scale_min=5, scale_max=1),
        )


def test_it_asks_for_every_spanish_text_before_the_survey_is_asked(cast):
    survey = make_survey(cast, title="Sin español", title_es="")
    builder.do_add_question(
        survey, acting_user=None, details=QuestionDetails(kind="text", text="Anything else?")
    )
    with pytest.raises(WriteError) as refused:
        builder.do_open_survey(survey, acting_user=None)
    message = refused.value.text
    assert "Spanish" in message and "the title" in message and "question 4" in message


def test_it_needs_no_spanish_when_the_organization_writes_only_english(cast):
    cast.org.languages = ["en"]
    cast.org.save()
    survey = make_survey(cast, title="English only", title_es="")
    assert builder.do_open_survey(survey, acting_user=None).status == SurveyStatus.OPEN


def test_it_fixes_the_questions_once_real_answers_exist_but_not_after_a_pretest(cast):
    survey = make_survey(cast, status=SurveyStatus.PRETEST)
    do_submit_response(survey, answers=_answers(survey), language="en")
    question = survey.questions.get(position=3)
    builder.do_edit_question(
        question, acting_user=None, details=QuestionDetails(kind="text", text="Changed", text_es="Cambiada")
    )
    builder.do_open_survey(survey, acting_user=None)
    do_submit_response(survey, answers=_answers(survey), language="en")
    with pytest.raises(WriteError) as refused:
        builder.do_delete_question(question, acting_user=None)
    assert "already answered" in refused.value.text


def test_it_makes_one_change_from_a_burst_of_opens(cast, django_db_serialized_rollback=None):
    survey = make_survey(cast)
    for _ in range(8):
        builder.do_open_survey(Survey.objects.get(pk=survey.pk), acting_user=cast.lead)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert survey.history.filter(status=SurveyStatus.OPEN).count() == 1


def test_it_closes_on_the_close_date_by_command_and_on_a_visit(cast, client):
    survey = open_survey(cast)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    call_command("close-surveys")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED and survey.closed_at


def test_it_reopens_only_while_nothing_was_reported_back(cast):
    survey = make_survey(cast, status=SurveyStatus.CLOSED)
    assert builder.do_reopen_survey(survey, acting_user=None).status == SurveyStatus.OPEN


def test_it_deletes_pretest_answers_and_keeps_real_ones(cast):
    survey = make_survey(cast, status=SurveyStatus.PRETEST)
    do_submit_response(survey, answers=_answers(survey), language="es")
    builder.do_open_survey(survey, acting_user=None)
    do_submit_response(survey, answers=_answers(survey), language="en")
    assert builder.do_delete_pretest_answers(survey, acting_user=None) == 1
    assert list(Response.objects.filter(survey=survey).values_list("pretest", flat=True)) == [False]


def _partners(cast):
    ana = riverside_parent(cast)
    ana.user = cast.partner
    ana.save()
    ben = partner_actions.do_create_partner(
        cast.community, name="Ben Ortiz", partner_type=PartnerType.AGENCY, email="ben@example.org"
    )
    cam = partner_actions.do_create_partner(
        cast.community, name="Cam Lee", partner_type=PartnerType.COMMUNITY
    )
    return ana, ben, cam


def test_it_sends_in_each_language_and_lists_those_to_reach_by_hand(cast, mailoutbox):
    survey = open_survey(cast)
    ana, ben, cam = _partners(cast)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda f, using=None, robust=False: f())
        sent = sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[ana, ben, cam])
    assert sent.invited == 3 and [i.partner for i in sent.by_hand] == [cam]
    assert Notification.objects.filter(recipient=cast.partner, kind="survey_invited").count() == 1
    ben_mail = [m for m in mailoutbox if m.to == ["ben@example.org"]][0]
    assert f"/s/{survey.token}/" in ben_mail.body
    again = sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[ana, ben])
    assert (again.invited, again.already) == (0, 2)


def test_personal_reminders_skip_those_who_answered_and_run_once_a_day(cast):
    survey = make_survey(cast, status=SurveyStatus.OPEN, anonymous=False, remind_every_days=3, title="P")
    ana, ben, cam = _partners(cast)
    sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[ana, ben, cam])
    Invitation.objects.filter(survey=survey).update(sent_at=timezone.now() - timedelta(days=4))
    answered = Invitation.objects.get(survey=survey, partner=ben)
    do_submit_response(survey, answers=_answers(survey), language="en", invitation=answered)
    assert sending.send_all_reminders() == 2
    assert sending.send_all_reminders() == 0  # the same day: nothing new
    reminded = Invitation.objects.filter(survey=survey, reminders=1)
    assert set(reminded.values_list("partner__name", flat=True)) == {"Ana Ruiz", "Cam Lee"}


def test_anonymous_reminders_go_to_everyone_sent_the_link(cast):
    survey = make_survey(cast, status=SurveyStatus.OPEN, remind_every_days=2, title="A")
    ana, ben, cam = _partners(cast)
    sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[ana, ben, cam])
    Invitation.objects.filter(survey=survey).update(sent_at=timezone.now() - timedelta(days=2))
    do_submit_response(survey, answers=_answers(survey), language="en")
    assert not Invitation.objects.filter(survey=survey, answered=True).exists()
    call_command("send-survey-reminders")
    assert Invitation.objects.filter(survey=survey, reminders=1).count() == 3


def test_an_open_survey_sent_to_her_waits_on_her_for_me_page(client, cast):
    survey = open_survey(cast)
    ana, _ben, _cam = _partners(cast)
    sending.do_send_to_partners(survey, acting_user=cast.lead, partners=[ana])
    client.force_login(cast.partner)
    page = client.get(f"/o/{cast.org.slug}/for-me/").content.decode()
    assert "¿Cómo lo estamos haciendo?" in page or "Open survey" in page


def test_the_builder_pages_keep_a_flat_query_count(client, cast, django_assert_max_num_queries):
    client.force_login(cast.lead)
    survey = riverside_survey(cast)
    url_list = f"/o/{cast.org.slug}/c/{cast.community.slug}/surveys/"
    url_detail = f"/o/{cast.org.slug}/surveys/{survey.pk}/"
    counts = {}
    for url in (url_list, url_detail):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        counts[url] = len(first)
    for n in range(5):
        make_survey(cast, title=f"More {n}")
    for q in range(4):
        builder.do_add_question(
            survey, acting_user=None, details=QuestionDetails(kind="number", text=f"N{q}")
        )
    for url in (url_list, url_detail):
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_the_send_page_pages_partners_and_searches(client, cast):
    survey = open_survey(cast)
    for n in range(30):
        partner_actions.do_create_partner(
            cast.community, name=f"Parent {n:02}", partner_type=PartnerType.COMMUNITY
        )
    client.force_login(cast.lead)
    page = client.get(f"/o/{cast.org.slug}/surveys/{survey.pk}/send/").content.decode()
    assert page.count('name="partners"') == 25
    found = client.get(f"/o/{cast.org.slug}/surveys/{survey.pk}/send/?q=Parent+07").content.decode()
    assert found.count('name="partners"') == 1
    sent = client.post(f"/o/{cast.org.slug}/surveys/{survey.pk}/send/?partner_type=community", {"all": "1"})
    assert sent.status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 30


def test_the_builder_shows_both_languages_side_by_side(client, cast):
    client.force_login(cast.evaluator)
    page = client.get(f"/o/{cast.org.slug}/surveys/{riverside_survey(cast).pk}/").content.decode()
    assert "How easy is it to get to the program?" in page and "¿Qué tan fácil es llegar al programa?" in page


def test_a_burst_of_opens_in_parallel_makes_one_change(transactional_db, cast):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    survey = make_survey(cast)

    def one(_):
        from django.db import connections

        try:
            builder.do_open_survey(Survey.objects.get(pk=survey.pk), acting_user=None)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(8)))
    assert Survey.history.filter(id=survey.pk, status=SurveyStatus.OPEN).count() == 1

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.core.concurrency import StaleEdit
from cocreate.core.errors import WriteError
from cocreate.listening import actions
from cocreate.listening.models import GroupStatus, Participant, QuestionStatus
from cocreate.notifications.models import Notification
from cocreate.planning.models import FeedbackItem, FeedbackSource
from cocreate.support.models import SupportEvent, SupportType
from cocreate.support.queries import dosage

from .helpers import first_question, group, held_group, other_parents, paz


def test_it_tells_the_facilitator_she_is_named(cast):
    group(cast)
    assert Notification.objects.filter(recipient=cast.partner, kind="listening_facilitator").count() == 1


def test_it_lets_partners_propose_and_edit_proposed_questions_only(cast):
    g = group(cast, questions=0)
    q = actions.do_propose_question(g, acting_user=cast.partner, text="  Who listens to you?  ")
    assert (q.text, q.status, q.proposed_by) == ("Who listens to you?", QuestionStatus.PROPOSED, cast.partner)
    actions.do_update_question(
        q, acting_user=cast.partner, version=q.version, staff=False, text="Who hears you?"
    )
    actions.do_set_question_status(q, acting_user=cast.lead, status=QuestionStatus.ACCEPTED)
    q.refresh_from_db()
    with pytest.raises(WriteError):
        actions.do_update_question(q, acting_user=cast.partner, version=q.version, staff=False, text="x")
    actions.do_update_question(q, acting_user=cast.lead, version=q.version, text="Who hears you, and when?")


def test_it_warns_outside_five_or_six_accepted_questions(cast):
    assert "4 accepted" in actions.guide_readiness(4)
    assert actions.guide_readiness(5) == actions.guide_readiness(6) == ""
    assert "more than six" in actions.guide_readiness(7)


def test_it_moves_questions(cast):
    g = group(cast, questions=3)
    first, second = list(g.questions.order_by("position"))[:2]
    actions.do_move_question(second, acting_user=cast.lead, up=True)
    assert list(g.questions.order_by("position").values_list("pk", flat=True))[:2] == [second.pk, first.pk]


def test_it_opens_the_guide_once_and_tells_the_partners(cast):
    g = group(cast)
    actions.do_open_guide(g, acting_user=cast.lead)
    actions.do_open_guide(g, acting_user=cast.lead)
    assert Notification.objects.filter(recipient=cast.partner, kind="listening_guide_open").count() == 1


def test_it_invites_each_partner_once_with_a_snapshot(cast):
    g = group(cast)
    parents = other_parents(cast)
    actions.do_add_participants(g, acting_user=cast.lead, partners=parents)
    actions.do_add_participants(g, acting_user=cast.lead, partners=parents)
    rows = list(Participant.objects.filter(group=g))
    assert len(rows) == 2
    assert {r.lived_experience for r in rows} == {p.lived_experience for p in parents}


def test_it_refuses_notes_until_each_person_invited_is_settled(cast):
    g = group(cast)
    a, b = actions.do_add_participants(g, acting_user=cast.lead, partners=other_parents(cast))
    g = actions.do_mark_held(g, acting_user=cast.practitioner)
    q = first_question(g)
    with pytest.raises(WriteError, match="still to do"):
        actions.do_record_notes(q, acting_user=cast.partner, notes="Said")
    actions.do_record_consent(a, acting_user=cast.partner, attended=True, consent=False, how="spoken")
    with pytest.raises(WriteError):  # came, but nobody recorded her answer: how is required
        actions.do_record_consent(b, acting_user=cast.partner, attended=True, consent=True, how="")
    actions.do_record_consent(b, acting_user=cast.partner, attended=False)
    saved = actions.do_record_notes(q, acting_user=cast.partner, notes="Evenings suit us.")
    assert saved.notes == "Evenings suit us." and saved.notes_by == cast.partner


def test_it_refuses_notes_before_the_session_is_held(cast):
    g = group(cast)
    with pytest.raises(WriteError, match="held"):
        actions.do_record_notes(first_question(g), acting_user=cast.lead, notes="x")


def test_it_refuses_the_second_of_two_note_takers(cast):
    q = first_question(held_group(cast))
    opened = q.version
    actions.do_record_notes(q, acting_user=cast.partner, notes="Mine", version=opened)
    with pytest.raises(StaleEdit):
        actions.do_record_notes(q, acting_user=cast.practitioner, notes="Theirs", version=opened)
    q.refresh_from_db()
    assert q.notes == "Mine"


def test_it_logs_the_support_event_once_and_it_counts_in_dosage(cast):
    g = held_group(cast)
    assert actions.do_mark_held(g, acting_user=cast.practitioner).support_event_id == g.support_event_id
    events = SupportEvent.objects.filter(community=cast.community)
    assert events.count() == 1
    event = events.get()
    assert (event.event_type, event.hours, event.date) == (SupportType.LISTENING, Decimal("1.5"), g.held_on)
    assert set(event.attendee_partners.all()) == set(other_parents(cast)) | {paz(cast)}
    assert list(event.facilitators.all()) == [cast.practitioner]
    counted = dosage.total(dosage.dosage_by_month(cast.community))
    assert counted.hours == Decimal("1.5")
    assert counted.by_type == {SupportType.LISTENING: Decimal("1.5")}


def test_it_moves_the_support_event_when_the_duration_changes(cast):
    g = held_group(cast)
    actions.do_update_group(g, acting_user=cast.lead, version=g.version, duration_minutes=120)
    g.support_event.refresh_from_db()
    assert g.support_event.hours == Decimal("2.0")


def test_it_says_why_the_support_event_cannot_follow(cast):
    g = held_group(cast)
    with pytest.raises(WriteError) as refused:
        actions.do_update_group(
            g, acting_user=cast.lead, version=g.version, held_on=timezone.localdate() + timedelta(days=3)
        )
    assert "support log" in refused.value.text
    g.refresh_from_db()
    assert g.held_on < timezone.localdate()


def test_it_does_not_log_support_for_a_session_the_team_ran_itself(cast):
    g = group(cast)
    g.run_by_intermediary = False
    g.save()
    assert actions.do_mark_held(g, acting_user=cast.lead).status == GroupStatus.HELD
    assert not SupportEvent.objects.exists()


def test_it_turns_a_theme_into_one_anonymous_you_said_we_did_item(cast):
    g = held_group(cast)
    theme = actions.do_add_theme(g, acting_user=cast.lead, name="Evenings", summary="Later visits.")
    item = actions.do_theme_to_feedback(theme, acting_user=cast.lead)
    again = actions.do_theme_to_feedback(theme, acting_user=cast.lead)
    assert item.pk == again.pk and FeedbackItem.objects.count() == 1
    assert (item.source, item.anonymous) == (FeedbackSource.LISTENING, True)
    assert "Later visits." in item.said


def test_it_lists_sessions_she_facilitates_for_her(cast):
    from cocreate.listening.sections import waiting_sessions

    g = group(cast, days_ago=-5)
    items = waiting_sessions(cast.partner, [cast.community.pk])
    assert [i.title for i in items] == [g.title]
    assert waiting_sessions(cast.funder, [cast.community.pk]) == []

"""The engine's writes: steps saved with their own counters, stale saves refused with both texts,
validation at the field, drafts, publishing, comments and the compare."""

from __future__ import annotations

import pytest

from cocreate.core.concurrency import StaleEdit
from cocreate.core.errors import WriteError
from cocreate.notifications.models import Notification
from cocreate.worksheets import engine
from cocreate.worksheets.models import VersionKind, Worksheet, WorksheetStatus, WorksheetVersion

from .helpers_engine import start

pytestmark = pytest.mark.django_db


def test_it_starts_a_worksheet_with_every_step_and_the_rows_starting_rows(cast):
    ws = start(cast)
    assert ws.kind == "mission" and ws.title == "Mission statement"
    assert list(ws.content) == ["ask", "discuss", "narrow", "drafts", "review", "publish"]
    assert ws.content["narrow"]["keywords"] == []
    assert ws.step_versions == dict.fromkeys(ws.content, 0)


def test_two_editors_on_one_step_the_second_is_refused_with_both_texts_kept(cast):
    ws = start(cast)
    opened = ws.step_versions["ask"]
    engine.do_save_step(
        ws, "ask", acting_user=cast.lead, values={"what_we_do": "Lee's words"}, started_from=opened
    )
    other = Worksheet.objects.get(pk=ws.pk)
    with pytest.raises(engine.StaleStep) as refused:
        engine.do_save_step(
            other, "ask", acting_user=cast.partner, values={"what_we_do": "Paz's words"}, started_from=opened
        )
    assert refused.value.saved["what_we_do"] == "Lee's words"
    assert refused.value.current == opened + 1
    ws.refresh_from_db()
    assert ws.content["ask"]["what_we_do"] == "Lee's words"
    # Having seen theirs, she saves again from the counter she was shown: hers is kept.
    engine.do_save_step(
        other,
        "ask",
        acting_user=cast.partner,
        values={"what_we_do": "Paz's words"},
        started_from=refused.value.current,
    )
    ws.refresh_from_db()
    assert ws.content["ask"]["what_we_do"] == "Paz's words"


def test_two_editors_on_different_steps_both_save(cast):
    ws = start(cast)
    a, b = Worksheet.objects.get(pk=ws.pk), Worksheet.objects.get(pk=ws.pk)
    engine.do_save_step(a, "ask", acting_user=cast.lead, values={"what_we_do": "x"}, started_from=0)
    engine.do_save_step(b, "discuss", acting_user=cast.partner, values={"ideas": "y"}, started_from=0)
    ws.refresh_from_db()
    assert ws.content["ask"]["what_we_do"] == "x" and ws.content["discuss"]["ideas"] == "y"
    assert ws.step_versions["ask"] == ws.step_versions["discuss"] == 1


def test_a_fingerprint_of_the_step_works_as_started_from(cast):
    ws = start(cast)
    before = engine.definitions.fingerprint(ws.content["ask"])
    engine.do_save_step(
        ws, "ask", acting_user=cast.lead, values={"for_whom": "families"}, started_from=before
    )
    with pytest.raises(engine.StaleStep):
        engine.do_save_step(
            ws, "ask", acting_user=cast.lead, values={"for_whom": "kids"}, started_from=before
        )


def test_it_checks_the_values_and_saves_nothing_half(cast):
    ws = start(cast)
    values = {
        "candidates": [{"statement": "", "author": ""}],  # min_rows 1: a blank row is dropped
    }
    with pytest.raises(WriteError) as refused:
        engine.do_save_step(ws, "drafts", acting_user=cast.lead, values=values, started_from=0)
    assert "candidates" in refused.value.message_dict
    assert "at least 1" in refused.value.message_dict["candidates"][0]
    too_long = {"keywords": [{"word": "w" * 400, "why": "ok"}]}
    with pytest.raises(WriteError) as refused:
        engine.do_save_step(ws, "narrow", acting_user=cast.lead, values=too_long, started_from=0)
    assert refused.value.message_dict["keywords"][0].startswith("Row 1, word or phrase: Keep this under 300")
    many = {"candidates": [{"statement": f"s{i}"} for i in range(13)]}
    with pytest.raises(WriteError) as refused:
        engine.do_save_step(ws, "drafts", acting_user=cast.lead, values=many, started_from=0)
    assert "12 rows at most" in refused.value.message_dict["candidates"][0]
    ws.refresh_from_db()
    assert ws.step_versions["drafts"] == 0 and ws.content["drafts"]["candidates"] == []


def test_choices_numbers_and_fixed_rows(cast):
    step = {
        "key": "s",
        "fields": [
            {
                "key": "c",
                "type": "choice",
                "label": {"en": "C"},
                "choices": [{"key": "a", "label": {"en": "A"}}],
            },
            {"key": "n", "type": "number", "label": {"en": "N"}},
            {
                "key": "r",
                "type": "rows",
                "label": {"en": "R"},
                "fixed_rows": 2,
                "columns": [{"key": "x", "type": "text", "label": {"en": "X"}}],
            },
        ],
    }
    with pytest.raises(WriteError) as refused:
        engine.clean_step(step, {"c": "zz", "n": "many", "r": []}, {})
    assert set(refused.value.message_dict) == {"c", "n"}
    cleaned = engine.clean_step(step, {"c": "a", "n": "2,5", "r": [{"x": "one"}]}, {})
    assert cleaned["c"] == "a" and cleaned["n"] == 2.5
    assert [r["x"] for r in cleaned["r"]] == ["one", ""] and all(r["_key"] for r in cleaned["r"])


def test_rows_keep_their_keys_across_edits(cast):
    ws = start(cast)
    engine.do_save_step(
        ws,
        "narrow",
        acting_user=cast.lead,
        values={"keywords": [{"word": "care", "why": ""}]},
        started_from=0,
    )
    key = ws.content["narrow"]["keywords"][0]["_key"]
    engine.do_save_step(
        ws,
        "narrow",
        acting_user=cast.lead,
        values={"keywords": [{"_key": key, "word": "care", "why": "it is us"}, {"word": "trust"}]},
        started_from=1,
    )
    rows = ws.content["narrow"]["keywords"]
    assert rows[0]["_key"] == key and rows[1]["_key"] != key and rows[0]["why"] == "it is us"


def test_a_draft_is_made_once_per_change(cast):
    ws = start(cast)
    with pytest.raises(WriteError):
        engine.do_save_draft(ws, acting_user=cast.lead)
    engine.do_save_step(ws, "ask", acting_user=cast.lead, values={"what_we_do": "x"}, started_from=0)
    first = engine.do_save_draft(ws, acting_user=cast.lead, note="for the council")
    assert (first.kind, first.number) == (VersionKind.DRAFT, 1)
    assert engine.do_save_draft(ws, acting_user=cast.partner) == first
    engine.do_save_step(ws, "ask", acting_user=cast.lead, values={"what_we_do": "y"}, started_from=1)
    assert engine.do_save_draft(ws, acting_user=cast.partner).number == 2


def test_publish_refuses_an_empty_worksheet_and_a_burst_makes_one_version(cast):
    ws = start(cast)
    with pytest.raises(WriteError) as refused:
        engine.do_publish(ws, acting_user=cast.lead, based_on=None)
    assert "nothing to publish" in refused.value.text
    engine.do_save_step(
        ws, "publish", acting_user=cast.lead, values={"final": "We walk together."}, started_from=0
    )
    made = {engine.do_publish(ws, acting_user=cast.lead, based_on=None).pk for _ in range(8)}
    assert len(made) == 1
    ws.refresh_from_db()
    assert (ws.status, ws.published_number) == (WorksheetStatus.PUBLISHED, 1)
    assert WorksheetVersion.objects.filter(worksheet=ws, kind=VersionKind.PUBLISHED).count() == 1
    told = set(Notification.objects.filter(kind="worksheet_published").values_list("recipient", flat=True))
    assert cast.partner.pk in told and cast.lead.pk not in told
    again = engine.do_publish(ws, acting_user=cast.lead, based_on=1)  # unchanged: the same version
    assert again.number == 1


def test_publish_a_chosen_draft(cast):
    ws = start(cast)
    engine.do_save_step(ws, "publish", acting_user=cast.lead, values={"final": "One"}, started_from=0)
    draft = engine.do_save_draft(ws, acting_user=cast.lead)
    engine.do_save_step(ws, "publish", acting_user=cast.lead, values={"final": "Two"}, started_from=1)
    version = engine.do_publish(ws, acting_user=cast.lead, based_on=None, draft=draft)
    assert version.content["publish"]["final"] == "One"


def test_comments_tell_the_writers_and_resolve(cast):
    ws = start(cast)
    engine.do_save_step(ws, "ask", acting_user=cast.practitioner, values={"what_we_do": "x"}, started_from=0)
    with pytest.raises(WriteError) as refused:
        engine.do_comment(ws, acting_user=cast.partner, body="  ")
    assert "body" in refused.value.message_dict
    with pytest.raises(WriteError):
        engine.do_comment(ws, acting_user=cast.partner, body="hi", step_key="nope")
    comment = engine.do_comment(ws, acting_user=cast.partner, body="Say families", step_key="ask")
    told = set(Notification.objects.filter(kind="worksheet_comment").values_list("recipient", flat=True))
    assert told == {cast.lead.pk, cast.practitioner.pk}
    engine.do_resolve_comment(comment, acting_user=cast.lead)
    engine.do_resolve_comment(comment, acting_user=cast.lead)
    comment.refresh_from_db()
    assert comment.resolved_at is not None and comment.resolved_by == cast.lead


def test_compare_marks_the_changed_fields(cast):
    ws = start(cast)
    engine.do_save_step(
        ws, "ask", acting_user=cast.lead, values={"what_we_do": "x", "for_whom": "f"}, started_from=0
    )
    first = engine.do_save_draft(ws, acting_user=cast.lead)
    engine.do_save_step(
        ws, "ask", acting_user=cast.lead, values={"what_we_do": "y", "for_whom": "f"}, started_from=1
    )
    pairs = engine.compare(ws, first.content, ws.content)
    ask = pairs[0]
    changed = {f.key: f.changed for f in ask[0].fields}
    assert changed == {"what_we_do": True, "what_we_make": False, "for_whom": False}
    assert ask[0].fields[0].value == "x" and ask[1].fields[0].value == "y"


def test_update_worksheet_is_versioned_and_archive_stops_edits(cast):
    ws = start(cast)
    version = ws.version
    engine.do_update_worksheet(ws, acting_user=cast.lead, version=version, title="Ours", status="open")
    with pytest.raises(StaleEdit):
        engine.do_update_worksheet(
            Worksheet.objects.get(pk=ws.pk),
            acting_user=cast.lead,
            version=version,
            title="Mine",
            status="open",
        )
    with pytest.raises(WriteError) as refused:
        engine.do_update_worksheet(ws, acting_user=cast.lead, version=None, title="Ours", status="published")
    assert "status" in refused.value.message_dict
    engine.do_archive_worksheet(ws, acting_user=cast.lead)
    with pytest.raises(WriteError):
        engine.do_save_step(ws, "ask", acting_user=cast.lead, values={"what_we_do": "x"}, started_from=None)


def test_the_community_page_shows_the_published_mission_and_values(cast):
    ws = start(cast)
    engine.do_save_step(
        ws, "publish", acting_user=cast.lead, values={"final": "We walk together."}, started_from=0
    )
    engine.do_publish(ws, acting_user=cast.lead, based_on=None)
    assert engine.published_statements(cast.community)["mission"] == "We walk together."

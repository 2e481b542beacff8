"""The versioned document (cocreate/core/versioned.py): numbering, a burst of the same publish, what
changed, stale edits, and documents as bytes. The shared agreement serves as the concrete document;
each document's own behaviour is tested with its app."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cocreate.core import versioned
from cocreate.meetings import actions
from cocreate.meetings.models import AgreementVersion
from cocreate.meetings.tests.helpers import full_answers


def save(cast, words="listen first", **kw) -> AgreementVersion:
    return actions.do_save_agreement_draft(
        cast.community, acting_user=cast.lead, answers=full_answers(words), **kw
    )


def publish(cast, **kw) -> AgreementVersion:
    return versioned.publish(
        AgreementVersion, cast.community, acting_user=cast.lead, no_draft="Nothing to publish.", **kw
    )


def test_it_numbers_published_versions_one_two_three_per_community(cast):
    numbers = []
    for words in ("one", "two", "three"):
        save(cast, words)
        numbers.append(publish(cast).number)
    assert numbers == [1, 2, 3]
    assert versioned.current(AgreementVersion, cast.community).number == 3
    assert versioned.draft_of(AgreementVersion, cast.community) is None
    # Another community starts at one.
    actions.do_save_agreement_draft(cast.other_community, acting_user=cast.lead, answers=full_answers())
    other = versioned.publish(AgreementVersion, cast.other_community, acting_user=cast.lead, no_draft="-")
    assert other.number == 1


def test_it_keeps_earlier_versions_readable_as_published(cast):
    save(cast, "first words")
    v1 = publish(cast)
    save(cast, "second words")
    publish(cast)
    again = versioned.access_published(AgreementVersion, cast.community, 1)
    assert again.pk == v1.pk
    assert "first words" in again.answers.get(question="decide").always
    current = versioned.current(AgreementVersion, cast.community)
    assert current is not None
    assert versioned.previous(current).pk == v1.pk
    assert versioned.previous(v1) is None


def test_it_refuses_to_publish_when_there_is_no_draft(cast):
    with pytest.raises(ValidationError) as refused:
        publish(cast)
    assert refused.value.messages == ["Nothing to publish."]


def test_it_publishes_once_when_the_same_publish_comes_twice(cast):
    """Two people press "Publish" on the page showing no version yet: one version 1, no error."""
    save(cast)
    first = publish(cast, based_on=0)
    second = publish(cast, based_on=0)
    assert first.number == second.number == 1
    assert first.pk == second.pk
    assert AgreementVersion.objects.filter(community=cast.community).count() == 1


def test_it_runs_the_documents_own_check_before_publishing(cast):
    save(cast)

    def not_ready(draft):
        raise ValidationError({"__all__": "Not ready."})

    with pytest.raises(ValidationError):
        publish(cast, check=not_ready)
    assert versioned.current(AgreementVersion, cast.community) is None
    assert versioned.draft_of(AgreementVersion, cast.community) is not None


def test_it_refuses_a_draft_edit_started_before_someone_elses_save(cast):
    token = versioned.edit_token(AgreementVersion, cast.community)
    save(cast, "Dana's words", started_from=token)  # the first save from that state goes through
    with pytest.raises(versioned.StaleDraft):
        save(cast, "Priya's words", started_from=token)  # the second one started from the same state
    draft = versioned.draft_of(AgreementVersion, cast.community)
    assert "Dana's words" in draft.answers.get(question="decide").always
    # Started from the present state, the edit goes through.
    save(cast, "Priya's words", started_from=versioned.edit_token(AgreementVersion, cast.community))


def test_it_refuses_a_draft_edit_started_before_a_publish(cast):
    save(cast)
    token = versioned.edit_token(AgreementVersion, cast.community)
    publish(cast)
    with pytest.raises(versioned.StaleDraft) as stale:
        save(cast, "late words", started_from=token)
    assert stale.value.current_number == 1


def test_it_describes_what_changed_since_the_last_version():
    class Item:
        def __init__(self, key, title, when):
            self.key, self.title, self.when = key, title, when

    kept, changed, gone = Item(1, "Coach", "monthly"), Item(2, "Train", "May"), Item(3, "Visit", "")
    before = [(i, {"title": i.title, "when": i.when}) for i in (kept, changed, gone)]
    now_changed, added = Item(2, "Train", "June"), Item(4, "Review", "")
    after = [(i, {"title": i.title, "when": i.when}) for i in (kept, now_changed, added)]
    changes = versioned.compare(
        1,
        sections={"purpose": ("Build capacity.", "Build capacity. "), "how": ("Monthly.", "Weekly.")},
        items=after,
        previous_items=before,
        labels={"title": "activity", "when": "when"},
    )
    assert changes.previous_number == 1
    assert changes.sections == ["how"]  # white space alone is no change
    assert changes.added == [added]
    assert changes.removed == [gone]
    assert [(c.item, c.fields) for c in changes.changed] == [(now_changed, ["when"])]
    assert changes.any
    assert not versioned.compare(1, sections={"purpose": ("Same.", "Same.")}).any


def test_it_renders_a_docx_and_a_pdf_as_bytes(cast):
    from docx import Document

    def body(doc):
        doc.add_heading("Section", level=1)
        versioned.docx_table(doc, ["Who", "What"], [["Dana", "Coach\nmonthly"]])

    docx = versioned.render_docx(
        title="A plan", community=cast.community, version_line="Version 2", revision=2, body=body
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "A plan" in text and "Riverside" in text and "Version 2. Printed on" in text
    pdf = versioned.render_pdf(
        "support/plan_print.html",
        {"title": "A plan", "community": cast.community, "org": cast.org, "groups": [], "paper": "A4"},
    )
    assert pdf.startswith(b"%PDF")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_it_publishes_one_version_when_eight_people_publish_at_once(cast):
    """Eight people press "Publish the draft" at the same moment: one version, no error."""
    save(cast)
    results, errors = [], []
    barrier = threading.Barrier(8)

    def press():
        try:
            barrier.wait()
            results.append(publish(cast, based_on=0).number)
        except Exception as error:  # noqa: BLE001 — any error is the failure this test looks for
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results == [1] * 8
    assert AgreementVersion.objects.filter(community=cast.community).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_it_makes_one_draft_when_eight_people_save_the_first_draft_at_once(cast):
    results, errors = [], []
    barrier = threading.Barrier(8)

    def press(i):
        try:
            barrier.wait()
            results.append(save(cast, f"words {i}").pk)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1

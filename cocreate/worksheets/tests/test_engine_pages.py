"""The engine's pages: a step's form (two editors, rows without JavaScript, validation at the field),
the worksheet page, compare, documents, Spanish, the community page, query counts flat as data grows."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import translation

from cocreate.worksheets import engine
from cocreate.worksheets.models import Worksheet

from .helpers_engine import start

pytestmark = pytest.mark.django_db


def base(c, ws):
    return f"/o/{c.org.slug}/c/{c.community.slug}/worksheets/{ws.pk}/"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_editors_on_one_step_page(cast):
    ws = start(cast)
    url = base(cast, ws) + "steps/ask/"
    lee, paz = login(cast.lead), login(cast.partner)
    assert lee.get(url).status_code == paz.get(url).status_code == 200
    assert lee.post(url, {"started_from": "0", "what_we_do": "Lee's words"}).status_code == 302
    refused = paz.post(url, {"started_from": "0", "what_we_do": "Paz's words"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Lee&#x27;s words" in page and "Paz&#x27;s words" in page  # theirs beside hers, hers kept
    assert refused.context["form"]["started_from"].value() == "1"
    assert paz.post(url, {"started_from": "1", "what_we_do": "Paz's words"}).status_code == 302
    ws.refresh_from_db()
    assert ws.content["ask"]["what_we_do"] == "Paz's words"


def test_rows_are_added_and_removed_without_javascript(cast):
    ws = start(cast)
    url = base(cast, ws) + "steps/narrow/"
    client = login(cast.partner)
    page = client.get(url).content.decode()
    assert 'name="keywords-count" value="2"' in page
    more = client.post(
        url,
        {"started_from": "0", "keywords-count": "2", "keywords-0-word": "care", "add_row": "keywords"},
    )
    assert more.status_code == 200 and 'name="keywords-count" value="3"' in more.content.decode()
    assert 'value="care"' in more.content.decode()
    saved = client.post(
        url,
        {
            "started_from": "0",
            "keywords-count": "3",
            "keywords-0-word": "care",
            "keywords-0-why": "us",
            "keywords-1-word": "trust",
        },
    )
    assert saved.status_code == 302
    ws.refresh_from_db()
    rows = ws.content["narrow"]["keywords"]
    assert [r["word"] for r in rows] == ["care", "trust"]
    removed = client.post(
        url,
        {
            "started_from": "1",
            "keywords-count": "2",
            "keywords-0-_key": rows[0]["_key"],
            "keywords-0-word": "care",
            "keywords-1-_key": rows[1]["_key"],
            "keywords-1-word": "trust",
            "keywords-1-remove": "1",
        },
    )
    assert removed.status_code == 302
    ws.refresh_from_db()
    assert [r["_key"] for r in ws.content["narrow"]["keywords"]] == [rows[0]["_key"]]


def test_a_refused_value_is_shown_at_its_field(cast):
    ws = start(cast)
    response = login(cast.lead).post(
        base(cast, ws) + "steps/drafts/", {"started_from": "0", "candidates-count": "1"}
    )
    assert response.status_code == 200
    assert "Fill in at least 1 row" in response.content.decode()


def test_a_spanish_reader_sees_the_templates_spanish_step_titles(cast):
    ws = start(cast)
    client = login(cast.partner)  # Paz reads in Spanish
    page = client.get(base(cast, ws), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "1. Hacerse las preguntas" in page and "6. Publicar la declaración final" in page
    assert "1. Ask the questions" not in page


def test_documents_carry_the_text(cast):
    from docx import Document

    ws = start(cast)
    engine.do_save_step(
        ws, "publish", acting_user=cast.lead, values={"final": "We walk with families."}, started_from=0
    )
    draft = engine.do_save_draft(ws, acting_user=cast.lead)
    engine.do_save_step(
        ws, "publish", acting_user=cast.lead, values={"final": "Changed later."}, started_from=1
    )
    client = login(cast.funder)
    docx = client.get(base(cast, ws) + "docx/")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Changed later." in text and "Our mission" in text
    pdf = client.get(base(cast, ws) + f"pdf/?version={draft.pk}")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "We walk with families." in out and "Draft 1" in out


def test_the_compare_page_marks_changed_fields(cast):
    ws = start(cast)
    engine.do_save_step(ws, "ask", acting_user=cast.lead, values={"what_we_do": "x"}, started_from=0)
    first = engine.do_save_draft(ws, acting_user=cast.lead)
    engine.do_save_step(ws, "ask", acting_user=cast.lead, values={"what_we_do": "y"}, started_from=1)
    second = engine.do_save_draft(ws, acting_user=cast.lead)
    page = login(cast.evaluator).get(base(cast, ws) + f"compare/?a={first.pk}&b={second.pk}").content.decode()
    assert "1 field differs." in page and page.count("ws-changed") == 2


def _grow(cast, ws, n):
    for i in range(n):
        engine.do_save_step(
            ws, "discuss", acting_user=cast.lead, values={"ideas": f"idea {i}"}, started_from=None
        )
        engine.do_save_draft(ws, acting_user=cast.lead)
        engine.do_comment(ws, acting_user=cast.partner, body=f"comment {i}", step_key="ask" if i % 2 else "")
        start(cast, title=f"Another {i}")


@pytest.mark.parametrize("path", ["", "compare/", "steps/narrow/"])
def test_page_queries_stay_flat_as_drafts_comments_and_worksheets_grow(cast, django_assert_num_queries, path):
    ws = start(cast)
    client = login(cast.lead)
    url = base(cast, ws) + path
    _grow(cast, ws, 1)
    client.get(url)
    with django_assert_num_queries(QUERIES[path]) as captured:
        assert client.get(url).status_code == 200
    _grow(cast, ws, 4)
    with django_assert_num_queries(len(captured.captured_queries)):
        assert client.get(url).status_code == 200


# session, user, memberships, community, the worksheet (with its template version); the page: comments
# and drafts/versions (each one query), the compare page: the versions and the two chosen; a step: none more
QUERIES = {"": 7, "compare/": 7, "steps/narrow/": 5}


def test_the_list_queries_stay_flat(cast, django_assert_num_queries):
    ws = start(cast)
    client = login(cast.partner)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/worksheets/"
    _grow(cast, ws, 1)
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES) as captured:
        page = client.get(url)
    _grow(cast, ws, 4)
    with django_assert_num_queries(len(captured.captured_queries)):
        assert client.get(url).status_code == 200
    assert "Another 0" in page.content.decode()


LIST_QUERIES = 5  # session, user, memberships, community, the worksheets


def test_the_community_page_shows_the_mission_and_invites_staff_to_start(cast):
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/"
    assert "Start your mission statement" in login(cast.lead).get(url).content.decode()
    ws = start(cast)
    engine.do_save_step(
        ws, "publish", acting_user=cast.lead, values={"final": "Families first, always."}, started_from=0
    )
    engine.do_publish(ws, acting_user=cast.lead, based_on=None)
    page = login(cast.funder).get(url).content.decode()
    assert "Families first, always." in page
    with translation.override("es"):
        assert Worksheet.objects.filter(pk=ws.pk).exists()


def test_the_organizations_own_worksheets(cast):
    client = login(cast.admin)
    from .helpers_engine import template_version

    response = client.post(
        f"/o/{cast.org.slug}/worksheets/new/{template_version(cast).template_id}/",
        {"title": "Network mission"},
    )
    assert response.status_code == 302
    ws = Worksheet.objects.get(title="Network mission")
    assert ws.community_id is None
    assert (
        login(cast.funder).get(f"/o/{cast.org.slug}/worksheets/").content.decode().count("Network mission")
        == 1
    )


def test_adapting_a_template_makes_a_new_version_and_keeps_started_ones(cast):
    from .helpers_engine import template_version

    ws = start(cast)
    old = ws.template_version_id
    client = login(cast.admin)
    url = f"/o/{cast.org.slug}/worksheets/templates/{template_version(cast).template_id}/adapt/"
    bad = client.post(url, {"definition": "key: mission\nsteps: []\n", "preview": "1"})
    assert "at least one step is required" in bad.content.decode()
    good = "key: mission\ntitle: Our mission\nsteps:\n  - key: one\n    title: {en: Only step, es: Único paso}\n    fields:\n      - {key: final, label: Final}\n"
    preview = client.post(url, {"definition": good, "preview": "1"})
    assert "Only step" in preview.content.decode()
    assert client.post(url, {"definition": good, "save": "1"}).status_code == 302
    assert template_version(cast).organization_id == cast.org.pk
    ws.refresh_from_db()
    assert ws.template_version_id == old

"""The plan as a team hands it out: a DOCX to edit and a PDF to print, with the same four sections."""

import io
import shutil
import subprocess

import docx
import pytest
from django.test import TestCase

from cocreate.core import jobs
from cocreate.core.models_jobs import DocumentJob
from cocreate.partners import actions, documents
from cocreate.partners import plan as plans
from cocreate.partners.access import plan_for
from cocreate.partners.models import Level
from cocreate.testing.downloads import download

from .helpers import area, riverside_parent
from .test_plan import fill_plan, url, warm

SECTIONS = [
    "1. Partners and their roles",
    "2. Goals for the extent of participation",
    "3. Who engages whom, and how",
    "4. Agreements established",
]


@pytest.fixture
def written_plan(cast):
    """Riverside's plan at version 4, last changed by the team lead."""
    parent = riverside_parent(cast)
    actions.do_place_on_team(
        cast.team, partner=parent, title="Family leader", responsibilities="Review every flyer."
    )
    actions.do_set_level(
        parent,
        area(cast.community),
        current=Level.CONSULT,
        planned=Level.COLLABORATE,
        reason="r",
        acting_user=cast.lead,
    )
    plan = plan_for(cast.community)
    plans.do_update_goals(
        plan, participation_goals="Parents co-lead the listening sessions by autumn.", acting_user=cast.lead
    )
    plans.do_add_entry(
        plan,
        responsible="Lee Lead",
        partner=parent,
        strategies="A call before each meeting.",
        acting_user=cast.lead,
    )
    plans.do_add_agreement(
        plan, with_whom="Family leaders", what="Child care on site.", acting_user=cast.lead
    )
    return plan


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(p.text for p in document.sections[0].footer.paragraphs)
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_it_downloads_an_editable_docx_with_the_four_sections(client, cast, written_plan):
    client.force_login(cast.funder)
    response = download(client, url(cast, "download/docx/"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="riverside-engagement-plan-v4.docx"'
    text = docx_text(response.content)
    for expected in [
        *SECTIONS,
        "Partnership engagement plan",
        "Riverside",
        "State Implementation Center",
        "Version 4, updated",
        "by Lee Lead",
        "Printed on",
        "Implementation team",
        "Ana Ruiz (lived experience)",
        "Family leader",
        "Review every flyer.",
        "Parents co-lead the listening sessions by autumn.",
        "Consult → Collaborate",
        "A call before each meeting.",
        "Child care on site.",
    ]:
        assert expected in text, expected
    headings = [
        p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs if p.style.name == "Heading 1"
    ]
    assert headings == SECTIONS


def test_it_downloads_a_pdf_with_the_four_sections(client, cast, written_plan):
    client.force_login(cast.evaluator)
    response = download(client, url(cast, "download/pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="riverside-engagement-plan-v4.pdf"'
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    for expected in [
        *SECTIONS,
        "Riverside",
        "State Implementation Center",
        "Version 4, updated",
        "Ana Ruiz",
        "Child care on site.",
    ]:
        assert expected in text, expected


def page_size(content: bytes, tmp_path) -> str:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return next(line for line in info.splitlines() if line.startswith("Page size:"))


def test_it_prints_the_pdf_on_letter_or_on_a4_when_asked(client, cast, written_plan, tmp_path):
    client.force_login(cast.lead)
    assert "(letter)" in page_size(download(client, url(cast, "download/pdf/")).content, tmp_path)
    a4 = download(client, url(cast, "download/pdf/"), {"paper": "a4"})
    assert "(A4)" in page_size(a4.content, tmp_path)


def test_it_says_what_is_missing_in_an_empty_plan_document(cast):
    contents = plans.plan_contents(cast.community, plan_for(cast.community))
    text = docx_text(documents.build_docx(contents))
    assert "No goals written yet." in text and "No agreements recorded yet." in text
    assert documents.filename(contents, "pdf") == "riverside-engagement-plan-v1.pdf"


def test_the_downloads_are_the_same_documents_as_built_in_the_request(client, cast, written_plan):
    """The task queue changes when the document is made, not what it says."""
    contents = plans.plan_contents(cast.community, plan_for(cast.community))
    client.force_login(cast.lead)
    docx_file = download(client, url(cast, "download/docx/")).content
    assert docx_text(docx_file) == docx_text(documents.build_docx(contents))
    pdf_file = download(client, url(cast, "download/pdf/")).content
    assert pdf_file.startswith(b"%PDF")
    assert pdf_text(pdf_file) == pdf_text(documents.build_pdf(contents))


def test_it_writes_the_document_in_the_language_of_the_person_who_asked(client, cast, written_plan):
    client.force_login(cast.partner)  # Paz prefers Spanish
    text = docx_text(download(client, url(cast, "download/docx/")).content)
    assert "1. Socios y sus roles" in text and "Plan de participación de los socios" in text
    assert "1. Partners and their roles" not in text


def test_the_exports_query_counts_are_flat(client, cast, django_assert_num_queries):
    fill_plan(cast, 2)
    warm(client, cast, cast.lead)

    def prepare_and_render(export: str) -> bytes:
        # The button: session, user, memberships; plan with its community; in a savepoint, the person's
        # row locked (one request of theirs at a time), expired jobs deleted, an identical recent job
        # looked for, the new job written. No rendering: a worker does that later.
        with TestCase.captureOnCommitCallbacks(execute=False), django_assert_num_queries(10):
            response = client.post(url(cast, f"download/{export}/"))
        job = DocumentJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
        # The task: claim the job; read it with its organization and community; the plan; teams with
        # roles; partners with levels; areas; entries; agreements; store the document.
        with django_assert_num_queries(10):
            jobs.generate_document.call(job.pk)
        job.refresh_from_db()
        assert job.kind == f"partners.plan_{export}"
        DocumentJob.objects.all().delete()
        return bytes(job.content or b"")

    for export in ("docx", "pdf"):
        prepare_and_render(export)
    fill_plan(cast, 12, start=2)
    for export in ("docx", "pdf"):
        document = prepare_and_render(export)
    assert "Person 013" in pdf_text(document)  # the larger plan, all of it

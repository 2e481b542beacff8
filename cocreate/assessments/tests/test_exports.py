"""Results as files: CSV and XLSX for analysis, the PDF report with its charts, and nobody named in any."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess

import pytest
from django.test import TestCase
from django.utils import timezone

from cocreate.assessments import actions
from cocreate.assessments.models import Administration
from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.core.models_jobs import DocumentJob
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.testing.downloads import download

from .helpers import SMALL_TEAM, answer, builtin, open_round, team_version

LEAD = {"cc-involved": 0, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 2}
PARTNER = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 1}


def url(adm, suffix):
    return f"/o/{adm.organization.slug}/c/{adm.community.slug}/assessments/{adm.pk}/{suffix}"


@pytest.fixture
def answered(cast):
    """Four people (twice as the lead answered, twice as the partner did), one item agreed."""
    extra = member("extra@example.org", cast.org, Role.PARTNER, cast.community)
    adm = open_round(cast, invitees=[cast.lead, cast.partner, cast.practitioner, extra])
    answer(adm, cast.lead, LEAD, reflections={"strengths": "Lee's secret"})
    answer(adm, cast.partner, PARTNER)
    answer(adm, cast.practitioner, LEAD)
    answer(adm, extra, PARTNER)
    actions.do_start_consensus(adm)
    item = adm.version.items.get(key="cc-involved")
    actions.do_record_consensus(
        adm, acting_user=cast.lead, item=item, value=0, note="Parents are not at the table yet"
    )
    actions.do_flag_gap(adm, item=item, acting_user=cast.lead)
    adm.refresh_from_db()
    return adm


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_it_exports_section_and_item_scores_as_csv(client, cast, answered):
    client.force_login(cast.evaluator)
    response = client.get(url(answered, "results.csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="riverside-capacity-test-' in response["Content-Disposition"]
    rows = rows_of(response.content)
    assert ["Co-creation partners", "50.0", "80.0", "yes", "1/3"] in rows
    items = rows[rows.index(["Items"]) + 1 :]
    header = items[0]
    assert header[-5:] == [
        "Answered “Not in place”",
        "Answered “Partly in place”",
        "Answered “In place”",
        "Below the target",
        "Pending gap",
    ]
    involved = next(row for row in items if row[2] == "All five partner types are involved")
    # agreed 0 (score 0%), individual answers 0, 2, 0, 2 (mean 1, n 4), two each at 0 and 2
    assert involved[3:] == ["0.0", "0.0", "1.0", "4", "2", "0", "2", "yes", "yes"]


def test_it_never_names_a_respondent_in_any_file(client, cast, answered):
    client.force_login(cast.lead)
    csv_text = client.get(url(answered, "results.csv")).content.decode("utf-8-sig")
    xlsx = client.get(url(answered, "results.xlsx")).content
    from openpyxl import load_workbook

    cells = " ".join(
        str(cell)
        for sheet in load_workbook(io.BytesIO(xlsx)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    )
    for person in (cast.lead, cast.partner, cast.practitioner):
        for content in (csv_text, cells):
            assert person.name not in content and person.email not in content
    assert "Lee's secret" not in csv_text + cells  # reflections stay on the page, for staff


def test_it_makes_formulas_inert_in_the_csv(client, cast):
    definition = {
        **SMALL_TEAM,
        "key": "formula-check",
        "sections": [
            {**SMALL_TEAM["sections"][0], "title": {"en": '=HYPERLINK("https://evil.example","x")'}},
            SMALL_TEAM["sections"][1],
        ],
    }
    adm = open_round(cast, team_version(cast.org, definition))
    for user in (cast.lead, cast.partner, cast.practitioner):
        answer(adm, user, LEAD)
    actions.do_close(adm)
    client.force_login(cast.lead)
    rows = rows_of(client.get(url(adm, "results.csv")).content)
    titles = [row[0] for row in rows if row and "HYPERLINK" in row[0]]
    assert titles and all(title.startswith("'=") for title in titles)
    items = [row[1] for row in rows if len(row) > 2 and "HYPERLINK" in row[1]]
    assert items and all(cell.startswith("'=") for cell in items)


def test_it_exports_an_xlsx_that_opens_with_one_sheet_per_table(client, cast, answered):
    from openpyxl import load_workbook

    client.force_login(cast.funder)
    response = client.get(url(answered, "results.xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Sections", "Items"]
    sections = list(book["Sections"].iter_rows(values_only=True))
    assert sections[0][:3] == ("Section", "Score", "Target")
    assert sections[1][:2] == ("Co-creation partners", 50.0)
    summary = {field: value for field, value in book["Summary"].iter_rows(values_only=True)}
    assert summary["Community"] == "Riverside" and summary["Responses"] == 4


def test_it_exports_alignment_without_small_groups(client, cast):
    pros = [member(f"pro{i}@example.org", cast.org, Role.PARTNER, cast.community) for i in range(3)]
    livs = [member(f"liv{i}@example.org", cast.org, Role.PARTNER, cast.community) for i in range(2)]
    for user in livs:
        partner_actions.do_create_partner(
            cast.community, name="L", partner_type=PartnerType.COMMUNITY, lived_experience=True, user=user
        )
    adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
    for user in pros + livs:
        answer(adm, user, 1)
    actions.do_close(adm)
    client.force_login(cast.lead)
    rows = rows_of(client.get(url(adm, "results.csv")).content)
    alignment = rows[rows.index(["Alignment"]) + 2 :]
    assert len(alignment) == 5
    # lived: withheld (two people); so are the professionals' share and size beside them (the pooled
    # score minus the share would give the two away), and there is no gap
    assert all(row[2:] == ["", "<3", "", "<3", "", "no"] for row in alignment)


def test_it_prints_a_pdf_report_with_the_charts(client, cast, answered):
    earlier = open_round(cast)
    for user in (cast.lead, cast.partner, cast.practitioner):
        answer(earlier, user, {key: 0 for key in LEAD})
    actions.do_close(earlier)
    Administration.objects.filter(pk=earlier.pk).update(
        opened_at=timezone.now() - datetime.timedelta(days=120)
    )
    client.force_login(cast.practitioner)
    response = download(client, url(answered, "report.pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="riverside-')
    assert response.content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Riverside" in text and "Capacity check" in text
    assert "Scores by section" in text  # the section chart, drawn from the page's spec
    assert "Scores over time" in text  # and the trend chart, with the earlier round
    assert "Target 80%" in text
    assert "Parents are not at the table yet" in text  # the team's notes
    assert "pending gap" in text
    assert "Lee Lead" not in text and "Paz Parent" not in text


def test_it_exports_nothing_while_an_anonymous_rounds_scores_are_withheld(client, cast):
    from .helpers import answer, open_round

    adm = open_round(cast, anonymous=True)
    answer(adm, cast.lead, 2)
    client.force_login(cast.funder)
    base = f"/o/{cast.org.slug}/c/{cast.community.slug}/assessments/{adm.pk}/"
    for name in ("results.csv", "results.xlsx"):
        response = client.get(base + name)
        assert response.status_code == 302 and response["Location"] == base + "results/"
    response = client.post(base + "report.pdf")  # nothing is queued either
    assert response.status_code == 302 and response["Location"] == base + "results/"
    assert not DocumentJob.objects.exists()


def test_the_report_is_the_same_document_as_built_in_the_request(client, cast, answered):
    """The task queue changes when the report is made, not what it says."""
    from cocreate.assessments import exports
    from cocreate.assessments import results as reads

    client.force_login(cast.funder)
    pdf = download(client, url(answered, "report.pdf"), {"paper": "a4"}).content
    adm = Administration.objects.select_related("version__instrument", "community").get(pk=answered.pk)
    r = reads.results_for(adm)
    direct = exports.build_pdf(r, reads.trend_for(adm.community, adm.instrument_key, until=adm), paper="a4")
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")

    def text(content: bytes) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()

    assert text(pdf) == text(direct)


def test_it_tells_the_person_when_the_scores_are_withheld_by_the_time_the_report_runs(client, cast):
    """Answers can be withdrawn between the button and the worker: the progress page says so."""
    from cocreate.core import jobs
    from cocreate.core.access import tenant_for

    adm = open_round(cast, anonymous=True)
    answer(adm, cast.lead, 2)  # one answer: an anonymous round's scores stay withheld
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = jobs.do_request_document(
            tenant_for(cast.funder, cast.org.slug),
            "assessments.report_pdf",
            community=cast.community,
            parameters={"administration": adm.pk, "paper": "letter"},
        )
    client.force_login(cast.funder)
    page = client.get(f"/o/{cast.org.slug}/downloads/{job.pk}/")
    assert "Answers are still being collected" in page.text and "Try again" in page.text

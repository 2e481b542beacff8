import csv
import io

from cocreate.observations.models import Finding, FindingKind, ObservationPlan, ObservationRecord
from cocreate.planning.models import FeedbackItem, PdsaCycle
from cocreate.planning.tests.helpers import riverside_action

from .helpers import make_plan, make_record, riverside_finding, riverside_plan, riverside_record, today
from .routes import base, change_idea_form, plan, plan_form, record_form


def steps(*rows, initial=0):
    data = {"steps-TOTAL_FORMS": str(len(rows)), "steps-INITIAL_FORMS": str(initial)}
    for i, (expected, happened) in enumerate(rows):
        data[f"steps-{i}-expected"] = expected
        data[f"steps-{i}-happened"] = happened
    return data


# Lists and the empty state -------------------------------------------------------------------------------


def test_it_explains_a_process_observation_when_there_is_none(client, cast):
    client.force_login(cast.lead)
    r = client.get(base(cast))
    assert r.status_code == 200
    assert "No observations planned yet." in r.text
    assert "from where it begins to where it ends" in r.text
    assert "Plan an observation" in r.text


def test_it_lists_plans_with_their_record_counts(client, cast):
    make_record(cast)
    make_plan(cast, process="Signing up for the parent group")
    client.force_login(cast.lead)
    r = client.get(base(cast))
    assert "Booking the first home visit" in r.text and "Signing up for the parent group" in r.text
    assert "1 record" in r.text and "0 records" in r.text


def test_it_lets_evaluators_read_but_not_plan(client, cast):
    riverside_plan(cast)
    client.force_login(cast.evaluator)
    r = client.get(base(cast))
    assert r.status_code == 200 and "Plan an observation" not in r.text
    assert client.get(f"{base(cast)}new/").status_code == 403


def test_it_checks_ownership(client, cast):
    client.force_login(cast.other_org_lead)
    assert client.get(plan(cast)).status_code == 404
    client.force_login(cast.other_community_lead)
    assert client.get(plan(cast)).status_code == 404
    lakeview_plan = make_plan(cast, community=cast.other_community, observers=[cast.other_community_lead])
    client.force_login(cast.lead)  # a Lakeview plan under Riverside's address is not found
    assert client.get(f"{base(cast)}{lakeview_plan.pk}/").status_code == 404


# Plans -------------------------------------------------------------------------------------------------


def test_it_plans_an_observation_from_the_form(client, cast):
    client.force_login(cast.practitioner)
    r = client.post(f"{base(cast)}new/", plan_form(cast))
    created = ObservationPlan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"{base(cast)}{created.pk}/"
    assert created.process == "Signing up for the parent group" and created.created_by == cast.practitioner


def test_it_shows_plan_errors_at_the_field_and_saves_nothing(client, cast):
    client.force_login(cast.lead)
    r = client.post(f"{base(cast)}new/", plan_form(cast) | {"planned_until": "2000-01-01"})
    assert r.status_code == 200
    assert "planned_until" in r.context["form"].errors
    assert 'id="id_planned_until_error"' in r.text
    r = client.post(f"{base(cast)}new/", plan_form(cast) | {"observers": [cast.other_community_lead.pk]})
    assert r.context["form"].errors["observers"] == ["Choose people of this community."]
    assert not ObservationPlan.objects.exists()


def test_it_edits_a_plan(client, cast):
    p = riverside_plan(cast)
    client.force_login(cast.partner)  # a parent may shadow a process and change the plan
    r = client.post(f"{plan(cast)}edit/", plan_form(cast) | {"aim": "Changed aim"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.aim == "Changed aim"


# Records -----------------------------------------------------------------------------------------------


def test_it_records_an_observation_with_steps_and_findings(client, cast):
    p = riverside_plan(cast)
    client.force_login(cast.lead)
    data = record_form(cast) | steps(
        ("Family fills in the form", "Gave up on page two"), ("", ""), ("", "Called us")
    )
    data |= {"confusion": "Which office to call\n\nWhat to bring", "started_at": "09:00", "ended_at": "09:40"}
    r = client.post(f"{plan(cast)}records/new/", data)
    record = ObservationRecord.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"{p.pk}/#record-{record.pk}")
    assert [s.happened for s in record.steps.order_by("position")] == ["Gave up on page two", "Called us"]
    assert sorted(record.findings.filter(kind=FindingKind.CONFUSION).values_list("text", flat=True)) == [
        "What to bring",
        "Which office to call",
    ]


def test_it_needs_a_step_and_shows_every_error_at_once(client, cast):
    riverside_plan(cast)
    client.force_login(cast.lead)
    data = record_form(cast) | steps(("", "")) | {"started_at": "10:00", "ended_at": "09:00"}
    r = client.post(f"{plan(cast)}records/new/", data)
    assert r.status_code == 200
    assert "Write at least one step" in r.context["steps_error"]
    assert 'id="steps_error"' in r.text
    assert "ended_at" in r.context["form"].errors
    assert not ObservationRecord.objects.exists() and not Finding.objects.exists()


def test_it_adds_a_blank_step_row_without_saving(client, cast):
    riverside_plan(cast)
    client.force_login(cast.lead)
    data = record_form(cast) | {"add_step": "1"}
    r = client.post(f"{plan(cast)}records/new/", data)
    assert r.status_code == 200
    assert r.context["formset"].total_form_count() == 2
    assert r.context["formset"].forms[0]["expected"].value() == "Family fills in the form"
    assert not ObservationRecord.objects.exists()


def test_the_record_form_starts_with_blank_rows_and_the_plans_observers(client, cast):
    riverside_plan(cast)
    client.force_login(cast.lead)
    r = client.get(f"{plan(cast)}records/new/")
    assert r.context["formset"].total_form_count() == 3
    assert r.context["form"].initial["observers"] == [cast.lead.pk]


def test_it_edits_a_record_keeping_its_saved_rows(client, cast):
    record = riverside_record(cast)
    client.force_login(cast.lead)
    r = client.get(f"{base(cast)}records/{record.pk}/edit/")
    formset = r.context["formset"]
    assert formset.total_form_count() == 3  # two saved steps and one blank row
    assert "Call in the evening\nText before calling" == r.context["form"].initial["changes"]
    data = record_form(cast) | steps(("Clinic sends the referral", "Fax"), initial=2)
    r = client.post(f"{base(cast)}records/{record.pk}/edit/", data)
    assert r.status_code == 302
    assert list(record.steps.values_list("happened", flat=True)) == ["Fax"]


def test_it_shows_a_kept_finding_error_on_edit(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.lead)
    client.post(
        f"{base(cast)}findings/{finding.pk}/feedback/", {"said": finding.text, "said_on": today().isoformat()}
    )
    r = client.post(f"{base(cast)}records/{finding.record_id}/edit/", record_form(cast))  # drops the line
    assert r.status_code == 200
    assert "already been taken up" in " ".join(r.context["form"].errors["changes"])


# Plan detail and findings → action --------------------------------------------------------------------


def test_it_shows_records_with_steps_and_what_findings_became(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.lead)
    client.post(
        f"{base(cast)}findings/{finding.pk}/feedback/", {"said": finding.text, "said_on": today().isoformat()}
    )
    r = client.get(plan(cast))
    item = FeedbackItem.objects.get()
    assert "Three calls before anyone answered" in r.text
    assert f"/planning/feedback/{item.pk}/" in r.text  # the link to what it became
    assert f"findings/{finding.pk}/change-idea/" in r.text  # it can still become a change idea
    assert "Download (CSV)" in r.text
    # ... and the feedback item leads back to the finding, for those who may read observations.
    back = f"/observations/{finding.record.plan_id}/#finding-{finding.pk}"
    item_page = f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/feedback/{item.pk}/"
    assert back in client.get(item_page).text
    client.force_login(cast.funder)  # reads the plan, not the observations
    assert client.get(item_page).status_code == 200 and back not in client.get(item_page).text


def test_it_shows_an_empty_plan(client, cast):
    riverside_plan(cast)
    client.force_login(cast.evaluator)
    r = client.get(plan(cast))
    assert "Nothing recorded yet." in r.text and "Record an observation" not in r.text


def test_a_partner_can_make_feedback_but_not_a_change_idea(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.partner)
    r = client.get(plan(cast))
    assert f"findings/{finding.pk}/feedback/" in r.text
    assert f"findings/{finding.pk}/change-idea/" not in r.text
    assert client.get(f"{base(cast)}findings/{finding.pk}/change-idea/").status_code == 403


def test_it_prefills_the_feedback_from_the_finding(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.lead)
    r = client.get(f"{base(cast)}findings/{finding.pk}/feedback/")
    assert r.context["form"].initial == {"said": finding.text, "said_on": finding.record.observed_on}


def test_it_turns_a_finding_into_a_change_idea_from_the_page(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.lead)
    r = client.get(f"{base(cast)}findings/{finding.pk}/change-idea/")
    assert r.context["form"].initial["change_idea"] == finding.text
    r = client.post(f"{base(cast)}findings/{finding.pk}/change-idea/", change_idea_form(cast))
    cycle = PdsaCycle.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/planning/cycles/{cycle.pk}/")
    finding.refresh_from_db()
    assert finding.cycle == cycle
    assert f"#finding-{finding.pk}" in client.get(r["Location"]).text  # the cycle leads back to it
    # a second time goes back to the observation, saying so
    r = client.get(f"{base(cast)}findings/{finding.pk}/change-idea/")
    assert r.status_code == 302 and PdsaCycle.objects.count() == 1


def test_it_shows_change_idea_errors_at_the_field(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.lead)
    data = change_idea_form(cast) | {"prediction": ""}
    r = client.post(f"{base(cast)}findings/{finding.pk}/change-idea/", data)
    assert r.status_code == 200 and "prediction" in r.context["form"].errors
    assert not PdsaCycle.objects.exists()


def test_it_says_when_there_is_no_action_to_test_on(client, cast):
    finding = riverside_finding(cast)
    client.force_login(cast.lead)
    r = client.get(f"{base(cast)}findings/{finding.pk}/change-idea/")
    assert "has no open action" in r.text
    riverside_action(cast)
    r = client.get(f"{base(cast)}findings/{finding.pk}/change-idea/")
    assert "has no open action" not in r.text


# Export ------------------------------------------------------------------------------------------------


def test_it_exports_a_plans_records_formula_safe(client, cast):
    make_record(cast, present='=HYPERLINK("https://evil.example")\nReceptionist — books visits')
    client.force_login(cast.evaluator)
    r = client.get(f"{plan(cast)}records.csv")
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Date observed" and len(rows) == 2
    assert rows[1][4].startswith("'=HYPERLINK")
    assert "1. Clinic sends the referral → Referral sent by fax" in rows[1][5]
    assert "Call in the evening" in rows[1][9]


def test_it_exports_an_empty_plan_as_a_header(client, cast):
    riverside_plan(cast)
    client.force_login(cast.lead)
    rows = list(csv.reader(io.StringIO(client.get(f"{plan(cast)}records.csv").content.decode("utf-8-sig"))))
    assert len(rows) == 1


# Query counts ------------------------------------------------------------------------------------------


def test_the_list_query_count_is_flat(client, cast, django_assert_num_queries):
    for i in range(2):
        make_plan(cast, process=f"Process {i}")
    client.force_login(cast.lead)
    client.get(base(cast))  # warm-up
    # session, user, memberships (tenant), community(+initiative), plans with record counts,
    # their observers, their partners
    with django_assert_num_queries(7):
        client.get(base(cast))
    for i in range(18):
        make_plan(cast, process=f"More {i}")
    with django_assert_num_queries(7):  # the same with 20 plans: no N+1
        r = client.get(base(cast))
    assert r.text.count('id="plan-') == 20


def test_the_plan_page_query_count_is_flat(client, cast, django_assert_num_queries):
    p = riverside_plan(cast)
    for _ in range(2):
        make_record(cast, p)
    client.force_login(cast.lead)
    url = plan(cast)
    client.get(url)  # warm-up
    # session, user, memberships, community(+initiative), plan, its observers, its partners,
    # records, their observers, partners, steps and findings (+feedback item, cycle)
    with django_assert_num_queries(12):
        client.get(url)
    for _ in range(18):
        make_record(cast, p)
    with django_assert_num_queries(12):  # the same with 20 records
        r = client.get(url)
    assert r.text.count('class="observation-record"') == 20


# Deleting what was made by mistake ---------------------------------------------------------------------


def test_it_deletes_a_record_after_asking_and_keeps_what_its_findings_became(client, cast):
    finding = riverside_finding(cast)
    record = finding.record
    client.force_login(cast.lead)
    client.post(
        f"{base(cast)}findings/{finding.pk}/feedback/", {"said": finding.text, "said_on": today().isoformat()}
    )
    url = f"{base(cast)}records/{record.pk}/delete/"
    assert url in client.get(plan(cast)).text
    page = client.get(url).text
    assert "Delete this observation?" in page and "1 of its findings became" in page
    r = client.post(url)
    assert r.status_code == 302 and r["Location"] == plan(cast)
    assert not ObservationRecord.objects.filter(pk=record.pk).exists()
    assert not Finding.objects.filter(record_id=record.pk).exists()
    assert FeedbackItem.objects.filter(said=finding.text).exists()  # the team's follow-up stays
    assert ObservationRecord.history.filter(id=record.pk, history_type="-").get().history_user == cast.lead


def test_a_partner_deletes_their_own_record_but_not_someone_elses(client, cast):
    theirs = riverside_record(cast)  # the lead's
    mine = make_record(cast, by=cast.partner, observers=[cast.partner])
    client.force_login(cast.partner)
    page = client.get(plan(cast)).text
    assert f"records/{mine.pk}/delete/" in page and f"records/{theirs.pk}/delete/" not in page
    assert client.post(f"{base(cast)}records/{theirs.pk}/delete/").status_code == 403
    assert client.post(f"{base(cast)}records/{mine.pk}/delete/").status_code == 302
    assert list(ObservationRecord.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_a_plan_is_deleted_only_once_it_has_no_observations(client, cast):
    p = riverside_plan(cast)
    record = make_record(cast, p)
    client.force_login(cast.practitioner)
    assert f"{plan(cast)}delete/" not in client.get(plan(cast)).text
    page = client.get(f"{plan(cast)}delete/").text
    assert "delete those first" in page and "<form" not in page.split("<main")[-1]
    r = client.post(f"{plan(cast)}delete/")
    assert r.status_code == 409 and "delete those first" in r.text
    assert ObservationPlan.objects.filter(pk=p.pk).exists()
    client.post(f"{base(cast)}records/{record.pk}/delete/")
    assert f"{plan(cast)}delete/" in client.get(plan(cast)).text
    r = client.post(f"{plan(cast)}delete/")
    assert r.status_code == 302 and r["Location"] == base(cast)
    assert not ObservationPlan.objects.filter(pk=p.pk).exists()


def test_the_breadcrumbs_name_the_community_once(client, cast):
    riverside_plan(cast)
    client.force_login(cast.lead)
    for url in (base(cast), plan(cast), f"{plan(cast)}edit/", f"{plan(cast)}delete/"):
        crumbs = client.get(url).text.split('class="container breadcrumbs"')[1].split("</nav>")[0]
        assert crumbs.count(cast.community.name) == 1, url
        assert "Process observations" in crumbs


def test_the_community_page_links_observations_only_for_those_who_may_read_them(client, cast):
    community_page = f"/o/{cast.org.slug}/c/{cast.community.slug}/"
    for who, shown in ((cast.partner, True), (cast.evaluator, True), (cast.funder, False)):
        client.force_login(who)
        assert (base(cast) in client.get(community_page).text) is shown, who

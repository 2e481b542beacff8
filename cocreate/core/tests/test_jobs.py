"""Documents prepared in the task queue: the progress page, the download, retries, who sees what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from cocreate.core import jobs
from cocreate.core.models import Membership, Role
from cocreate.core.models_jobs import DocumentJob, JobStatus
from cocreate.testing.downloads import download, prepare

# A document kind of the tests' own, whose renderer does what each test needs.
BEHAVIOUR: dict[str, object] = {}


def render_note(job: DocumentJob) -> jobs.Rendered:
    outcome = BEHAVIOUR.get("outcome", "ok")
    if outcome == "crash":
        raise RuntimeError("the renderer fell over")
    if outcome == "refuse":
        raise jobs.DocumentUnavailable("Nothing to print yet: nobody has answered.")
    return jobs.Rendered(f"note for {job.community.name}".encode(), "riverside-note.txt", "text/plain")


jobs.register_document_kind(
    "tests.note",
    label="A note",
    render=render_note,
    may_request=lambda tenant, community: tenant.can("plan.change", community),
)


@pytest.fixture(autouse=True)
def _renderer_works():
    BEHAVIOUR.clear()
    yield
    BEHAVIOUR.clear()


def plan_docx_url(cast) -> str:
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/plan/download/docx/"


def request_note(cast, who=None, *, run=True) -> DocumentJob:
    """What a "prepare" view does for `who` (the lead by default), the task run on commit if `run`."""
    from cocreate.core.access import tenant_for

    tenant = tenant_for(who or cast.lead, cast.org.slug)
    with TestCase.captureOnCommitCallbacks(execute=run):
        job = jobs.do_request_document(tenant, "tests.note", community=cast.community)
    job.refresh_from_db()
    return job


def progress_url(job: DocumentJob) -> str:
    return f"/o/{job.organization.slug}/downloads/{job.pk}/"


def test_it_prepares_the_document_and_serves_it_with_download_headers(client, cast):
    client.force_login(cast.lead)
    response = download(client, plan_docx_url(cast))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="riverside-engagement-plan-v1.docx"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"PK")  # a DOCX is a zip


def test_it_shows_the_progress_page_with_a_way_back(client, cast):
    client.force_login(cast.lead)
    plan_page = f"/o/{cast.org.slug}/c/{cast.community.slug}/plan/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(plan_docx_url(cast), HTTP_REFERER="http://testserver" + plan_page)
    page = client.get(response["Location"])
    assert "Partnership engagement plan (Word)" in page.text
    assert "Riverside" in page.text
    assert 'href="http://testserver' + plan_page + '"' in page.text
    assert "Download riverside-engagement-plan-v1.docx" in page.text


def test_it_keeps_no_way_back_to_another_site(client, cast):
    client.force_login(cast.lead)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(plan_docx_url(cast), HTTP_REFERER="https://evil.example/phish")
    assert DocumentJob.objects.get().return_url == ""


def test_it_waits_and_polls_until_the_worker_is_done(client, cast):
    job = request_note(cast, run=False)  # a worker has not picked it up yet
    client.force_login(cast.lead)
    page = client.get(progress_url(job))
    assert "Waiting to start…" in page.text
    assert 'hx-trigger="every 2s"' in page.text
    # Without JavaScript the page refreshes itself, and offers a link to do it by hand.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.text
    assert f'<a href="{progress_url(job)}">Refresh</a>' in page.text
    assert client.get(progress_url(job) + "file/")["Location"] == progress_url(job)

    jobs.generate_document.call(job.pk)
    fragment = client.get(progress_url(job), HTTP_HX_REQUEST="true")
    assert "Your document is ready." in fragment.text
    assert "hx-trigger" not in fragment.text  # polling stops
    assert "<html" not in fragment.text  # htmx gets the status block alone
    page = client.get(progress_url(job))
    assert "http-equiv" not in page.text
    assert client.get(progress_url(job) + "file/").content == b"note for Riverside"


def test_it_shows_a_failure_and_a_retry_that_works(client, cast):
    BEHAVIOUR["outcome"] = "crash"
    job = request_note(cast)
    assert job.status == JobStatus.FAILED
    client.force_login(cast.lead)
    page = client.get(progress_url(job))
    assert "This document could not be prepared." in page.text
    assert "Something went wrong while preparing this document." in page.text
    assert "fell over" not in page.text  # the exception is for the log, not for people
    assert f'action="{progress_url(job)}retry/"' in page.text and "Try again" in page.text
    assert client.get(progress_url(job) + "file/").status_code == 302

    BEHAVIOUR["outcome"] = "ok"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(progress_url(job) + "retry/")
    assert response["Location"] == progress_url(job)
    page = client.get(progress_url(job))
    assert "Your document is ready." in page.text and "Try again" not in page.text
    assert client.get(progress_url(job) + "file/").content == b"note for Riverside"


def test_it_shows_the_renderers_own_sentence_when_a_document_cannot_be_made(client, cast):
    BEHAVIOUR["outcome"] = "refuse"
    job = request_note(cast)
    client.force_login(cast.lead)
    assert "Nothing to print yet: nobody has answered." in client.get(progress_url(job)).text


def test_it_writes_the_failure_in_the_language_of_the_request(client, cast):
    from django.utils import translation

    BEHAVIOUR["outcome"] = "crash"
    with translation.override("es"):
        job = request_note(cast)
    assert job.language == "es"
    assert job.error.startswith("Algo salió mal")


def test_it_retries_once_under_a_double_click(client, cast, django_capture_on_commit_callbacks):
    BEHAVIOUR["outcome"] = "crash"
    job = request_note(cast)
    client.force_login(cast.lead)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(progress_url(job) + "retry/")
        client.post(progress_url(job) + "retry/")
    assert len(queued) == 1


def test_it_offers_a_retry_when_a_job_is_lost(client, cast):
    job = request_note(cast, run=False)
    DocumentJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - timedelta(minutes=11))
    client.force_login(cast.lead)
    page = client.get(progress_url(job))
    assert "Waiting to start…" in page.text and "Try again" in page.text


def test_it_reuses_the_job_under_a_double_click(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.lead)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = client.post(plan_docx_url(cast))
        second = client.post(plan_docx_url(cast))
    assert first["Location"] == second["Location"]
    assert DocumentJob.objects.count() == 1 and len(queued) == 1


def test_it_prepares_afresh_after_a_while_or_with_other_parameters(client, cast):
    client.force_login(cast.lead)
    pdf_url = plan_docx_url(cast).replace("docx", "pdf")
    with TestCase.captureOnCommitCallbacks(execute=False):
        letter = client.post(pdf_url)["Location"]
        a4 = client.post(pdf_url, {"paper": "a4"})["Location"]
    assert letter != a4
    DocumentJob.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    with TestCase.captureOnCommitCallbacks(execute=False):
        assert client.post(pdf_url)["Location"] != letter
    assert DocumentJob.objects.count() == 3


def test_it_does_not_reuse_someone_elses_job(client, cast):
    mine = request_note(cast, cast.lead)
    theirs = request_note(cast, cast.practitioner)
    assert mine.pk != theirs.pk


def test_it_sends_anonymous_people_to_sign_in(client, cast):
    job = request_note(cast)
    for suffix in ("", "file/"):
        assert client.get(progress_url(job) + suffix)["Location"].startswith("/accounts/login/")
    assert client.post(progress_url(job) + "retry/")["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "who",
    [
        "practitioner",
        "partner",
        "admin",
        "other_community_lead",
        "other_org_admin",
        "other_org_lead",
        "outsider",
    ],
)
def test_it_shows_a_job_to_nobody_but_the_person_who_asked(client, cast, who):
    """The same community (staff too), another community, another organization: all the same 404."""
    job = request_note(cast)
    client.force_login(getattr(cast, who))
    assert client.get(progress_url(job)).status_code == 404
    assert client.get(progress_url(job) + "file/").status_code == 404
    assert client.post(progress_url(job) + "retry/").status_code == 404


def test_it_hides_a_job_under_another_organizations_address(client, cast):
    job = request_note(cast)
    Membership.objects.create(user=cast.lead, organization=cast.other_org, role=Role.PARTNER)
    client.force_login(cast.lead)
    assert client.get(f"/o/{cast.other_org.slug}/downloads/{job.pk}/").status_code == 404


def test_it_hides_the_job_once_the_person_may_no_longer_ask_for_it(client, cast):
    job = request_note(cast)
    client.force_login(cast.lead)
    assert client.get(progress_url(job)).status_code == 200
    # Moved from team lead to partner: a partner may not ask for this document.
    Membership.objects.filter(user=cast.lead, community=cast.community).update(role=Role.PARTNER)
    assert client.get(progress_url(job)).status_code == 404
    assert client.get(progress_url(job) + "file/").status_code == 404
    # And removed from the community altogether.
    Membership.objects.filter(user=cast.lead, community=cast.community).delete()
    Membership.objects.create(
        user=cast.lead, organization=cast.org, community=cast.other_community, role=Role.TEAM_LEAD
    )
    assert client.get(progress_url(job)).status_code == 404


def test_it_refuses_the_button_to_a_role_that_may_not_download(client, cast):
    """The partner may read the plan but not export assessment results: the button answers 403."""
    from cocreate.assessments.tests.routes_results import riverside_round

    adm = riverside_round(cast)
    client.force_login(cast.partner)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/assessments/{adm.pk}/report.pdf"
    assert client.post(url).status_code == 403
    assert not DocumentJob.objects.exists()


def test_it_forgets_expired_jobs(client, cast):
    old = request_note(cast)
    DocumentJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(cast.lead)
    assert client.get(progress_url(old)).status_code == 404
    assert client.get(progress_url(old) + "file/").status_code == 404
    prepare(client, plan_docx_url(cast))  # the next request to prepare a document deletes it
    assert not DocumentJob.objects.filter(pk=old.pk).exists()


def test_the_command_deletes_expired_jobs(cast, capsys):
    old, kept = request_note(cast), request_note(cast, cast.practitioner)
    DocumentJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("purge-document-jobs")
    assert list(DocumentJob.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "Deleted 1 expired" in capsys.readouterr().out


def test_the_progress_page_query_count_is_flat(client, cast, django_assert_num_queries):
    waiting = request_note(cast, run=False)
    client.force_login(cast.lead)
    waiting_url = progress_url(waiting)
    client.get(waiting_url)  # warm the session
    # session, user, memberships (the tenant), the job with its community
    with django_assert_num_queries(4):
        client.get(waiting_url)
    for who in (cast.practitioner, cast.admin):
        request_note(cast, who)
    DocumentJob.objects.update(created_at=timezone.now() - timedelta(minutes=5))  # none is reused
    done = request_note(cast)
    for _ in range(5):
        DocumentJob.objects.update(created_at=timezone.now() - timedelta(minutes=5))
        request_note(cast)
    assert DocumentJob.objects.filter(requested_by=cast.lead).count() == 7
    done_url = progress_url(done)
    with django_assert_num_queries(4):  # the same for a finished job among many
        response = client.get(done_url)
    assert "Your document is ready." in response.text
    with django_assert_num_queries(4):
        client.get(done_url, HTTP_HX_REQUEST="true")

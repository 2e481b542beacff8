"""The worksheet engine in the API: a step saved from where it was read, a stale one answered 409 with
the text saved meanwhile; comments, drafts, publishing; the list's queries flat as worksheets grow."""

from __future__ import annotations

import pytest
from django.test import Client

from cocreate.worksheets import engine

from .helpers_engine import start

pytestmark = pytest.mark.django_db


def api(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/worksheets/{suffix}"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_stale_step_is_answered_409_with_the_saved_text(cast):
    ws = start(cast)
    url = api(cast, f"{ws.pk}/steps/ask/")
    lee, paz = login(cast.lead), login(cast.partner)
    read = lee.get(api(cast, f"{ws.pk}/")).json()
    counter = next(s["counter"] for s in read["steps"] if s["key"] == "ask")
    body = {"values": {"what_we_do": "Lee"}, "started_from": str(counter)}
    ok = lee.post(url, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["content"]["ask"]["what_we_do"] == "Lee"
    stale = paz.post(url, {**body, "values": {"what_we_do": "Paz"}}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["saved"]["what_we_do"] == "Lee" and stale.json()["current"] == counter + 1
    bad = paz.post(url, {"values": {"what_we_do": "x" * 7000}}, content_type="application/json")
    assert bad.status_code == 400 and "what_we_do" in bad.json()


def test_comment_draft_and_publish(cast):
    ws = start(cast)
    engine.do_save_step(ws, "publish", acting_user=cast.lead, values={"final": "Together."}, started_from=0)
    paz, lee = login(cast.partner), login(cast.lead)
    made = paz.post(
        api(cast, f"{ws.pk}/comments/"),
        {"body": "Yes!", "step_key": "publish"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["author"] == cast.partner.display_name
    draft = paz.post(api(cast, f"{ws.pk}/drafts/"), {}, content_type="application/json")
    assert draft.status_code == 201 and draft.json()["number"] == 1
    assert paz.post(api(cast, f"{ws.pk}/publish/"), {}, content_type="application/json").status_code == 403
    published = lee.post(
        api(cast, f"{ws.pk}/publish/"), {"draft": draft.json()["id"]}, content_type="application/json"
    )
    assert published.status_code == 200 and published.json()["kind"] == "published"
    versions = login(cast.funder).get(api(cast, f"{ws.pk}/versions/")).json()
    assert [v["kind"] for v in versions["results"]] == ["published", "draft"]


def test_the_list_queries_stay_flat(cast, django_assert_num_queries):
    client = login(cast.partner)
    start(cast)
    client.get(api(cast))
    with django_assert_num_queries(API_LIST_QUERIES) as captured:
        assert client.get(api(cast)).status_code == 200
    for i in range(5):
        start(cast, title=f"More {i}")
    with django_assert_num_queries(len(captured.captured_queries)):
        assert len(client.get(api(cast)).json()["results"]) == 6


API_LIST_QUERIES = 6

"""Fair review: who reviews, alone first, name-blind, disagreement worked out by hand, query budget."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cocreate.core.errors import WriteError
from cocreate.leaders import review
from cocreate.leaders.models import ApplicationStatus, Review
from cocreate.leaders.review import ReviewAccess

from .factories_review import make_application, make_call, make_review

pytestmark = pytest.mark.django_db


def url(call, application=None, tail=""):
    base = f"/o/{call.organization.slug}/calls/{call.pk}/review/"
    return base + (f"{application.pk}/" if application else "") + tail


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def api_url(call, application=None, tail=""):
    base = f"/api/v1/orgs/{call.organization.slug}/calls/{call.pk}/applications/"
    return base + (f"{application.pk}/" if application else "") + tail


def test_only_named_reviewers_and_deciders_review_a_call(client, cast):
    call = make_call(cast.community)  # nobody named
    client.force_login(cast.practitioner)
    assert client.get(url(call)).status_code == 403
    assert api(cast.practitioner).get(api_url(call)).status_code == 403
    make_call(cast.community, reviewers=[cast.practitioner], title="Other")
    assert client.get(url(call)).status_code == 403  # named on another call only
    client.force_login(cast.lead)
    assert client.get(url(call)).status_code == 200  # decides in Riverside
    client.force_login(cast.other_community_lead)
    assert client.get(url(call)).status_code == 404
    client.force_login(cast.other_org_admin)
    assert client.get(url(call)).status_code == 404


def test_alone_first_hides_the_others_scores_and_comments_until_mine_is_in(client, cast):
    call = make_call(cast.community, reviewers=[cast.practitioner, cast.lead])
    application = make_application(call)
    make_review(application, cast.lead, [4, 4, 1], comment="She runs the parents' WhatsApp group.")
    client.force_login(cast.practitioner)
    page = client.get(url(call, application)).content.decode()
    assert "WhatsApp" not in page
    assert "Lee Lead" not in page
    listing = client.get(url(call)).content.decode()
    assert "WhatsApp" not in listing and "4.0" not in listing
    data = api(cast.practitioner).get(api_url(call, application)).json()
    assert data["others"] == [] and data["criteria"] == [] and data["scores_visible"] is False

    criteria = list(call.criteria.order_by("position"))
    draft = {f"score_{criteria[0].pk}": "2", "comment": "Thinking", "save": "1"}
    assert client.post(url(call, application), draft).status_code == 302
    assert "WhatsApp" not in client.get(url(call, application)).content.decode()  # a draft is not enough

    submit = {f"score_{c.pk}": "2" for c in criteria} | {"comment": "Warm answers", "submit": "1"}
    assert client.post(url(call, application), submit).status_code == 302
    page = client.get(url(call, application)).content.decode()
    assert "WhatsApp" in page and "Lee Lead" in page
    data = api(cast.practitioner).get(api_url(call, application)).json()
    assert data["others"][0]["comment"] == "She runs the parents' WhatsApp group."
    assert [c["mean"] for c in data["criteria"]] == ["3.0", "3.0", "1.5"]


def test_name_blind_hides_the_name_and_contact_details_until_the_decision(client, cast):
    call = make_call(cast.community, reviewers=[cast.practitioner], name_blind=True)
    application = make_application(call, name="Rosa Delgado", email="rosa@example.net", phone="555-0199")
    make_application(call, name="Other Person", email="other@example.net")
    secrets = ["Rosa Delgado", "rosa@example.net", "555-0199", "12 Elm Street"]
    for user in (cast.practitioner, cast.lead):  # the decider too, while undecided
        client.force_login(user)
        pages = [client.get(url(call)), client.get(url(call, application))]
        if user == cast.lead:
            pages.append(client.get(url(call, application, "decide/?decision=declined")))
        for response in pages:
            assert response.status_code == 200
            html = response.content.decode()
            assert "Applicant 1" in html
            assert not [s for s in secrets if s in html]
        for response in (api(user).get(api_url(call)), api(user).get(api_url(call, application))):
            body = response.content.decode()
            assert not [s for s in secrets if s in body]
            assert "Applicant 1" in body

    client.force_login(cast.lead)
    client.post(url(call, application, "decide/"), {"decision": "declined", "message": "Thank you."})
    client.force_login(cast.practitioner)
    assert "Rosa Delgado" in client.get(url(call, application)).content.decode()
    assert "Rosa Delgado" in client.get(url(call)).content.decode()
    assert api(cast.practitioner).get(api_url(call, application)).json()["email"] == "rosa@example.net"


def test_the_review_list_puts_what_i_must_score_first_then_the_largest_disagreement(client, cast):
    call = make_call(cast.community, reviewers=[cast.practitioner, cast.lead])
    a = make_application(call, name="Ana")
    b = make_application(call, name="Bea")
    c = make_application(call, name="Cruz")
    d = make_application(call, name="Dee")
    # spreads, worked out by hand:   criterion 1, 2, 3 -> largest
    make_review(a, cast.lead, [2, 2, 2])
    make_review(a, cast.practitioner, [3, 2, 2])  # 1, 0, 0 -> 1
    make_review(b, cast.lead, [1, 4, 3])
    make_review(b, cast.practitioner, [4, 4, 1])  # 3, 0, 2 -> 3
    make_review(c, cast.lead, [2, 3, 3])
    make_review(c, cast.practitioner, [2, 1, 3])  # 0, 2, 0 -> 2
    make_review(d, cast.lead, [4, 4, 4])  # the practitioner has not scored Dee
    access = ReviewAccess(named=True, decides=False)
    _criteria, rows = review.review_rows(call, cast.practitioner, access)
    assert [r.label for r in rows] == ["Dee", "Bea", "Cruz", "Ana"]
    assert [r.spread for r in rows] == [0, 3, 2, 1]
    assert rows[0].summary == [] and not rows[0].visible
    bea = rows[1]
    assert [s.mean for s in bea.summary] == [Decimal("2.5"), Decimal("4.0"), Decimal("2.0")]
    assert [s.spread for s in bea.summary] == [3, 0, 2]
    assert [s.highlighted for s in bea.summary] == [True, False, False]
    assert [s.highlighted for s in rows[2].summary] == [False, True, False]

    client.force_login(cast.practitioner)
    html = client.get(url(call)).content.decode()
    assert html.index("Dee") < html.index("Bea") < html.index("Cruz") < html.index("Ana")
    assert "disagree strongly" in html
    names = [row["applicant"] for row in api(cast.practitioner).get(api_url(call)).json()["results"]]
    assert names == ["Dee", "Bea", "Cruz", "Ana"]


def test_a_review_is_saved_as_a_draft_and_submitted_once(cast):
    call = make_call(cast.community, reviewers=[cast.practitioner])
    application = make_application(call)
    c1, c2, c3 = call.criteria.order_by("position")
    draft = review.do_save_review(application, acting_user=cast.practitioner, scores={c1.pk: 3})
    assert draft.submitted_at is None
    with pytest.raises(WriteError) as refused:
        review.do_save_review(application, acting_user=cast.practitioner, scores={c1.pk: 3}, submit=True)
    assert f"score_{c2.pk}" in refused.value.field_errors
    with pytest.raises(WriteError):
        review.do_save_review(application, acting_user=cast.practitioner, scores={c1.pk: 5})
    scores = {c1.pk: 3, c2.pk: 4, c3.pk: 1}
    done = review.do_save_review(application, acting_user=cast.practitioner, scores=scores, submit=True)
    again = review.do_save_review(application, acting_user=cast.practitioner, scores=scores, submit=True)
    assert done.pk == again.pk and Review.objects.count() == 1
    with pytest.raises(WriteError):
        review.do_save_review(application, acting_user=cast.practitioner, scores={**scores, c3.pk: 2})
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    with pytest.raises(WriteError):
        review.do_save_review(application, acting_user=cast.lead, scores=scores)


def test_the_api_takes_my_scores(cast):
    call = make_call(cast.community, reviewers=[cast.practitioner])
    application = make_application(call)
    criteria = list(call.criteria.order_by("position"))
    body = {"scores": [{"criterion": c.pk, "score": 3} for c in criteria], "comment": "Yes", "submit": True}
    response = api(cast.practitioner).post(api_url(call, application, "review/"), body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["my_review"] == "submitted"
    bad = {"scores": [{"criterion": criteria[0].pk, "score": 9}]}
    assert (
        api(cast.practitioner).post(api_url(call, application, "review/"), bad, format="json").status_code
        == 400
    )


def _page_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_review_list_costs_the_same_queries_however_many_applications(
    client, cast, django_assert_num_queries
):
    call = make_call(cast.community, reviewers=[cast.practitioner, cast.lead])
    for name in ("Ana", "Bea"):
        application = make_application(call, name=name)
        make_review(application, cast.lead, [1, 2, 3])
        make_review(application, cast.practitioner, [3, 2, 1])
    client.force_login(cast.practitioner)
    _page_queries(client, url(call))  # warm up
    few = _page_queries(client, url(call))
    for name in ("Cruz", "Dee", "Eva", "Flor"):
        application = make_application(call, name=name)
        make_review(application, cast.lead, [4, 4, 4])
        make_review(application, cast.practitioner, [1, 1, 1], submitted=name != "Flor")
    with django_assert_num_queries(few):
        client.get(url(call))
    assert few == 9

"""The support log through the API: same rules and same writes as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.partners import actions as partner_actions
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.planning.tests.helpers import make_action, make_goal
from cocreate.support.models import SupportEvent
from cocreate.support.tests.helpers import log


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def riverside(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/support/{suffix}"


def session(**overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "hours": "1.5",
        "event_type": "coaching",
        "function": "is",
        "modality": "virtual",
        "domains": ["co-creation"],
    }
    data.update(overrides)
    return data


def test_it_logs_a_session_through_the_same_write_as_the_pages(cast):
    parent = riverside_parent(cast)
    response = api_as(cast.practitioner).post(
        riverside(cast, "events/"),
        session(attendee_partners=[parent.pk], summary="Coaching on the new format"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["hours"] == "1.5" and body["domains"] == ["co-creation"]
    assert body["facilitators"] == [{"id": cast.practitioner.pk, "name": "Pat Practitioner"}]
    assert body["headcounts"]["community"] == 1  # counted from the attendee partners
    event = SupportEvent.objects.get()
    assert event.history.latest().history_user == cast.practitioner
    parent.refresh_from_db()
    assert parent.last_engaged_on == timezone.localdate()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"hours": "0"}, "hours"),
        ({"hours": "25"}, "hours"),
        ({"hours": "1.25"}, "hours"),
        ({"event_type": "party"}, "event_type"),
        ({"domains": ["cooking"]}, "domains"),
        ({"date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "date"),
    ],
)
def test_it_rejects_bad_details_field_by_field(cast, data, field):
    response = api_as(cast.practitioner).post(riverside(cast, "events/"), session(**data), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not SupportEvent.objects.exists()


def test_it_rejects_an_attendee_from_another_community(cast):
    lakeview = partner_actions.do_create_partner(cast.other_community, name="Lu", partner_type="agency")
    response = api_as(cast.admin).post(
        riverside(cast, "events/"), session(attendee_partners=[lakeview.pk]), format="json"
    )
    assert response.status_code == 400
    assert "Only partners of this community" in str(response.json()["attendee_partners"])
    assert not SupportEvent.objects.exists()


def test_it_records_the_goals_and_actions_a_session_served(cast):
    goal = make_goal(cast, "Families shape the schedule")
    action = make_action(goal, cast, "Two evening listening sessions")
    response = api_as(cast.practitioner).post(
        riverside(cast, "events/"), session(goals=[goal.pk], actions=[action.pk]), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["goals"] == [{"id": goal.pk, "statement": "Families shape the schedule", "status": "active"}]
    assert body["actions"] == [
        {
            "id": action.pk,
            "goal": goal.pk,
            "strategy": "Two evening listening sessions",
            "status": "not_started",
        }
    ]
    detail = api_as(cast.partner).get(riverside(cast, f"events/{body['id']}/")).json()
    assert [g["id"] for g in detail["goals"]] == [goal.pk] and [a["id"] for a in detail["actions"]] == [
        action.pk
    ]


@pytest.mark.parametrize("field", ["goals", "actions"])
def test_it_rejects_a_goal_or_action_of_another_community(cast, field):
    goal = make_goal(cast, "Lakeview goal", community=cast.other_community)
    ids = {"goals": [goal.pk], "actions": [make_action(goal, cast).pk]}
    response = api_as(cast.admin).post(
        riverside(cast, "events/"), session(**{field: ids[field]}), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == [field] and "Choose among" in str(response.json()[field])
    assert not SupportEvent.objects.exists()


@pytest.mark.parametrize("who", ["lead", "partner", "funder", "evaluator"])
def test_it_lets_only_admins_and_practitioners_log(cast, who):
    client = api_as(getattr(cast, who))
    assert client.get(riverside(cast, "events/")).status_code == 200
    assert client.post(riverside(cast, "events/"), session(), format="json").status_code == 403
    assert not SupportEvent.objects.exists()


def test_it_hides_an_event_of_another_community(cast):
    lakeview_event = log(cast, cast.other_community, by=cast.admin)
    assert api_as(cast.admin).get(riverside(cast, f"events/{lakeview_event.pk}/")).status_code == 404


def test_it_lists_and_filters_events(cast):
    log(cast, event_type="training", function="wfd", summary="Training")
    log(cast, event_type="coaching", summary="Coaching")
    client = api_as(cast.lead)
    rows = client.get(riverside(cast, "events/")).json()["results"]
    assert [r["summary"] for r in rows] == ["Coaching", "Training"]  # newest first (same day: last logged)
    assert [
        r["summary"] for r in client.get(riverside(cast, "events/"), {"type": "training"}).json()["results"]
    ] == ["Training"]
    assert client.get(riverside(cast, "events/"), {"month": "soon"}).status_code == 400


def test_it_gives_the_monthly_dosage(cast):
    log(cast, hours="1.5", headcounts={"community": 2, "agency": 4}, domains=["co-creation", "media"])
    response = api_as(cast.partner).get(riverside(cast, "dosage/"))
    months = response.json()
    assert len(months) == 12
    now = months[-1]
    assert now["month"] == timezone.localdate().strftime("%Y-%m")
    assert (now["events"], now["hours"]) == (1, "1.5")
    assert now["hours_by_domain"] == {"co-creation": "1.5", "media": "1.5"}
    assert now["partner_types_reached"] == ["agency", "community"]
    assert len(api_as(cast.lead).get(riverside(cast, "dosage/"), {"period": "24"}).json()) == 24
    assert api_as(cast.lead).get(riverside(cast, "dosage/"), {"period": "7"}).status_code == 400


def add_events(cast, n):
    parent = riverside_parent(cast)
    for i in range(n):
        log(
            cast,
            day=timezone.localdate() - timedelta(days=4 * i),
            partners=[parent],
            facilitators=[cast.practitioner, cast.admin],
            domains=["co-creation", "workforce"],
        )


def test_the_query_counts_are_flat(cast, django_assert_num_queries):
    add_events(cast, 2)
    client = api_as(cast.lead)
    event = SupportEvent.objects.first()
    urls = {
        # token, memberships, community, count, page, domains, facilitators, partners, users, goals, actions
        riverside(cast, "events/"): 11,
        # token, memberships, community, event check, event, domains, facilitators, partners, users,
        # goals, actions
        riverside(cast, f"events/{event.pk}/"): 11,
        # token, memberships, community, events grouped by month, domain hours grouped by month
        riverside(cast, "dosage/"): 5,
    }
    for url in urls:
        client.get(url)
    for url, budget in urls.items():
        with django_assert_num_queries(budget):
            client.get(url)
    add_events(cast, 25)
    for url, budget in urls.items():
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200


def test_an_event_shows_its_interim_outcomes_survey_and_how_many_answered(cast):
    from cocreate.assessments import actions as assessment_actions
    from cocreate.assessments.models import Invitee
    from cocreate.support.actions import do_send_interim_survey

    quiet = log(cast, day=timezone.localdate() - timedelta(days=9))
    sent = log(cast, users=[cast.lead, cast.partner])
    survey = do_send_interim_survey(sent, acting_user=cast.practitioner)
    invitee = Invitee.objects.select_related("administration__version").get(user=cast.lead)
    items = [key for key, _section in invitee.administration.version.item_keys]
    assessment_actions.do_submit_response(invitee, answers={k: 4 for k in items}, evidence={}, reflections={})

    client = api_as(cast.partner)
    got = client.get(riverside(cast, f"events/{sent.pk}/")).json()["survey"]
    assert got == {
        "administration": survey.administration_id,
        "sent_at": got["sent_at"],
        "status": "open",
        "invited": 2,
        "answered": 1,
    }
    assert client.get(riverside(cast, f"events/{quiet.pk}/")).json()["survey"] is None
    listed = {e["id"]: e["survey"] for e in client.get(riverside(cast, "events/")).json()["results"]}
    assert listed[sent.pk]["invited"] == 2 and listed[quiet.pk] is None

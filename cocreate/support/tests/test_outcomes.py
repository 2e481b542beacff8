"""Dosage beside interim outcomes and capacity: the same months, side by side, labelled as not causal."""

from datetime import datetime, time, timedelta

from django.utils import dateformat, timezone

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.models import Administration
from cocreate.assessments.tests.helpers import answer, builtin, open_round
from cocreate.support.queries import dosage as q
from cocreate.support.queries.outcomes import outcomes_by_month

from .helpers import log


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/support/outcomes/{suffix}"


def months_ago(n: int):
    return q.add_months(q.month_start(timezone.localdate()), -n)


def opened(adm, month):
    """Move a round's opening into `month` (its 10th, midday)."""
    moment = timezone.make_aware(datetime.combine(month.replace(day=10), time(12)))
    Administration.objects.filter(pk=adm.pk).update(opened_at=moment)


def interim_round(cast, value, *, month=None, people=None, anonymous=False, community=None):
    people = people or [cast.lead, cast.partner, cast.practitioner]
    adm = open_round(cast, builtin("interim-outcomes"), invitees=people, anonymous=anonymous)
    if community is not None:
        Administration.objects.filter(pk=adm.pk).update(community=community)
        adm.refresh_from_db()
    for person in people:
        answer(adm, person, value)
    assessment_actions.do_close(adm)  # its figures show once it stops collecting answers
    if month:
        opened(adm, month)
    return adm


def capacity_round(cast, value, *, month=None):
    people = [cast.lead, cast.practitioner, cast.partner]
    adm = open_round(cast, builtin("capacity"), invitees=people)
    for person in people:
        answer(adm, person, value)
    assessment_actions.do_close(adm)
    if month:
        opened(adm, month)
    return adm


def test_it_puts_dosage_interim_outcomes_and_capacity_in_the_same_months(client, cast):
    this_month, two_ago = months_ago(0), months_ago(2)
    log(cast, hours="2.0")
    log(cast, hours="1.5", day=two_ago.replace(day=3))
    interim_round(cast, 4, month=two_ago)
    interim_round(cast, 3, month=two_ago)
    capacity_round(cast, 1, month=this_month)
    client.force_login(cast.lead)
    response = client.get(url(cast))
    page = response.content.decode()
    assert "Side by side, not cause and effect" in page
    assert "does not show the support made the difference" in page
    rows = {r["label"]: r for r in response.context["rows"]}
    older = rows[dateformat.format(two_ago, "F Y")]
    assert (older["events"], older["hours"]) == (1, "1.5")
    assert older["scores"][0]["text"] == "3.5" and older["scores"][0]["rounds"] == 2  # average of 4 and 3
    assert older["scores"][0]["responses"] == 6 and older["scores"][1]["text"] == ""
    latest = rows[dateformat.format(this_month, "F Y")]
    assert (latest["events"], latest["hours"]) == (1, "2.0")
    assert latest["scores"][1]["text"] == "50%" and latest["scores"][0]["rounds"] == 0
    assert dateformat.format(months_ago(1), "F Y") in rows  # a month with nothing is still a row
    panels = response.context["chart"].panels
    assert [p.name for p in panels] == ["hours", "interim", "capacity"]
    assert [r["score"] for r in panels[1].spec["data"]["values"]] == [3.5]
    assert panels[2].spec["layer"][1]["data"]["values"] == [{"target": 80.0}]
    # every panel spans the same months
    domains = {
        tuple(
            p.spec.get("encoding", p.spec.get("layer", [{}])[0].get("encoding", {}))["x"]["scale"]["domain"]
        )
        for p in panels
    }
    assert len(domains) == 1 and len(next(iter(domains))) == 12


def test_it_shows_an_empty_state_when_there_is_nothing_yet(client, cast):
    client.force_login(cast.practitioner)
    response = client.get(url(cast))
    page = response.content.decode()
    assert "Nothing to put side by side yet" in page
    assert "Side by side, not cause and effect" in page  # the label stays
    assert response.context["chart"] is None and "chart-canvas" not in page
    assert "Log a session of support" in page and "Open an assessment round" in page
    client.force_login(cast.funder)
    page = client.get(url(cast)).content.decode()
    assert "Nothing to put side by side yet" in page and "Log a session of support" not in page


def test_support_alone_shows_that_no_scores_exist_yet(client, cast):
    log(cast)
    client.force_login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert "No interim-outcomes scores yet" in page and "No capacity scores yet" in page
    assert "No rounds with scores in these months." in page  # the empty panels say so too


def test_an_anonymous_round_with_too_few_answers_is_withheld(client, cast):
    interim_round(cast, 5, people=[cast.lead, cast.partner], anonymous=True)
    client.force_login(cast.lead)
    response = client.get(url(cast))
    row = response.context["rows"][0]
    assert row["scores"][0]["rounds"] == 0 and row["scores"][0]["withheld"] == 1
    assert "1 round not shown (fewer than 3 answers, or still collecting them)" in response.content.decode()
    assert response.context["chart"].panels[1].spec["data"]["values"] == [
        {"text": "No rounds with scores in these months."}
    ]


def test_other_communities_and_older_months_are_left_out(cast):
    interim_round(cast, 2, community=cast.other_community)
    interim_round(cast, 5, month=months_ago(14))
    log(cast, day=months_ago(14))
    data = outcomes_by_month(cast.community, months=12)
    assert data.empty and len(data.months) == 12
    everything = outcomes_by_month(cast.community, months=None)
    assert everything.months[0].month == months_ago(14) and everything.months[0].interim.score == 5.0


def test_it_lets_anyone_in_the_community_read_it_and_download_the_chart(client, cast):
    log(cast, hours="2.0")
    interim_round(cast, 4)
    client.force_login(cast.partner)
    assert client.get(url(cast)).status_code == 200
    spec = client.get(url(cast, "chart.json")).json()
    assert len(spec["vconcat"]) == 3
    client.force_login(cast.evaluator)
    response = client.get(url(cast, "chart.svg"), {"period": "24"})
    assert response["Content-Type"] == "image/svg+xml" and b"Riverside" in response.content
    client.force_login(cast.other_community_lead)
    assert client.get(url(cast)).status_code == 404


def test_the_query_count_is_flat(client, cast, django_assert_num_queries):
    log(cast)
    interim_round(cast, 4)
    capacity_round(cast, 2)
    client.force_login(cast.lead)
    client.get(url(cast))
    # session, user, memberships, community, events by month, rounds of both instruments, their versions
    with django_assert_num_queries(7):
        client.get(url(cast))
    for i in range(20):
        log(cast, day=timezone.localdate() - timedelta(days=9 * i))
    for i in range(18):
        interim_round(cast, 1 + i % 5, people=[cast.lead], month=months_ago(i % 12))
    with django_assert_num_queries(7):
        response = client.get(url(cast))
    assert sum(r.get("events", 0) for r in response.context["rows"]) >= 20

"""The co-production steps board: facts read from the other apps, suggestions, ratings with stale
refusal, the history of a step, the community section and the query budget."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from cocreate.core.access import tenant_for
from cocreate.core.concurrency import StaleEdit
from cocreate.core.models import Team
from cocreate.meetings.tests.helpers import partner, publish, record
from cocreate.partners.models import EngagementLevel, Level
from cocreate.partners.tests.helpers import area, riverside_parent
from cocreate.planning.models import ActionOwner, FeedbackItem, FeedbackStatus
from cocreate.planning.tests.helpers import make_action, make_goal
from cocreate.steps.actions import NEW, do_rate_step
from cocreate.steps.evidence import evidence_for, figures_for
from cocreate.steps.models import Rating, StepRating
from cocreate.support.tests.helpers import log

from .helpers import rated

pytestmark = pytest.mark.django_db


def board_url(c, suffix=""):
    return f"/o/{c.org.slug}/c/{c.community.slug}/steps/{suffix}"


def texts(evidence, step):
    return [f.text for f in evidence[step].facts], [s.text for s in evidence[step].suggestions]


def build_riverside(c):
    """A little of everything in Riverside, through the apps' own writes where they have one."""
    parent = riverside_parent(c)  # community member, lived experience
    partner(c, "Northfield Family Services", partner_type="agency")
    EngagementLevel.objects.filter(partner=parent).delete()
    EngagementLevel.objects.create(
        organization=c.org,
        community=c.community,
        partner=parent,
        area=area(c.community),
        current=Level.CONSULT,
        planned=Level.COLLABORATE,
    )
    publish(c)
    record(c, "Meet in the evenings", method="consent")
    record(c, "Budget for child care", method="majority")
    goal = make_goal(c)
    owned = make_action(goal, c)
    make_action(goal, c, strategy="Translate the flyers")
    ActionOwner.objects.create(organization=c.org, action=owned, user=c.lead)
    log(c, event_type="training")
    log(c, event_type="coaching")
    today = timezone.localdate()
    for status, reported in [
        (FeedbackStatus.OPEN, None),
        (FeedbackStatus.DONE, today),
        (FeedbackStatus.DONE, None),
    ]:
        FeedbackItem.objects.create(
            organization=c.org,
            community=c.community,
            said="More evening meetings",
            status=status,
            reported_on=reported,
        )
    # Another community's data counts for nothing here.
    record(c, "Lakeview's decision", community=c.other_community)


def test_it_counts_what_the_other_apps_hold(cast):
    build_riverside(cast)
    f = figures_for(cast.community)
    assert (f["partners"], f["lived"], f["lived_collaborate"], f["below_plan"]) == (2, 1, 1, 1)
    assert (f["type_community"], f["type_agency"], f["type_funder"]) == (1, 1, 0)
    assert (f["agreements"], f["decisions"], f["decisions_together"]) == (1, 2, 1)
    assert (f["goals"], f["actions"], f["actions_owned"]) == (1, 2, 1)
    assert (f["trainings"], f["teams"]) == (1, Team.objects.filter(community=cast.community).count())
    assert (f["feedback_open"], f["feedback_done"], f["feedback_reported"]) == (1, 2, 1)
    assert f["policies"] is False or f["policies"] == 0


def test_it_writes_each_fact_with_a_link(cast):
    build_riverside(cast)
    evidence = evidence_for(tenant_for(cast.partner, cast.org.slug), cast.community)
    facts, _ = texts(evidence, 5)
    assert facts == ["2 decisions recorded and shared with the community; 1 by consent or consensus."]
    assert evidence[5].facts[0].url == f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/"
    facts, _ = texts(evidence, 6)
    assert facts[0] == "1 of 2 actions have someone responsible and a due date."
    facts, _ = texts(evidence, 7)
    assert facts[0] == '"You said, we did": 1 open, 2 done, 1 reported back.'
    # Leaders' pages are for staff: a partner reads the fact without the link.
    assert evidence[1].facts[1].url == ""
    staff = evidence_for(tenant_for(cast.lead, cast.org.slug), cast.community)
    assert staff[1].facts[1].url.endswith("/leaders/")


def test_it_suggests_what_is_missing(cast):
    empty = evidence_for(tenant_for(cast.lead, cast.org.slug), cast.community)
    _, suggestions = texts(empty, 3)
    assert "No shared agreement yet: draft one together." in suggestions
    assert empty[3].suggestions[0].url.endswith("/agreement/")
    _, suggestions = texts(empty, 2)
    assert suggestions[0] == "Nobody with lived experience is mapped yet: ask who should be at the table."

    parent = riverside_parent(cast)
    EngagementLevel.objects.filter(partner=parent).update(planned=Level.INVOLVE)
    _, suggestions = texts(evidence_for(tenant_for(cast.lead, cast.org.slug), cast.community), 2)
    assert (
        "Nobody with lived experience has a planned level of collaborate or higher: plan deeper roles."
        in suggestions
    )
    build_riverside(cast)
    full = evidence_for(tenant_for(cast.lead, cast.org.slug), cast.community)
    assert "No shared agreement yet: draft one together." not in texts(full, 3)[1]
    assert "Some things were done but not reported back: tell people what changed." in texts(full, 7)[1]


def test_it_shows_the_board_to_everyone_in_the_community(client, cast):
    rated(cast, 3, notes="Agreement drafted with parents")
    client.force_login(cast.funder)
    page = client.get(board_url(cast)).content.decode()
    assert "Set up how we work together" in page and "Agreement drafted with parents" in page
    rate_link = f'href="{board_url(cast, "3/")}"'
    assert rate_link not in page  # funders read, the team rates
    client.force_login(cast.partner)
    assert rate_link in client.get(board_url(cast)).content.decode()


def test_it_rates_a_step_for_the_first_time_then_refuses_a_stale_first_rating(cast):
    first, second = Client(), Client()
    first.force_login(cast.partner)
    second.force_login(cast.lead)
    url = board_url(cast, "4/")
    assert first.get(url).context["form"]["version"].value() is None
    assert second.get(url).status_code == 200
    data = {"rating": "starting", "notes": "We assessed needs together", "next_step": "Set goals"}
    assert first.post(url, data).status_code == 302
    refused = second.post(url, {**data, "notes": "Mine"})
    assert refused.status_code == 200
    assert "Someone else saved this while you were editing it" in refused.content.decode()
    assert "Mine" in refused.content.decode()  # her text is kept on the form
    row = StepRating.objects.get(community=cast.community, step=4)
    assert (row.notes, row.updated_by, row.version) == ("We assessed needs together", cast.partner, 1)
    moved_on = refused.context["form"]["version"].value()
    assert second.post(url, {**data, "notes": "Mine", "version": moved_on}).status_code == 302
    row.refresh_from_db()
    assert (row.notes, row.version) == ("Mine", 2)


def test_it_refuses_a_stale_write_outside_the_pages(cast):
    row = rated(cast, 2)
    do_rate_step(
        cast.community, acting_user=cast.partner, step=2, version=row.version, rating=Rating.UNDER_WAY
    )
    with pytest.raises(StaleEdit) as refused:
        do_rate_step(cast.community, acting_user=cast.lead, step=2, version=row.version, rating=Rating.STRONG)
    assert refused.value.changed["rating"] == "Where we are was saved meanwhile as “Under way”."
    with pytest.raises(StaleEdit):
        do_rate_step(cast.community, acting_user=cast.lead, step=2, version=NEW, rating=Rating.STRONG)


def test_it_shows_who_changed_what_when(client, cast):
    row = rated(cast, 6, notes="Paid for our time")
    do_rate_step(
        cast.community,
        acting_user=cast.partner,
        step=6,
        version=row.version,
        rating=Rating.STRONG,
        notes="Paid for our time",
    )
    client.force_login(cast.evaluator)
    page = client.get(board_url(cast, "6/history/")).content.decode()
    assert page.count("<li>") >= 2
    assert cast.partner.display_name in page and cast.lead.display_name in page
    assert "Changed: where we are, what we will do next" in page or "Changed: where we are" in page


def test_it_shows_the_summary_on_the_community_page(client, cast):
    rated(cast, 1, rating=Rating.STRONG)
    client.force_login(cast.partner)
    panel = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/steps/").content.decode()
    assert "<strong>1</strong>" in panel and "<strong>7</strong>" in panel  # strong; not started


def test_the_board_query_count_is_flat(client, cast, django_assert_num_queries):
    client.force_login(cast.partner)
    client.get(board_url(cast))  # the first request of a session also saves the session
    # session, user, memberships(+organization, community), the community(+initiative), the ratings
    # (+who saved them), and every figure at once (one row of subqueries)
    with django_assert_num_queries(6):
        client.get(board_url(cast))
    build_riverside(cast)
    for step in range(1, 9):
        rated(cast, step)
    with django_assert_num_queries(6):
        page = client.get(board_url(cast))
    assert "1 de 2 acciones tienen responsable" in page.content.decode()  # she reads Spanish


def test_the_pages_have_no_english_left_in_spanish(client, cast):
    from cocreate.accounts.models import User
    from cocreate.core.tests import spanish_check as check

    build_riverside(cast)
    rated(cast, 3)
    User.objects.filter(pk=cast.partner.pk).update(preferred_language="es")
    vocab, typed, report = check.Vocabulary.from_catalogue(), check.TypedText(), check.Report()
    client.force_login(cast.partner)
    for url in (board_url(cast), board_url(cast, "3/"), board_url(cast, "3/history/")):
        response = client.get(url)
        assert response.status_code == 200
        pieces, _ = check.html_pieces(response.content.decode())
        check.english_in(pieces, vocab, typed, url, report)
    panel = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/steps/").content.decode()
    check.english_in(check.html_pieces(panel)[0], vocab, typed, "panel", report)
    assert not report.findings, "English on Spanish pages:\n" + "\n".join(report.lines())
    assert "Pasos de la coproducción" in client.get(board_url(cast)).content.decode()


def test_the_rate_and_history_pages_query_counts_are_flat(client, cast, django_assert_num_queries):
    row = rated(cast, 4)
    client.force_login(cast.partner)
    client.get(board_url(cast))  # the first request of a session also saves the session
    # session, user, memberships, the community, the step's rating
    with django_assert_num_queries(5):
        client.get(board_url(cast, "4/"))
    # session, user, memberships, the community, the step's history (+who saved each)
    with django_assert_num_queries(5):
        client.get(board_url(cast, "4/history/"))
    for _ in range(5):
        row = do_rate_step(
            cast.community,
            acting_user=cast.lead,
            step=4,
            version=row.version,
            rating=Rating.UNDER_WAY,
            notes="x",
        )
    with django_assert_num_queries(5):
        page = client.get(board_url(cast, "4/history/"))
    assert len(page.context["entries"]) == 6

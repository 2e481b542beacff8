"""Goal setting: "make these goals in the plan" makes each statement a goal of the plan, once."""

import threading

import pytest
from django.db import connection
from django.template.loader import render_to_string

from cocreate.core.access import tenant_for
from cocreate.core.errors import WriteError
from cocreate.planning.models import Goal, Horizon
from cocreate.worksheets import goals, kinds, seeding
from cocreate.worksheets.models import WorksheetGoal

from .kinds_helpers import goals_sheet, riverside_sheet


def test_each_statement_becomes_a_goal_with_its_horizon_actions_and_why(cast):
    ws = goals_sheet(cast)
    benefits = ws.content["benefits"]
    benefits["to_team"][0].update({"matters": "yes", "rank": 2})
    benefits["to_team"][3].update({"matters": "yes", "rank": 1})
    seeding.save_step(ws, "benefits", benefits, acting_user=cast.lead)
    links = goals.do_make_goals(ws, acting_user=cast.lead)
    made = [link.goal for link in links]
    assert [g.horizon for g in made] == [Horizon.NOW, Horizon.SIX_MONTHS]
    assert made[0].community == cast.community and made[0].target_on > made[0].created_at.date()
    assert [a.strategy for a in made[0].actions.order_by("position")] == [
        "Pair each parent with a staff member",
        "Share the agenda early",
    ]
    assert made[0].why_team.splitlines()[0].startswith("- Our materials")  # rank 1 first
    assert goals.do_make_goals(ws, acting_user=cast.lead) == []  # a second click makes nothing
    assert Goal.objects.filter(community=cast.community).count() == 2


def test_a_statement_written_later_makes_only_its_goal(cast):
    ws = goals_sheet(cast, statements=1)
    goals.do_make_goals(ws, acting_user=cast.lead)
    rows = ws.content["goals"]["goals"]
    rows[2]["statement"] = "A year from now, a parent co-chairs the team."
    seeding.save_step(ws, "goals", {"goals": rows}, acting_user=cast.lead)
    (link,) = goals.do_make_goals(ws, acting_user=cast.lead)
    assert link.goal.horizon == Horizon.ONE_YEAR and Goal.objects.count() == 2


def test_it_refuses_a_worksheet_without_statements(cast):
    with pytest.raises(WriteError):
        goals.do_make_goals(riverside_sheet(cast, "goals"), acting_user=cast.lead)


def test_the_page_button_makes_them_and_a_partner_may_not(client, cast):
    ws = goals_sheet(cast)
    url = f"/o/{cast.org.slug}/worksheets/{ws.pk}/make-goals/"
    client.force_login(cast.partner)
    assert client.post(url).status_code == 403
    client.force_login(cast.lead)
    r = client.post(url)
    # Back to the worksheet, whose panel links each statement to the goal it became.
    assert r.status_code == 302 and r.url == f"/o/{cast.org.slug}/c/{cast.community.slug}/worksheets/{ws.pk}/"
    client.post(url)
    assert WorksheetGoal.objects.filter(worksheet=ws).count() == 2
    assert client.get(url).status_code == 405


def test_the_panel_lists_goals_made_in_one_query(cast, django_assert_num_queries):
    ws = goals_sheet(cast)
    ws.template_version  # noqa: B018
    lead = tenant_for(cast.lead, cast.org.slug)
    lead.roles_in(cast.community)
    with django_assert_num_queries(1):
        (panel,) = kinds.extras(ws, "goals", tenant=lead)
    assert "Make these 2 goals in the plan" in render_to_string(panel.template, {"extra": panel.context})
    goals.do_make_goals(ws, acting_user=cast.lead)
    with django_assert_num_queries(1):
        (panel,) = kinds.extras(ws, "goals", tenant=lead)
    html = render_to_string(panel.template, {"extra": panel.context})
    assert "Make these" not in html and "/planning/goals/" in html


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_clicks_makes_each_goal_once(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    ws = goals_sheet(cast)
    errors = []

    def click():
        try:
            goals.do_make_goals(ws, acting_user=cast.lead)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and Goal.objects.filter(community=cast.community).count() == 2

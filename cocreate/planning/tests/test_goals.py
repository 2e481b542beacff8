"""Goals as a team writes them: from an assessment gap or from scratch, with why they matter, their
actions, who holds which equity intention, the history of changes, and the way back to the gap."""

from __future__ import annotations

import datetime
import html as html_lib
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.models import Administration, GapFlag
from cocreate.assessments.tests.helpers import answer, open_round
from cocreate.conftest import member
from cocreate.core.actions import do_create_team
from cocreate.core.models import Role
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.planning import actions
from cocreate.planning.models import Action, EquityIntention, Goal, GoalItem, GoalStatus, Horizon, Intention

from .helpers import make_action, make_goal, today

# Capacity check (see assessments/tests/helpers.py): 0-2 scale, target 80%. cc-involved lands at 50%.
LEAD = {"cc-involved": 0, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 2}
PARTNER = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 1}


def text(response) -> str:
    """The page's text, tags removed and spaces collapsed: what a person reads."""
    page = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def plan_url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/{suffix}"


def goal_url(goal, suffix=""):
    return f"/o/{goal.organization.slug}/c/{goal.community.slug}/planning/goals/{goal.pk}/{suffix}"


def results_url(adm, suffix="results/"):
    return f"/o/{adm.organization.slug}/c/{adm.community.slug}/assessments/{adm.pk}/{suffix}"


def answered_round(cast, lead=LEAD, partner=PARTNER, days_ago=0):
    """A round answered twice as the lead did and twice as the partner did (the means are theirs), in its
    consensus session: no longer collecting answers, so its figures show (assessments.disclosure)."""
    extra = member(
        f"extra{Administration.objects.count()}@example.org", cast.org, Role.PARTNER, cast.community
    )
    adm = open_round(cast, invitees=[cast.lead, cast.partner, cast.practitioner, extra])
    for user, values in (
        (cast.lead, lead),
        (cast.partner, partner),
        (cast.practitioner, lead),
        (extra, partner),
    ):
        answer(adm, user, values)
    assessment_actions.do_start_consensus(adm)
    if days_ago:
        Administration.objects.filter(pk=adm.pk).update(
            opened_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
    adm.refresh_from_db()
    return adm


def goal_data(**extra):
    data = {
        "statement": "Every partner type has a seat at the table",
        "horizon": Horizon.SIX_MONTHS,
        "target_on": "",
        "status": GoalStatus.ACTIVE,
        "why_team": "",
        "why_community": "",
    }
    data.update(extra)
    return data


def test_it_turns_a_gap_into_a_goal_with_actions_and_leads_back_to_the_gap(client, cast):
    adm = answered_round(cast, days_ago=120)
    item = adm.version.items.get(key="cc-involved")
    client.force_login(cast.lead)

    # "Make this a goal" keeps the gap and opens the goal form, filled in from the item.
    response = client.post(results_url(adm, f"gaps/{item.pk}/"))
    gap = GapFlag.objects.get(administration=adm, item=item)
    assert response["Location"] == plan_url(cast, f"goals/new/?gap={gap.pk}")
    form = client.get(response["Location"])
    page = form.content.decode()
    assert "Move “All five partner types are involved” from 50% to at least 80%." in html_lib.unescape(page)
    assert re.search(rf'value="{gap.pk}"[^>]*checked', page)  # the item, ticked
    assert re.search(r'value="co-creation"[^>]*checked', page)  # its capacity domain
    assert "Bring an additional" not in page and "Add a point of view the team would otherwise miss" in page

    response = client.post(
        response["Location"],
        goal_data(
            statement="Families, agencies and funders all sit on the implementation team",
            gaps=[gap.pk],
            domains=["co-creation"],
            why_team="We keep designing for families without them.",
            why_community="Parents want a say in the services they use.",
        ),
    )
    goal = Goal.objects.get()
    assert response["Location"] == goal_url(goal)
    gap.refresh_from_db()
    assert gap.resolved_at is not None  # no longer pending: a goal took it over
    assert goal.target_on == today() + datetime.timedelta(days=182)  # "about 6 months"

    # Two actions with named owners: a parent (a partner) and the lead (a member).
    parent = riverside_parent(cast)
    for strategy, owners in (
        ("Invite three parents to the next team meeting", {"partners": [parent.pk]}),
        ("Ask the county funder to name a representative", {"users": [cast.lead.pk]}),
    ):
        client.post(
            goal_url(goal, "actions/new/"),
            {
                "strategy": strategy,
                "due_on": (today() + datetime.timedelta(days=30)).isoformat(),
                "status": "not_started",
                **owners,
            },
        )
    assert goal.actions.count() == 2

    page = text(client.get(goal_url(goal)))
    assert "Invite three parents to the next team meeting" in page and "Ana Ruiz" in page
    assert "Lee Lead" in page
    assert "We keep designing for families without them." in page
    assert "All five partner types are involved" in page and "50% in Capacity check" in page
    assert "Not re-assessed yet." in page
    assert f'href="{results_url(adm)}#item-{item.pk}"' in client.get(goal_url(goal)).content.decode()

    # Back on the results, the item shows its goal; the community page no longer lists it as pending.
    results = client.get(results_url(adm)).content.decode()
    assert f'href="{goal_url(goal)}"' in results
    assert "taken up as a goal" in text(client.get(results_url(adm)))
    panels = f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/"
    assert "No pending gaps" in text(client.get(f"{panels}assessments/"))
    progress = text(client.get(f"{panels}plan/"))
    assert "Plan progress" in progress and "2 actions" in progress

    # The next round says whether the gap closed, on the goal page and beside the item.
    later = answered_round(cast, lead={**LEAD, "cc-involved": 2}, partner=PARTNER)
    page = text(client.get(goal_url(goal)))
    assert "Later rounds: 100%" in page and "Gap closed: at or above the target now." in page
    later_item = later.version.items.get(key="cc-involved")
    assert f'href="{results_url(later)}#item-{later_item.pk}"' in client.get(goal_url(goal)).content.decode()
    assert f'href="{goal_url(goal)}"' in client.get(results_url(later)).content.decode()


def test_it_offers_pending_gaps_as_goals_on_the_results_and_the_community_page(client, cast):
    adm = answered_round(cast)
    gap = assessment_actions.do_flag_gap(
        adm, item=adm.version.items.get(key="cc-feedback"), acting_user=cast.lead
    )
    link = f'href="{plan_url(cast, "goals/new/")}?gap={gap.pk}"'
    client.force_login(cast.lead)
    assert link in client.get(results_url(adm)).content.decode()
    panel = f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/assessments/"
    assert link in client.get(panel).content.decode()
    client.force_login(cast.partner)  # sees the gap, does not write goals
    assert link not in client.get(panel).content.decode()


def test_it_keeps_a_gap_pending_again_when_no_goal_works_on_it_any_more(client, cast):
    adm = answered_round(cast)
    gap = assessment_actions.do_flag_gap(
        adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead
    )
    goal = make_goal(cast, gaps=[gap])
    gap.refresh_from_db()
    assert gap.resolved_at is not None
    client.force_login(cast.lead)
    response = client.post(goal_url(goal, "edit/"), goal_data(statement=goal.statement))
    assert response.status_code == 302
    gap.refresh_from_db()
    assert gap.resolved_at is None and not GoalItem.objects.exists()


def test_it_does_not_open_a_goal_form_from_another_communitys_gap(client, cast):
    adm = open_round(cast)
    adm.community = cast.other_community
    Administration.objects.filter(pk=adm.pk).update(community=cast.other_community)
    for user in (cast.lead, cast.partner, cast.practitioner):
        answer(adm, user, LEAD)
    assessment_actions.do_start_consensus(adm)
    adm.refresh_from_db()
    gap = assessment_actions.do_flag_gap(
        adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.admin
    )
    client.force_login(cast.lead)
    assert client.get(plan_url(cast, f"goals/new/?gap={gap.pk}")).status_code == 404


def test_it_rejects_a_goal_without_a_statement_next_to_the_field(client, cast):
    client.force_login(cast.lead)
    response = client.post(plan_url(cast, "goals/new/"), goal_data(statement="  "))
    assert response.status_code == 200
    assert 'id="id_statement_error"' in response.content.decode()
    assert not Goal.objects.exists()


def test_it_keeps_the_team_date_when_one_is_given_and_shows_goals_by_horizon(client, cast):
    client.force_login(cast.lead)
    client.post(
        plan_url(cast, "goals/new/"),
        goal_data(statement="A year out", horizon=Horizon.ONE_YEAR, target_on="2027-03-01"),
    )
    client.post(plan_url(cast, "goals/new/"), goal_data(statement="Right now", horizon=Horizon.NOW))
    assert Goal.objects.get(statement="A year out").target_on == datetime.date(2027, 3, 1)
    page = text(client.get(plan_url(cast)))
    assert (
        page.index("Right away")
        < page.index("Right now")
        < page.index("About 1 year")
        < page.index("A year out")
    )


def test_it_shows_progress_per_goal_done_of_total_and_overdue(client, cast):
    goal = make_goal(cast)
    done = make_action(goal, cast, "Done thing")
    actions.do_update_action(done, acting_user=cast.lead, status="done")
    make_action(goal, cast, "Late thing", due_in=-3)
    dropped = make_action(goal, cast, "Dropped thing")
    actions.do_update_action(dropped, acting_user=cast.lead, status="dropped")
    client.force_login(cast.funder)
    page = text(client.get(plan_url(cast)))
    assert "1 of 2 actions done 1 overdue" in page  # a dropped action does not count
    assert "Late thing" in page and "overdue" in page


def test_it_filters_the_plan_by_goal_status_and_team(client, cast):
    make_goal(cast, "Still working on it")
    make_goal(cast, "Reached it", status=GoalStatus.ACHIEVED)
    make_goal(cast, "The team's own", team=cast.team)
    client.force_login(cast.funder)
    page = text(client.get(plan_url(cast)))
    assert "Still working on it" in page and "Reached it" not in page
    page = text(client.get(plan_url(cast, "?show=achieved")))
    assert "Reached it" in page and "Still working on it" not in page
    page = text(client.get(plan_url(cast, f"?team={cast.team.pk}")))
    assert "The team's own" in page and "Still working on it" not in page


def test_it_refuses_a_team_of_another_community(cast):
    lakeview_team = do_create_team(cast.other_community, name="Lakeview team")
    with pytest.raises(ValidationError):
        make_goal(cast, team=lakeview_team)
    assert not Goal.objects.exists()


def test_it_records_who_holds_which_equity_intention(client, cast):
    goal = make_goal(cast)
    client.force_login(cast.partner)
    response = client.post(
        goal_url(goal, "intention/"), {"intention": Intention.UNDERSTAND, "note": "Ask the families first."}
    )
    assert response.status_code == 302
    client.force_login(cast.lead)
    client.post(goal_url(goal, "intention/"), {"intention": Intention.NOTICE, "note": ""})
    client.post(goal_url(goal, "intention/"), {"intention": Intention.AVOID, "note": "Changed my mind."})
    assert EquityIntention.objects.filter(goal=goal).count() == 2  # one per person, changed in place
    client.force_login(cast.funder)
    page = text(client.get(goal_url(goal)))
    understand = page.index("Seek to understand the experience of those closest to the issue")
    avoid = page.index("Avoid recreating inequities")
    assert understand < page.index("Paz Parent") < page.index("Ask the families first.") < avoid
    assert avoid < page.index("Lee Lead")
    assert "Record your intention" not in page  # funders see, do not hold one
    row = EquityIntention.objects.get(goal=goal, user=cast.lead)
    assert [h.intention for h in row.history.order_by("history_date")] == ["notice", "avoid"]


def test_it_lets_a_person_withdraw_their_intention(client, cast):
    goal = make_goal(cast)
    actions.do_record_intention(goal, acting_user=cast.partner, intention=Intention.ACT)
    client.force_login(cast.partner)
    client.post(goal_url(goal, "intention/"), {"withdraw": "1"})
    assert not EquityIntention.objects.exists()


def test_it_rejects_an_intention_that_is_not_one_of_the_four(client, cast):
    goal = make_goal(cast)
    client.force_login(cast.partner)
    response = client.post(goal_url(goal, "intention/"), {"intention": "whatever"})
    assert 'id="id_intention_error"' in response.content.decode()
    assert not EquityIntention.objects.exists()


def test_it_records_the_history_of_goals_and_actions_with_who_changed_them(client, cast):
    client.force_login(cast.lead)
    client.post(plan_url(cast, "goals/new/"), goal_data(statement="First words"))
    goal = Goal.objects.get()
    client.post(
        goal_url(goal, "edit/"),
        goal_data(statement="Better words", status=GoalStatus.ACHIEVED, target_on="2027-01-01"),
    )
    action = make_action(goal, cast)
    client.force_login(cast.practitioner)
    client.post(
        f"{plan_url(cast)}actions/{action.pk}/edit/",
        {"strategy": action.strategy, "due_on": "2027-02-01", "status": "in_progress"},
    )
    records = list(goal.history.order_by("history_date"))
    assert [r.statement for r in records] == ["First words", "Better words"]
    assert records[-1].history_user == cast.lead
    assert Action.history.filter(id=action.pk).latest("history_date").history_user == cast.practitioner
    page = text(client.get(goal_url(goal)))
    assert "Changes to this goal and its actions" in page
    assert "Goal changed: target date, goal statement, status" in page
    assert "Action changed: due, status" in page and "Pat Practitioner" in page

"""The "for me" home: a partner's home is what waits for her and what changed since her last visit;
staff keep the portfolio with a compact panel. Permissions, the last visit, Spanish, and a query count
that stays the same with one community and one item or many of each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.tests.helpers import answer, open_round, team_version
from cocreate.core import actions as core_actions
from cocreate.core.forme import VISIT_GAP
from cocreate.core.models import HomeVisit, Role
from cocreate.meetings import actions as meeting_actions
from cocreate.meetings.actions import AgendaLine
from cocreate.meetings.tests.helpers import plan, publish, record
from cocreate.partners.actions import do_create_partner
from cocreate.planning import actions as planning_actions
from cocreate.planning.tests.helpers import make_action, make_goal
from cocreate.planning.waiting import changed_actions


def home(cast):
    return f"/o/{cast.org.slug}/"


def sign_in(client, user, language="en"):
    user.preferred_language = language  # Paz reads Spanish; most tests read the English text
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    client.get("/o/sic/me/")  # the once-per-session two-factor check


def fill(cast, community=None, n=1):
    """For the partner, in one community: n open rounds, n actions she owns (half as a member, half as
    the partner record linked to her sign-in), the agreement, n upcoming meetings with an agenda."""
    community = community or cast.community
    for i in range(n):
        assessment_actions.do_open_administration(
            community,
            version=team_version(),
            acting_user=cast.lead,
            invitees=[cast.partner, cast.lead],
            title=f"Round {community.slug} {i}",
        )
    goal = make_goal(cast, f"Goal in {community.name}", community=community)
    linked = do_create_partner(
        community, name=f"Paz ({community.name})", partner_type="community", user=cast.partner
    )
    for i in range(n):
        owners = {"users": [cast.partner]} if i % 2 == 0 else {"partners": [linked]}
        make_action(goal, cast, f"Action {community.slug} {i}", due_in=i - 1, **owners)
    publish(cast, community=community)
    for i in range(n):
        agenda = [AgendaLine("Welcome", "", 10), AgendaLine("Child care for the summer", "", 20)]
        plan(cast, f"Meeting {community.slug} {i}", days=2 + i, community=community, agenda=agenda)
    return goal


def extra_community(cast, name):
    community = core_actions.do_create_community(cast.initiative, name=name)
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.PARTNER, community=community)
    core_actions.do_add_membership(cast.org, user=cast.lead, role=Role.TEAM_LEAD, community=community)
    return community


def test_it_shows_a_partner_what_waits_for_her_soonest_first(client, cast):
    open_round(cast, invitees=[cast.partner, cast.lead], due_on=timezone.localdate() + timedelta(days=3))
    fill(cast, n=2)
    sign_in(client, cast.partner)
    page = client.get(home(cast)).content.decode()
    assert "Waiting for you" in page
    assert "Assessment to answer" in page
    assert "Action riverside 0" in page and "Action riverside 1" in page  # owned directly and as a partner
    assert "Our shared agreement, version 1" in page
    assert "Meeting riverside 0" in page and "Agenda: Welcome; Child care for the summer" in page
    # Soonest first: the overdue action (due yesterday) before the meeting in two days and the round in three.
    assert (
        page.index("Action riverside 0")
        < page.index("Meeting riverside 0")
        < page.index("Assessment to answer")
    )
    assert "Overdue:" in page
    # Her communities are listed, not the portfolio table.
    assert "Your communities" in page and 'class="communities"' not in page


def test_it_leaves_out_what_is_done(client, cast):
    adm = open_round(cast, invitees=[cast.partner])
    goal = make_goal(cast)
    action = make_action(goal, cast, "Print the flyers", users=[cast.partner])
    version = publish(cast)
    answer(adm, cast.partner, 2)
    planning_actions.do_update_action(action, acting_user=cast.partner, status="done")
    meeting_actions.do_acknowledge_agreement(version, acting_user=cast.partner)
    sign_in(client, cast.partner)
    page = client.get(home(cast)).content.decode()
    assert "Print the flyers" not in page.split("What changed")[0]
    assert "Agreement to acknowledge" not in page
    assert "Assessment to answer" not in page
    assert "Nothing is waiting for you right now." in page


def test_it_shows_an_empty_state(client, cast):
    sign_in(client, cast.partner)
    page = client.get(home(cast)).content.decode()
    assert "Nothing is waiting for you right now." in page
    assert "What changed in the last two weeks" in page  # a first visit
    assert "Nothing new since then." in page


def test_it_speaks_spanish_to_a_spanish_reader(client, cast):
    fill(cast)
    sign_in(client, cast.partner, "es")
    page = client.get(home(cast)).content.decode()
    assert "Pendiente para usted" in page
    assert "Su acción" in page
    assert "Próxima reunión" in page
    assert "Acuerdo por confirmar" in page


def test_it_lists_what_changed_since_her_last_visit(client, cast):
    sign_in(client, cast.partner)
    client.get(home(cast))  # her first visit
    visit = HomeVisit.objects.get(user=cast.partner, organization=cast.org)
    earlier = timezone.now() - VISIT_GAP - timedelta(minutes=5)
    HomeVisit.objects.filter(pk=visit.pk).update(seen_at=earlier)  # she left more than an hour ago
    goal = make_goal(cast)
    action = make_action(goal, cast, "Book the room", users=[cast.partner])
    record(cast, "Meet on Tuesday evenings")
    plan(cast, "Planning night")
    publish(cast)
    page = client.get(home(cast)).content.decode()
    changed = page.split("What changed since your last visit")[1]
    assert "Meet on Tuesday evenings" in changed and "Decision recorded" in changed
    assert "Planning night" in changed and "Meeting planned" in changed
    assert "Book the room" in changed and "Your action changed" in changed
    assert "Agreement published" in changed
    visit.refresh_from_db()
    assert visit.since == earlier and visit.seen_at > earlier
    # A reload within the hour shows the same list and writes nothing.
    again = client.get(home(cast)).content.decode()
    assert "Meet on Tuesday evenings" in again
    assert HomeVisit.objects.get(pk=visit.pk).seen_at == visit.seen_at
    # Her own change is not news to her; someone else's is.
    after = timezone.now()
    planning_actions.do_update_action(action, acting_user=cast.partner, status="in_progress")
    assert changed_actions(cast.partner, [cast.community.pk], after, 20) == []
    planning_actions.do_update_action(action, acting_user=cast.lead, due_on=action.due_on + timedelta(days=1))
    assert [c.title for c in changed_actions(cast.partner, [cast.community.pk], after, 20)] == [
        "Book the room"
    ]


def test_it_does_not_show_another_communitys_things(client, cast):
    lakeview = cast.other_community
    goal = make_goal(cast, "Lakeview goal", community=lakeview)
    make_action(goal, cast, "Lakeview action", users=[cast.other_community_lead])
    plan(cast, "Lakeview meeting", community=lakeview)
    record(cast, "Lakeview decision", community=lakeview)
    publish(cast, community=lakeview)
    sign_in(client, cast.partner)
    page = client.get(home(cast)).content.decode()
    assert "Lakeview" not in page


def test_staff_keep_the_portfolio_with_a_compact_panel(client, cast):
    goal = make_goal(cast)
    make_action(goal, cast, "Call the clinic", users=[cast.lead])
    sign_in(client, cast.lead)
    page = client.get(home(cast)).content.decode()
    assert "Call the clinic" in page
    assert 'id="communities-h"' in page and "Initiatives" in page  # still the portfolio
    full = client.get(f"/o/{cast.org.slug}/for-me/").content.decode()
    assert "Call the clinic" in full and "What changed" in full


@pytest.mark.parametrize("who", ["funder", "evaluator", "admin"])
def test_other_roles_keep_the_portfolio(client, cast, who):
    sign_in(client, getattr(cast, who))
    page = client.get(home(cast)).content.decode()
    assert "Initiatives" in page and "Waiting for you" in page


def test_an_outsider_gets_a_404_and_anonymous_is_sent_to_sign_in(client, cast):
    assert client.get(f"/o/{cast.org.slug}/for-me/").status_code == 302
    sign_in(client, cast.other_org_admin)
    assert client.get(f"/o/{cast.org.slug}/for-me/").status_code == 404


def test_the_partners_home_query_count_is_flat(client, cast, django_assert_num_queries):
    fill(cast, n=1)
    sign_in(client, cast.partner)
    client.get(home(cast))  # the first visit makes her row
    # session, user, memberships (with her communities), rounds, actions, agreements, proposals open
    # for her position, meetings (with their agenda), claims returned to her, her last visit; changes: results, actions,
    # decisions, meetings, agreements, feedback; the typed titles' versions in other languages; open
    # surveys sent to her, listening sessions she facilitates or is invited to
    with django_assert_num_queries(19):
        client.get(home(cast))
    for name in ("Northside", "Southside", "Eastside"):
        community = extra_community(cast, name)
        fill(cast, community, n=6)
    for i in range(6):
        record(cast, f"Decision {i}")
    client.get(home(cast))  # warm-up again: the content types of the new rows' kinds, cached once
    with django_assert_num_queries(19):
        page = client.get(home(cast)).content.decode()
    assert "Northside" in page and "Eastside" in page


def test_the_staff_portfolio_panel_query_count_is_flat(client, cast, django_assert_num_queries):
    goal = make_goal(cast)
    make_action(goal, cast, "One", users=[cast.lead])
    plan(cast, "Riverside meeting")
    sign_in(client, cast.lead)
    client.get(home(cast))
    # session, user, memberships, initiatives, the page's communities (count, rows), the partners'
    # portfolio columns (3); the panel: rounds, actions, agreements, proposals, meetings (with agenda),
    # claims returned,
    # the typed titles' other languages
    with django_assert_num_queries(18):
        client.get(home(cast))
    for name in ("Northside", "Southside"):
        community = extra_community(cast, name)
        goal = make_goal(cast, f"Goal {name}", community=community)
        for i in range(4):
            make_action(goal, cast, f"{name} {i}", users=[cast.lead])
        plan(cast, f"Meeting {name}", community=community)
        publish(cast, community=community)
    with django_assert_num_queries(18):
        page = client.get(home(cast)).content.decode()
    assert "Northside 0" in page

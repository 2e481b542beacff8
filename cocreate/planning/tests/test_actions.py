"""Action plans: what will be done, by when, with what, how success shows and who is responsible;
progress notes from anyone on the team; the overdue and due-soon lists for a community and a person."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.planning import actions
from cocreate.planning.models import Action, ActionOwner, ActionStatus, ProgressNote

from .helpers import make_action, make_goal, today
from .test_goals import goal_url, plan_url, text


def days(n: int) -> str:
    return (today() + datetime.timedelta(days=n)).isoformat()


def action_data(**extra):
    data = {
        "strategy": "Hold a listening session with families",
        "starts_on": days(1),
        "due_on": days(10),
        "resources": "A room, child care, an interpreter",
        "measure": "Twelve families come; three join the team",
        "status": ActionStatus.NOT_STARTED,
    }
    data.update(extra)
    return data


def lakeview_partner():
    from cocreate.core.models import Community

    lakeview = Community.objects.get(slug="lakeview")
    return partner_actions.do_create_partner(lakeview, name="Lake Person", partner_type=PartnerType.AGENCY)


def test_it_adds_an_action_with_everything_the_worksheet_asks_for(client, cast):
    goal = make_goal(cast)
    parent = riverside_parent(cast)
    client.force_login(cast.practitioner)
    response = client.post(
        goal_url(goal, "actions/new/"), action_data(partners=[parent.pk], users=[cast.practitioner.pk])
    )
    action = Action.objects.get()
    assert response["Location"] == goal_url(goal, f"#action-{action.pk}")
    assert action.community == cast.community and action.organization == cast.org
    assert {(o.partner_id, o.user_id) for o in action.owners.all()} == {
        (parent.pk, None),
        (None, cast.practitioner.pk),
    }
    page = text(client.get(goal_url(goal)))
    for words in (
        "A room, child care, an interpreter",
        "Twelve families come; three join the team",
        "Ana Ruiz",
        "Pat Practitioner",
    ):
        assert words in page


def test_it_saves_and_goes_on_to_the_next_action(client, cast):
    goal = make_goal(cast)
    client.force_login(cast.lead)
    response = client.post(goal_url(goal, "actions/new/"), {**action_data(), "another": "1"})
    assert response["Location"] == goal_url(goal, "actions/new/")


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"starts_on": days(10), "due_on": days(1)},
            "due_on",
            "The due date cannot be before the start date.",
        ),
        ({"due_on": ""}, "due_on", "This field is required."),
        ({"strategy": ""}, "strategy", "This field is required."),
        ({"status": "finished-ish"}, "status", "Select a valid choice"),
    ],
)
def test_it_rejects_a_bad_action_next_to_the_field_and_saves_nothing(client, cast, data, field, message):
    goal = make_goal(cast)
    client.force_login(cast.lead)
    response = client.post(
        goal_url(goal, "actions/new/"), action_data(partners=[riverside_parent(cast).pk], **data)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page and message in page
    assert not Action.objects.exists() and not ActionOwner.objects.exists()


def test_it_rejects_a_responsible_partner_from_another_community(client, cast):
    goal = make_goal(cast)
    outsider = lakeview_partner()
    client.force_login(cast.lead)
    response = client.post(
        goal_url(goal, "actions/new/"), action_data(partners=[riverside_parent(cast).pk, outsider.pk])
    )
    page = response.content.decode()
    assert 'id="id_partners_error"' in page and "Choose partners of this community." in page
    assert "Lake Person" not in page  # not even offered
    assert not Action.objects.exists() and not ActionOwner.objects.exists()


def test_it_rejects_a_responsible_person_who_is_not_a_member_here(client, cast):
    goal = make_goal(cast)
    client.force_login(cast.lead)
    response = client.post(goal_url(goal, "actions/new/"), action_data(users=[cast.other_community_lead.pk]))
    assert 'id="id_users_error"' in response.content.decode()
    assert not Action.objects.exists()


def test_the_write_itself_refuses_owners_and_dates_the_form_would_refuse(cast):
    goal = make_goal(cast)
    with pytest.raises(ValidationError) as error:
        actions.do_add_action(
            goal,
            acting_user=cast.lead,
            strategy="x",
            starts_on=today(),
            due_on=today() - datetime.timedelta(days=1),
            partners=[lakeview_partner()],
        )
    assert set(error.value.error_dict) == {"due_on", "partners"}
    assert not Action.objects.exists()


def test_it_changes_the_owners_and_keeps_who_was_responsible_in_the_history(client, cast):
    goal = make_goal(cast)
    parent = riverside_parent(cast)
    action = make_action(goal, cast, partners=[parent])
    client.force_login(cast.lead)
    client.post(f"{plan_url(cast)}actions/{action.pk}/edit/", action_data(users=[cast.lead.pk]))
    assert [(o.partner_id, o.user_id) for o in action.owners.all()] == [(None, cast.lead.pk)]
    removed = ActionOwner.history.filter(partner_id=parent.pk, history_type="-").get()
    assert removed.history_user == cast.lead


def test_it_lets_any_team_member_add_a_dated_progress_note(client, cast):
    goal = make_goal(cast)
    action = make_action(goal, cast)
    client.force_login(cast.partner)
    form = client.get(f"{plan_url(cast)}actions/{action.pk}/notes/new/").content.decode()
    assert 'name="status"' not in form  # a partner writes notes; staff move the status
    response = client.post(
        f"{plan_url(cast)}actions/{action.pk}/notes/new/",
        {"text": "Booked the library room.", "noted_on": days(-2), "status": ActionStatus.DONE},
    )
    assert response["Location"] == goal_url(goal, f"#action-{action.pk}")
    note = ProgressNote.objects.get()
    assert note.noted_on == today() - datetime.timedelta(days=2) and note.written_by == cast.partner
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    page = text(client.get(goal_url(goal)))
    assert "Booked the library room." in page and "Paz Parent" in page


def test_it_moves_the_status_with_a_note_from_staff(client, cast):
    goal = make_goal(cast)
    action = make_action(goal, cast)
    client.force_login(cast.lead)
    client.post(
        f"{plan_url(cast)}actions/{action.pk}/notes/new/",
        {"text": "Twelve families came.", "noted_on": days(0), "status": ActionStatus.DONE},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == today()
    assert ProgressNote.objects.get().status_to == ActionStatus.DONE


@pytest.mark.parametrize(
    "data, field",
    [
        ({"text": "  ", "noted_on": days(0)}, "text"),
        ({"text": "Tomorrow's news", "noted_on": days(3)}, "noted_on"),
    ],
)
def test_it_rejects_an_empty_or_future_note(client, cast, data, field):
    action = make_action(make_goal(cast), cast)
    client.force_login(cast.partner)
    response = client.post(f"{plan_url(cast)}actions/{action.pk}/notes/new/", data)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ProgressNote.objects.exists()


def test_it_cannot_reach_another_communitys_action_through_this_community(client, cast):
    lakeview_goal = make_goal(cast, community=cast.other_community)
    action = make_action(lakeview_goal, cast)
    client.force_login(cast.lead)
    assert client.get(f"{plan_url(cast)}actions/{action.pk}/edit/").status_code == 404
    assert client.get(f"{plan_url(cast)}goals/{lakeview_goal.pk}/").status_code == 404


# Overdue and due soon ---------------------------------------------------------------------------------


def test_it_lists_a_communitys_overdue_and_due_soon_actions_soonest_first(client, cast):
    goal = make_goal(cast)
    make_action(goal, cast, "Three days late", due_in=-3)
    make_action(goal, cast, "Due next week", due_in=7)
    make_action(goal, cast, "Due in a month", due_in=30)
    finished = make_action(goal, cast, "Late but done", due_in=-10)
    actions.do_update_action(finished, acting_user=cast.lead, status=ActionStatus.DONE)
    make_action(make_goal(cast, community=cast.other_community), cast, "Lakeview late", due_in=-1)
    client.force_login(cast.practitioner)  # the partner reads it in Spanish
    page = text(client.get(plan_url(cast, "due/")))
    assert "1 overdue" in page and "1 due in the next two weeks" in page
    assert page.index("Three days late") < page.index("Due next week")
    assert "Due in a month" not in page and "Late but done" not in page and "Lakeview late" not in page


def my_actions_url(cast, query=""):
    return f"/o/{cast.org.slug}/planning/my-actions/{query}"


@pytest.fixture
def portfolio(cast):
    """Overdue actions in Riverside and Lakeview, and one in Riverside owned by the parent's sign-in."""
    riverside = make_goal(cast)
    make_action(riverside, cast, "Riverside late", due_in=-2)
    parent = riverside_parent(cast)
    parent.user = cast.partner
    parent.save()
    make_action(riverside, cast, "Parent's own task", due_in=3, partners=[parent])
    lakeview = make_goal(cast, community=cast.other_community)
    make_action(lakeview, cast, "Lakeview late", due_in=-1)
    return cast


def test_it_lists_a_practitioners_actions_across_the_communities_they_serve(client, portfolio):
    cast = portfolio
    lakeview_practitioner = member("lake-prac@example.org", cast.org, Role.PRACTITIONER, cast.other_community)
    client.force_login(lakeview_practitioner)
    page = text(client.get(my_actions_url(cast)))
    assert "Lakeview late" in page and "Riverside late" not in page
    client.force_login(cast.practitioner)  # serves Riverside only
    page = text(client.get(my_actions_url(cast)))
    assert "Riverside late" in page and "Parent's own task" in page and "Lakeview late" not in page
    assert "Riverside" in page  # each row names its community


def test_it_shows_a_partner_only_the_actions_they_are_responsible_for(client, portfolio):
    client.force_login(portfolio.partner)
    page = text(client.get(my_actions_url(portfolio)))
    assert "Parent's own task" in page and "Riverside late" not in page


def test_it_shows_an_admin_every_community_and_filters_by_practitioner(client, portfolio):
    cast = portfolio
    client.force_login(cast.admin)
    page = text(client.get(my_actions_url(cast)))
    assert "Riverside late" in page and "Lakeview late" in page
    page = text(client.get(my_actions_url(cast, f"?practitioner={cast.practitioner.pk}")))
    assert "Riverside late" in page and "Lakeview late" not in page
    assert "Actions for Pat Practitioner" in page
    # Not a practitioner: the filter is ignored rather than leaking a list.
    page = text(client.get(my_actions_url(cast, f"?practitioner={cast.other_org_admin.pk}")))
    assert "Lakeview late" in page


def test_it_links_my_actions_from_the_organization_page(client, cast):
    client.force_login(cast.practitioner)
    assert f'href="{my_actions_url(cast)}"' in client.get(f"/o/{cast.org.slug}/").content.decode()


def test_it_leaves_archived_communities_out_of_my_actions(client, portfolio):
    from cocreate.core.actions import do_set_archived

    do_set_archived(portfolio.other_community, archived=True)
    client.force_login(portfolio.admin)
    assert "Lakeview late" not in text(client.get(my_actions_url(portfolio)))


def test_it_escapes_what_people_typed_in_the_prebuilt_rows(client, cast):
    goal = make_goal(cast, "<b>Bold</b> goal")
    make_action(goal, cast, '<script>alert("x")</script> & more', due_in=-1)
    client.force_login(cast.lead)
    for url in (plan_url(cast), plan_url(cast, "due/"), my_actions_url(cast)):
        page = client.get(url).content.decode()
        assert (
            "<script>alert" not in page
            and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
        )
        assert "<b>Bold</b>" not in page


def test_its_prebuilt_links_are_the_ones_the_url_patterns_give(cast):
    from django.urls import reverse

    from cocreate.planning import queries

    goal = make_goal(cast)
    org, slug = cast.org.slug, cast.community.slug
    prefix = queries.planning_prefix(org, slug)
    assert prefix == reverse("planning:plan", args=[org, slug])
    assert f"{prefix}goals/{goal.pk}/" == reverse("planning:goal", args=[org, slug, goal.pk])
    assert f"{prefix}due/" == reverse("planning:due", args=[org, slug])
    assert f"{prefix}goals/new/" == reverse("planning:goal_create", args=[org, slug])
    action = make_action(goal, cast)
    assert f"{prefix}actions/{action.pk}/notes/new/" == reverse(
        "planning:note_create", args=[org, slug, action.pk]
    )
    assert f"{prefix}actions/{action.pk}/edit/" == reverse(
        "planning:action_edit", args=[org, slug, action.pk]
    )


def test_it_offers_a_member_who_is_also_a_partner_once_as_the_partner(client, cast):
    goal = make_goal(cast)
    parent = riverside_parent(cast)
    parent.user = cast.partner
    parent.save()
    client.force_login(cast.lead)
    page = client.get(goal_url(goal, "actions/new/")).content.decode()
    assert f'name="partners" value="{parent.pk}"' in page
    assert f'name="users" value="{cast.partner.pk}"' not in page
    assert f'name="users" value="{cast.lead.pk}"' in page

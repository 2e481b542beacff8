"""The partnership engagement plan as a team uses it: read from the data, edited in place, versioned."""

import pytest

from cocreate.core import actions as core_actions
from cocreate.partners import actions
from cocreate.partners import plan as plans
from cocreate.partners.access import plan_for
from cocreate.partners.models import Agreement, EngagementPlan, Level, PartnerType, PlanEntry

from .helpers import area, riverside_parent


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/plan/{suffix}"


def plan(cast) -> EngagementPlan:
    return plan_for(cast.community)


def warm(client, cast, who):
    client.force_login(who)
    client.get(f"/o/{cast.org.slug}/me/")  # the once-per-session two-factor check happens here


def fill_plan(cast, n: int, *, start: int = 0) -> None:
    """n more of everything the plan lists: partners with roles and levels, entries, agreements, teams."""
    team = core_actions.do_create_team(cast.community, name=f"Workgroup {start}")
    for i in range(start, start + n):
        p = actions.do_create_partner(
            cast.community,
            name=f"Person {i:03}",
            partner_type=PartnerType.COMMUNITY,
            lived_experience=i % 2 == 0,
        )
        actions.do_place_on_team(team, partner=p, title="Member", responsibilities="Attend.\nReport back.")
        for key in ("co-creation", "leadership"):
            actions.do_set_level(
                p, area(cast.community, key), current=2, planned=4, reason="r", acting_user=cast.lead
            )
        plans.do_add_entry(
            plan(cast), responsible=f"Staff {i}", partner=p, strategies="Calls.", acting_user=cast.lead
        )
        plans.do_add_agreement(plan(cast), with_whom=p.name, what="Stipend.", acting_user=cast.lead)


def test_it_shows_the_four_sections_read_from_the_data(client, cast):
    parent = riverside_parent(cast)
    actions.do_place_on_team(
        cast.team, partner=parent, title="Family leader", responsibilities="Review every flyer."
    )
    actions.do_set_level(
        parent,
        area(cast.community),
        current=Level.CONSULT,
        planned=Level.COLLABORATE,
        reason="r",
        acting_user=cast.lead,
    )
    plans.do_update_goals(plan(cast), participation_goals="Parents co-lead by autumn.", acting_user=cast.lead)
    plans.do_add_entry(
        plan(cast),
        responsible="Lee Lead",
        partner=parent,
        strategies="Calls before meetings.",
        acting_user=cast.lead,
    )
    plans.do_add_agreement(
        plan(cast), with_whom="Family leaders", what="Child care on site.", acting_user=cast.lead
    )
    client.force_login(cast.evaluator)  # read-only, and in English (the parent in the cast reads Spanish)
    page = client.get(url(cast)).content.decode()
    for text in (
        "Implementation team",  # (a) grouped by team
        "Ana Ruiz",
        "lived experience",
        "Family leader",
        "Review every flyer.",
        "Parents co-lead by autumn.",  # (b)
        "Consult",
        "Collaborate",
        "Calls before meetings.",  # (c)
        "Child care on site.",  # (d)
        "Version 4, updated",  # goals, entry, agreement: roles and levels are not plan edits
        "by Lee Lead",
    ):
        assert text in page, text


def test_it_says_what_to_do_next_when_the_plan_is_empty(client, cast):
    client.force_login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert "Place partners on teams from a partner's page" in page
    assert "No goals written yet" in page
    assert "No levels recorded yet" in page
    assert "Add who engages whom" in page
    assert "Record an agreement" in page


def test_it_lists_partners_not_yet_on_a_team(client, cast):
    riverside_parent(cast)
    client.force_login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert "At the table without a team role yet" in page and "Ana Ruiz" in page


def test_it_shows_the_plan_to_a_funder_without_the_edit_links(client, cast):
    plans.do_add_entry(
        plan(cast),
        responsible="Lee",
        partner_type=PartnerType.FUNDER,
        strategies="Briefings.",
        acting_user=cast.lead,
    )
    client.force_login(cast.funder)
    page = client.get(url(cast)).content.decode()
    assert "Briefings." in page
    assert "/plan/goals/" not in page and "/entries/new/" not in page and "/remove/" not in page


def test_it_edits_the_goals_as_a_new_version_by_this_person(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        url(cast, "goals/"), {"participation_goals": "Families collaborate by May.", "version": 1}
    )
    assert response.status_code == 302 and response["Location"].endswith("/plan/#goals")
    p = plan(cast)
    assert p.participation_goals == "Families collaborate by May."
    assert (p.version, p.updated_by) == (2, cast.lead)
    assert p.history.count() == 2
    assert "Version 2, updated" in client.get(url(cast)).content.decode()


def test_it_refuses_goals_written_over_a_newer_version_and_keeps_the_text_in_the_form(client, cast):
    plans.do_update_goals(
        plan(cast), participation_goals="Someone else's goals.", acting_user=cast.practitioner
    )
    client.force_login(cast.lead)
    response = client.post(url(cast, "goals/"), {"participation_goals": "My goals.", "version": 1})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_participation_goals_error"' in page and "version 2" in page
    assert "My goals." in page
    assert plan(cast).participation_goals == "Someone else's goals."


def test_it_makes_no_version_when_nothing_changed(client, cast):
    client.force_login(cast.lead)
    client.post(url(cast, "goals/"), {"participation_goals": "", "version": 1})
    assert plan(cast).version == 1


def test_it_adds_edits_moves_and_removes_entries_each_as_a_version(client, cast):
    parent = riverside_parent(cast)
    client.force_login(cast.lead)
    client.post(
        url(cast, "entries/new/"),
        {"responsible": "Lee", "whom": f"partner:{parent.pk}", "strategies": "Call."},
    )
    client.post(
        url(cast, "entries/new/"), {"responsible": "Pat", "whom": "type:funder", "strategies": "Brief."}
    )
    first, second = PlanEntry.objects.filter(plan=plan(cast))
    assert (first.partner, second.partner_type) == (parent, PartnerType.FUNDER)
    assert plan(cast).version == 3

    client.post(url(cast, f"entries/{second.pk}/move/"), {"direction": "up"})
    assert [e.responsible for e in PlanEntry.objects.filter(plan=plan(cast))] == ["Pat", "Lee"]
    client.post(
        url(cast, f"entries/{first.pk}/edit/"),
        {"responsible": "Lee", "whom": "type:community", "strategies": "Visit."},
    )
    first.refresh_from_db()
    assert (first.partner, first.partner_type, first.strategies) == (None, PartnerType.COMMUNITY, "Visit.")
    client.post(url(cast, f"entries/{second.pk}/remove/"))
    assert list(PlanEntry.objects.filter(plan=plan(cast))) == [first]
    assert plan(cast).version == 6


def test_it_does_not_move_the_first_entry_further_up(client, cast):
    entry = plans.do_add_entry(
        plan(cast), responsible="Lee", partner_type="funder", strategies="x", acting_user=cast.lead
    )
    client.force_login(cast.lead)
    client.post(url(cast, f"entries/{entry.pk}/move/"), {"direction": "up"})
    assert plan(cast).version == 2


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"responsible": "", "whom": "type:funder", "strategies": "x"},
            "responsible",
            "This field is required",
        ),
        ({"responsible": "Lee", "whom": "", "strategies": "x"}, "whom", "This field is required"),
        (
            {"responsible": "Lee", "whom": "type:funder", "strategies": "   "},
            "strategies",
            "This field is required",
        ),
        ({"responsible": "Lee", "whom": "type:nobody", "strategies": "x"}, "whom", "Select a valid choice"),
    ],
)
def test_it_rejects_a_bad_entry_next_to_the_field_and_saves_nothing(client, cast, data, field, message):
    client.force_login(cast.lead)
    response = client.post(url(cast, "entries/new/"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page and message in page
    assert not PlanEntry.objects.exists() and plan(cast).version == 1


def test_it_refuses_a_partner_of_another_community_as_whom(client, cast):
    elsewhere = actions.do_create_partner(
        cast.other_community, name="Lakeview parent", partner_type="community"
    )
    client.force_login(cast.lead)
    response = client.post(
        url(cast, "entries/new/"),
        {"responsible": "Lee", "whom": f"partner:{elsewhere.pk}", "strategies": "x"},
    )
    assert 'id="id_whom_error"' in response.content.decode()
    with pytest.raises(ValueError):
        plans.do_add_entry(
            plan(cast), responsible="Lee", partner=elsewhere, strategies="x", acting_user=cast.lead
        )
    assert not PlanEntry.objects.exists() and plan(cast).version == 1


def test_it_cannot_reach_another_communitys_entry_through_this_community(client, cast):
    lakeview = plans.do_add_entry(
        plan_for(cast.other_community),
        responsible="Lou",
        partner_type="funder",
        strategies="x",
        acting_user=None,
    )
    client.force_login(cast.admin)
    assert client.get(url(cast, f"entries/{lakeview.pk}/edit/")).status_code == 404
    assert client.post(url(cast, f"entries/{lakeview.pk}/remove/")).status_code == 404
    assert PlanEntry.objects.filter(pk=lakeview.pk).exists()


def test_it_adds_edits_and_removes_agreements_each_as_a_version(client, cast):
    client.force_login(cast.practitioner)
    client.post(
        url(cast, "agreements/new/"),
        {"with_whom": "Family leaders", "what": "Meet at 6 pm.", "agreed_on": "2026-02-03"},
    )
    agreement = Agreement.objects.get()
    client.post(
        url(cast, f"agreements/{agreement.pk}/edit/"),
        {"with_whom": "Family leaders", "what": "Meet at 6:30 pm.", "agreed_on": "2026-02-03"},
    )
    agreement.refresh_from_db()
    assert agreement.what == "Meet at 6:30 pm." and str(agreement.agreed_on) == "2026-02-03"
    assert "Meet at 6:30 pm." in client.get(url(cast)).content.decode()
    client.post(url(cast, f"agreements/{agreement.pk}/remove/"))
    assert not Agreement.objects.exists()
    p = plan(cast)
    assert (p.version, p.updated_by) == (4, cast.practitioner)


def test_it_rejects_an_agreement_without_what_or_with_a_bad_date(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        url(cast, "agreements/new/"), {"with_whom": "All", "what": "", "agreed_on": "31/31/2026"}
    )
    page = response.content.decode()
    assert 'id="id_what_error"' in page and 'id="id_agreed_on_error"' in page
    assert not Agreement.objects.exists() and plan(cast).version == 1


def test_the_history_lists_each_version_with_who_and_what_changed(client, cast):
    p = plan(cast)
    plans.do_update_goals(p, participation_goals="Old goals.", acting_user=cast.lead)
    plans.do_update_goals(p, participation_goals="New goals.", acting_user=cast.practitioner)
    entry = plans.do_add_entry(
        p, responsible="Lee", partner_type="community", strategies="Calls.", acting_user=cast.lead
    )
    plans.do_update_entry(entry, strategies="Home visits.", acting_user=cast.lead)
    second = plans.do_add_entry(
        p, responsible="Pat", partner_type="funder", strategies="Briefings.", acting_user=cast.lead
    )
    plans.do_move_entry(second, up=True, acting_user=cast.lead)
    agreement = plans.do_add_agreement(p, with_whom="Parents", what="Stipends.", acting_user=cast.lead)
    plans.do_remove_agreement(agreement, acting_user=cast.admin)
    client.force_login(cast.evaluator)
    page = client.get(url(cast, "history/")).content.decode()
    assert "The plan is at version 9" in page
    for text in (
        "Plan started",
        "Goals for participation edited",
        "Old goals.",  # the before/after of version 3
        "New goals.",
        "Pat Practitioner",
        "Engagement responsibility added",
        "Engagement responsibility changed",
        "changed (how: strategies)",
        "Home visits.",
        "Engagement responsibilities reordered",
        "moved: Pat → State or local funder or policymaker",
        "Agreement removed",
        "Ada Admin",
        "removed",
        "Stipends.",
    ):
        assert text in page, text


def test_every_write_leaves_a_dated_version_by_its_author(cast):
    p = plan(cast)
    entry = plans.do_add_entry(
        p, responsible="Lee", partner_type="funder", strategies="x", acting_user=cast.lead
    )
    plans.do_move_entry(entry, up=False, acting_user=cast.lead)  # already last: no version
    plans.do_remove_entry(entry, acting_user=cast.practitioner)
    versions = list(p.history.order_by("history_id"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert [v.history_change_reason for v in versions[1:]] == ["entry-added", "entry-removed"]
    assert versions[-1].history_user == cast.practitioner
    entry_versions = PlanEntry.history.order_by("history_id").values_list(
        "history_type", "history_change_reason"
    )
    assert list(entry_versions) == [("+", "2"), ("-", "3")]  # each row names the plan version it made


def test_the_plan_page_query_count_is_flat(client, cast, django_assert_num_queries):
    fill_plan(cast, 2)
    warm(client, cast, cast.lead)
    # session, user, memberships; plan (with its community and who updated it); teams with roles and
    # partners; partners with their levels; areas; entries (with partner); agreements
    with django_assert_num_queries(9):
        client.get(url(cast))
    fill_plan(cast, 15, start=2)
    with django_assert_num_queries(9):
        response = client.get(url(cast))
    assert "Person 016" in response.content.decode()


def test_the_history_page_query_count_is_flat(client, cast, django_assert_num_queries):
    def changes(n, start):
        for i in range(n):
            entry = plans.do_add_entry(
                plan(cast),
                responsible=f"R{start + i}",
                partner_type="funder",
                strategies="a",
                acting_user=cast.lead,
            )
            plans.do_update_entry(entry, strategies="b", acting_user=cast.lead)
            agreement = plans.do_add_agreement(plan(cast), with_whom="W", what="a", acting_user=cast.lead)
            plans.do_update_agreement(agreement, what="b", acting_user=cast.lead)

    changes(1, 0)
    warm(client, cast, cast.lead)
    # session, user, memberships; plan with its community; version count; versions (with who); the version
    # before the page; entry changes (with partner); agreement changes; earlier entry and agreement states
    with django_assert_num_queries(11):
        client.get(url(cast, "history/"))
    changes(10, 1)
    with django_assert_num_queries(11):
        response = client.get(url(cast, "history/"))
    assert "R10" in response.content.decode()

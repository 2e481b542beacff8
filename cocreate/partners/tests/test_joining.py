"""One person, one partner: joining a community (by invitation or any later role) makes or links her
partner record, with the type and lived-experience flag chosen when she was invited; and the records
tell the truth (no level yet, a new partner is not out of touch, planned levels never below today's)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cocreate.accounts.tests.helpers import link_in
from cocreate.conftest import make_user
from cocreate.core import actions as core_actions
from cocreate.core.errors import WriteError
from cocreate.core.models import Invitation, Role
from cocreate.partners import actions, coverage
from cocreate.partners.models import EngagementArea, Level, Partner, PartnerType


def members_url(community) -> str:
    return community.url("community_members")


def _invite(client, community, **fields):
    data = {"email": "rosa@example.org", "role": Role.PARTNER, "language": "es", **fields}
    return client.post(members_url(community), data)


def test_it_asks_who_she_will_be_at_the_table_only_when_inviting_to_a_community(client, cast):
    client.force_login(cast.admin)
    community_page = client.get(members_url(cast.community)).text
    assert 'name="partner_type"' in community_page and 'name="lived_experience"' in community_page
    org_page = client.get(f"/o/{cast.org.slug}/members/").text
    assert 'name="partner_type"' not in org_page and 'name="lived_experience"' not in org_page


def test_a_parent_invited_with_lived_experience_is_that_partner_as_soon_as_she_joins(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, cast.community, partner_type=PartnerType.COMMUNITY, lived_experience="on")
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="rosa@example.org")
    assert (invitation.partner_type, invitation.lived_experience) == (PartnerType.COMMUNITY, True)
    assert "brings lived experience" in client.get(members_url(cast.community)).text
    client.logout()
    link = link_in(mail.outbox[-1])
    client.post(link, {"name": "Rosa Méndez", "preferred_language": "es", "password1": "", "password2": ""})
    partner = Partner.objects.get(community=cast.community, user__email="rosa@example.org")
    assert partner.name == "Rosa Méndez" and partner.email == "rosa@example.org"
    assert partner.partner_type == PartnerType.COMMUNITY and partner.lived_experience
    assert partner.history.first().history_user.email == "rosa@example.org"


def test_it_links_the_record_the_team_made_by_hand_instead_of_making_a_second(cast):
    by_hand = actions.do_create_partner(
        cast.community, name="Rosa M.", partner_type=PartnerType.AGENCY, email="Rosa@Example.org"
    )
    invitation = core_actions.do_invite(
        cast.org,
        email="rosa@example.org",
        role=Role.PARTNER,
        community=cast.community,
        acting_user=cast.lead,
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
    )
    rosa = make_user("rosa@example.org", "Rosa Méndez")
    core_actions.do_accept_invitation(invitation, acting_user=rosa)
    assert list(Partner.objects.filter(community=cast.community, email__iexact="rosa@example.org")) == [
        by_hand
    ]
    by_hand.refresh_from_db()
    assert by_hand.user == rosa and by_hand.name == "Rosa M."  # the team's record, now hers
    assert by_hand.partner_type == PartnerType.COMMUNITY and by_hand.lived_experience  # as invited


def test_a_role_granted_later_finds_her_record_by_her_sign_in(cast):
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.PARTNER, community=cast.community)
    first = Partner.objects.get(community=cast.community, user=cast.partner)
    assert first.partner_type == PartnerType.COMMUNITY and not first.lived_experience  # nobody said
    actions.do_update_partner(first, lived_experience=True)
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.TEAM_LEAD, community=cast.community)
    assert list(Partner.objects.filter(community=cast.community, user=cast.partner)) == [first]
    first.refresh_from_db()
    assert first.lived_experience and first.partner_type == PartnerType.COMMUNITY  # kept as the team said


def test_a_role_in_another_community_is_a_partner_there_too_and_staff_get_their_usual_type(cast):
    core_actions.do_add_membership(
        cast.org, user=cast.practitioner, role=Role.PRACTITIONER, community=cast.other_community
    )
    there = Partner.objects.get(community=cast.other_community, user=cast.practitioner)
    assert there.partner_type == PartnerType.INTERMEDIARY and there.name == "Pat Practitioner"
    assert not Partner.objects.filter(community=cast.community, user=cast.practitioner).exists()


def test_an_archived_record_is_listed_again_when_she_rejoins(cast):
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.PARTNER, community=cast.community)
    record = Partner.objects.get(user=cast.partner)
    actions.do_set_archived(record, archived=True)
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.TEAM_LEAD, community=cast.community)
    record.refresh_from_db()
    assert record.archived_at is None


def test_inviting_to_the_whole_organization_names_no_partner(cast):
    invitation = core_actions.do_invite(
        cast.org,
        email="staff@example.org",
        role=Role.PRACTITIONER,
        community=None,
        acting_user=cast.admin,
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
    )
    assert (invitation.partner_type, invitation.lived_experience) == ("", False)
    staff = make_user("staff@example.org", "Staff")
    core_actions.do_accept_invitation(invitation, acting_user=staff)
    assert not Partner.objects.filter(user=staff).exists()


def test_it_refuses_a_partner_type_it_does_not_know(cast):
    with pytest.raises(WriteError) as error:
        core_actions.do_invite(
            cast.org,
            email="x@example.org",
            role=Role.PARTNER,
            community=cast.community,
            acting_user=cast.lead,
            partner_type="alien",
        )
    assert "partner_type" in error.value.message_dict


def test_the_type_and_flag_stay_editable_on_the_partner_page(client, cast):
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.PARTNER, community=cast.community)
    record = Partner.objects.get(user=cast.partner)
    client.force_login(cast.lead)
    page = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/partners/{record.pk}/edit/").text
    assert 'name="partner_type"' in page and 'name="lived_experience"' in page


# Records that tell the truth ------------------------------------------------------------------------


def test_a_partner_with_no_level_is_no_level_yet_not_only_informed(cast):
    actions.do_create_partner(cast.community, name="Nueva", partner_type=PartnerType.COMMUNITY)
    gaps = coverage.community_gaps(cast.community)
    assert gaps.no_level_types == [PartnerType.COMMUNITY] and gaps.inform_only_types == []
    counts = coverage.portfolio_gap_counts([cast.community.pk])[cast.community.pk]
    assert counts["no_level_types"] == 1 and counts["inform_only_types"] == 0
    assert "1 type with no level yet" in coverage.gap_badges(counts)
    informed = actions.do_create_partner(cast.community, name="Informada", partner_type=PartnerType.COMMUNITY)
    area = EngagementArea.objects.get(community=cast.community, key="co-creation")
    actions.do_set_level(
        informed, area, current=Level.INFORM, planned=Level.INFORM, reason="x", acting_user=None
    )
    gaps = coverage.community_gaps(cast.community)
    assert gaps.no_level_types == [] and gaps.inform_only_types == [PartnerType.COMMUNITY]


def test_the_community_page_says_no_level_yet(client, cast):
    actions.do_create_partner(cast.community, name="Nueva", partner_type=PartnerType.COMMUNITY)
    client.force_login(cast.lead)
    page = client.get(cast.community.get_absolute_url()).text
    assert "No level recorded yet:" in page and "Only kept informed:" not in page


def test_a_partner_added_today_has_not_gone_quiet(client, cast):
    new = actions.do_create_partner(cast.community, name="Nueva", partner_type=PartnerType.COMMUNITY)
    old = actions.do_create_partner(cast.community, name="Antigua", partner_type=PartnerType.COMMUNITY)
    Partner.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=90))
    gaps = coverage.community_gaps(cast.community)
    assert [p.name for p in gaps.stale] == ["Antigua"]
    assert coverage.portfolio_gap_counts([cast.community.pk])[cast.community.pk]["stale"] == 1
    client.force_login(cast.lead)
    listed = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/partners/?show=stale").text
    assert "Antigua" in listed and new.name not in listed


def test_the_level_form_never_presets_a_plan_below_today_and_refuses_one(client, cast):
    partner = actions.do_create_partner(cast.community, name="Nueva", partner_type=PartnerType.COMMUNITY)
    area = EngagementArea.objects.get(community=cast.community, key="co-creation")
    # A record from before the rule, with its plan below where she stands.
    actions.do_set_level(
        partner, area, current=Level.INVOLVE, planned=Level.INVOLVE, reason="x", acting_user=None
    )
    partner.levels.update(planned=Level.CONSULT)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/partners/{partner.pk}/levels/{area.pk}/"
    client.force_login(cast.lead)
    form = client.get(url).context["form"]
    assert form.initial == {"current": Level.INVOLVE, "planned": Level.INVOLVE}
    response = client.post(url, {"current": Level.COLLABORATE, "planned": Level.INVOLVE, "reason": "Up"})
    assert response.status_code == 200
    assert 'id="id_planned_error"' in response.text and "where the team aims" in response.text
    with pytest.raises(WriteError):
        actions.do_set_level(
            partner, area, current=Level.COLLABORATE, planned=Level.CONSULT, reason="x", acting_user=None
        )


# No duplicate people --------------------------------------------------------------------------------


def test_a_member_who_joined_is_offered_once_in_the_meeting_and_action_pickers(client, cast):
    from cocreate.meetings.access import meeting_people
    from cocreate.planning.access import responsible_people

    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.PARTNER, community=cast.community)
    record = Partner.objects.get(user=cast.partner)
    people = meeting_people(cast.community)
    assert f"p{record.pk}" in people and f"u{cast.partner.pk}" not in people
    names = [name for name, _p, _u in people.values()]
    assert names.count("Paz Parent") == 1
    assert cast.partner in responsible_people(cast.community)  # the form then offers her as the partner


def test_someone_on_a_meeting_by_her_sign_in_is_not_offered_again_as_her_partner_record(cast):
    from cocreate.meetings.access import meeting_people
    from cocreate.meetings.models import Attendee, Meeting

    meeting = Meeting.objects.create(
        organization=cast.org,
        community=cast.community,
        title="Monthly",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
        place="Library",
    )
    Attendee.objects.create(
        organization=cast.org, community=cast.community, meeting=meeting, user=cast.partner
    )
    core_actions.do_add_membership(cast.org, user=cast.partner, role=Role.PARTNER, community=cast.community)
    people = meeting_people(cast.community, meeting)
    names = [name for name, _p, _u in people.values()]
    assert names.count("Paz Parent") == 1 and f"u{cast.partner.pk}" in people


def test_naming_her_twice_invites_and_counts_her_once(cast):
    from cocreate.meetings.access import meeting_people
    from cocreate.meetings.actions import one_per_person

    record = actions.do_create_partner(
        cast.community, name="Paz Parent", partner_type=PartnerType.COMMUNITY, user=cast.partner
    )
    people = meeting_people(cast.community)
    people[f"u{cast.partner.pk}"] = (
        cast.partner.display_name,
        None,
        cast.partner,
    )  # as an old form might send
    keys = [f"u{cast.partner.pk}", f"p{record.pk}", f"u{cast.lead.pk}", f"p{record.pk}"]
    assert one_per_person(keys, people) == [f"p{record.pk}", f"u{cast.lead.pk}"]


def test_an_action_owned_by_her_partner_record_and_her_sign_in_has_her_once(cast):
    from cocreate.planning import actions as planning_actions
    from cocreate.planning.tests.helpers import make_goal

    record = actions.do_create_partner(
        cast.community, name="Paz Parent", partner_type=PartnerType.COMMUNITY, user=cast.partner
    )
    goal = make_goal(cast)
    action = planning_actions.do_add_action(
        goal,
        acting_user=cast.lead,
        strategy="Listening sessions",
        starts_on=timezone.localdate(),
        due_on=timezone.localdate() + timedelta(days=30),
        partners=[record],
        users=[cast.partner, cast.lead],
    )
    owners = {(o.partner_id, o.user_id) for o in action.owners.all()}
    assert owners == {(record.pk, None), (None, cast.lead.pk)}


def test_the_api_raises_a_kept_plan_to_the_new_level_and_refuses_a_lower_one(cast):
    from cocreate.api.tests.test_api import api_as, riverside

    partner = actions.do_create_partner(cast.community, name="Nueva", partner_type=PartnerType.COMMUNITY)
    url = riverside(cast, f"partners/{partner.pk}/levels/")
    api = api_as(cast.lead)
    assert api.post(url, {"area": "co-creation", "current": 2, "reason": "a"}).status_code == 201
    assert api.post(url, {"area": "co-creation", "current": 4, "reason": "b"}).status_code == 201
    assert partner.levels.get().planned == Level.COLLABORATE
    refused = api.post(url, {"area": "co-creation", "current": 4, "planned": 3, "reason": "c"})
    assert refused.status_code == 400 and "planned" in refused.json()

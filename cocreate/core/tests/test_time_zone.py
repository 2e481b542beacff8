"""Each organization lives on its own clock: its pages, due dates, meeting times, API and calendar feeds
follow `Organization.time_zone`, and its network admin sets it."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.utils import timezone

from cocreate.core.models import Organization
from cocreate.meetings.tests.helpers import plan as plan_meeting
from cocreate.planning.tests.helpers import make_action, make_goal

# 20:00 UTC on 7 December 2026: 09:00 on the 8th in Auckland, noon on the 7th in Los Angeles.
AUCKLAND_MORNING = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)


def text(response) -> str:
    page = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def set_zone(org: Organization, name: str) -> None:
    Organization.objects.filter(pk=org.pk).update(time_zone=name)


@pytest.fixture
def two_zones(cast, monkeypatch):
    """The cast's organization works in Auckland, the other one in Los Angeles, at AUCKLAND_MORNING."""
    set_zone(cast.org, "Pacific/Auckland")
    set_zone(cast.other_org, "America/Los_Angeles")
    monkeypatch.setattr(timezone, "now", lambda: AUCKLAND_MORNING)


def test_it_starts_an_organization_on_the_configured_zone(cast):
    assert Organization.objects.get(pk=cast.org.pk).time_zone == settings.TIME_ZONE


def test_it_decides_overdue_in_each_organizations_own_day(client, cast, two_zones):
    for community in (cast.community, cast.other_org_community):
        goal = make_goal(cast, community=community)
        make_action(goal, cast, "Send the minutes", due_on=date(2026, 12, 7))

    client.force_login(cast.funder)
    auckland = text(client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/"))
    client.force_login(cast.other_org_lead)
    los_angeles = text(client.get(f"/o/{cast.other_org.slug}/c/{cast.other_org_community.slug}/planning/"))

    # Due on the 7th: late on Auckland's 8th, still due today in Los Angeles.
    assert "0 of 1 actions done 1 overdue" in auckland
    assert "0 of 1 actions done" in los_angeles and "overdue" not in los_angeles


def test_it_shows_meeting_times_on_the_organizations_clock(client, cast, two_zones):
    starts = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)  # 14:00 on the 8th in Auckland, 17:00 on the 7th in LA
    meeting = plan_meeting(cast, "Budget meeting", starts_at=starts, ends_at=starts.replace(hour=2))
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/meetings/{meeting.pk}/"
    client.force_login(cast.funder)

    assert "Dec. 8, 2026, 2 p.m." in text(client.get(url))
    set_zone(cast.org, "America/Los_Angeles")
    assert "Dec. 7, 2026, 5 p.m." in text(client.get(url))


def test_the_api_gives_times_in_the_organizations_zone(client, cast, two_zones):
    starts = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    plan_meeting(cast, "Budget meeting", starts_at=starts, ends_at=starts.replace(hour=2))
    client.force_login(cast.lead)

    response = client.get(f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/meetings/")

    assert response.status_code == 200
    assert "2026-12-08T14:00:00+13:00" in response.content.decode()


def test_it_names_the_organizations_zone_in_calendar_files(client, cast, two_zones):
    meeting = plan_meeting(cast, "Budget meeting")
    client.force_login(cast.lead)

    ics = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/meetings/{meeting.pk}/meeting.ics")

    assert "X-WR-TIMEZONE:Pacific/Auckland\r\n" in ics.content.decode()
    assert (
        f"DTSTART:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in ics.content.decode()
    )  # same moment


def test_it_leaves_the_next_request_on_the_default_clock(client, cast, two_zones):
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
    client.get(f"/api/v1/orgs/{cast.org.slug}/communities/")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


def test_a_network_admin_sets_the_zone_from_a_list_of_valid_zones(client, cast):
    client.force_login(cast.admin)
    url = f"/o/{cast.org.slug}/edit/"
    page = client.get(url).content.decode()
    assert '<option value="Pacific/Auckland">Pacific/Auckland</option>' in page
    assert "Meeting times, due dates" in page  # the help text says what it changes

    fields = {"name": cast.org.name, "description": "", "time_zone": "Pacific/Auckland"}
    assert client.post(url, fields).status_code == 302
    assert Organization.objects.get(pk=cast.org.pk).time_zone == "Pacific/Auckland"

    response = client.post(url, {**fields, "time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200 and 'id="id_time_zone_error"' in response.content.decode()
    assert Organization.objects.get(pk=cast.org.pk).time_zone == "Pacific/Auckland"


def test_only_a_network_admin_changes_the_zone(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        f"/o/{cast.org.slug}/edit/", {"name": cast.org.name, "time_zone": "Pacific/Auckland"}
    )
    assert response.status_code == 403
    assert Organization.objects.get(pk=cast.org.pk).time_zone == settings.TIME_ZONE


def test_an_invitation_email_gives_the_expiry_date_of_the_organizations_calendar(
    cast, two_zones, django_capture_on_commit_callbacks
):
    from django.core import mail

    from cocreate.core import actions

    with django_capture_on_commit_callbacks(execute=True):
        invitation = actions.do_invite(
            Organization.objects.get(pk=cast.org.pk),
            email="new@example.org",
            role="partner",
            community=cast.community,
            acting_user=cast.admin,
        )

    expiry_in_auckland = timezone.localtime(
        invitation.expires_at, timezone=timezone.get_fixed_timezone(13 * 60)
    )
    assert expiry_in_auckland.date() != invitation.expires_at.astimezone(UTC).date()  # the dates differ
    assert f"expires on {expiry_in_auckland:%b}. {expiry_in_auckland.day}, 2026" in mail.outbox[0].body


def test_a_new_organization_may_choose_its_zone_or_take_the_default(client, cast):
    client.force_login(cast.outsider)
    client.post("/orgs/new/", {"name": "Valley Network", "description": ""})
    client.post("/orgs/new/", {"name": "Harbor Network", "description": "", "time_zone": "Pacific/Auckland"})
    zones = dict(Organization.objects.values_list("name", "time_zone"))
    assert zones["Valley Network"] == settings.TIME_ZONE
    assert zones["Harbor Network"] == "Pacific/Auckland"

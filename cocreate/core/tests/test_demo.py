from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from cocreate.core.demo import DEMO_PASSWORD, PEOPLE
from cocreate.core.models import Community, Membership, Organization, StageChange


def test_it_loads_the_demo_network_once(db):
    call_command("seed-demo", stdout=StringIO())
    counts = (Organization.objects.count(), Community.objects.count(), Membership.objects.count())
    call_command("seed-demo", stdout=StringIO())
    assert (Organization.objects.count(), Community.objects.count(), Membership.objects.count()) == counts
    northfield = Community.objects.filter(organization__slug="northfield")
    assert northfield.count() == 4
    assert len(set(northfield.values_list("stage", flat=True))) == 4  # four communities, four stages
    assert StageChange.objects.filter(community__slug="lakeview").first().is_step_back


def test_every_demo_person_signs_in_and_finds_their_organization(client, db):
    call_command("seed-demo", stdout=StringIO())
    for person in PEOPLE:
        response = client.post("/accounts/login/", {"login": person.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, person.email
        if person.role == "network_admin":  # a second step: the authenticator code
            assert response["Location"].startswith("/accounts/2fa/authenticate")
        else:
            home = client.get("/", follow=True)
            assert "Northfield Implementation Support Center" in home.content.decode(), person.email
        client.logout()


def test_demo_people_who_are_also_partners_are_listed_once(db):
    """Everyone with a role in Riverside is one partner there, linked to her sign-in (made or found when
    she joined), so a meeting's or decision's people picker shows each of them once."""
    from cocreate.meetings.access import participant_choices
    from cocreate.partners.models import Partner

    call_command("seed-demo", stdout=StringIO())
    riverside = Community.objects.get(organization__slug="northfield", slug="riverside")
    linked = Partner.objects.filter(community=riverside, user__isnull=False)
    assert {(p.name, p.user.email) for p in linked} == {
        ("María López", "parent@demo.cocreate.org"),
        ("Dana Brooks", "lead@demo.cocreate.org"),
        ("Priya Shah", "practitioner@demo.cocreate.org"),
        ("Keisha Brown", "keisha@demo.cocreate.org"),
        ("Tomás Herrera", "tomas@demo.cocreate.org"),
        ("Luis Ortega", "luis@demo.cocreate.org"),
        ("Grace Liu", "grace@demo.cocreate.org"),
        ("Ben Carter", "ben@demo.cocreate.org"),
    }
    every_link = list(Partner.objects.filter(user__isnull=False).values_list("community_id", "user_id"))
    assert len(every_link) == len(set(every_link))  # nobody is two partners of one community
    maria = Partner.objects.get(community=riverside, user__email="parent@demo.cocreate.org")
    assert maria.lived_experience and maria.partner_type == "community"
    invited = riverside.invitations.get(email="rosa.mendez@example.org", accepted_at__isnull=True)
    assert invited.lived_experience and invited.partner_type == "community"
    partners, users = participant_choices(riverside)
    names = [p.name for p in partners] + [u.name for u in users]
    assert len(names) == len(set(names))


def test_the_demo_has_interim_outcomes_beside_the_support(client, db):
    """Three of Riverside's sessions had the interim-outcomes survey: two closed rounds whose scores rise,
    and one still collecting answers, too small to show."""
    from cocreate.accounts.models import User
    from cocreate.support.models import EventSurvey

    call_command("seed-demo", stdout=StringIO())
    surveys = list(
        EventSurvey.objects.filter(community__slug="riverside")
        .select_related("administration", "event")
        .order_by("event__date")
    )
    assert [s.administration.status for s in surveys] == ["closed", "closed", "open"]
    assert [s.administration.response_count for s in surveys] == [3, 3, 1]
    assert surveys[0].administration.scores["total"] < surveys[1].administration.scores["total"]
    assert all(s.sent_at == s.administration.opened_at and s.sent_at.date() > s.event.date for s in surveys)
    client.force_login(User.objects.get(email="lead@demo.cocreate.org"))
    page = client.get("/o/northfield/c/riverside/support/outcomes/").content.decode()
    assert "No interim-outcomes scores yet" not in page
    assert "1 round not shown (fewer than 3 answers, or still collecting them)" in page
    call_command("seed-demo", stdout=StringIO())  # once only
    assert EventSurvey.objects.filter(community__slug="riverside").count() == 3


def test_demo_support_is_logged_after_each_session_not_when_seeded(db):
    from cocreate.support.models import SupportEvent

    call_command("seed-demo", stdout=StringIO())
    events = list(SupportEvent.objects.all())
    assert events and all(e.created_at.date() > e.date for e in events)
    assert all(e.created_at < timezone.now() for e in events)

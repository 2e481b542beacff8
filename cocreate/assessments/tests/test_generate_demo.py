"""Generated assessments for the benchmark, and Riverside's assessments in the demo network."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count

from cocreate.assessments import generate as assessment_generate
from cocreate.assessments.disclosure import MIN_GROUP
from cocreate.assessments.models import (
    Administration,
    AdministrationStatus,
    Consensus,
    GapFlag,
    Invitee,
    Perspective,
    Reflection,
    Response,
)
from cocreate.core.access import tenant_for
from cocreate.core.models import Community, Organization

N = 10  # the tiny scale


def generate_tiny():
    call_command("generate", communities=N, org_slug="gen", verbosity=0)
    return Organization.objects.get(slug="gen")


def test_it_generates_scored_rounds_of_thirty_people(db):
    org = generate_tiny()
    rounds = Administration.objects.filter(organization=org)
    past = rounds.exclude(status=AdministrationStatus.OPEN)
    assert past.count() == assessment_generate.PAST_ROUNDS_PER_COMMUNITY * N
    assert set(past.values_list("response_count", flat=True)) == {assessment_generate.RESPONDENTS}
    for adm in past.filter(status=AdministrationStatus.CLOSED)[:5]:
        assert adm.closed_at and adm.scores["agreed"] == 40
        assert 0 <= adm.scores["total"] <= 100 and len(adm.scores["sections"]) == 5
        assert Consensus.objects.filter(administration=adm).count() == 40
        answers = Response.objects.filter(administration=adm).values_list("answers", flat=True)
        assert len(answers) == 30 and all(len(a) == 40 for a in answers)
        # Named rounds link each response to an invitee; anonymous ones to nobody.
        linked = Response.objects.filter(administration=adm, respondent__isnull=False).count()
        assert linked == (0 if adm.anonymous else 30)
        assert Invitee.objects.filter(administration=adm, submitted_at__isnull=False).count() == 30
    assert GapFlag.objects.filter(organization=org, resolved_at=None).exists()
    assert Reflection.objects.filter(organization=org).exists()


def test_it_gives_the_bench_community_a_history_and_others_open_rounds_to_answer(db):
    org = generate_tiny()
    practitioner = (
        org.memberships.filter(role="practitioner").select_related("user").order_by("user__email")[0].user
    )
    bench = (
        tenant_for(practitioner, "gen")
        .communities()
        .annotate(moves=Count("stage_changes"))
        .order_by("-moves", "name")
        .first()
    )
    history = Administration.objects.filter(community=bench).order_by("opened_at")
    assert history.count() == assessment_generate.BENCH_HISTORY
    assert history.filter(status=AdministrationStatus.OPEN).count() == 0
    totals = [adm.scores["total"] for adm in history]
    assert totals[-1] > totals[0]  # the team grows

    waiting = Invitee.objects.filter(
        organization=org, administration__status=AdministrationStatus.OPEN, submitted_at=None
    )
    per_person = (
        waiting.values("user").annotate(n=Count("pk")).filter(n=assessment_generate.QUICK_OPEN_ROUNDS)
    )
    assert per_person.count() >= 20
    assert not waiting.filter(administration__community=bench).exists()


def test_the_demo_tells_riversides_assessment_story_once(db):
    call_command("seed-demo", stdout=StringIO())
    riverside = Community.objects.get(organization__slug="northfield", slug="riverside")
    counts = (
        Administration.objects.count(),
        Response.objects.count(),
        Invitee.objects.count(),
        GapFlag.objects.count(),
        Reflection.objects.count(),
    )
    call_command("seed-demo", stdout=StringIO())
    assert counts == (
        Administration.objects.count(),
        Response.objects.count(),
        Invitee.objects.count(),
        GapFlag.objects.count(),
        Reflection.objects.count(),
    )

    capacity = list(
        Administration.objects.filter(community=riverside, instrument_key="capacity").order_by("opened_at")
    )
    assert [adm.status for adm in capacity] == [AdministrationStatus.CLOSED] * 2
    first, follow_up = capacity
    assert first.response_count == 8 and first.scores["sections"]["co-creation"] == 43.8
    assert first.scores["agreed"] == 40 and follow_up.scores["sections"]["co-creation"] > 43.8
    assert Response.objects.filter(administration=first, language="es").count() == 2
    assert Response.objects.filter(administration=first, respondent=None).count() == 1
    # Flagged once; the planning demo (cocreate/planning/demo.py) then takes it up as a goal.
    assert GapFlag.objects.filter(administration=first, goal_links__isnull=False).count() == 1

    partnership = Administration.objects.get(community=riverside, instrument_key="partnership")
    sizes = partnership.responses.values("perspective").annotate(n=Count("pk"))
    assert {row["perspective"]: row["n"] for row in sizes} == {
        Perspective.PROFESSIONAL: 4,
        Perspective.LIVED: 3,
    }
    assert min(row["n"] for row in sizes) >= MIN_GROUP

    coproduction = Administration.objects.get(community=riverside, instrument_key="coproduction")
    assert coproduction.status == AdministrationStatus.OPEN and coproduction.response_count == 1
    parent = coproduction.invitees.get(user__email="parent@demo.cocreate.org")
    assert parent.submitted_at is None and parent.user.preferred_language == "es"
    assert coproduction.invitees.get(user__email="lead@demo.cocreate.org").submitted_at is not None
    assert Reflection.objects.filter(community=riverside, stage=riverside.stage).count() == 2


def test_an_earlier_demo_gets_its_assessments_when_seeded_again(db):
    call_command("seed-demo", stdout=StringIO())
    Administration.objects.all().delete()
    call_command("seed-demo", stdout=StringIO())
    riverside = Administration.objects.filter(community__slug="riverside")
    # The team's four rounds, and the support log's three interim-outcomes surveys (sent after sessions).
    assert riverside.exclude(instrument_key="interim-outcomes").count() == 4
    assert riverside.filter(instrument_key="interim-outcomes").count() == 3

"""The kinds' API: computed state, make goals, add stakeholder."""

from cocreate.partners.models import Partner
from cocreate.planning.models import Goal
from cocreate.worksheets import seeding
from cocreate.worksheets.tests.kinds_helpers import goals_sheet, prism_sheet, riverside_sheet


def url(c, ws, suffix):
    return f"/api/v1/orgs/{c.org.slug}/worksheets/{ws.pk}/{suffix}"


def test_it_gives_the_ignite_talks_speaking_time(client, cast, django_assert_num_queries):
    ws = riverside_sheet(cast, "ignite")
    slides = ws.content["slides"]["slides"]
    slides[0]["words"] = "word " * 75
    seeding.save_step(ws, "slides", {"slides": slides}, acting_user=cast.partner)
    client.force_login(cast.partner)
    client.get(url(cast, ws, "kind/"))
    # session, user, memberships, worksheet (+community, template version)
    with django_assert_num_queries(4):
        r = client.get(url(cast, ws, "kind/"))
    data = r.json()
    assert data["words_per_minute"] == 150 and data["total_seconds"] == 30
    assert data["slides"][0] == {
        "number": 1,
        "part": "Diagnostic",
        "words": 75,
        "seconds": 30,
        "status": "long",
    }


def test_it_makes_goals_and_adds_a_stakeholder_once(client, cast):
    client.force_login(cast.lead)
    ws = goals_sheet(cast)
    first = client.post(url(cast, ws, "make-goals/")).json()
    again = client.post(url(cast, ws, "make-goals/")).json()
    assert len(first) == 2 and first == again and Goal.objects.count() == 2
    prism = prism_sheet(cast)
    roles = client.post(url(cast, prism, "prism/researcher/add-partner/")).json()
    client.post(url(cast, prism, "prism/researcher/add-partner/"))
    made = next(r for r in roles if r["key"] == "researcher")["made_partner"]
    assert Partner.objects.get().pk == made
    assert client.get(url(cast, prism, "kind/")).json()["roles"][0]["key"] == "parent"


def test_a_statementless_worksheet_is_a_400(client, cast):
    client.force_login(cast.lead)
    r = client.post(url(cast, riverside_sheet(cast, "goals"), "make-goals/"))
    assert r.status_code == 400

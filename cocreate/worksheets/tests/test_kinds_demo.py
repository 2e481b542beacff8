"""The demo's worksheets and the generator's."""

from cocreate.core.models import Community
from cocreate.worksheets import demo, prism
from cocreate.worksheets.models import VersionKind, Worksheet, WorksheetStatus


def test_the_demo_gives_riverside_its_worksheets_once(cast):
    cast.community.slug = "riverside"
    demo.seed_worksheets({"riverside": cast.community})
    sheets = {w.kind: w for w in Worksheet.objects.filter(community=cast.community)}
    assert set(sheets) == {"mission", "values", "prism", "ignite", "goals"}
    mission = sheets["mission"]
    assert mission.status == WorksheetStatus.PUBLISHED and mission.published_number == 1
    assert mission.versions.filter(kind=VersionKind.DRAFT).count() == 2
    assert mission.comments.get().draft.number == 2
    assert len(sheets["values"].versions.get(kind=VersionKind.PUBLISHED).content["values"]["values"]) == 3
    missing = [r.role for r in prism.holdings(sheets["prism"], sheets["prism"].content) if not r.held]
    assert missing == ["Researcher or evaluator"]
    demo.seed_worksheets({"riverside": cast.community})
    assert Worksheet.objects.filter(community=cast.community).count() == 5


def test_the_demo_leaves_a_community_without_riverside_alone(cast):
    demo.seed_worksheets({"lakeview": Community.objects.get(pk=cast.other_community.pk)})
    assert not Worksheet.objects.exists()


def test_the_generator_publishes_a_mission_in_every_third_community(db):
    from cocreate.core.generate import Options, generate

    build = generate(Options(communities=4, org_slug="gen-ws", partners_per_community=3), progress=False)
    missions = Worksheet.objects.filter(organization=build.org, kind="mission")
    assert missions.count() == 2  # communities 1 and 4
    for ws in missions:
        assert ws.status == WorksheetStatus.PUBLISHED and ws.published_number == 1
        kinds = sorted(ws.versions.values_list("kind", "number"))
        assert kinds == [("draft", 1), ("draft", 2), ("published", 1)]
        assert ws.content["publish"]["final"]

"""The built-in instruments and stage-guided questions: they load, they are complete in English and Spanish,
and they have the shape the rest of the product relies on."""

import pytest

from cocreate.assessments import actions
from cocreate.assessments.instruments import builtin_files, read_definition, stage_questions
from cocreate.assessments.models import Kind, Scoring
from cocreate.core.models import Stage
from cocreate.partners.models import CAPACITY_DOMAINS

from .helpers import answer, builtin, open_round

DEFINITIONS = {path.name: read_definition(path)[0] for path in builtin_files()}
DOMAIN_KEYS = [key for key, _label in CAPACITY_DOMAINS]


def texts(node, where="definition"):
    """Every language dict ({"en": ...}) in a definition, with where it is."""
    if isinstance(node, dict):
        if "en" in node:
            yield where, node
            return
        for key, value in node.items():
            yield from texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            label = value.get("key", index) if isinstance(value, dict) else index
            yield from texts(value, f"{where}[{label}]")


def section_keys(version):
    return list(version.sections.order_by("position").values_list("key", flat=True))


def test_it_ships_every_builtin_instrument():
    keys = {definition["key"] for definition in DEFINITIONS.values()}
    assert keys >= {
        "partnership",
        "coproduction",
        "capacity",
        "support-practices",
        "interim-outcomes",
        "coproduction-steps",
    }


def test_it_loads_every_builtin_with_all_its_items(db):
    for definition in DEFINITIONS.values():
        version = builtin(definition["key"])
        expected = [item["key"] for section in definition["sections"] for item in section["items"]]
        stored = version.items.order_by("section__position", "position").values_list("key", flat=True)
        assert list(stored) == expected, definition["key"]


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_it_has_every_text_in_english_and_spanish(name):
    found = list(texts(DEFINITIONS[name]))
    assert found
    missing = [where for where, text in found if not text.get("es", "").strip()]
    assert missing == []


def test_it_has_stage_questions_in_english_and_spanish():
    missing = [where for where, text in texts(stage_questions()) if not text.get("es", "").strip()]
    assert missing == []


def test_it_gives_every_team_item_guidance_and_an_evidence_prompt():
    for definition in DEFINITIONS.values():
        if definition["kind"] != Kind.TEAM:
            continue
        for section in definition["sections"]:
            for item in section["items"]:
                assert item["guidance"] and item["evidence_prompt"], (definition["key"], item["key"])


def test_it_rates_capacity_on_the_five_domains_with_forty_items(db):
    version = builtin("capacity")
    assert section_keys(version) == DOMAIN_KEYS
    for section in version.sections.all():
        assert section.items.count() == 8, section.key
    assert version.items.count() == 40
    assert version.scale_values == [0, 1, 2]
    assert version.scoring == Scoring.PERCENT
    assert version.target == 80
    assert version.definition["adaptable"] is True


def test_it_says_which_capacity_domains_are_a_draft_to_adapt():
    description = DEFINITIONS["capacity.yaml"]["description"]
    assert "adapt" in description["en"] and "adápten" in description["es"]


def test_it_rates_coproduction_on_five_dimensions_from_one_to_five(db):
    version = builtin("coproduction")
    assert section_keys(version) == ["commit", "inform", "consult", "involve", "collaborate"]
    assert version.scale_values == [1, 2, 3, 4, 5]
    assert version.kind == Kind.TEAM and version.scoring == Scoring.MEAN
    for section in version.sections.all():
        assert 3 <= section.items.count() <= 5, section.key
        assert section.artifacts_prompt.get("en") and section.artifacts_prompt.get("es")
    prompts = [p["key"] for p in version.definition["reflection_prompts"]]
    assert prompts == ["strengths", "grow"]


def test_it_asks_interim_outcomes_as_a_short_survey(db):
    version = builtin("interim-outcomes")
    assert version.kind == Kind.SURVEY
    assert version.scale_values == [1, 2, 3, 4, 5]
    assert section_keys(version) == ["trust", "accountability", "integration", "involvement", "tailoring"]
    assert 6 <= version.items.count() <= 8


def test_it_follows_the_eight_coproduction_steps(db):
    version = builtin("coproduction-steps")
    assert section_keys(version) == [
        "mindset",
        "stakeholders",
        "structures",
        "planning",
        "decisions",
        "implementation",
        "feedback",
        "sustaining",
    ]
    assert version.scale_values == [0, 1, 2]


def test_it_has_stage_questions_for_every_domain_and_stage():
    questions = stage_questions()
    assert sorted(questions) == sorted(DOMAIN_KEYS)
    for domain, stages in questions.items():
        assert sorted(stages) == sorted(Stage.values), domain
        for stage, asked in stages.items():
            keys = [q["key"] for q in asked]
            assert 3 <= len(keys) <= 4, (domain, stage)
            assert len(set(keys)) == len(keys), (domain, stage)


def test_it_scores_a_team_capacity_round_per_domain(cast):
    adm = open_round(cast, builtin("capacity"))
    values = {
        key: 2 if key.startswith("cc-") else 1 for key in adm.version.items.values_list("key", flat=True)
    }
    for person in (cast.lead, cast.partner, cast.practitioner):
        answer(adm, person, values)
    # Scores are shown once the round stops collecting answers (disclosure rule 4).
    actions.do_close(adm)
    adm.refresh_from_db()
    assert adm.scores["sections"]["co-creation"] == 100.0
    assert adm.scores["sections"]["media"] == 50.0
    assert adm.scores["total"] == 60.0


def test_it_keeps_a_reflection_on_a_stage_question(cast):
    question = stage_questions()["co-creation"][Stage.INSTALLATION][0]
    reflection = actions.do_write_reflection(
        cast.community,
        acting_user=cast.lead,
        domain="co-creation",
        stage=Stage.INSTALLATION,
        question_key=question["key"],
        answer="Roles are in the plan; families have not seen it yet.",
    )
    assert reflection.question_key == question["key"]

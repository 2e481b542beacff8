"""The seven built-in templates of this part load, speak English and Spanish everywhere, and carry the
keys other code reads."""

import pytest

from cocreate.partners.models import PartnerType
from cocreate.planning.models import Horizon
from cocreate.worksheets.definitions import BUILTIN_DIR, read_definition
from cocreate.worksheets.goals import HORIZONS
from cocreate.worksheets.models import Kind

KINDS = ["values", "prism", "empathy", "ignite", "connection", "social", "goals"]


def definition(key):
    return read_definition(BUILTIN_DIR / f"{key}.yaml")[0]


def texts(node, where="", out=None):
    """Every {language: text} dict in a definition, with where it is."""
    out = [] if out is None else out
    if isinstance(node, dict):
        if "en" in node and all(isinstance(v, str) for v in node.values()):
            out.append((where, node))
        else:
            for k, v in node.items():
                texts(v, f"{where}.{k}", out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            texts(v, f"{where}[{i}]", out)
    return out


@pytest.mark.parametrize("key", KINDS)
def test_it_loads_each_template_with_its_kind(key):
    d = definition(key)
    assert d["key"] == key and d["kind"] == Kind(key)
    assert d["steps"] and d["why"]["en"]


@pytest.mark.parametrize("key", KINDS)
def test_every_text_has_spanish(key):
    found = texts(definition(key))
    assert len(found) > 10
    missing = [where for where, t in found if not t.get("es", "").strip()]
    assert not missing, missing


def test_values_has_the_columns_the_community_page_reads():
    step = next(s for s in definition("values")["steps"] if s["key"] == "values")
    field = next(f for f in step["fields"] if f["key"] == "values")
    assert [c["key"] for c in field["columns"]] == ["value", "meaning", "behaviour"]


def test_prism_offers_the_partner_types_and_seven_colours():
    field = definition("prism")["steps"][1]["fields"][0]
    columns = {c["key"]: c for c in field["columns"]}
    assert [c["key"] for c in columns["colour"]["choices"]] == [
        "red",
        "orange",
        "yellow",
        "green",
        "blue",
        "indigo",
        "violet",
    ]
    assert {c["key"] for c in columns["partner_type"]["choices"]} == set(PartnerType.values) | {"other"}
    assert {"role", "sees", "would_help", "held_by"} <= set(columns)
    assert len(field["rows"]) >= 6 and all(row["_key"] for row in field["rows"])


def test_empathy_deck_has_eight_cards_from_several_roles_each_a_choice_of_the_session():
    d = definition("empathy")
    cards = d["data"]["cards"]
    assert len(cards) >= 8 and len({c["role"] for c in cards}) >= 5
    assert all(c["scenario"]["es"] and c["title"]["es"] for c in cards)
    column = next(c for c in d["steps"][1]["fields"][0]["columns"] if c["key"] == "card")
    assert [c["key"] for c in column["choices"]] == [c["key"] for c in cards]
    assert {c["role"] for c in cards} <= set(d["data"]["roles"])
    assert len(d["data"]["questions"]) >= 3


def test_ignite_has_twenty_fixed_slides_in_three_parts():
    field = next(s for s in definition("ignite")["steps"] if s["key"] == "slides")["fields"][0]
    assert field["fixed_rows"] == 20 and len(field["rows"]) == 20
    assert [c["key"] for c in field["columns"]] == ["part", "words", "coach"]
    assert {r["part"] for r in field["rows"]} == {"diagnostic", "prognostic", "motivational"}


def test_goal_horizons_match_the_plan():
    field = next(s for s in definition("goals")["steps"] if s["key"] == "goals")["fields"][0]
    column = next(c for c in field["columns"] if c["key"] == "horizon")
    assert [c["key"] for c in column["choices"]] == list(HORIZONS)
    assert list(HORIZONS.values()) == list(Horizon)
    assert field["max_rows"] == 3


def test_social_plans_audience_message_platforms_schedule_measures_and_a_test():
    steps = [s["key"] for s in definition("social")["steps"]]
    assert {"audience", "message", "platforms", "schedule", "measures", "test"} <= set(steps)


def test_connection_records_activities_done_or_not():
    field = definition("connection")["steps"][0]["fields"][0]
    assert {"activity", "planned_on", "leads", "with_whom", "done", "how_it_went"} == {
        c["key"] for c in field["columns"]
    }

"""Plain-language wordings: every built-in item a partner may be asked has one, in English and Spanish,
at grade 8 at most; a partner with lived experience reads it first, with the original a tap away."""

from __future__ import annotations

import copy
import importlib

import pytest
from django.apps import apps as django_apps

from cocreate.assessments import actions
from cocreate.assessments.forms_instruments import PLAIN_MAX_GRADE, PLAIN_MIN_EASE
from cocreate.assessments.instruments import (
    PLAIN_DIR,
    InstrumentError,
    builtin_files,
    read_definition,
    with_plain_wordings,
)
from cocreate.assessments.models import Instrument, Item, Perspective, VersionStatus, asks
from cocreate.assessments.text import answer_wordings
from cocreate.lib.readability import fernandez_huerta, flesch_kincaid_grade
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType

from .helpers import SMALL_TEAM, answer, builtin, open_round

MAX_GRADE = PLAIN_MAX_GRADE  # Flesch-Kincaid, English
MIN_EASE = PLAIN_MIN_EASE  # Fernández-Huerta, Spanish: "bastante fácil" and above

# Words a parent should not meet in a plain wording (the professional wording keeps them).
JARGON = ("implementation", "capacity", "fidelity", "stakeholder", "implementación", "capacidad", "fidelidad")


def plain_wordings():
    for path in builtin_files():
        definition, _digest = read_definition(path)
        for section in definition["sections"]:
            for item in section["items"]:
                yield definition["key"], item


PLAIN = list(plain_wordings())
IDS = [f"{key}:{item['key']}" for key, item in PLAIN]


def test_it_has_a_plain_file_for_every_builtin_instrument():
    assert {p.stem for p in PLAIN_DIR.glob("*.yaml")} == {p.stem for p in builtin_files()}


@pytest.mark.parametrize(("instrument", "item"), PLAIN, ids=IDS)
def test_every_item_has_a_plain_wording_in_english_and_spanish(instrument, item):
    plain = item["wordings"].get("plain", {})
    assert plain.get("en") and plain.get("es"), (
        f"{instrument} {item['key']} needs a plain wording in en and es"
    )
    assert plain["en"] != item["text"]["en"] or instrument == "interim-outcomes"


@pytest.mark.parametrize(("instrument", "item"), PLAIN, ids=IDS)
def test_every_plain_wording_reads_at_grade_8_at_most(instrument, item):
    plain = item["wordings"]["plain"]
    grade = flesch_kincaid_grade(plain["en"])
    ease = fernandez_huerta(plain["es"])
    assert grade <= MAX_GRADE, f"{item['key']}: grade {grade:.1f} > {MAX_GRADE}: {plain['en']}"
    assert ease >= MIN_EASE, f"{item['key']}: ease {ease:.1f} < {MIN_EASE}: {plain['es']}"
    words = (plain["en"] + " " + plain["es"]).lower()
    assert not [w for w in JARGON if w in words]


def test_the_plain_wordings_are_easier_than_the_professional_ones_on_the_whole():
    def mean(values):
        return sum(values) / len(values)

    professional = [flesch_kincaid_grade(i["text"]["en"]) for _k, i in PLAIN]
    plain = [flesch_kincaid_grade(i["wordings"]["plain"]["en"]) for _k, i in PLAIN]
    assert mean(plain) < mean(professional) - 3


def test_it_refuses_a_plain_wording_for_an_item_that_does_not_exist():
    with pytest.raises(InstrumentError, match="no-such-item"):
        with_plain_wordings(copy.deepcopy(SMALL_TEAM), {"no-such-item": {"en": "x"}}, "plain/x.yaml")


def test_every_published_builtin_item_carries_its_plain_wording(db):
    items = Item.objects.filter(
        version__instrument__organization=None, version__status=VersionStatus.PUBLISHED
    )
    assert items.count() == len(PLAIN)
    missing = [i.key for i in items if not {"en", "es"} <= set(i.wordings.get("plain", {}))]
    assert missing == []


def test_the_migration_fills_items_of_rounds_opened_before(db):
    migration = importlib.import_module(
        "cocreate.assessments.migrations.0006_fill_plain_wordings_for_partners"
    )
    item = builtin("capacity").items.get(key="cc-involved")
    old = builtin("capacity").items.get(key="cc-plan")
    item.wordings = {}
    old.wordings, old.text = {}, {"en": "A wording that has since changed"}
    Item.objects.bulk_update([item, old], ["wordings", "text"])
    migration.fill_plain(django_apps, None)
    item.refresh_from_db()
    old.refresh_from_db()
    assert item.wordings["plain"]["es"].startswith("Los cinco tipos de aliados")
    assert "plain" not in old.wordings  # the plain words would not say what this item says


def lived_experience(cast, user):
    partner_actions.do_create_partner(
        cast.community, name=user.name, partner_type=PartnerType.COMMUNITY, lived_experience=True, user=user
    )


def adm_page(adm, path=""):
    return f"/o/{adm.organization.slug}/c/{adm.community.slug}/assessments/{adm.pk}/{path}"


def test_a_partner_reads_the_plain_wording_first_and_can_open_the_original(client, cast):
    lived_experience(cast, cast.partner)
    adm = open_round(cast, builtin("capacity"), invitees=[cast.partner, cast.lead])
    client.force_login(cast.partner)  # Paz reads Spanish
    page = client.get(adm_page(adm, "answer/")).content.decode()
    plain = "Los cinco tipos de aliados nos ayudan a llevar mejor el programa aquí."
    original = builtin("capacity").items.get(key="cc-involved").text["es"]
    assert page.index(plain) < page.index("Mostrar la redacción original") < page.index(original)
    # Section by section: the first page holds the first section's items, each with its original.
    first = builtin("capacity").sections.order_by("position").first()
    assert page.count('class="original-wording"') == first.items.count()
    # The one-page form holds every item of the sections asked of her (not the professionals' ones).
    hers = [s for s in builtin("capacity").sections.all() if asks(s.audience, Perspective.LIVED)]
    assert len(hers) < builtin("capacity").sections.count()
    every = client.get(adm_page(adm, "answer/?all=1")).content.decode()
    assert every.count('class="original-wording"') == sum(s.items.count() for s in hers)


def test_staff_read_the_professional_wording(client, cast):
    adm = open_round(cast, builtin("capacity"), invitees=[cast.partner, cast.lead])
    client.force_login(cast.lead)
    page = client.get(adm_page(adm, "answer/")).content.decode()
    assert "active part in building our local implementation capacity" in page
    assert "original-wording" not in page


def test_the_partnership_survey_puts_the_lived_wording_into_plain_words(cast):
    item = builtin("partnership").items.get(key="expertise")
    shown = answer_wordings(item, "lived", "en")
    assert shown == {
        "text": "Do I feel that what I know from my own life is respected?",
        "original": "Do I feel that the expertise I bring from my own experience is respected?",
    }
    assert answer_wordings(item, "professional", "en")["original"] == ""


def test_a_partner_reads_results_in_plain_words_and_staff_see_the_original(client, cast):
    people = [cast.partner, cast.lead, cast.practitioner]
    adm = open_round(cast, builtin("interim-outcomes"), invitees=people)
    # Three answers and a closed round: results are shown only then (disclosure rules 1 and 4).
    for person in people:
        answer(adm, person, {k: 1 for k, _s in adm.version.item_keys})
    actions.do_close(adm)
    client.force_login(cast.partner)
    page = client.get(adm_page(adm, "results/")).content.decode()
    assert "Confío en las personas que nos ayudan." in page
    assert "Mostrar la redacción original" in page
    client.force_login(cast.lead)
    page = client.get(adm_page(adm, "results/")).content.decode()
    assert "original-wording" not in page


def test_the_consensus_page_shows_the_plain_words_beside_the_item(client, cast):
    from cocreate.assessments import actions

    adm = open_round(cast, builtin("capacity"), invitees=[cast.partner, cast.lead])
    answer(adm, cast.lead, {k: 1 for k, _s in adm.version.item_keys})
    actions.do_start_consensus(adm)
    client.force_login(cast.lead)
    page = client.get(adm_page(adm, "consensus/")).content.decode()
    assert "In plain words:" in page
    assert "All five kinds of partners help us get better at running the program here." in page


def test_an_organizations_copy_keeps_the_plain_wordings(cast):
    from cocreate.assessments.instruments import copy_to_organization

    draft = copy_to_organization(builtin("capacity"), cast.org, cast.lead)
    assert draft.items.get(key="cc-involved").wordings["plain"]["en"]
    assert Instrument.objects.filter(organization=cast.org, key="capacity").exists()


def test_the_help_a_partner_reads_while_answering_is_plain_too():
    """The sentences of the answering page and its invitation email, in both languages."""
    import re
    from pathlib import Path

    from django.utils import translation

    templates = Path(__file__).resolve().parent.parent / "templates" / "assessments"
    sentences = set()
    for name in ("run/answer.html", "run/_item_text.html", "notifications/assessment_invited_body.txt"):
        text = (templates / name).read_text(encoding="utf-8")
        sentences |= set(re.findall(r'{% translate "([^"]+)"', text))
    sentences = {s for s in sentences if len(s.split()) >= 6}
    assert len(sentences) >= 8
    for sentence in sorted(sentences):
        assert flesch_kincaid_grade(sentence) <= MAX_GRADE, sentence
        with translation.override("es"):
            spanish = translation.gettext(sentence)
        assert spanish != sentence and fernandez_huerta(spanish) >= MIN_EASE, spanish


def test_an_organization_writes_the_plain_wording_of_its_own_item(client, cast):
    from cocreate.assessments.instruments import copy_to_organization

    version = copy_to_organization(builtin("capacity"), cast.org, cast.admin)
    item = version.items.get(key="cc-plan")
    url = f"/o/{cast.org.slug}/instruments/{version.pk}/items/{item.pk}/"
    client.force_login(cast.admin)
    form = client.get(url).content.decode()
    assert "Plain-language wording" in form and "We have a written plan that names our partners" in form
    hard = {
        "text_en": item.text["en"],
        "plain_en": "Comprehensive documentation delineates organizational responsibilities systematically.",
        "plain_es": "La documentación exhaustiva delimita sistemáticamente responsabilidades organizacionales.",
    }
    page = client.post(url, hard).content.decode()
    assert "grade 8 at most" in page and "70 or more" in page
    item.refresh_from_db()
    assert item.wordings["plain"]["en"].startswith("We have a written plan")  # nothing saved
    plain = {"text_en": item.text["en"], "plain_en": "Our plan is written down.", "plain_es": ""}
    assert client.post(url, plain).status_code == 302
    item.refresh_from_db()
    assert item.wordings["plain"] == {"en": "Our plan is written down."}  # Spanish falls back to it
    assert client.post(url, {"text_en": item.text["en"]}).status_code == 302
    item.refresh_from_db()
    assert "plain" not in item.wordings  # emptied: partners read the item's own wording

"""The instrument library and the network admin's editor: adapt, edit a draft, publish, results stay put."""

import pytest
from django.core.exceptions import ValidationError

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments import editing
from cocreate.assessments.access import usable_versions
from cocreate.assessments.instruments import copy_to_organization, publish
from cocreate.assessments.models import Instrument, InstrumentVersion, Item, VersionStatus
from cocreate.core.access import tenant_for

from .helpers import SMALL_TEAM, answer, builtin, open_round, team_version


def warm(client, cast, who):
    client.force_login(who)
    client.get(f"/o/{cast.org.slug}/me/")  # the once-per-session two-factor check happens here


def library(cast):
    return f"/o/{cast.org.slug}/instruments/"


def page(cast, version, rest=""):
    return f"{library(cast)}{version.pk}/{rest}"


def draft(cast):
    return copy_to_organization(team_version(), cast.org, cast.admin)


def text(response):
    return response.content.decode()


# The library and a version ---------------------------------------------------------------------------


def test_it_lists_builtins_with_what_is_in_use(client, cast):
    team_version()
    client.force_login(cast.lead)  # a team lead reads the library through their community role
    body = text(client.get(library(cast)))
    assert "Capacity check" in body and "Partnership assessment" in body
    assert "Not adapted: your teams use the built-in version." in body
    assert "Adapt for our organization" not in body  # only a network admin adapts


def test_it_shows_the_organizations_adaptation_status(client, cast):
    version = draft(cast)
    client.force_login(cast.admin)
    body = text(client.get(library(cast)))
    assert "Draft version 1 in progress" in body
    publish(version)
    body = text(client.get(library(cast)))
    assert "Your organization's version 1" in body
    assert "Edit: start a new draft" in body


def test_it_shows_a_whole_version(client, cast):
    client.force_login(cast.practitioner)
    body = text(client.get(page(cast, builtin("partnership"))))
    assert "Do I see the lived experience that partners bring as expertise that is their own?" in body
    assert (
        "Do I feel that the expertise I bring from my own experience is respected?" in body
    )  # lived wording
    assert "Yes" in body and "Survey: individual answers, summarized" in body
    assert "0 assessments in your organization" in body


def test_it_shows_guidance_prompts_and_how_often_a_version_was_used(client, cast):
    definition = {**SMALL_TEAM, "key": "guided"}
    definition["sections"] = [
        {
            **SMALL_TEAM["sections"][0],
            "items": [
                {
                    "key": "g-1",
                    "text": {"en": "Partners are at the table"},
                    "guidance": {"en": "Count who came to the last three meetings"},
                    "evidence_prompt": {"en": "Sign-in sheets"},
                }
            ],
        }
    ]
    version = team_version(definition=definition)
    open_round(cast, version)
    client.force_login(cast.lead)
    body = text(client.get(page(cast, version)))
    assert "Count who came to the last three meetings" in body and "Sign-in sheets" in body
    assert "Our strengths" in body  # a reflection prompt
    assert "1 assessment in your organization" in body


def test_it_reads_instrument_text_in_the_readers_language(client, cast):
    cast.lead.preferred_language = "es"
    cast.lead.save()
    client.force_login(cast.lead)
    body = text(client.get(page(cast, team_version())))
    assert "Revisión de capacidad" in body and "Los cinco tipos participan" in body


def test_it_warns_that_a_draft_from_the_builtin_leaves_local_changes_out(client, cast):
    ours = publish(draft(cast))
    client.force_login(cast.admin)
    body = text(client.get(page(cast, team_version())))
    assert "Start a new draft from this built-in version" in body
    assert "replaces this one for new assessments" in body
    assert f'href="{page(cast, ours)}"' in body  # the way to build on the local version instead


def test_it_hides_another_organizations_draft(client, cast):
    theirs = copy_to_organization(team_version(), cast.other_org, cast.other_org_admin)
    client.force_login(cast.admin)
    assert client.get(page(cast, theirs)).status_code == 404
    assert client.post(page(cast, theirs, "publish/")).status_code == 404
    assert "Capacity check" in text(client.get(library(cast)))  # the built-in, not their draft
    assert InstrumentVersion.objects.get(pk=theirs.pk).status == VersionStatus.DRAFT


# Adapting, editing, publishing -----------------------------------------------------------------------


def test_it_adapts_a_builtin_into_a_draft_once(client, cast):
    source = team_version()
    client.force_login(cast.admin)
    response = client.post(page(cast, source, "adapt/"), follow=True)
    mine = InstrumentVersion.objects.get(instrument__organization=cast.org)
    assert response.redirect_chain[-1][0] == page(cast, mine)
    assert mine.status == VersionStatus.DRAFT and mine.items.count() == 5
    assert "Draft version 1 started from version 1" in text(response)
    again = client.post(page(cast, source, "adapt/"), follow=True)
    assert "already has a draft" in text(again)
    assert InstrumentVersion.objects.filter(instrument__organization=cast.org).count() == 1


def test_it_edits_the_name_description_and_target(client, cast):
    version = draft(cast)
    client.force_login(cast.admin)
    response = client.post(
        page(cast, version, "edit/"),
        {"name_en": "Riverside capacity", "name_es": "Capacidad", "description_en": "Ours.", "target": "75"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.name == {"en": "Riverside capacity", "es": "Capacidad"}
    assert version.definition["description"] == {"en": "Ours."}
    assert version.target == 75
    assert "Riverside capacity" in text(client.get(page(cast, version)))


def test_it_explains_bad_settings_next_to_the_field(client, cast):
    version = draft(cast)
    client.force_login(cast.admin)
    response = client.post(page(cast, version, "edit/"), {"name_en": "", "name_es": "Solo", "target": "150"})
    body = text(response)
    assert response.status_code == 200
    assert "Write the English text" in body
    assert 'value="Solo"' in body  # what was typed stays
    response = client.post(page(cast, version, "edit/"), {"name_en": "Ours", "target": "150"})
    assert "The target must be between 0 and 100." in text(response)
    version.refresh_from_db()
    assert version.name["en"] == "Capacity check" and version.target == 80  # nothing half-saved


def test_it_edits_an_item(client, cast):
    version = draft(cast)
    item = version.items.get(key="cc-plan")
    client.force_login(cast.admin)
    form = text(client.get(page(cast, version, f"items/{item.pk}/")))
    assert "A written engagement plan exists" in form and "Hay un plan escrito" in form
    response = client.post(
        page(cast, version, f"items/{item.pk}/"),
        {
            "text_en": "Our family partnership plan is written down",
            "text_es": "",
            "guidance_en": "Ask the family leaders",
            "evidence_en": "The plan",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert item.text == {"en": "Our family partnership plan is written down"}  # empty Spanish falls back
    assert item.guidance == {"en": "Ask the family leaders"}
    assert item.evidence_prompt == {"en": "The plan"}


def test_it_requires_an_items_english_wording(client, cast):
    version = draft(cast)
    item = version.items.get(key="cc-plan")
    client.force_login(cast.admin)
    response = client.post(page(cast, version, f"items/{item.pk}/"), {"text_en": "  ", "text_es": "Algo"})
    assert response.status_code == 200
    assert "Write the English text" in text(response)
    item.refresh_from_db()
    assert item.text["en"] == "A written engagement plan exists"


def test_it_edits_both_wordings_of_a_paired_item(client, cast):
    version = copy_to_organization(builtin("partnership"), cast.org, cast.admin)
    item = version.items.get(key="expertise")
    client.force_login(cast.admin)
    form = text(client.get(page(cast, version, f"items/{item.pk}/")))
    assert "Wording for lived experience" in form
    response = client.post(
        page(cast, version, f"items/{item.pk}/"), {"text_en": "Do I value what parents know?", "lived_en": ""}
    )
    assert "Write the English text" in text(response)  # a paired item needs its lived wording
    client.post(
        page(cast, version, f"items/{item.pk}/"),
        {
            "text_en": "Do I value what parents know?",
            "lived_en": "Do they value what I know?",
            "lived_es": "¿Valoran?",
        },
    )
    item.refresh_from_db()
    assert item.wordings["lived"] == {"en": "Do they value what I know?", "es": "¿Valoran?"}


def test_it_adds_moves_and_removes_items(client, cast):
    version = draft(cast)
    section = version.sections.get(key="leadership")
    client.force_login(cast.admin)
    response = client.post(
        page(cast, version, f"sections/{section.pk}/items/new/"), {"text_en": "Families co-chair the team"}
    )
    assert response.status_code == 302
    added = Item.objects.get(version=version, text__en="Families co-chair the team")
    assert added.section == section and added.key not in {"lt-team", "lt-roles"}

    def order():
        return list(section.items.order_by("position").values_list("key", flat=True))

    assert order() == ["lt-team", "lt-roles", added.key]
    client.post(page(cast, version, f"items/{added.pk}/move/"), {"direction": "up"})
    assert order() == ["lt-team", added.key, "lt-roles"]
    client.post(page(cast, version, f"items/{added.pk}/remove/"))
    client.post(page(cast, version, f"items/{version.items.get(key='lt-roles').pk}/remove/"))
    last = version.items.get(key="lt-team")
    response = client.post(page(cast, version, f"items/{last.pk}/remove/"), follow=True)
    assert "only item in its section" in text(response)
    assert order() == ["lt-team"]


def test_it_renames_a_section(client, cast):
    version = draft(cast)
    section = version.sections.get(key="leadership")
    client.force_login(cast.admin)
    client.post(page(cast, version, f"sections/{section.pk}/"), {"title_en": "Leading together"})
    section.refresh_from_db()
    assert section.title == {"en": "Leading together"}  # the Spanish field was emptied
    assert "Leading together" in text(client.get(page(cast, version)))


def test_it_refuses_to_edit_builtin_or_published_versions(client, cast):
    source = team_version()
    item = source.items.first()
    assert item is not None
    client.force_login(cast.admin)
    for rest in ("edit/", f"items/{item.pk}/", f"sections/{item.section_id}/items/new/"):
        response = client.get(page(cast, source, rest), follow=True)
        assert response.redirect_chain[-1][0] == page(cast, source)
        assert "Only a draft of your organization&#x27;s own version can be changed" in text(response)
    client.post(page(cast, source, f"items/{item.pk}/remove/"))
    client.post(page(cast, source, "publish/"))
    assert source.items.count() == 5 and builtin_still_published(source)
    with pytest.raises(ValidationError):
        editing.do_update_item(item, text={"en": "Changed"})
    published = publish(draft(cast))
    with pytest.raises(ValidationError):
        editing.do_remove_item(published.items.all()[0])
    with pytest.raises(ValidationError):
        editing.do_update_settings(published, name={"en": "X"}, description={}, target=None)


def builtin_still_published(version):
    return InstrumentVersion.objects.get(pk=version.pk).status == VersionStatus.PUBLISHED


def test_publishing_retires_the_previous_version_and_replaces_the_builtin(client, cast):
    source = team_version()
    tenant = tenant_for(cast.admin, cast.org.slug)
    assert source in usable_versions(tenant)
    client.force_login(cast.admin)
    v1 = draft(cast)
    response = client.post(page(cast, v1, "publish/"), follow=True)
    assert "Version 1 is published" in text(response)
    assert list(usable_versions(tenant).filter(instrument__key=source.instrument.key)) == [v1]
    # Editing the published version starts a new draft; publishing it retires version 1.
    response = client.post(page(cast, v1, "adapt/"))
    v2 = InstrumentVersion.objects.get(instrument=v1.instrument, number=2)
    assert v2.status == VersionStatus.DRAFT and response["Location"] == page(cast, v2)
    client.post(page(cast, v2, "publish/"))
    v1.refresh_from_db()
    assert v1.status == VersionStatus.RETIRED
    assert list(usable_versions(tenant).filter(instrument__key=source.instrument.key)) == [v2]
    assert InstrumentVersion.objects.get(pk=source.pk).status == VersionStatus.PUBLISHED  # other orgs' stays


def test_results_stay_tied_to_the_version_answered(client, cast):
    v1 = publish(draft(cast))
    adm = open_round(cast, v1)
    # Three answers and a closed round: scores are built from 3+ people once answers stop (disclosure).
    for person in (cast.lead, cast.partner, cast.practitioner):
        answer(adm, person, 2)
    assessment_actions.do_close(adm)
    client.force_login(cast.admin)
    client.post(page(cast, v1, "adapt/"))
    v2 = InstrumentVersion.objects.get(instrument=v1.instrument, status=VersionStatus.DRAFT)
    item = v2.items.get(key="cc-plan")
    client.post(page(cast, v2, f"items/{item.pk}/"), {"text_en": "A plan families wrote with us"})
    client.post(page(cast, v2, f"items/{v2.items.get(key='cc-feedback').pk}/remove/"))
    client.post(page(cast, v2, "publish/"))
    adm.refresh_from_db()
    assert adm.version == v1
    assert sorted(adm.version.items.values_list("key", flat=True)) == sorted(
        ["cc-involved", "cc-plan", "cc-feedback", "lt-team", "lt-roles"]
    )
    assert adm.version.items.get(key="cc-plan").text["en"] == "A written engagement plan exists"
    assert adm.scores["total"] == 100.0
    body = text(client.get(page(cast, v1)))
    assert "Retired" in body and "1 assessment in your organization" in body


# Query budgets ---------------------------------------------------------------------------------------


def test_the_library_query_count_is_flat(client, cast, django_assert_num_queries):
    warm(client, cast, cast.admin)
    # session, user, memberships; instruments; their published and draft versions with item counts
    with django_assert_num_queries(5):
        client.get(library(cast))
    for n in range(6):
        publish(
            copy_to_organization(team_version(definition={**SMALL_TEAM, "key": f"extra-{n}"}), cast.org, None)
        )
    draft(cast)
    with django_assert_num_queries(5):
        response = client.get(library(cast))
    assert text(response).count("Capacity check") >= 7


def test_the_version_page_query_count_is_flat(client, cast, django_assert_num_queries):
    version = draft(cast)
    warm(client, cast, cast.admin)
    # session, user, memberships; version with its instrument; sections; items; the instrument's family
    # of versions with how often each was used
    with django_assert_num_queries(7):
        client.get(page(cast, version))
    for section in version.sections.all():
        for n in range(10):
            editing.do_add_item(section, text={"en": f"Extra {section.key} {n}"})
    publish(version)
    copy_to_organization(version, cast.org, cast.admin)
    for _ in range(3):
        open_round(cast, version)
    with django_assert_num_queries(7):
        response = client.get(page(cast, version))
    assert "Extra leadership 9" in text(response) and "3 assessments in your organization" in text(response)


def test_it_keeps_one_adaptation_per_key(cast):
    draft(cast)
    assert Instrument.objects.filter(organization=cast.org).count() == 1

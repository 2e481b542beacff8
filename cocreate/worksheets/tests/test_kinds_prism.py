"""The perspective prism: who holds each role, and "add this stakeholder" for a role nobody holds."""

import threading

import pytest
from django.db import connection

from cocreate.core.access import tenant_for
from cocreate.core.errors import WriteError
from cocreate.partners.actions import do_create_partner
from cocreate.partners.models import Partner, PartnerType
from cocreate.worksheets import kinds, prism, seeding
from cocreate.worksheets.models import WorksheetPartner

from .kinds_helpers import prism_sheet


def holding(c, key):
    ws = prism_sheet(c)
    return next(r for r in prism.holdings(ws, ws.content) if r.key == key)


def test_a_role_is_held_by_a_partner_of_its_kind_or_someone_named(cast):
    assert not holding(cast, "parent").held
    do_create_partner(cast.community, name="Rosa", partner_type=PartnerType.COMMUNITY)
    do_create_partner(cast.other_community, name="Elsewhere", partner_type=PartnerType.RESEARCH)
    assert [p.name for p in holding(cast, "parent").partners] == ["Rosa"]
    assert not holding(cast, "researcher").held  # a researcher in another community does not count
    ws = prism_sheet(cast)
    roles = ws.content["roles"]["roles"]
    next(r for r in roles if r["_key"] == "funder")["held_by"] = "Jordan Kim"
    seeding.save_step(ws, "roles", {"roles": roles}, acting_user=cast.partner)
    assert holding(cast, "funder").held_by == "Jordan Kim"


def test_add_stakeholder_makes_one_partner_of_the_roles_kind_once(cast):
    ws = prism_sheet(cast)
    link = prism.do_add_stakeholder(ws, "researcher", acting_user=cast.lead)
    assert link.partner.partner_type == PartnerType.RESEARCH and link.partner.community == cast.community
    assert "to invite" in link.partner.name
    again = prism.do_add_stakeholder(ws, "researcher", acting_user=cast.lead)
    assert again.pk == link.pk and Partner.objects.filter(community=cast.community).count() == 1
    assert holding(cast, "researcher").made == link.partner


def test_it_refuses_a_role_that_is_gone_or_of_no_partner_kind(cast):
    ws = prism_sheet(cast)
    with pytest.raises(WriteError):
        prism.do_add_stakeholder(ws, "nope", acting_user=cast.lead)
    roles = ws.content["roles"]["roles"] + [{"_key": "pastor", "role": "Pastor", "partner_type": "other"}]
    seeding.save_step(ws, "roles", {"roles": roles}, acting_user=cast.lead)
    with pytest.raises(WriteError):
        prism.do_add_stakeholder(ws, "pastor", acting_user=cast.lead)


def test_the_page_button_adds_it_then_links_to_the_partner(client, cast):
    ws = prism_sheet(cast)
    client.force_login(cast.lead)
    url = f"/o/{cast.org.slug}/worksheets/{ws.pk}/prism/researcher/add-partner/"
    r = client.post(url)
    partner = WorksheetPartner.objects.get(worksheet=ws).partner
    assert r.status_code == 302 and r.url.endswith(f"/partners/{partner.pk}/")  # to invite her
    client.post(url)
    assert Partner.objects.filter(community=cast.community).count() == 1


def test_a_partner_may_not_add_a_stakeholder(client, cast):
    ws = prism_sheet(cast)
    client.force_login(cast.partner)
    r = client.post(f"/o/{cast.org.slug}/worksheets/{ws.pk}/prism/researcher/add-partner/")
    assert r.status_code == 403 and not Partner.objects.exists()


def test_the_panel_offers_the_button_to_staff_only_in_two_queries(cast, django_assert_num_queries):
    from django.template.loader import render_to_string

    ws = prism_sheet(cast)
    ws.template_version  # noqa: B018
    for i in range(5):
        do_create_partner(cast.community, name=f"Parent {i}", partner_type=PartnerType.COMMUNITY)
    lead = tenant_for(cast.lead, cast.org.slug)
    lead.roles_in(cast.community)
    with django_assert_num_queries(2):  # the partners of those kinds, the roles' links
        (panel,) = kinds.extras(ws, "roles", tenant=lead)
    html = render_to_string(panel.template, {"extra": panel.context})
    assert "Add this stakeholder" in html and "and 2 more" in html
    partner = tenant_for(cast.partner, cast.org.slug)
    (panel,) = kinds.extras(ws, "roles", tenant=partner)
    assert "Add this stakeholder" not in render_to_string(panel.template, {"extra": panel.context})


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_clicks_makes_one_partner(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    ws = prism_sheet(cast)
    errors = []

    def click():
        try:
            prism.do_add_stakeholder(ws, "researcher", acting_user=cast.lead)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and Partner.objects.filter(community=cast.community).count() == 1

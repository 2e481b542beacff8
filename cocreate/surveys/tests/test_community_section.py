"""The surveys section of the community page: open surveys with their link, closed ones with their
results, for everyone in the community (partners included); its queries stay flat as surveys grow."""

import pytest
from django.test import Client

from cocreate.surveys.models import SurveyStatus
from cocreate.surveys.testing import make_survey

pytestmark = pytest.mark.django_db


def panel(cast):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/surveys/"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_partner_sees_the_open_link_and_the_closed_results(cast):
    open_ = make_survey(cast.org, cast.community, title="Meetings", status=SurveyStatus.OPEN)
    closed = make_survey(cast.org, None, title="Whole network", status=SurveyStatus.CLOSED)
    make_survey(cast.org, cast.community, title="Still a draft", status=SurveyStatus.DRAFT)
    make_survey(cast.org, cast.other_community, title="Lakeview only", status=SurveyStatus.CLOSED)
    page = client_for(cast.partner).get(panel(cast)).content.decode()
    assert f"/s/{open_.token}/" in page
    assert f"/o/{cast.org.slug}/surveys/{closed.pk}/results/" in page
    assert "Still a draft" not in page and "Lakeview only" not in page
    assert "Every survey of this community" not in page  # the list is the builders'
    assert "Every survey of this community" in client_for(cast.lead).get(panel(cast)).content.decode()


def test_the_community_page_loads_it_after_the_page(cast):
    page = client_for(cast.partner).get(f"/o/{cast.org.slug}/c/{cast.community.slug}/").content.decode()
    assert panel(cast) in page


def test_its_queries_stay_flat_as_surveys_grow(cast, django_assert_num_queries):
    client = client_for(cast.partner)
    make_survey(cast.org, cast.community, status=SurveyStatus.CLOSED)
    client.get(panel(cast))
    with django_assert_num_queries(5) as captured:
        assert client.get(panel(cast)).status_code == 200
    for i in range(8):
        make_survey(
            cast.org,
            cast.community,
            title=f"S{i}",
            status=SurveyStatus.OPEN if i % 2 else SurveyStatus.CLOSED,
        )
    with django_assert_num_queries(len(captured.captured_queries)):
        assert client.get(panel(cast)).status_code == 200

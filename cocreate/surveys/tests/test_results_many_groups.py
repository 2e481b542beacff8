"""An organization's survey answered in many communities: the page does not draw a breakdown with more
groups than it can show quickly (the files have it whole), and its size stays flat as communities grow."""

import pytest
from django.test import Client

from cocreate.core.models import Community
from cocreate.surveys.models import SurveyStatus
from cocreate.surveys.testing import YES_NO, add_responses, make_survey
from cocreate.surveys.views_results import GROUPS_ON_PAGE

pytestmark = pytest.mark.django_db


def _survey(cast, communities: int):
    places = [
        Community.objects.create(
            organization=cast.org, initiative=cast.initiative, name=f"Place {i}", slug=f"p{i}"
        )
        for i in range(communities)
    ]
    survey = make_survey(
        cast.org,
        None,
        status=SurveyStatus.CLOSED,
        questions=[{"key": "q", "kind": "single", "text": "Q?", "choices": YES_NO}],
    )
    add_responses(
        survey,
        [{"community": c, "language": "en", "answers": {"q": "yes"}} for c in places for _ in range(3)],
    )
    return survey


def test_a_breakdown_of_many_communities_is_in_the_files_not_on_the_page(cast):
    survey = _survey(cast, GROUPS_ON_PAGE + 1)
    client = Client()
    client.force_login(cast.admin)
    page = client.get(f"/o/{cast.org.slug}/surveys/{survey.pk}/results/").content.decode()
    assert f"{GROUPS_ON_PAGE + 1} groups: too many to list here." in page and "Place 7" not in page
    response = client.get(f"/o/{cast.org.slug}/surveys/{survey.pk}/results/export.csv")
    csv = b"".join(response.streaming_content)  # type: ignore[attr-defined]  # a streamed file
    assert b"Place 7" in csv


def test_a_few_communities_are_listed(cast):
    survey = _survey(cast, 4)
    client = Client()
    client.force_login(cast.admin)
    page = client.get(f"/o/{cast.org.slug}/surveys/{survey.pk}/results/").content.decode()
    assert "Place 3" in page and "too many to list" not in page

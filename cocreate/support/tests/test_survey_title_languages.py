"""A survey round's title is composed for each reader: "Coaching on Nov. 20, 2026" for the lead,
in Spanish and the Spanish date format for the parent, whoever sent it and in whatever language."""

from datetime import date

import pytest
from django.utils import translation

from cocreate.assessments.models import Administration
from cocreate.support import actions

from .test_survey import session_with_attendees

pytestmark = pytest.mark.django_db


def test_the_survey_title_follows_the_readers_language(client, cast):
    event = session_with_attendees(cast)
    with translation.override("es"):  # sent by someone who works in Spanish
        survey = actions.do_send_interim_survey(event, acting_user=cast.practitioner)
    adm = Administration.objects.get(pk=survey.administration_id)
    assert adm.title_parts["key"] == "support.session"
    day = event.date
    with translation.override("en"):
        english = adm.title
    with translation.override("es"):
        spanish = adm.title
    assert english.endswith(f"on {day:%b}. {day.day}, {day.year}") or english.endswith(
        f"on {day:%B} {day.day}, {day.year}"
    )
    assert " del " in spanish and str(day.year) in spanish and english != spanish
    client.force_login(cast.partner)  # Paz reads in Spanish
    mine = client.get(f"/o/{cast.org.slug}/assessments/mine/").content.decode()
    assert spanish in mine and day.isoformat() not in mine


def test_a_typed_title_stays_as_typed(cast):
    adm = Administration(title="Spring check-in", title_parts={})
    with translation.override("es"):
        assert adm.title == "Spring check-in"
    # Parts nothing composes (an app removed) fall back to the stored title.
    adm.title_parts = {"key": "gone.kind", "date": date(2026, 1, 1).isoformat()}
    assert adm.title == "Spring check-in"

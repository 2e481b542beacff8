"""Each person chooses, per kind, an email at once, a daily digest, or none."""

import re

import pytest

from cocreate.core.errors import WriteError
from cocreate.notifications.actions import do_set_notification_preferences
from cocreate.notifications.models import NotificationPreference


def test_it_shows_each_kind_with_its_default(cast, client):
    client.force_login(cast.lead)
    page = client.get("/profile/notifications/")
    assert page.status_code == 200
    assert "A sample event" in page.text
    assert re.search(r'name="sample" value="immediately"[^>]* checked', page.text)
    assert re.search(r'name="sample_digest" value="digest"[^>]* checked', page.text)


def test_it_saves_her_choices(cast, client):
    client.force_login(cast.partner)
    response = client.post("/profile/notifications/", {"sample": "off", "sample_digest": "immediately"})
    assert response.status_code == 302
    assert dict(NotificationPreference.objects.filter(user=cast.partner).values_list("kind", "email")) == {
        "sample": "off",
        "sample_digest": "immediately",
    }
    assert "Se guardaron sus ajustes de notificaciones" in client.get(response["Location"]).text


def test_it_refuses_a_choice_that_does_not_exist(cast, client):
    client.force_login(cast.lead)
    response = client.post("/profile/notifications/", {"sample": "hourly", "sample_digest": "off"})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()
    with pytest.raises(WriteError):
        do_set_notification_preferences(cast.lead, acting_user=cast.lead, choices={"nope": "off"})
    with pytest.raises(WriteError):
        do_set_notification_preferences(cast.lead, acting_user=cast.partner, choices={"sample": "off"})


def test_the_page_reads_a_fixed_number_of_queries(cast, client, django_assert_num_queries):
    client.force_login(cast.lead)
    client.get("/profile/")  # the first page of a session records the two-factor check
    # session, user, her choices
    with django_assert_num_queries(3):
        client.get("/profile/notifications/")

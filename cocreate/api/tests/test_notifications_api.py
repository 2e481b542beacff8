"""A person's notifications and email choices on the API."""

from cocreate.notifications.models import Notification, NotificationPreference
from cocreate.notifications.tests.conftest import sample_kinds  # noqa: F401  (the sample kinds, registered)
from cocreate.notifications.tests.helpers import tell

URL = "/api/v1/me/notifications/"


def test_it_lists_only_her_own_with_titles_in_her_language(cast, client):
    tell(cast, [cast.partner, cast.lead])
    client.force_login(cast.partner)
    data = client.get(URL).json()
    assert data["count"] == 1 and data["unread"] == 1
    item = data["results"][0]
    assert item["title"].startswith("Reunión «Family night»")
    assert (item["kind"], item["organization"], item["community"], item["read"]) == (
        "sample",
        "sic",
        "riverside",
        False,
    )


def test_it_marks_one_or_all_read(cast, client):
    tell(cast, [cast.lead], key="a")
    tell(cast, [cast.lead], key="b")
    theirs = Notification.objects.filter(recipient=cast.lead).first()
    client.force_login(cast.partner)
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404  # not hers
    client.force_login(cast.lead)
    assert client.post(f"{URL}{theirs.pk}/read/").json()["read"] is True
    assert client.post(f"{URL}read/").json() == {"marked": 1}
    assert client.get(URL).json()["unread"] == 0


def test_it_reads_and_changes_her_email_choices(cast, client):
    client.force_login(cast.lead)
    url = "/api/v1/me/notification-settings/"
    assert {s["kind"]: s["email"] for s in client.get(url).json()}["sample_digest"] == "digest"
    response = client.patch(url, {"sample": "off"}, content_type="application/json")
    assert response.status_code == 200
    assert {s["kind"]: s["email"] for s in response.json()}["sample"] == "off"
    assert NotificationPreference.objects.get(user=cast.lead).email == "off"
    bad = client.patch(url, {"sample": "hourly", "nope": "off"}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()) == {"sample", "nope"}


def test_anonymous_requests_are_told_to_authenticate(client, db):
    assert client.get(URL).status_code == 401


def test_the_list_reads_a_fixed_number_of_queries(cast, client, django_assert_num_queries):
    client.force_login(cast.lead)
    tell(cast, [cast.lead], key="first")
    client.get(URL)  # the first request of a session records the two-factor check
    # session, user, count, the page (with organization and community)
    with django_assert_num_queries(4):
        client.get(URL)
    for i in range(20):
        tell(cast, [cast.lead], key=f"k{i}")
    with django_assert_num_queries(4):
        assert client.get(URL).json()["count"] == 21

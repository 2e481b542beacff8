"""The inbox page, following and marking notifications, and the unread count in the header."""

from django.core import signing

from cocreate.notifications.models import Notification

from .helpers import tell


def test_it_lists_her_notifications_in_her_language(cast, client):
    cast.org.time_zone = "America/Chicago"
    cast.org.save()
    tell(cast, [cast.partner, cast.lead])
    client.force_login(cast.partner)  # she reads Spanish
    page = client.get("/inbox/")
    assert page.status_code == 200
    assert "Reunión «Family night» el 10 diciembre, 11:30" in page.text
    client.force_login(cast.lead)
    assert "Meeting &quot;Family night&quot; on 10 December, 11:30" in client.get("/inbox/").text


def test_it_shows_nobody_elses_notifications(cast, client):
    tell(cast, [cast.lead])
    mine = Notification.objects.get()
    client.force_login(cast.partner)
    assert "Family night" not in client.get("/inbox/").text
    assert client.get(f"/inbox/{mine.pk}/").status_code == 404
    assert client.post(f"/inbox/{mine.pk}/read/").status_code == 404
    client.post("/inbox/read/")
    mine.refresh_from_db()
    assert mine.read_at is None


def test_anonymous_people_are_sent_to_sign_in(client):
    for url in ["/inbox/", "/inbox/1/", "/profile/notifications/"]:
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_following_one_marks_it_read_and_leads_where_it_says(cast, client):
    tell(cast, [cast.lead])
    n = Notification.objects.get()
    client.force_login(cast.lead)
    response = client.get(f"/inbox/{n.pk}/")
    assert response["Location"] == "/o/sic/"
    n.refresh_from_db()
    cast.lead.refresh_from_db()
    assert n.read_at is not None and cast.lead.unread_notifications == 0


def test_marking_one_or_all_read_updates_the_header_count(cast, client):
    tell(cast, [cast.lead], key="a")
    tell(cast, [cast.lead], key="b")
    tell(cast, [cast.lead], key="c")
    client.force_login(cast.lead)
    assert 'aria-label="3 unread">3</span>' in client.get("/inbox/").text
    first = Notification.objects.filter(key="a").get()
    client.post(f"/inbox/{first.pk}/read/")
    assert 'aria-label="2 unread">2</span>' in client.get("/inbox/").text
    client.post("/inbox/read/")
    page = client.get("/inbox/")
    assert "unread</span>" not in page.text and 'class="badge"' not in page.text
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_empty_inbox_says_what_will_come(cast, client):
    client.force_login(cast.partner)
    assert "Todavía no hay nada" in client.get("/inbox/").text


def test_the_inbox_reads_a_fixed_number_of_queries(cast, client, django_assert_num_queries):
    client.force_login(cast.lead)
    tell(cast, [cast.lead], key="first")
    client.get("/profile/")  # the first page of a session records the two-factor check
    # session, user, count, the page's rows (with organization and community)
    with django_assert_num_queries(4):
        client.get("/inbox/")
    for i in range(30):
        tell(cast, [cast.lead], key=f"k{i}")
    with django_assert_num_queries(4):
        page = client.get("/inbox/?page=2")
    assert "Page 2 of 2" in page.text


def test_the_header_count_costs_no_query(cast, client, django_assert_num_queries):
    """The count lives on the person's row (already read by every signed-in request); anonymous pages
    read nothing for it either."""
    tell(cast, [cast.lead])
    client.force_login(cast.lead)
    client.get("/profile/")  # the first page of a session records the two-factor check
    # session, user: the same two queries as before notifications existed
    with django_assert_num_queries(2):
        page = client.get("/profile/")
    assert 'aria-label="1 unread">1</span>' in page.text
    client.logout()
    with django_assert_num_queries(0):
        assert "/inbox/" not in client.get("/accounts/login/").text


def test_what_people_typed_is_shown_as_text(cast, client):
    tell(cast, [cast.lead])
    Notification.objects.update(
        context={"title": "Tom & Jerry <b>", "starts_at": "2026-12-10T17:30:00+00:00"}
    )
    client.force_login(cast.lead)
    assert "Tom &amp; Jerry &lt;b&gt;" in client.get("/inbox/").text


def test_a_forged_link_in_a_notification_stays_on_this_site(cast, client):
    tell(cast, [cast.lead])
    Notification.objects.update(url="https://evil.example/")
    client.force_login(cast.lead)
    assert client.get(f"/inbox/{Notification.objects.get().pk}/")["Location"] == "/inbox/"


def test_tokens_of_other_purposes_are_refused(client, cast):
    token = signing.dumps({"u": cast.lead.pk, "k": ["sample"]})  # no salt: not an unsubscribe token
    assert client.get(f"/unsubscribe/{token}/").status_code == 400

from cocreate.listening.models import GuideQuestion

from .helpers import first_question, group, held_group


def api(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/listening/{suffix}"


def test_the_list_query_count_is_flat(client, cast, django_assert_num_queries):
    held_group(cast)
    client.force_login(cast.evaluator)
    client.get(api(cast))
    # session, user, memberships, community, count, sessions, questions, themes
    with django_assert_num_queries(8):
        body = client.get(api(cast)).json()
    assert body["results"][0]["questions"][0]["text"] == "Question 1?"
    group(cast)
    from cocreate.listening import actions

    for i in range(3):
        actions.do_plan_group(
            cast.community, acting_user=cast.lead, title=f"S{i}", goals="g", held_on=held_group(cast).held_on
        )
    with django_assert_num_queries(8):
        assert client.get(api(cast)).json()["count"] == 4


def test_partners_propose_questions(client, cast):
    g = group(cast)
    client.force_login(cast.partner)
    response = client.post(
        api(cast, f"{g.pk}/questions/"), {"text": "Who listens?"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert GuideQuestion.objects.get(pk=response.json()["id"]).status == "proposed"


def _patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", headers=headers)


def test_a_parent_facilitator_records_notes_and_a_stale_edit_is_refused(client, cast):
    g = held_group(cast)
    q = first_question(g)
    url = api(cast, f"{g.pk}/questions/{q.pk}/notes/")
    client.force_login(cast.partner)
    ok = _patch(client, url, {"notes": "Mine", "version": q.version})
    assert ok.status_code == 200 and ok.json()["version"] == q.version + 1
    stale = _patch(client, url, {"notes": "Theirs", "version": q.version})
    assert stale.status_code == 409 and stale.json()["current_version"] == q.version + 1
    assert _patch(client, url, {"notes": "Theirs"}, **{"If-Match": f'"{q.version}"'}).status_code == 412
    q.refresh_from_db()
    assert q.notes == "Mine"


def test_only_facilitators_and_staff_record_notes(client, cast):
    g = held_group(cast)
    url = api(cast, f"{g.pk}/questions/{first_question(g).pk}/notes/")
    for who, expected in (
        ("evaluator", 403),
        ("funder", 403),
        ("practitioner", 200),
        ("other_org_lead", 404),
    ):
        client.force_login(getattr(cast, who))
        assert _patch(client, url, {"notes": who}).status_code == expected, who
    client.logout()
    assert _patch(client, url, {"notes": "x"}).status_code == 401

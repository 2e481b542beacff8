""" "You said, we did": partners' feedback recorded, answered by what the team did, reported back, and
the open items kept in front of the team."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.planning import feedback
from cocreate.planning.models import FeedbackItem, FeedbackStatus

from .helpers import make_action, make_goal, today
from .test_goals import plan_url, text
from .test_query_counts import warm


def fb_url(cast, suffix=""):
    return plan_url(cast, f"feedback/{suffix}")


def said(cast, words="Meetings are too late for parents", community=None, **fields):
    fields.setdefault("anonymous", True)
    return feedback.do_record_feedback(
        community or cast.community, acting_user=cast.lead, said=words, **fields
    )


def test_it_closes_the_loop_from_what_a_partner_said_to_reporting_back(client, cast):
    parent = riverside_parent(cast)
    goal = make_goal(cast)
    action = make_action(goal, cast)
    client.force_login(cast.partner)  # a partner records what was said at the listening session
    response = client.post(
        fb_url(cast, "new/"),
        {
            "said": "We cannot come to meetings at 3pm",
            "partners": [parent.pk],
            "source": "listening",
            "said_on": today().isoformat(),
            "action": action.pk,
        },
    )
    item = FeedbackItem.objects.get()
    assert response.status_code == 302 and response["Location"] == fb_url(cast, f"{item.pk}/")
    assert item.status == FeedbackStatus.OPEN and item.goal == goal  # the action's goal comes along
    assert list(item.partners.all()) == [parent]

    client.force_login(cast.lead)
    response = client.post(
        fb_url(cast, f"{item.pk}/edit/"),
        {
            "said": item.said,
            "partners": [parent.pk],
            "source": "listening",
            "said_on": today().isoformat(),
            "action": action.pk,
            "status": "done",
            "done_text": "Meetings moved to 6pm with child care",
            "reported_on": today().isoformat(),
            "reported_how": "At the May community meeting",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.DONE and item.done_on == today()
    page = text(client.get(fb_url(cast, f"{item.pk}/")))
    assert "Meetings moved to 6pm with child care" in page and "At the May community meeting" in page
    assert "Ana Ruiz" in page
    assert item.history.count() == 2 and item.history.first().history_user == cast.lead


def test_it_lists_open_items_first_and_counts_them_for_the_plan_page(client, cast):
    done = said(cast, "Old: more parking")
    feedback.do_update_feedback(done, acting_user=cast.lead, status="done", done_text="Signed a lot")
    said(cast, "Newer: evening meetings", said_on=today() - timedelta(days=1))
    said(cast, "Oldest open: interpreters", said_on=today() - timedelta(days=9))
    said(cast, "Lakeview item", community=cast.other_community)
    client.force_login(cast.lead)
    page = text(client.get(fb_url(cast)))
    assert "2 open items" in page
    assert page.index("Newer: evening") < page.index("Oldest open") < page.index("Old: more parking")
    assert "Lakeview item" not in page
    assert "not reported back yet" in page
    plan = client.get(plan_url(cast)).content.decode()
    assert f'hx-get="{fb_url(cast, "count/")}"' in plan  # the plan page loads the count after drawing
    assert client.get(fb_url(cast, "count/")).content.decode() == "You said, we did: 2 open"


def test_it_asks_who_raised_it_and_why_it_will_not_be_done(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        fb_url(cast, "new/"),
        {"said": "x", "source": "direct", "said_on": today().isoformat(), "status": "wont_do"},
    )
    page = response.content.decode()
    assert re.search(r'id="id_partners_error"[^>]*>Choose who raised it', page)
    assert re.search(r'id="id_reason_error"[^>]*>Say why it will not be done', page)
    assert not FeedbackItem.objects.exists()


def test_it_refuses_partners_and_goals_of_another_community(cast):
    lakeview = partner_actions.do_create_partner(
        cast.other_community, name="Lake Parent", partner_type=PartnerType.COMMUNITY
    )
    with pytest.raises(ValidationError) as error:
        feedback.do_record_feedback(cast.community, acting_user=cast.lead, said="x", partners=[lakeview])
    assert "partners" in error.value.error_dict
    other_goal = make_goal(cast, community=cast.other_community)
    with pytest.raises(ValidationError) as error:
        said(cast, goal=other_goal)
    assert "goal" in error.value.error_dict


def test_it_lets_partners_record_feedback_but_only_staff_answer_it(client, cast):
    item = said(cast)
    client.force_login(cast.partner)
    form = client.get(fb_url(cast, "new/")).content.decode()
    assert 'name="said"' in form and 'name="status"' not in form
    assert client.get(fb_url(cast, f"{item.pk}/edit/")).status_code == 403
    client.force_login(cast.other_community_lead)
    assert client.get(fb_url(cast, f"{item.pk}/")).status_code == 404
    client.force_login(cast.other_org_lead)
    assert client.get(fb_url(cast, f"{item.pk}/")).status_code == 404


def test_the_feedback_page_query_count_is_flat(client, cast, django_assert_num_queries):
    parent = riverside_parent(cast)
    goal = make_goal(cast)
    said(cast, partners=[parent], goal=goal)
    warm(client, cast, cast.lead)
    # session, user, memberships, community, page count, items (with goal and action), their partners,
    # the open count, what was said in other languages
    with django_assert_num_queries(9):
        client.get(fb_url(cast))
    other = partner_actions.do_create_partner(cast.community, name="Bo", partner_type=PartnerType.COMMUNITY)
    action = make_action(goal, cast)
    for i in range(25):
        said(cast, f"item {i}", partners=[parent, other], action=action)
    with django_assert_num_queries(9):  # 26 items with two partners each: same
        response = client.get(fb_url(cast))
    assert "26 open items" in text(response)

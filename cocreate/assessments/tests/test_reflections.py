"""Stage-guided reflections: the questions per capacity domain and stage, the team's dated answers."""

import pytest

from cocreate.assessments import actions, instruments
from cocreate.assessments.models import Reflection
from cocreate.core.models import Stage
from cocreate.partners.models import CAPACITY_DOMAINS

# A small set of questions, so these tests do not depend on the wording of the questions file.
QUESTIONS = {
    domain: {
        stage: [
            {
                "key": f"{stage}-1",
                "text": {"en": f"{domain} {stage} first?", "es": f"¿{domain} {stage} primera?"},
            },
            {"key": f"{stage}-2", "text": {"en": f"{domain} {stage} second?"}},
        ]
        for stage in Stage.values
    }
    for domain, _label in CAPACITY_DOMAINS
}


@pytest.fixture(autouse=True)
def questions(monkeypatch):
    monkeypatch.setattr(instruments, "stage_questions", lambda: QUESTIONS)


def url(cast, stage=""):
    base = f"/o/{cast.org.slug}/c/{cast.community.slug}/reflections/"
    return f"{base}?stage={stage}" if stage else base


def text(response):
    return response.content.decode()


def write(cast, answer, *, domain="co-creation", stage=Stage.INSTALLATION, key="installation-1", who=None):
    return actions.do_write_reflection(
        cast.community,
        acting_user=who or cast.lead,
        domain=domain,
        stage=stage,
        question_key=key,
        answer=answer,
    )


def test_it_shows_each_domains_questions_for_the_current_stage(client, cast):
    client.force_login(cast.funder)
    body = text(client.get(url(cast)))
    for domain, label in CAPACITY_DOMAINS:
        assert str(label) in body
        assert f"{domain} installation first?" in body
    assert "exploration first?" not in body
    assert "Stages are not strictly sequential" in body
    assert "?stage=exploration" in body and "(current stage)" in body
    assert "Answer this question" not in body  # funders read, they do not write


def test_it_opens_another_stages_questions(client, cast):
    write(cast, "Installed!")
    client.force_login(cast.lead)
    body = text(client.get(url(cast, Stage.EXPLORATION)))
    assert "co-creation exploration first?" in body and "installation first?" not in body
    assert "Installed!" not in body  # answers belong to the stage they were written for
    assert "installation first?" in text(client.get(url(cast, "no-such-stage")))  # falls back to the current


def test_it_adds_a_dated_answer_and_keeps_the_earlier_ones(client, cast):
    client.force_login(cast.lead)
    data = {"domain": "co-creation", "stage": Stage.INSTALLATION, "question_key": "installation-1"}
    response = client.post(url(cast), {**data, "answer": "Parents joined two meetings."})
    assert response.status_code == 302
    assert response["Location"].endswith("?stage=installation#q-co-creation-installation-1")
    client.force_login(cast.partner)
    client.post(url(cast), {**data, "answer": "We now plan agendas together."})
    client.force_login(cast.lead)
    body = text(client.get(url(cast)))
    latest, earlier = body.index("We now plan agendas together."), body.index("Parents joined two meetings.")
    assert latest < earlier
    assert "1 earlier answer" in body and "Paz Parent" in body and "Lee Lead" in body
    assert Reflection.objects.filter(community=cast.community).count() == 2


def test_it_explains_a_missing_answer_next_to_the_field(client, cast):
    client.force_login(cast.lead)
    data = {"domain": "quality", "stage": Stage.INSTALLATION, "question_key": "installation-2"}
    response = client.post(url(cast), {**data, "answer": "   "})
    body = text(response)
    assert response.status_code == 200
    assert "Write the team&#x27;s reflection before saving." in body
    assert 'id="id_quality_installation-2_answer_error"' in body  # beside that question's field
    long = "x" * 10001
    body = text(client.post(url(cast), {**data, "answer": long}))
    assert long in body  # what was typed is still there to shorten
    assert not Reflection.objects.exists()


def test_it_refuses_a_question_of_another_stage(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        url(cast), {"domain": "media", "stage": Stage.INSTALLATION, "question_key": "full-1", "answer": "Hi"}
    )
    assert "not one of the questions" in text(response)
    assert not Reflection.objects.exists()


def test_it_shows_the_questions_in_the_readers_language(client, cast):
    client.force_login(cast.partner)  # prefers Spanish
    body = text(client.get(url(cast)))
    assert "¿co-creation installation primera?" in body
    assert "co-creation installation second?" in body  # no Spanish text yet: English


def test_it_keeps_other_communities_reflections_apart(client, cast):
    actions.do_write_reflection(
        cast.other_community,
        acting_user=cast.other_community_lead,
        domain="co-creation",
        stage=Stage.INSTALLATION,
        question_key="installation-1",
        answer="Lakeview's own",
    )
    client.force_login(cast.admin)
    assert "Lakeview&#x27;s own" not in text(client.get(url(cast)))


def test_the_reflections_query_count_is_flat(client, cast, django_assert_num_queries):
    write(cast, "First")
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")  # the once-per-session two-factor check happens here
    # session, user, memberships; community (with initiative); every reflection for the stage with its author
    with django_assert_num_queries(5):
        client.get(url(cast))
    for domain, _label in CAPACITY_DOMAINS:
        for key in ("installation-1", "installation-2"):
            for n in range(3):
                write(cast, f"{domain} {key} answer {n}", domain=domain, key=key, who=cast.partner)
    with django_assert_num_queries(5):
        response = client.get(url(cast))
    assert "media installation-2 answer 2" in text(response)

"""The review pages in Spanish: no English interface text for a Spanish-reading reviewer or decider."""

import pytest

from cocreate.accounts.models import User
from cocreate.core.tests import spanish_check as check
from cocreate.leaders import decisions

from .factories_review import make_application, make_call, make_review

pytestmark = pytest.mark.django_db


def test_the_review_pages_have_no_english_left_in_spanish(client, cast):
    User.objects.filter(pk__in=[cast.lead.pk, cast.admin.pk]).update(preferred_language="es")
    call = make_call(cast.community, reviewers=[cast.lead], name_blind=True)
    first = make_application(call, language="es")
    second = make_application(call, name="Bo Brown", email="", language="en")
    make_application(call, name="Cy Cole")
    make_review(first, cast.lead, [4, 1, 2], comment="Muy buena")
    make_review(first, cast.practitioner, [1, 4, 2])
    decisions.do_accept_application(second, acting_user=cast.lead)
    vocab, typed, report = check.Vocabulary.from_catalogue(), check.TypedText(), check.Report()
    client.force_login(cast.lead)
    check.crawl(client, f"/o/{cast.org.slug}/calls/{call.pk}/review/", vocab, typed, report, limit=40)
    check.crawl(
        client,
        f"/o/{cast.org.slug}/calls/{call.pk}/review/{first.pk}/decide/?decision=declined",
        vocab,
        typed,
        report,
        limit=5,
    )
    client.force_login(cast.admin)
    check.crawl(client, f"/o/{cast.org.slug}/leaders/settings/review/", vocab, typed, report, limit=10)
    assert len(report.visited) > 8
    assert not report.findings, "English on Spanish pages:\n" + "\n".join(report.lines())

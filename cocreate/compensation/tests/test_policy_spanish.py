"""The staff side of compensation read in Spanish: the demo's policy, the queue, a claim, the
exceptions, the totals and the export form as the lead and finance see them — no English left over
(`core/tests/spanish_check`; the pages are not linked from the organization's page yet, so the crawl
starts at the policy)."""

from __future__ import annotations

from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from cocreate.accounts.models import User
from cocreate.compensation.models import Policy
from cocreate.compensation.tests.factories import make_claim
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.tests import spanish_check as check
from cocreate.meetings.models import Meeting
from cocreate.partners.models import Partner


@pytest.fixture
def demo_in_spanish(db):
    call_command("seed-demo", stdout=StringIO())
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").update(preferred_language="es")
    parent = Partner.objects.filter(user__email=f"parent@{DEMO_DOMAIN}").first()
    meeting = Meeting.objects.filter(community=parent.community).order_by("starts_at").first()
    if not parent.claims.exists():
        make_claim(
            parent,
            policy=Policy.objects.get(organization=parent.organization),
            meeting=meeting,
            prep_hours=D("1"),
        )


def test_the_staff_pages_read_in_spanish(client, demo_in_spanish):
    vocab = check.Vocabulary.from_catalogue()
    typed = check.TypedText()
    report = check.Report()
    for who in ("lead", "finance"):
        client.force_login(User.objects.get(email=f"{who}@{DEMO_DOMAIN}"))
        check.crawl(client, "/o/northfield/pay/policy/", vocab, typed, report, limit=40, per_shape=1)
        client.logout()
    assert any("/pay/claims/" in url for url in report.visited)
    assert not report.findings, "English on Spanish pages:\n" + "\n".join(report.lines())

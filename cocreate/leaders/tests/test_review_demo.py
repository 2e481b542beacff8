"""The review demo: the open Riverside call's applications at every state, seeded once."""

import pytest

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Invitation, Role
from cocreate.leaders.demo_review import seed_review
from cocreate.leaders.models import Application, Leader, Review
from cocreate.partners.models import Partner

from .factories_review import make_application, make_call

pytestmark = pytest.mark.django_db


def test_the_demo_call_shows_every_state_and_is_seeded_once(cast):
    seed_review({"riverside": cast.community})  # no call yet: nothing happens
    assert not Review.objects.exists()
    lead = User.objects.create_user(f"lead@{DEMO_DOMAIN}", "x", name="Dana Brooks")
    practitioner = User.objects.create_user(f"practitioner@{DEMO_DOMAIN}", "x", name="Priya Shah")
    call = make_call(cast.community)
    for n in range(6):
        make_application(call, name=f"Applicant person {n}", email=f"person{n}@example.net", language="es")
    seed_review({"riverside": cast.community})
    seed_review({"riverside": cast.community})
    statuses = list(
        Application.objects.filter(call=call).order_by("submitted_at", "pk").values_list("status", flat=True)
    )
    assert statuses == ["submitted", "accepted", "waitlisted", "declined", "withdrawn", "submitted"]
    assert Review.objects.filter(submitted_at__isnull=False).count() == 4
    assert set(Review.objects.values_list("reviewer", flat=True)) == {lead.pk, practitioner.pk}
    leader = Leader.objects.get()
    assert leader.partner == Partner.objects.get(community=cast.community)
    invitation = Invitation.objects.get()
    assert invitation.email.endswith("@" + DEMO_DOMAIN) and invitation.role == Role.PARTNER
    declined = Application.objects.get(call=call, status="declined")
    assert declined.decision_message

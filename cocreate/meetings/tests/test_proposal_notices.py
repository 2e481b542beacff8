"""The people asked are told: a proposal waits for their position (when it opens, and when they are
added later), and its outcome when it closes; never twice, in their language."""

from django.core import mail

from cocreate.meetings import proposals
from cocreate.notifications.models import Notification

from .helpers import propose


def told(kind):
    return sorted(
        n.recipient.email for n in Notification.objects.filter(kind=kind).select_related("recipient")
    )


def test_it_tells_the_people_asked_when_a_proposal_opens_and_when_they_are_added(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = propose(cast, asked=[f"u{cast.partner.pk}"])
    assert told("proposal_opened") == ["parent@example.org"]
    row = Notification.objects.get(kind="proposal_opened")
    assert row.url == f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/{decision.pk}/"
    assert row.context["title"] == decision.title
    details = proposals.ProposalDetails(
        title=decision.title,
        method="consent",
        closes_at=decision.closes_at,
        asked=[f"u{cast.partner.pk}", f"u{cast.lead.pk}"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposals.do_update_proposal(
            decision, acting_user=cast.lead, details=details, people=proposals.people_to_ask(cast.community)
        )
    assert told("proposal_opened") == ["lead@example.org", "parent@example.org"]  # nobody twice
    spanish = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    assert spanish and "postura" in spanish[0].subject


def test_it_tells_the_people_asked_the_outcome_once(cast, django_capture_on_commit_callbacks):
    decision = propose(cast, asked=[f"u{cast.partner.pk}", f"u{cast.lead.pk}"])
    with django_capture_on_commit_callbacks(execute=True):
        proposals.do_close_proposal(
            decision, acting_user=cast.lead, outcome="adopted", rationale="All agreed."
        )
        proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="adopted")
    assert told("proposal_outcome") == ["lead@example.org", "parent@example.org"]
    assert (
        Notification.objects.get(kind="proposal_outcome", recipient=cast.partner).context["outcome"]
        == "adopted"
    )
    decision.refresh_from_db()
    assert (
        decision.status == "closed" and decision.rationale == "All agreed."
    )  # the second close changed nothing


def test_it_tells_nobody_how_anyone_voted_in_a_secret_vote(cast, django_capture_on_commit_callbacks):
    decision = propose(cast, method="majority", secret_vote=True)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.do_state_position(decision, acting_user=cast.partner, position="object")
    assert Notification.objects.count() == before  # a ballot tells nobody anything

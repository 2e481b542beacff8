"""Calls, criteria, reviewers and applications for the review tests, made straight with the ORM (the
calls part builds the forms that make them for real)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.core.models import Community
from cocreate.leaders.models import (
    Application,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    CallStatus,
    Review,
    ReviewScore,
)

CRITERIA = ["Lived experience of the system", "Connections in the community", "Willingness to learn"]


def make_call(community: Community, *, name_blind: bool = False, reviewers=(), title="Parent leader") -> Call:
    org_id = community.organization_id
    call = Call.objects.create(
        organization_id=org_id,
        community=community,
        title=title,
        involves="Two meetings a month with the team.",
        time_asked="About 6 hours a month",
        compensation="$25 an hour",
        languages=["en", "es"],
        closes_on=timezone.localdate() + timedelta(days=14),
        status=CallStatus.OPEN,
        name_blind=name_blind,
    )
    for position, text in enumerate(["Why do you want to take part?", "What would you change?"], start=1):
        CallQuestion.objects.create(organization_id=org_id, call=call, position=position, text=text)
    for position, name in enumerate(CRITERIA, start=1):
        CallCriterion.objects.create(
            organization_id=org_id, call=call, position=position, name=name, beyond_credentials=position == 1
        )
    for user in reviewers:
        CallReviewer.objects.create(organization_id=org_id, call=call, user=user)
    return call


def make_application(call: Call, *, name="Rosa Delgado", email=None, language="en", **fields):
    """One live application per email and call (a constraint): later ones get rosa2@, rosa3@..."""
    if email is None:
        taken = Application.objects.filter(call=call, email__startswith="rosa").count()
        email = "rosa@example.net" if taken == 0 else f"rosa{taken + 1}@example.net"
    questions = list(call.questions.all())
    defaults = {
        "phone": "555-0100",
        "address": "12 Elm Street",
        "answers": {str(q.pk): f"Answer {i} from the applicant" for i, q in enumerate(questions, start=1)},
        "available_days": [1, 3],
        "meeting_times": ["10-12", "18-20"],
        "access_needs": ["child_care"],
        "heard_from": "school",
    }
    defaults.update(fields)
    return Application.objects.create(
        organization_id=call.organization_id,
        community=call.community,
        call=call,
        name=name,
        email=email,
        language=language,
        **defaults,
    )


def make_review(
    application: Application, reviewer, scores: list[int], *, submitted=True, comment=""
) -> Review:
    """A review with `scores` in the call's criteria order."""
    review = Review.objects.create(
        organization_id=application.organization_id,
        application=application,
        reviewer=reviewer,
        comment=comment,
        submitted_at=timezone.now() if submitted else None,
    )
    for criterion, score in zip(application.call.criteria.order_by("position", "pk"), scores, strict=False):
        ReviewScore.objects.create(
            organization_id=application.organization_id, review=review, criterion=criterion, score=score
        )
    return review

"""Riverside's demo call at every state of review: the calls seeder opens the call and brings in its
applications; this part has two of them scored by the lead and the practitioner — one with a strong
disagreement to start the discussion, still to decide; the other accepted (her partner and leader
records made, the sign-in invitation sent to a demo address) — one wait-listed, one declined with its
message, one withdrawn and the rest not yet scored. Written through the `do_*` functions. Nothing happens without the call, or when its
applications have been reviewed already."""

from __future__ import annotations

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from . import decisions, review
from .models import Application, ApplicationStatus, Call, CallCriterion, CallReviewer, CallStatus, Review
from .rubric import ensure_default_rubric

# Scores per criterion (in the call's order), cycled if the call has more criteria than listed.
STRONG_DISAGREEMENT = ([4, 4, 3, 2, 3], [1, 3, 3, 3, 2])  # lived experience: 4 against 1
ACCEPTED = ([4, 3, 3, 4, 4], [3, 3, 4, 4, 3])
COMMENTS = {
    "lead": "Knows the home-visit waiting list from the inside; I would like to hear her ideas at the table.",
    "practitioner": "The answers are short, and I saw little about her own experience of the program.",
}


def _scores(criteria: list[CallCriterion], row: list[int]) -> dict[int, int]:
    return {c.pk: row[i % len(row)] for i, c in enumerate(criteria)}


def seed_review(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None:
        return
    call = (
        Call.objects.filter(community=riverside, status=CallStatus.OPEN).order_by("-closes_on", "pk").first()
    )
    if call is None:
        return
    applications = list(Application.objects.filter(call=call).order_by("submitted_at", "pk"))
    if len(applications) < 6 or Review.objects.filter(application__call=call).exists():
        return
    if any(a.status != ApplicationStatus.SUBMITTED for a in applications):
        return  # someone decided already: leave the demo as it is
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    lead, practitioner = people.get("lead"), people.get("practitioner")
    if lead is None or practitioner is None:
        return
    ensure_default_rubric(call.organization)
    for user in (lead, practitioner):
        CallReviewer.objects.get_or_create(organization_id=call.organization_id, call=call, user=user)
    criteria = list(CallCriterion.objects.filter(call=call).order_by("position", "pk"))
    if not criteria:
        return
    disputed, accepted, waitlisted, declined, withdrawn = applications[:5]

    def score(application: Application, rows: tuple[list[int], list[int]], comments: bool = False) -> None:
        for user, row, key in ((lead, rows[0], "lead"), (practitioner, rows[1], "practitioner")):
            review.do_save_review(
                application,
                acting_user=user,
                scores=_scores(criteria, row),
                comment=COMMENTS[key] if comments else "",
                submit=True,
            )

    score(disputed, STRONG_DISAGREEMENT, comments=True)
    score(accepted, ACCEPTED)
    if not accepted.email.endswith("@" + DEMO_DOMAIN):
        Application.objects.filter(pk=accepted.pk).update(email=f"new-leader@{DEMO_DOMAIN}")
        accepted.refresh_from_db()
    accepted.call = call
    decisions.do_decide_application(accepted, acting_user=lead, decision=ApplicationStatus.ACCEPTED)
    for application, decision in (
        (waitlisted, ApplicationStatus.WAITLISTED),
        (declined, ApplicationStatus.DECLINED),
    ):
        application.call = call
        decisions.do_decide_application(application, acting_user=lead, decision=decision)
    withdrawn.call = call
    decisions.do_record_withdrawal(withdrawn, acting_user=lead)
    # The sixth application (and any after it) stays unscored.

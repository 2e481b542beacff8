"""Fair review of a call's applications: who may review, what each reviewer sees, scores and disagreement.

* Reviewers are the staff a call names (`CallReviewer`) and those who may decide its applications
  ("application.decide" in its community: the community's lead, the network admin).
* Alone first: a reviewer sees nobody else's scores or comments on an application until they have
  submitted their own. A decider who is not one of the named reviewers reads them without scoring (they
  decide; they do not take part in the scoring), and once an application is decided they are open to all
  its reviewers.
* Name-blind (`Call.name_blind`): until an application is decided, every review page, the API and
  anything else built on `identity_visible` shows "Applicant 7" and no email, phone or address.
* Disagreement: per criterion, the spread is the highest score minus the lowest among the submitted
  reviews; an application's spread is its largest. The review page lists first what the viewer still
  has to score, then the applications where reviewers disagree most, and marks the criteria with the
  largest spread so the discussion starts there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.access import Tenant
from cocreate.core.concurrency import lock
from cocreate.core.errors import WriteError

from .models import (
    Application,
    ApplicationStatus,
    Call,
    CallCriterion,
    CallReviewer,
    Review,
    ReviewScore,
)
from .rubric import SCORE_LABELS

DECIDED = frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED})
CLOSED_TO_REVIEW = frozenset({ApplicationStatus.WITHDRAWN})
STRONG_DISAGREEMENT = 2  # a spread of two points or more is shown as a strong disagreement


# Who may do what -------------------------------------------------------------------------------------------


def shown(criteria: list[CallCriterion]) -> list[CallCriterion]:
    """The criteria as the reader's language has them: the default rubric's wording is in the catalogue
    (an organization's own wording stays as written). For display only: never saved."""
    for criterion in criteria:
        criterion.name = _(criterion.name) if criterion.name else criterion.name
        criterion.guidance = _(criterion.guidance) if criterion.guidance else criterion.guidance
    return criteria


def access_call(tenant: Tenant, pk: int) -> Call:
    """A call of the tenant's organization in a community this person sees; 404 otherwise."""
    call = Call.objects.filter(organization=tenant.organization, pk=pk).select_related("community").first()
    if call is None:
        raise Http404
    tenant._check_visible(call.community)
    call.organization = call.community.organization = tenant.organization  # spare the queries
    return call


def is_named_reviewer(call: Call, user) -> bool:
    return CallReviewer.objects.filter(call=call, user=user).exists()


@dataclass(frozen=True)
class ReviewAccess:
    """What one person may do on one call's review pages."""

    named: bool  # one of the call's named reviewers
    decides: bool  # "application.decide" in the call's community

    @property
    def reviews(self) -> bool:
        return self.named or self.decides

    @property
    def scores(self) -> bool:
        """Whether they score (a decider who is not a named reviewer reads, then decides)."""
        return self.reviews


def review_access(tenant: Tenant, call: Call) -> ReviewAccess:
    """403 unless this person reviews the call ("application.review" in its community and named on the
    call, or "application.decide" there)."""
    decides = tenant.can("application.decide", call.community_id)
    named = tenant.can("application.review", call.community_id) and is_named_reviewer(call, tenant.user)
    access = ReviewAccess(named=named, decides=decides)
    if not access.reviews:
        raise PermissionDenied
    return access


def access_application(call: Call, pk: int) -> Application:
    application = Application.objects.filter(call=call, pk=pk).first()
    if application is None:
        raise Http404
    application.call = call
    return application


# What a reviewer sees ----------------------------------------------------------------------------------------


def identity_visible(call: Call, application: Application) -> bool:
    """Names and contact details: always, unless the call is name-blind and the application undecided."""
    return not call.name_blind or application.status in DECIDED


def numbers_of(call: Call) -> dict[int, int]:
    """Each application's number in the call (1, 2, …, in the order they arrived): "Applicant 7"."""
    pks = Application.objects.filter(call=call).order_by("submitted_at", "pk").values_list("pk", flat=True)
    return {pk: n for n, pk in enumerate(pks, start=1)}


def applicant_label(application: Application, number: int, visible: bool) -> str:
    if visible:
        return application.name
    return _("Applicant %(number)s") % {"number": number}


def others_visible(application: Application, access: ReviewAccess, my_review: Review | None) -> bool:
    """Alone first: the others' scores and comments once my own review is in (or the decision is made,
    or I decide without being one of the named scorers)."""
    if application.status in DECIDED or application.status in CLOSED_TO_REVIEW:
        return True
    if my_review is not None and my_review.submitted_at is not None:
        return True
    return access.decides and not access.named


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CriterionSummary:
    criterion: CallCriterion
    scores: list[int]
    mean: Decimal | None
    spread: int
    highlighted: bool = False

    @property
    def strong(self) -> bool:
        return self.spread >= STRONG_DISAGREEMENT


def summarise(
    criteria: list[CallCriterion], scores: dict[int, list[int]]
) -> tuple[list[CriterionSummary], int]:
    """Mean and spread per criterion from `{criterion pk: [scores of submitted reviews]}`; the largest
    spread, and the criteria that have it marked (when reviewers disagree at all)."""
    rows = []
    for criterion in criteria:
        values = scores.get(criterion.pk, [])
        spread = max(values) - min(values) if values else 0
        rows.append(CriterionSummary(criterion, values, _mean(values), spread))
    largest = max((row.spread for row in rows), default=0)
    for row in rows:
        row.highlighted = largest > 0 and row.spread == largest
    return rows, largest


@dataclass
class ReviewRow:
    """One application on the call's review page, as this viewer may see it."""

    application: Application
    number: int
    label: str
    identity: bool
    submitted_reviews: int
    my_review: Review | None
    visible: bool  # the others' scores are open to this viewer
    summary: list[CriterionSummary] = field(default_factory=list)
    spread: int = 0

    @property
    def mine_submitted(self) -> bool:
        return self.my_review is not None and self.my_review.submitted_at is not None

    @property
    def my_draft(self) -> bool:
        return self.my_review is not None and self.my_review.submitted_at is None


def review_rows(call: Call, user, access: ReviewAccess) -> tuple[list[CallCriterion], list[ReviewRow]]:
    """The call's criteria and applications for this viewer: first those still to score by them, then
    where reviewers disagree most. Four queries however many applications and reviews."""
    criteria = shown(list(CallCriterion.objects.filter(call=call).order_by("position", "pk")))
    applications = list(Application.objects.filter(call=call).order_by("submitted_at", "pk"))
    reviews = list(
        Review.objects.filter(application__call=call).only(
            "pk", "application_id", "reviewer_id", "submitted_at"
        )
    )
    score_rows = ReviewScore.objects.filter(
        review__application__call=call, review__submitted_at__isnull=False
    ).values_list("review__application_id", "criterion_id", "score")
    scores: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for application_id, criterion_id, score in score_rows:
        scores[application_id][criterion_id].append(score)
    submitted: dict[int, int] = defaultdict(int)
    mine: dict[int, Review] = {}
    for review in reviews:
        if review.submitted_at is not None:
            submitted[review.application_id] += 1
        if review.reviewer_id == user.pk:
            mine[review.application_id] = review
    rows = []
    for number, application in enumerate(applications, start=1):
        application.call = call
        identity = identity_visible(call, application)
        my_review = mine.get(application.pk)
        visible = others_visible(application, access, my_review)
        row = ReviewRow(
            application=application,
            number=number,
            label=applicant_label(application, number, identity),
            identity=identity,
            submitted_reviews=submitted[application.pk],
            my_review=my_review,
            visible=visible,
        )
        if visible:
            row.summary, row.spread = summarise(criteria, scores[application.pk])
        rows.append(row)
    rows.sort(key=lambda r: (r.visible, -r.spread, r.number))
    return criteria, rows


@dataclass
class OtherReview:
    reviewer_name: str
    comment: str
    submitted_at: object
    scores: dict[int, int]


@dataclass
class ApplicationView:
    """Everything one application's page shows this viewer."""

    application: Application
    number: int
    label: str
    identity: bool
    criteria: list[CallCriterion]
    answers: list[tuple[str, str]]
    my_review: Review | None
    my_scores: dict[int, int]
    visible: bool
    others: list[OtherReview]
    summary: list[CriterionSummary]
    spread: int
    submitted_reviews: int


def application_view(call: Call, application: Application, user, access: ReviewAccess) -> ApplicationView:
    criteria = shown(list(CallCriterion.objects.filter(call=call).order_by("position", "pk")))
    questions = list(call.questions.order_by("position", "pk"))
    answers = [(q.text, str((application.answers or {}).get(str(q.pk), ""))) for q in questions]
    reviews = list(
        Review.objects.filter(application=application)
        .select_related("reviewer")
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )
    my_review = next((r for r in reviews if r.reviewer_id == user.pk), None)
    number = numbers_of(call).get(application.pk, 0)
    identity = identity_visible(call, application)
    visible = others_visible(application, access, my_review)
    submitted = [r for r in reviews if r.submitted_at is not None]
    others: list[OtherReview] = []
    summary: list[CriterionSummary] = []
    spread = 0
    if visible:
        by_criterion: dict[int, list[int]] = defaultdict(list)
        for review in submitted:
            for s in review.scores.all():
                by_criterion[s.criterion_id].append(s.score)
        summary, spread = summarise(criteria, by_criterion)
        others = [
            OtherReview(
                reviewer_name=r.reviewer.display_name,
                comment=r.comment,
                submitted_at=r.submitted_at,
                scores={s.criterion_id: s.score for s in r.scores.all()},
            )
            for r in submitted
            if r.reviewer_id != user.pk
        ]
    return ApplicationView(
        application=application,
        number=number,
        label=applicant_label(application, number, identity),
        identity=identity,
        criteria=criteria,
        answers=answers,
        my_review=my_review,
        my_scores={s.criterion_id: s.score for s in my_review.scores.all()} if my_review else {},
        visible=visible,
        others=others,
        summary=summary,
        spread=spread,
        submitted_reviews=len(submitted),
    )


# Writing a review --------------------------------------------------------------------------------------------


@transaction.atomic
def do_save_review(
    application: Application,
    *,
    acting_user,
    scores: dict[int, int],
    comment: str = "",
    submit: bool = False,
) -> Review:
    """Save this reviewer's scores (criterion pk -> 1..4) and comment as a draft, or submit them.

    A submitted review is final: the others' scores are open to its author from then on, so changing it
    afterwards would no longer be "alone first". Submitting the same review again (a double click, a
    retry) returns it; anything else sent after submitting is refused."""
    application = lock(application)
    if application.status in CLOSED_TO_REVIEW or application.anonymised_at is not None:
        raise WriteError(_("This application was withdrawn: there is nothing to review."))
    criteria = {c.pk: c for c in CallCriterion.objects.filter(call_id=application.call_id)}
    clean: dict[int, int] = {}
    for key, value in (scores or {}).items():
        if value in (None, ""):
            continue
        try:
            criterion_pk, score = int(key), int(value)
        except (TypeError, ValueError):
            raise WriteError({"scores": _("Give each score as a number from 1 to 4.")}) from None
        if criterion_pk not in criteria:
            raise WriteError({"scores": _("Score only this call's criteria.")})
        if score not in SCORE_LABELS:
            raise WriteError({f"score_{criterion_pk}": _("Give a score from 1 to 4.")})
        clean[criterion_pk] = score
    comment = (comment or "").strip()
    review = Review.objects.select_for_update().filter(application=application, reviewer=acting_user).first()
    if review is not None and review.submitted_at is not None:
        same = {s.criterion_id: s.score for s in review.scores.all()} == clean and review.comment == comment
        if submit and same:
            return review
        raise WriteError(_("You have submitted your review of this application already."))
    if submit:
        missing = [c for pk, c in criteria.items() if pk not in clean]
        if missing:
            raise WriteError(
                {f"score_{c.pk}": _("Score every criterion before you submit.") for c in missing}
            )
    if review is None:
        review = Review(
            organization_id=application.organization_id, application=application, reviewer=acting_user
        )
    review.comment = comment
    review.updated_at = timezone.now()
    if submit:
        review.submitted_at = timezone.now()
    review._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    review.save()
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion_pk, score in clean.items():
        row = existing.pop(criterion_pk, None)
        if row is None:
            row = ReviewScore(
                organization_id=review.organization_id, review=review, criterion_id=criterion_pk
            )
        elif row.score == score:
            continue
        row.score = score
        row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
        row.save()
    for row in existing.values():  # a score taken back in a draft
        row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
        row.delete()
    return review

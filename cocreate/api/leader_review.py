"""Fair review in the API: a call's applications for its reviewers, one application, my scores, and the
decision (the writes of `cocreate/leaders/review.py` and `decisions.py`).

The rules are the pages' rules: the call's named reviewers and those who decide in its community read
and score; deciding is "application.decide". Alone first: the others' scores and comments are empty
until my own review is submitted. Name-blind: until an application is decided, `name`, `email`,
`phone` and `address` are null and `applicant` says "Applicant 7".
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.accounts.models import User
from cocreate.leaders import decisions, review
from cocreate.leaders.models import Application, Call

from .views import Pages, TenantScoped

# Serializers ------------------------------------------------------------------------------------------------


class CriterionSummarySerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="The call's criterion (id).")
    name = serializers.CharField()
    beyond_credentials = serializers.BooleanField()
    mean = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    spread = serializers.IntegerField(help_text="Highest score minus lowest among the submitted reviews.")
    highlighted = serializers.BooleanField(help_text="One of the criteria where reviewers disagree most.")


class ReviewApplicationSerializer(serializers.Serializer):
    """One application as this reviewer may see it."""

    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="Its number in the call, in the order they arrived.")
    applicant = serializers.CharField(
        help_text='Her name, or "Applicant 7" while a name-blind call is undecided.'
    )
    name = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    status = serializers.CharField(help_text="submitted, accepted, waitlisted, declined or withdrawn.")
    language = serializers.CharField()
    submitted_reviews = serializers.IntegerField()
    my_review = serializers.CharField(help_text='"none", "draft" or "submitted".')
    scores_visible = serializers.BooleanField(help_text="The others' scores are open to me (alone first).")
    spread = serializers.IntegerField(help_text="The largest spread of any criterion (0 while not visible).")
    criteria = CriterionSummarySerializer(many=True)


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=1, max_value=4)


class OtherReviewSerializer(serializers.Serializer):
    reviewer = serializers.CharField()
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    scores = ScoreSerializer(many=True)


class MyReviewSerializer(serializers.Serializer):
    comment = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    scores = ScoreSerializer(many=True)


class ReviewApplicationDetailSerializer(ReviewApplicationSerializer):
    address = serializers.CharField(allow_null=True)
    answers = AnswerSerializer(many=True)
    available_days = serializers.ListField(child=serializers.IntegerField(), help_text="0 Monday … 6 Sunday.")
    meeting_times = serializers.ListField(child=serializers.CharField(), help_text='Two-hour times, "18-20".')
    access_needs = serializers.ListField(child=serializers.CharField())
    access_notes = serializers.CharField()
    heard_from = serializers.CharField()
    mine = MyReviewSerializer(allow_null=True)
    others = OtherReviewSerializer(many=True)
    decision_message = serializers.CharField(allow_null=True, help_text="For those who decide, once decided.")
    partner = serializers.IntegerField(allow_null=True, help_text="Her partner record, once accepted.")


class ReviewInSerializer(serializers.Serializer):
    scores = ScoreSerializer(many=True, required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit (final) rather than keep as a draft."
    )


class DecisionInSerializer(serializers.Serializer):
    decision = serializers.CharField(help_text='"accepted", "waitlisted" or "declined".')
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text="To the applicant, sent by email; empty: the kind default in her language.",
    )


# Shaping --------------------------------------------------------------------------------------------------------


def _summary(rows: list[review.CriterionSummary]) -> list[dict]:
    return [
        {
            "criterion": s.criterion.pk,
            "name": s.criterion.name,
            "beyond_credentials": s.criterion.beyond_credentials,
            "mean": s.mean,
            "spread": s.spread,
            "highlighted": s.highlighted,
        }
        for s in rows
    ]


def _identity(application: Application, visible: bool) -> dict:
    if not visible:
        return {"name": None, "email": None, "phone": None}
    return {"name": application.name, "email": application.email, "phone": application.phone}


def _my_state(my_review) -> str:
    if my_review is None:
        return "none"
    return "submitted" if my_review.submitted_at else "draft"


def row_data(row: review.ReviewRow) -> dict:
    a = row.application
    return {
        "id": a.pk,
        "number": row.number,
        "applicant": row.label,
        **_identity(a, row.identity),
        "status": a.status,
        "language": a.language,
        "submitted_reviews": row.submitted_reviews,
        "my_review": _my_state(row.my_review),
        "scores_visible": row.visible,
        "spread": row.spread,
        "criteria": _summary(row.summary),
    }


def detail_data(view: review.ApplicationView, access: review.ReviewAccess) -> dict:
    a = view.application
    mine = view.my_review
    return {
        "id": a.pk,
        "number": view.number,
        "applicant": view.label,
        **_identity(a, view.identity),
        "address": a.address if view.identity else None,
        "status": a.status,
        "language": a.language,
        "submitted_reviews": view.submitted_reviews,
        "my_review": _my_state(mine),
        "scores_visible": view.visible,
        "spread": view.spread,
        "criteria": _summary(view.summary),
        "answers": [{"question": q, "answer": t} for q, t in view.answers],
        "available_days": [int(d) for d in a.available_days or [] if str(d).isdigit()],
        "meeting_times": list(a.meeting_times or []),
        "access_needs": list(a.access_needs or []),
        "access_notes": a.access_notes,
        "heard_from": a.heard_from,
        "mine": (
            {
                "comment": mine.comment,
                "submitted_at": mine.submitted_at,
                "scores": [{"criterion": k, "score": v} for k, v in view.my_scores.items()],
            }
            if mine
            else None
        ),
        "others": [
            {
                "reviewer": o.reviewer_name,
                "comment": o.comment,
                "submitted_at": o.submitted_at,
                "scores": [{"criterion": k, "score": v} for k, v in o.scores.items()],
            }
            for o in view.others
        ],
        "decision_message": a.decision_message if access.decides and a.decided_at else None,
        "partner": a.partner_id if access.decides else None,
    }


# Endpoints ------------------------------------------------------------------------------------------------------


class _CallScoped(TenantScoped):
    call: Call
    access: review.ReviewAccess

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.call = review.access_call(self.tenant, kwargs["pk"])
        self.access = review.review_access(self.tenant, self.call)

    def detail(self, application: Application) -> Response:
        application.refresh_from_db()
        view = review.application_view(self.call, application, self.request.user, self.access)  # type: ignore[attr-defined]  # a GenericAPIView
        return Response(ReviewApplicationDetailSerializer(detail_data(view, self.access)).data)


@extend_schema(tags=["leaders"])
class CallApplicationList(_CallScoped, generics.ListAPIView):
    """A call's applications for its reviewers: those still to score by me first, then where reviewers
    disagree most (name-blind and alone first respected)."""

    serializer_class = ReviewApplicationSerializer
    pagination_class = Pages

    def list(self, request: Request, *args, **kwargs) -> Response:
        _criteria, rows = review.review_rows(self.call, request.user, self.access)
        page: list[review.ReviewRow] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]  # a list pages too
        assert page is not None
        return self.get_paginated_response(
            ReviewApplicationSerializer([row_data(r) for r in page], many=True).data
        )


@extend_schema(tags=["leaders"])
class CallApplicationDetail(_CallScoped, generics.GenericAPIView):
    """One application: answers, what suits her, my review, and the others' once mine is submitted."""

    serializer_class = ReviewApplicationDetailSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        return self.detail(review.access_application(self.call, kwargs["application_pk"]))


@extend_schema(tags=["leaders"])
class CallApplicationReview(_CallScoped, generics.GenericAPIView):
    """Save my scores (1 to 4 per criterion) and comment as a draft, or submit them (final)."""

    serializer_class = ReviewInSerializer

    @extend_schema(request=ReviewInSerializer, responses={200: ReviewApplicationDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        application = review.access_application(self.call, kwargs["application_pk"])
        incoming = ReviewInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        review.do_save_review(
            application,
            acting_user=cast(User, request.user),
            scores={s["criterion"]: s["score"] for s in data["scores"]},
            comment=data["comment"],
            submit=data["submit"],
        )
        return self.detail(application)


@extend_schema(tags=["leaders"])
class CallApplicationDecision(_CallScoped, generics.GenericAPIView):
    """Accept, wait-list or decline, with the message to the applicant ("application.decide"). The same
    decision again returns the application as it is."""

    serializer_class = DecisionInSerializer

    @extend_schema(request=DecisionInSerializer, responses={200: ReviewApplicationDetailSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        if not self.tenant.can("application.decide", self.call.community_id):
            raise PermissionDenied
        application = review.access_application(self.call, kwargs["application_pk"])
        incoming = DecisionInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decisions.do_decide_application(
            application, acting_user=cast(User, request.user), **incoming.validated_data
        )
        return self.detail(application)

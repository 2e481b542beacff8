from django.urls import path

from . import leader_review

A = "orgs/<slug:org>/calls/<int:pk>/applications/"

urlpatterns = [
    path(A, leader_review.CallApplicationList.as_view(), name="call_applications"),
    path(A + "<int:application_pk>/", leader_review.CallApplicationDetail.as_view(), name="call_application"),
    path(
        A + "<int:application_pk>/review/",
        leader_review.CallApplicationReview.as_view(),
        name="call_application_review",
    ),
    path(
        A + "<int:application_pk>/decision/",
        leader_review.CallApplicationDecision.as_view(),
        name="call_application_decision",
    ),
]

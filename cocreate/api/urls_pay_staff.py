"""Compensation's staff side in the API: the policy, the claim queue, approvals, payments, exceptions."""

from django.urls import path

from . import pay_staff

P = "orgs/<slug:org>/pay/"

urlpatterns = [
    path(P + "policy/", pay_staff.PolicyView.as_view(), name="pay_policy"),
    path(P + "claims/", pay_staff.ClaimQueue.as_view(), name="pay_claims"),
    path(P + "claims/<int:pk>/", pay_staff.ClaimDetail.as_view(), name="pay_claim"),
    path(P + "claims/<int:pk>/approve/", pay_staff.ClaimApprove.as_view(), name="pay_claim_approve"),
    path(P + "claims/<int:pk>/return/", pay_staff.ClaimReturn.as_view(), name="pay_claim_return"),
    path(P + "claims/<int:pk>/pay/", pay_staff.ClaimPay.as_view(), name="pay_claim_pay"),
    path(
        P + "exceptions/<int:pk>/decision/", pay_staff.ExceptionDecide.as_view(), name="pay_exception_decide"
    ),
]

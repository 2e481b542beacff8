"""The staff side of compensation: the policy, exceptions to decide, the claim queue and one claim,
payments, yearly totals and the finance export."""

from django.urls import path

from . import views_approvals as approvals
from . import views_policy as policy

P = "o/<slug:org>/pay/"

urlpatterns = [
    path(P + "policy/", policy.policy_page, name="policy"),
    path(P + "policy/new/", policy.policy_new, name="policy_new"),
    path(P + "exceptions/", approvals.exception_list, name="exceptions"),
    path(P + "exceptions/<int:pk>/decide/", approvals.exception_decide, name="exception_decide"),
    path(P + "claims/", approvals.claim_queue, name="queue"),
    path(P + "claims/<int:pk>/review/", approvals.claim_page, name="staff_claim"),
    path(P + "claims/<int:pk>/approve/", approvals.claim_approve, name="claim_approve"),
    path(P + "claims/<int:pk>/return/", approvals.claim_return, name="claim_return"),
    path(P + "claims/<int:pk>/change/", approvals.claim_change, name="claim_change"),
    path(P + "claims/<int:pk>/pay/", approvals.claim_pay, name="claim_pay"),
    path(P + "totals/<int:year>/", approvals.yearly_totals, name="totals"),
    path(P + "export/", approvals.finance_export, name="export"),
]

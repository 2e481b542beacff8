"""The community leader's pages (namespace "compensation"): o/<org>/pay/mine/… and receipts."""

from django.urls import path

from . import views_claims as v

urlpatterns = [
    path("o/<slug:org>/pay/mine/", v.mine, name="mine"),
    path("o/<slug:org>/pay/mine/new/", v.my_claim_new, name="my_claim_new"),
    path("o/<slug:org>/pay/mine/new/<str:kind>/<int:pk>/", v.my_claim_form, name="my_claim_form"),
    path("o/<slug:org>/pay/mine/claims/<int:pk>/", v.my_claim, name="my_claim"),
    path("o/<slug:org>/pay/mine/claims/<int:pk>/edit/", v.my_claim_edit, name="my_claim_edit"),
    path("o/<slug:org>/pay/mine/claims/<int:pk>/withdraw/", v.my_claim_withdraw, name="my_claim_withdraw"),
    path(
        "o/<slug:org>/pay/mine/exceptions/new/<str:kind>/<int:pk>/",
        v.my_exception_form,
        name="my_exception_form",
    ),
    path(
        "o/<slug:org>/pay/mine/exceptions/<int:pk>/withdraw/",
        v.my_exception_withdraw,
        name="my_exception_withdraw",
    ),
    path("o/<slug:org>/pay/mine/<int:year>/", v.my_statement, name="my_statement"),
    path("o/<slug:org>/pay/mine/<int:year>/pdf/", v.my_statement_pdf, name="my_statement_pdf"),
    path("o/<slug:org>/pay/receipts/<int:pk>/", v.receipt, name="receipt"),
]

"""A community leader's own claims, exception requests and statement (cocreate.api.claims)."""

from django.urls import path

from . import claims

M = "orgs/<slug:org>/me/pay/"

urlpatterns = [
    path(M + "claims/", claims.MyClaimList.as_view(), name="my_claims"),
    path(M + "claims/<int:pk>/", claims.MyClaimDetail.as_view(), name="my_claim"),
    path(M + "exceptions/", claims.MyExceptionList.as_view(), name="my_exceptions"),
    path(M + "statements/<int:year>/", claims.MyStatement.as_view(), name="my_statement"),
]

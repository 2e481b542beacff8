"""Compensation: the policy, claims, exceptions, approvals, payments and statements.

Each part keeps its own URL module; this one joins them under the `compensation` namespace."""

from django.urls import include, path

app_name = "compensation"

urlpatterns = [
    path("", include("cocreate.compensation.urls_staff")),
    path("", include("cocreate.compensation.urls_claims")),
]

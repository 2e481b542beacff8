from django.urls import path

from . import worksheets_kinds as views

W = "orgs/<slug:org>/worksheets/<int:pk>/"

urlpatterns = [
    path(W + "kind/", views.WorksheetKindState.as_view(), name="worksheet_kind"),
    path(W + "make-goals/", views.MakeGoals.as_view(), name="worksheet_make_goals"),
    path(
        W + "prism/<slug:row>/add-partner/", views.AddStakeholder.as_view(), name="worksheet_add_stakeholder"
    ),
]

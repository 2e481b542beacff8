from django.urls import path

from . import worksheets as views

W = "orgs/<slug:org>/communities/<slug:slug>/worksheets/"
P = W + "<int:pk>/"

urlpatterns = [
    path(W, views.WorksheetList.as_view(), name="worksheets"),
    path(P, views.WorksheetDetail.as_view(), name="worksheet"),
    path(P + "versions/", views.WorksheetVersionList.as_view(), name="worksheet_versions"),
    path(P + "comments/", views.WorksheetCommentList.as_view(), name="worksheet_comments"),
    path(P + "steps/<slug:step_key>/", views.WorksheetStepSave.as_view(), name="worksheet_step"),
    path(P + "drafts/", views.WorksheetDraftSave.as_view(), name="worksheet_draft"),
    path(P + "publish/", views.WorksheetPublish.as_view(), name="worksheet_publish"),
]

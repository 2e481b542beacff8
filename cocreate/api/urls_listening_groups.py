from django.urls import path

from . import listening as views

C = "orgs/<slug:org>/communities/<slug:slug>/listening/"

urlpatterns = [
    path(C, views.GroupList.as_view(), name="listening_groups"),
    path(C + "<int:pk>/", views.GroupDetail.as_view(), name="listening_group"),
    path(C + "<int:pk>/questions/", views.QuestionCreate.as_view(), name="listening_questions"),
    path(C + "<int:pk>/questions/<int:qpk>/notes/", views.QuestionNotes.as_view(), name="listening_notes"),
]

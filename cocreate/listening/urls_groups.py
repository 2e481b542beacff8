from django.urls import path

from . import views

C = "o/<slug:org>/c/<slug:slug>/listening/"
G = C + "<int:pk>/"

urlpatterns = [
    path(C, views.groups, name="groups"),
    path(C + "new/", views.group_create, name="group_create"),
    path(G, views.group_detail, name="group"),
    path(G + "edit/", views.group_edit, name="group_edit"),
    path(G + "guide/", views.guide, name="guide"),
    path(G + "guide/open/", views.guide_open, name="guide_open"),
    path(G + "guide/print/", views.guide_print, name="guide_print"),
    path(G + "guide/<int:qpk>/edit/", views.question_edit, name="question_edit"),
    path(G + "guide/<int:qpk>/state/", views.question_state, name="question_state"),
    path(G + "participants/", views.participants, name="participants"),
    path(G + "participants/<int:ppk>/", views.participant, name="participant"),
    path(G + "held/", views.held, name="held"),
    path(G + "close/", views.close, name="close"),
    path(G + "notes/", views.notes_start, name="notes_start"),
    path(G + "notes/<int:qpk>/", views.notes, name="notes"),
    path(G + "themes/", views.themes, name="themes"),
    path(G + "themes/<int:tpk>/feedback/", views.theme_feedback, name="theme_feedback"),
]

from django.urls import path

from . import views_support as views

S = "o/<slug:org>/leaders/settings/training/"
L = "o/<slug:org>/c/<slug:slug>/leaders/"
P = L + "<int:pk>/"

urlpatterns = [
    path(S, views.training, name="training"),
    path(S + "<int:pk>/edit/", views.training_edit, name="training_edit"),
    path(S + "<int:pk>/move/", views.training_move, name="training_move"),
    path(L, views.leaders, name="leaders"),
    path(L + "new/", views.leader_make, name="leader_make"),
    path(P, views.leader, name="leader"),
    path(P + "mentor/", views.leader_mentor, name="leader_mentor"),
    path(P + "checklist/", views.leader_completion, name="leader_completion"),
    path(P + "checklist/<int:completion>/undo/", views.leader_completion_undo, name="leader_completion_undo"),
    path(P + "check-ins/", views.leader_check_in, name="leader_check_in"),
    path(P + "recognitions/", views.leader_recognition, name="leader_recognition"),
    path(P + "public/", views.leader_public, name="leader_public"),
    path(P + "end/", views.leader_end, name="leader_end"),
]

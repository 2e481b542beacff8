from django.urls import path

from . import views

app_name = "planning"

C = "o/<slug:org>/c/<slug:slug>/"
P = C + "planning/"

urlpatterns = [
    path(P, views.plan, name="plan"),
    path(P + "due/", views.due, name="due"),
    path(P + "goals/new/", views.goal_create, name="goal_create"),
    path(P + "goals/<int:pk>/", views.goal_detail, name="goal"),
    path(P + "goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path(P + "goals/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path(P + "goals/<int:pk>/intention/", views.intention, name="intention"),
    path(P + "actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path(P + "actions/<int:pk>/notes/new/", views.note_create, name="note_create"),
    path("o/<slug:org>/planning/my-actions/", views.my_actions, name="my_actions"),
]

from django.urls import path

from . import views, views_feedback, views_pdsa

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
    path(P + "actions/<int:pk>/cycles/", views_pdsa.cycles, name="cycles"),
    path(P + "actions/<int:pk>/cycles/new/", views_pdsa.cycle_create, name="cycle_create"),
    path(P + "cycles/<int:pk>/", views_pdsa.cycle_detail, name="cycle"),
    path(P + "cycles/<int:pk>/points/", views_pdsa.point_create, name="point_create"),
    path(P + "cycles/<int:pk>/<slug:phase>/", views_pdsa.cycle_phase, name="cycle_phase"),
    path(P + "feedback/", views_feedback.feedback_list, name="feedback"),
    path(P + "feedback/count/", views_feedback.feedback_count, name="feedback_count"),
    path(P + "feedback/new/", views_feedback.feedback_create, name="feedback_create"),
    path(P + "feedback/<int:pk>/", views_feedback.feedback_detail, name="feedback_item"),
    path(P + "feedback/<int:pk>/edit/", views_feedback.feedback_edit, name="feedback_edit"),
    path("o/<slug:org>/planning/my-actions/", views.my_actions, name="my_actions"),
]

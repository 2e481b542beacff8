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

# The implementation-support plan (cocreate/planning/views_support_plan.py).
from . import views_support_plan  # noqa: E402

S = C + "support-plan/"
urlpatterns += [
    path(S, views_support_plan.support_plan_current, name="support_plan"),
    path(S + "edit/", views_support_plan.support_plan_edit, name="support_plan_edit"),
    path(S + "publish/", views_support_plan.support_plan_publish, name="support_plan_publish"),
    path(S + "discard/", views_support_plan.support_plan_discard, name="support_plan_discard"),
    path(S + "versions/", views_support_plan.support_plan_versions, name="support_plan_versions"),
    path(S + "v<int:number>/", views_support_plan.support_plan_version, name="support_plan_version"),
    path(S + "v<int:number>/docx/", views_support_plan.support_plan_docx, name="support_plan_docx"),
    path(S + "v<int:number>/pdf/", views_support_plan.support_plan_pdf, name="support_plan_pdf"),
]

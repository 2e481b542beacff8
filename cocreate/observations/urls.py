from django.urls import path

from . import views

app_name = "observations"

C = "o/<slug:org>/c/<slug:slug>/"
O = C + "observations/"  # noqa: E741

urlpatterns = [
    path(O, views.plan_list, name="plans"),
    path(O + "new/", views.plan_create, name="plan_create"),
    path(O + "<int:pk>/", views.plan_detail, name="plan"),
    path(O + "<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path(O + "<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path(O + "<int:pk>/records.csv", views.plan_csv, name="plan_csv"),
    path(O + "<int:pk>/records/new/", views.record_create, name="record_create"),
    path(O + "records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path(O + "records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path(O + "findings/<int:pk>/feedback/", views.finding_to_feedback, name="finding_feedback"),
    path(O + "findings/<int:pk>/change-idea/", views.finding_to_change_idea, name="finding_change_idea"),
]

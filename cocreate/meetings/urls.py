from django.urls import path

from . import views

app_name = "meetings"

C = "o/<slug:org>/c/<slug:slug>/"

urlpatterns = [
    path(C + "agreement/", views.agreement, name="agreement"),
    path(C + "agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path(C + "agreement/publish/", views.agreement_publish, name="agreement_publish"),
    path(C + "agreement/acknowledge/", views.agreement_acknowledge, name="agreement_acknowledge"),
    path(C + "agreement/v<int:number>/", views.agreement_version, name="agreement_version"),
    path(C + "decisions/", views.decision_list, name="decision_list"),
    path(C + "decisions/export.csv", views.decision_csv, name="decision_csv"),
    path(C + "decisions/new/", views.decision_create, name="decision_create"),
    path(C + "decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path(C + "decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
]

from django.urls import path

from . import views_review as views

S = "o/<slug:org>/leaders/settings/review/"
R = "o/<slug:org>/calls/<int:pk>/review/"
A = R + "<int:application_pk>/"

urlpatterns = [
    path(S, views.review_settings, name="review_settings"),
    path(S + "criteria/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path(S + "criteria/<int:pk>/move/", views.criterion_move, name="criterion_move"),
    path(S + "criteria/<int:pk>/active/", views.criterion_active, name="criterion_active"),
    path(R, views.call_review, name="call_review"),
    path(A, views.application_review, name="application_review"),
    path(A + "decide/", views.application_decide, name="application_decide"),
    path(A + "withdraw/", views.application_withdraw, name="application_withdraw"),
    path(A + "invite/", views.application_invite, name="application_invite"),
]

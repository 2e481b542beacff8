from django.urls import path

from . import views_run as views

C = "o/<slug:org>/c/<slug:slug>/"
A = C + "assessments/<int:pk>/"

urlpatterns = [
    path(C + "assessments/", views.administration_list, name="list"),
    path(C + "assessments/new/", views.administration_open, name="open"),
    path(A, views.administration_detail, name="detail"),
    path(A + "invite/", views.administration_invite, name="invite"),
    path(A + "answer/", views.administration_answer, name="answer"),
    path(A + "answer/review/", views.answer_review, name="answer_review"),
    path(A + "sections/", views.administration_audiences, name="audiences"),
    path(A + "follow/", views.consensus_follow, name="follow"),
    path(A + "status/", views.administration_status, name="status"),
    path(A + "consensus/", views.consensus, name="consensus"),
    path(A + "consensus/<int:item>/", views.consensus_item, name="consensus_item"),
    path("o/<slug:org>/assessments/mine/", views.my_assessments, name="mine"),
]

from django.urls import path

from . import views_calls as v

C = "o/<slug:org>/c/<slug:slug>/calls/"

urlpatterns = [
    # The organization's application questions (network admin).
    path("o/<slug:org>/leaders/questions/", v.question_list, name="questions"),
    path("o/<slug:org>/leaders/questions/<int:pk>/", v.question_edit, name="question_edit"),
    path("o/<slug:org>/leaders/questions/<int:pk>/move/", v.question_move, name="question_move"),
    # A community's calls (staff).
    path(C, v.call_list, name="calls"),
    path(C + "new/", v.call_create, name="call_create"),
    path(C + "<int:pk>/", v.call_detail, name="call"),
    path(C + "<int:pk>/edit/", v.call_edit, name="call_edit"),
    path(C + "<int:pk>/open/", v.call_open, name="call_open"),
    path(C + "<int:pk>/close/", v.call_close, name="call_close"),
    # Public pages: no account.
    path("join/o/<slug:org>/", v.join_organization, name="join_org"),
    path("join/a/<str:token>/", v.application_status, name="application_status"),
    path("join/a/<str:token>/thanks/", v.application_thanks, name="application_thanks"),
    path("join/a/<str:token>/withdraw/", v.application_withdraw, name="application_withdraw"),
    path("join/<str:token>/", v.join_call, name="join"),
]

from django.urls import path

from . import views
from . import views_meetings as m
from . import views_proposals as p

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
    path(C + "decisions/propose/", p.proposal_create, name="proposal_create"),
    path(C + "decisions/<int:pk>/manage/", p.proposal_manage, name="proposal_manage"),
    path(C + "decisions/<int:pk>/position/", p.proposal_position, name="proposal_position"),
    path(
        C + "decisions/<int:pk>/record-position/", p.proposal_record_position, name="proposal_record_position"
    ),
    path(C + "decisions/<int:pk>/objections/<int:objection>/reply/", p.proposal_reply, name="proposal_reply"),
    path(
        C + "decisions/<int:pk>/objections/<int:objection>/resolve/",
        p.proposal_resolve,
        name="proposal_resolve",
    ),
    path(C + "decisions/<int:pk>/close/", p.proposal_close, name="proposal_close"),
    path(C + "meetings/", m.meeting_list, name="meeting_list"),
    path(C + "meetings/new/", m.meeting_create, name="meeting_create"),
    path(C + "meetings/<int:pk>/", m.meeting_detail, name="meeting_detail"),
    path(C + "meetings/<int:pk>/edit/", m.meeting_edit, name="meeting_edit"),
    path(C + "meetings/<int:pk>/prep/", m.meeting_prep, name="meeting_prep"),
    path(C + "meetings/<int:pk>/minutes/", m.meeting_minutes, name="meeting_minutes"),
    path(C + "meetings/<int:pk>/meeting.ics", m.meeting_ics, name="meeting_ics"),
    path(C + "meetings/calendar/new-address/", m.meeting_feed_regenerate, name="meeting_feed_regenerate"),
    path("o/<slug:org>/c/<slug:slug>/calendar/<str:token>.ics", m.meeting_feed, name="meeting_feed"),
]

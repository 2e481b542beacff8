from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import assessments, meetings, notifications, planning, support, support_plan, translations, views

app_name = "api"

C = "orgs/<slug:org>/communities/<slug:slug>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Community leaders and compensation: one URL module per part.
    path("", include("cocreate.api.urls_calls")),
    path("", include("cocreate.api.urls_review")),
    path("", include("cocreate.api.urls_leader_support")),
    path("", include("cocreate.api.urls_pay_staff")),
    path("", include("cocreate.api.urls_claims")),
    # Toolkit worksheets, surveys, focus groups, the co-production steps board: one module per part.
    path("", include("cocreate.api.urls_worksheets_engine")),
    path("", include("cocreate.api.urls_worksheets_kinds")),
    path("", include("cocreate.api.urls_surveys_collect")),
    path("", include("cocreate.api.urls_surveys_results")),
    path("", include("cocreate.api.urls_listening_groups")),
    path("", include("cocreate.api.urls_steps_board")),
    path("token/", views.TokenView.as_view(), name="token"),
    path("me/notifications/", notifications.NotificationList.as_view(), name="notifications"),
    path("me/notifications/read/", notifications.NotificationReadAll.as_view(), name="notifications_read"),
    path(
        "me/notifications/<int:pk>/read/", notifications.NotificationRead.as_view(), name="notification_read"
    ),
    path(
        "me/notification-settings/",
        notifications.NotificationSettings.as_view(),
        name="notification_settings",
    ),
    path("orgs/<slug:org>/communities/", views.CommunityList.as_view(), name="communities"),
    path(C, views.CommunityDetail.as_view(), name="community"),
    path(C + "partners/", views.PartnerList.as_view(), name="partners"),
    path(C + "partners/<int:pk>/", views.PartnerDetail.as_view(), name="partner"),
    path(C + "partners/<int:pk>/levels/", views.LevelList.as_view(), name="levels"),
    path(C + "partners/<int:pk>/changes/", views.ChangeList.as_view(), name="changes"),
    path(C + "teams/", views.TeamList.as_view(), name="teams"),
    path(C + "plan/", views.PlanDetail.as_view(), name="plan"),
    path(C + "administrations/", assessments.AdministrationList.as_view(), name="administrations"),
    path(C + "administrations/<int:pk>/", assessments.AdministrationDetail.as_view(), name="administration"),
    path(
        C + "administrations/<int:pk>/response/",
        assessments.ResponseCreate.as_view(),
        name="administration_response",
    ),
    path("orgs/<slug:org>/instruments/", assessments.InstrumentList.as_view(), name="instruments"),
    path("orgs/<slug:org>/instruments/<int:pk>/", assessments.InstrumentDetail.as_view(), name="instrument"),
    path(C + "support/events/", support.SupportEventList.as_view(), name="support_events"),
    path(C + "support/events/<int:pk>/", support.SupportEventDetail.as_view(), name="support_event"),
    path(C + "support/dosage/", support.DosageList.as_view(), name="support_dosage"),
    path(C + "support-plan/", support_plan.SupportPlanList.as_view(), name="support_plan"),
    path(
        C + "support-plan/<int:number>/",
        support_plan.SupportPlanDetail.as_view(),
        name="support_plan_version",
    ),
    path(C + "agreement/", meetings.AgreementDetail.as_view(), name="agreement"),
    path(C + "decisions/", meetings.DecisionList.as_view(), name="decisions"),
    path(C + "decisions/<int:pk>/", meetings.DecisionDetail.as_view(), name="decision"),
    path(C + "proposals/", meetings.ProposalOpen.as_view(), name="proposal_open"),
    path(C + "decisions/<int:pk>/position/", meetings.PositionState.as_view(), name="decision_position"),
    path(C + "decisions/<int:pk>/positions/", meetings.PositionList.as_view(), name="decision_positions"),
    path(C + "decisions/<int:pk>/close/", meetings.ProposalClose.as_view(), name="proposal_close"),
    path(C + "meetings/", meetings.MeetingList.as_view(), name="meetings"),
    path(C + "meetings/<int:pk>/", meetings.MeetingDetail.as_view(), name="meeting"),
    path(C + "translations/", translations.TranslationList.as_view(), name="translations"),
    path(C + "translations/needed/", translations.NeededList.as_view(), name="translations_needed"),
    path(C + "planning/goals/", planning.GoalList.as_view(), name="planning_goals"),
    path(C + "planning/goals/<int:pk>/", planning.GoalDetail.as_view(), name="planning_goal"),
    path(C + "planning/actions/", planning.ActionList.as_view(), name="planning_actions"),
    path(C + "planning/actions/<int:pk>/", planning.ActionDetail.as_view(), name="planning_action"),
    path(
        C + "planning/actions/<int:pk>/progress/",
        planning.ActionProgress.as_view(),
        name="planning_action_progress",
    ),
    path(C + "planning/cycles/", planning.CycleList.as_view(), name="planning_cycles"),
    path(C + "planning/cycles/<int:pk>/", planning.CycleDetail.as_view(), name="planning_cycle"),
    path(C + "planning/cycles/<int:pk>/points/", planning.DataPointCreate.as_view(), name="planning_points"),
]

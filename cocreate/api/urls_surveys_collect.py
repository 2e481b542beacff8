"""Surveys: the builder (staff and evaluators) and answering without an account (cocreate.api.surveys_collect)."""

from django.urls import path

from . import surveys_collect as v

S = "orgs/<slug:org>/surveys/"

urlpatterns = [
    path(S, v.SurveyList.as_view(), name="surveys"),
    path(S + "<int:pk>/", v.SurveyDetail.as_view(), name="survey"),
    path(S + "<int:pk>/questions/", v.QuestionCreate.as_view(), name="survey_questions"),
    path(S + "<int:pk>/questions/<int:question>/", v.QuestionDetail.as_view(), name="survey_question"),
    path(S + "<int:pk>/state/", v.SurveyState.as_view(), name="survey_state"),
    path("surveys/<str:token>/responses/", v.ResponseCreate.as_view(), name="survey_responses"),
]

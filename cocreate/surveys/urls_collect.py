"""The builder, sending, and answering (the `surveys:answer` link's shape is fixed: others link to it)."""

from django.urls import path

from . import views_answer as a
from . import views_build as b

S = "o/<slug:org>/surveys/<int:pk>/"

urlpatterns = [
    path("o/<slug:org>/c/<slug:slug>/surveys/", b.survey_list, name="list"),
    path("o/<slug:org>/surveys/", b.org_survey_list, name="org_list"),
    path("o/<slug:org>/surveys/new/", b.survey_create, name="create"),
    path(S, b.survey_detail, name="detail"),
    path(S + "edit/", b.survey_edit, name="survey_edit"),
    path(S + "questions/new/", b.question_add, name="question_add"),
    path(S + "questions/<int:question>/", b.question_edit, name="question_edit"),
    path(S + "questions/<int:question>/delete/", b.question_delete, name="question_delete"),
    path(S + "questions/<int:question>/move/", b.question_move, name="question_move"),
    path(S + "state/<str:change>/", b.survey_state, name="state"),
    path(S + "pretest-answers/delete/", b.pretest_delete, name="pretest_delete"),
    path(S + "send/", b.survey_send, name="send"),
    path(S + "notice/", b.survey_notice, name="notice"),
    # Answering: no account.
    path("s/i/<str:token>/", a.answer_personal, name="answer_personal"),
    path("s/<str:token>/thanks/", a.answer_thanks, name="answer_thanks"),
    path("s/<str:token>/", a.answer, name="answer"),
]

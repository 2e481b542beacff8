from django.urls import path

from . import steps_board as views

C = "orgs/<slug:org>/communities/<slug:slug>/"

urlpatterns = [
    path(C + "steps/", views.StepsBoard.as_view(), name="steps_board"),
    path(C + "steps/<int:n>/", views.StepRatingDetail.as_view(), name="steps_rating"),
]

from django.urls import path

from . import views

C = "o/<slug:org>/c/<slug:slug>/steps/"

urlpatterns = [
    path(C, views.board, name="board"),
    path(C + "<int:n>/", views.rate, name="rate"),
    path(C + "<int:n>/history/", views.history, name="history"),
]

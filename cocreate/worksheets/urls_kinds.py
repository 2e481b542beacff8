"""The kinds' own pages (see views_kinds): a worksheet of the organization by its number."""

from django.urls import path

from . import views_kinds as v

W = "o/<slug:org>/worksheets/<int:pk>/"

urlpatterns = [
    path(W + "empathy/", v.empathy_session, name="empathy_session"),
    path(W + "make-goals/", v.make_goals, name="make_goals"),
    path(W + "prism/<slug:row>/add-partner/", v.add_stakeholder, name="add_stakeholder"),
]

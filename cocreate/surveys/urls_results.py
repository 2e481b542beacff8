"""Results, themes, "you said, we did" and files: each for a community's survey and an organization's."""

from django.urls import path

from cocreate.core.views import org_view

from . import views_results as v

C = "o/<slug:org>/c/<slug:slug>/surveys/<int:pk>/results/"
ORG = "o/<slug:org>/surveys/<int:pk>/results/"

PAGES = [
    ("", v.survey_results, "results"),
    ("export.csv", v.export_csv, "results_csv"),
    ("export.xlsx", v.export_xlsx, "results_xlsx"),
    ("questions/<int:question>/themes/", v.question_themes, "themes"),
    ("questions/<int:question>/themes/new/", v.theme_create, "theme_create"),
    ("themes/<int:theme>/", v.theme_edit, "theme_edit"),
    ("themes/<int:theme>/delete/", v.theme_delete, "theme_delete"),
    ("themes/<int:theme>/feedback/", v.feedback_from_theme, "feedback_theme"),
    ("answers/<int:answer>/feedback/", v.feedback_from_answer, "feedback_answer"),
]

urlpatterns = [
    path(prefix + tail, org_view(view), name=name) for prefix in (C, ORG) for tail, view, name in PAGES
]

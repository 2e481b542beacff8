from django.urls import path, register_converter

from cocreate.lib.charts import converters

from . import views, views_plan
from .charts import CHARTS

app_name = "support"

ChartName, ChartFormat = converters(CHARTS)
register_converter(ChartName, "supportchart")
register_converter(ChartFormat, "supportchartfmt")

S = "o/<slug:org>/c/<slug:slug>/support/"

urlpatterns = [
    path(S, views.event_list, name="list"),
    path(S + "new/", views.event_create, name="create"),
    path(S + "<int:pk>/", views.event_detail, name="detail"),
    path(S + "<int:pk>/edit/", views.event_edit, name="edit"),
    path(S + "<int:pk>/delete/", views.event_delete, name="delete"),
    path(S + "<int:pk>/survey/", views.send_survey, name="send_survey"),
    path(S + "dosage/", views.dosage, name="dosage"),
    path(S + "dosage/export.csv", views.dosage_csv, name="dosage_csv"),
    path(S + "dosage/export.xlsx", views.dosage_xlsx, name="dosage_xlsx"),
    path(
        S + "dosage/charts/<supportchart:name>.<supportchartfmt:fmt>", views.dosage_chart, name="dosage_chart"
    ),
    path(S + "outcomes/", views.outcomes, name="outcomes"),
    path(S + "outcomes/chart.<supportchartfmt:fmt>", views.outcomes_chart, name="outcomes_chart"),
    path("o/<slug:org>/support/portfolio/", views.portfolio, name="portfolio"),
    path(
        "o/<slug:org>/support/portfolio/charts/<supportchart:name>.<supportchartfmt:fmt>",
        views.portfolio_chart,
        name="portfolio_chart",
    ),
]

# The implementation-support plan (views_plan.py): the same addresses it always had.
P = "o/<slug:org>/c/<slug:slug>/support-plan/"
urlpatterns += [
    path(P, views_plan.plan_current, name="plan"),
    path(P + "edit/", views_plan.plan_edit, name="plan_edit"),
    path(P + "publish/", views_plan.plan_publish, name="plan_publish"),
    path(P + "discard/", views_plan.plan_discard, name="plan_discard"),
    path(P + "versions/", views_plan.plan_versions, name="plan_versions"),
    path(P + "v<int:number>/", views_plan.plan_version, name="plan_version"),
    path(P + "v<int:number>/docx/", views_plan.plan_docx, name="plan_docx"),
    path(P + "v<int:number>/pdf/", views_plan.plan_pdf, name="plan_pdf"),
]

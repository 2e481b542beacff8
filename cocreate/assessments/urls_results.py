"""Results, exports, "make this a goal" and trends (included from assessments.urls)."""

from django.urls import path

from . import views_results as v

C = "o/<slug:org>/c/<slug:slug>/"
A = C + "assessments/<int:pk>/"

urlpatterns = [
    path(A + "results/", v.results, name="results"),
    path(A + "results.csv", v.results_csv, name="results_csv"),
    path(A + "results.xlsx", v.results_xlsx, name="results_xlsx"),
    path(A + "report.pdf", v.report_pdf, name="report_pdf"),
    path(A + "gaps/<int:item>/", v.flag_gap, name="flag_gap"),
    path(C + "assessments/trend/<slug:key>/", v.trend, name="trend"),
]

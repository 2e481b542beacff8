from django.urls import include, path

app_name = "assessments"

# Each part of the app keeps its own URL module (run, results, instruments and reflections).
urlpatterns = [
    path("", include("cocreate.assessments.urls_run")),
    path("", include("cocreate.assessments.urls_results")),
    path("", include("cocreate.assessments.urls_instruments")),
]

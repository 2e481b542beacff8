"""Each part keeps its own URL module; this one joins them under the `surveys` namespace."""

from django.urls import include, path

app_name = "surveys"

urlpatterns = [
    path("", include("cocreate.surveys.urls_collect")),
    path("", include("cocreate.surveys.urls_results")),
]

"""Each part keeps its own URL module; this one joins them under the `worksheets` namespace."""

from django.urls import include, path

app_name = "worksheets"

urlpatterns = [
    path("", include("cocreate.worksheets.urls_engine")),
    path("", include("cocreate.worksheets.urls_kinds")),
]

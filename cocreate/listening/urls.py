"""Each part keeps its own URL module; this one joins them under the `listening` namespace."""

from django.urls import include, path

app_name = "listening"

urlpatterns = [
    path("", include("cocreate.listening.urls_groups")),
]

"""Each part keeps its own URL module; this one joins them under the `steps` namespace."""

from django.urls import include, path

app_name = "steps"

urlpatterns = [
    path("", include("cocreate.steps.urls_board")),
]

"""Community leaders: calls and applications, review, support over time, peer support networks.

Each part keeps its own URL module; this one joins them under the `leaders` namespace."""

from django.urls import include, path

app_name = "leaders"

urlpatterns = [
    path("", include("cocreate.leaders.urls_calls")),
    path("", include("cocreate.leaders.urls_review")),
    path("", include("cocreate.leaders.urls_support")),
    path("", include("cocreate.leaders.urls_networks")),
]

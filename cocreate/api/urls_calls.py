from django.urls import path

from . import leader_calls

C = "orgs/<slug:org>/communities/<slug:slug>/"

urlpatterns = [
    path(C + "calls/", leader_calls.CallList.as_view(), name="leader_calls"),
    path(C + "calls/<int:pk>/", leader_calls.CallDetail.as_view(), name="leader_call"),
]

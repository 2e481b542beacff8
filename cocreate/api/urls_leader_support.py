from django.urls import path

from . import leader_support as views

C = "orgs/<slug:org>/communities/<slug:slug>/"
N = "orgs/<slug:org>/networks/"

urlpatterns = [
    path(C + "leaders/", views.LeaderList.as_view(), name="leaders"),
    path(C + "leaders/<int:pk>/", views.LeaderDetail.as_view(), name="leader"),
    path(N, views.NetworkList.as_view(), name="networks"),
    path(N + "<int:pk>/join/", views.NetworkJoin.as_view(), name="network_join"),
    path(N + "<int:pk>/leave/", views.NetworkLeave.as_view(), name="network_leave"),
]

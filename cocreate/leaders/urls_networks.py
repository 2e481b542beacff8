from django.urls import path

from . import views_networks as views

N = "o/<slug:org>/networks/"
P = N + "<int:pk>/"

urlpatterns = [
    path(N, views.network_list, name="networks"),
    path(N + "new/", views.network_create, name="network_create"),
    path(P, views.network, name="network"),
    path(P + "edit/", views.network_edit, name="network_edit"),
    path(P + "archive/", views.network_archive, name="network_archive"),
    path(P + "join/", views.network_join, name="network_join"),
    path(P + "leave/", views.network_leave, name="network_leave"),
    path(P + "posts/", views.network_post, name="network_post"),
    path(P + "posts/<int:post>/delete/", views.network_post_delete, name="network_post_delete"),
    path(P + "meetings/new/", views.network_meeting_create, name="network_meeting_create"),
    path(P + "meetings/<int:meeting>/cancel/", views.network_meeting_cancel, name="network_meeting_cancel"),
    path(P + "meetings/<int:meeting>.ics", views.network_meeting_ics, name="network_meeting_ics"),
]

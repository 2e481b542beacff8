from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.open_notification, name="open"),
    path("inbox/<int:pk>/read/", views.mark_read, name="mark_read"),
    path("inbox/read/", views.mark_all_read, name="mark_all_read"),
    path("profile/notifications/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

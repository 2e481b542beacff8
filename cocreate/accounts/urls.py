from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("profile/", views.profile, name="profile"),
    path("profile/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("language/", views.set_language, name="set_language"),
]

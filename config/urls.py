from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from cocreate.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("", include("cocreate.core.urls")),
    path("", include("cocreate.accounts.urls")),
    path("", include("cocreate.notifications.urls")),
    path("", include("cocreate.partners.urls")),
    path("", include("cocreate.assessments.urls")),
    path("", include("cocreate.support.urls")),
    path("", include("cocreate.planning.urls")),
    path("", include("cocreate.meetings.urls")),
    path("", include("cocreate.observations.urls")),
    path("", include("cocreate.leaders.urls")),
    path("", include("cocreate.compensation.urls")),
    path("", include("cocreate.worksheets.urls")),
    path("", include("cocreate.surveys.urls")),
    path("", include("cocreate.listening.urls")),
    path("", include("cocreate.steps.urls")),
    path("api/v1/", include("cocreate.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler404 = "cocreate.core.views.error_404"
handler403 = "cocreate.core.views.error_403"
handler500 = "cocreate.core.views.error_500"

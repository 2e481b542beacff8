from django.urls import include, path

from . import views

app_name = "partners"

C = "o/<slug:org>/c/<slug:slug>/"

urlpatterns = [
    path(C + "partners/", views.partner_list, name="list"),
    path(C + "partners/new/", views.partner_create, name="create"),
    path(C + "partners/charts/", views.partner_charts, name="charts"),
    path(C + "partners/<int:pk>/", views.partner_detail, name="detail"),
    path(C + "partners/<int:pk>/edit/", views.partner_edit, name="edit"),
    path(C + "partners/<int:pk>/archive/", views.partner_archive, name="archive"),
    path(C + "partners/<int:pk>/engaged/", views.partner_engaged, name="engaged"),
    path(C + "partners/<int:pk>/levels/<int:area>/", views.level_change, name="level"),
    path(C + "partners/<int:pk>/roles/new/", views.role_create, name="role_create"),
    path(C + "partners/<int:pk>/roles/<int:role>/remove/", views.role_remove, name="role_remove"),
    path(C + "areas/new/", views.area_create, name="area_create"),
    path("", include("cocreate.partners.urls_transfer")),
    path("", include("cocreate.partners.urls_plan")),
    path("", include("cocreate.partners.urls_charts")),
]

"""Import, export, and one person's data. Included from partners/urls.py: names are "partners:<name>"."""

from django.urls import path

from . import views_transfer as views

C = "o/<slug:org>/c/<slug:slug>/partners/"

urlpatterns = [
    path(C + "import/", views.partner_import, name="import"),
    path(C + "import/template.csv", views.import_template, name="import_template"),
    path(C + "import/preview/", views.import_preview, name="import_preview"),
    path(C + "import/confirm/", views.import_confirm, name="import_confirm"),
    path(C + "import/cancel/", views.import_cancel, name="import_cancel"),
    path(C + "export.csv", views.export_csv, name="export_csv"),
    path(C + "export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(C + "<int:pk>/privacy/", views.person_privacy, name="privacy"),
    path(C + "<int:pk>/privacy/export/", views.person_export, name="privacy_export"),
    path(C + "<int:pk>/privacy/erase/", views.person_erase, name="erase"),
]

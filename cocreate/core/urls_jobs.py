"""Documents prepared in the task queue: progress, download, retry (names in the `core` namespace)."""

from django.urls import path

from . import views_jobs as v

J = "o/<slug:org>/downloads/<int:pk>/"

urlpatterns = [
    path(J, v.document_job, name="document_job"),
    path(J + "file/", v.document_job_file, name="document_job_file"),
    path(J + "retry/", v.document_job_retry, name="document_job_retry"),
]

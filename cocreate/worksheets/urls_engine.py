"""The worksheet engine's pages. Each page of a worksheet exists twice: under a community
(`o/<org>/c/<slug>/worksheets/…`) and for the organization's own worksheets (`o/<org>/worksheets/…`);
the same view serves both (its `slug` is None for the organization's)."""

from django.urls import path

from . import views_engine as views

C = "o/<slug:org>/c/<slug:slug>/worksheets/"
O = "o/<slug:org>/worksheets/"  # noqa: E741


def _worksheet_pages(prefix: str) -> list:
    w = prefix + "<int:pk>/"
    return [
        path(prefix + "new/<int:template_pk>/", views.start, name="start"),
        path(w, views.detail, name="detail"),
        path(w + "steps/<slug:step_key>/", views.step_edit, name="step_edit"),
        path(w + "edit/", views.worksheet_edit, name="worksheet_edit"),
        path(w + "drafts/", views.save_draft, name="save_draft"),
        path(w + "versions/<int:version_pk>/", views.version, name="version"),
        path(w + "compare/", views.compare, name="compare"),
        path(w + "publish/", views.publish, name="publish"),
        path(w + "comments/", views.comment, name="comment"),
        path(w + "comments/<int:comment_pk>/resolve/", views.comment_resolve, name="comment_resolve"),
        path(w + "docx/", views.docx, name="docx"),
        path(w + "pdf/", views.pdf, name="pdf"),
    ]


urlpatterns = [
    path(C, views.worksheet_list, name="list"),
    path(O, views.worksheet_list, name="org_list"),
    path(O + "templates/", views.templates, name="templates"),
    path(O + "templates/<int:pk>/adapt/", views.template_adapt, name="template_adapt"),
    *_worksheet_pages(C),
    *_worksheet_pages(O),
]

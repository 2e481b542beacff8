"""The engagement plan, its exports and history; role-description templates (included from partners.urls)."""

from django.urls import path

from . import views_plan as v

C = "o/<slug:org>/c/<slug:slug>/"
PLAN = C + "plan/"
T = "o/<slug:org>/role-templates/"

urlpatterns = [
    path(PLAN, v.plan_page, name="plan"),
    path(PLAN + "goals/", v.plan_goals, name="plan_goals"),
    path(PLAN + "entries/new/", v.entry_create, name="plan_entry_create"),
    path(PLAN + "entries/<int:pk>/edit/", v.entry_edit, name="plan_entry_edit"),
    path(PLAN + "entries/<int:pk>/remove/", v.entry_remove, name="plan_entry_remove"),
    path(PLAN + "entries/<int:pk>/move/", v.entry_move, name="plan_entry_move"),
    path(PLAN + "agreements/new/", v.agreement_create, name="plan_agreement_create"),
    path(PLAN + "agreements/<int:pk>/edit/", v.agreement_edit, name="plan_agreement_edit"),
    path(PLAN + "agreements/<int:pk>/remove/", v.agreement_remove, name="plan_agreement_remove"),
    path(PLAN + "history/", v.plan_history, name="plan_history"),
    path(PLAN + "download/docx/", v.plan_docx, name="plan_docx"),
    path(PLAN + "download/pdf/", v.plan_pdf, name="plan_pdf"),
    path(C + "roles/from-template/", v.role_from_template, name="role_from_template"),
    path(T, v.role_templates, name="role_templates"),
    path(T + "new/", v.role_template_create, name="role_template_create"),
    path(T + "builtin/<slug:key>/copy/", v.role_template_copy, name="role_template_copy"),
    path(T + "<int:pk>/edit/", v.role_template_edit, name="role_template_edit"),
    path(T + "<int:pk>/remove/", v.role_template_delete, name="role_template_delete"),
]

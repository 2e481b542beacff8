from django.urls import include, path

from . import views, views_translations

app_name = "core"

urlpatterns = [
    path("orgs/new/", views.organization_create, name="organization_create"),
    path("o/<slug:org>/", views.organization, name="organization"),
    path("o/<slug:org>/me/", views.my_roles, name="my_roles"),
    path("o/<slug:org>/for-me/", views.for_me, name="for_me"),
    path("o/<slug:org>/edit/", views.organization_edit, name="organization_edit"),
    path("o/<slug:org>/archive/", views.organization_archive, name="organization_archive"),
    path("o/<slug:org>/members/", views.organization_members, name="organization_members"),
    path("o/<slug:org>/members/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("o/<slug:org>/initiatives/new/", views.initiative_create, name="initiative_create"),
    path("o/<slug:org>/i/<slug:slug>/", views.initiative, name="initiative"),
    path("o/<slug:org>/i/<slug:slug>/edit/", views.initiative_edit, name="initiative_edit"),
    path("o/<slug:org>/i/<slug:slug>/archive/", views.initiative_archive, name="initiative_archive"),
    path("o/<slug:org>/i/<slug:slug>/communities/new/", views.community_create, name="community_create"),
    path("o/<slug:org>/c/<slug:slug>/", views.community, name="community"),
    path("o/<slug:org>/c/<slug:slug>/panels/<slug:name>/", views.community_panel, name="community_panel"),
    path("o/<slug:org>/c/<slug:slug>/edit/", views.community_edit, name="community_edit"),
    path("o/<slug:org>/c/<slug:slug>/archive/", views.community_archive, name="community_archive"),
    path("o/<slug:org>/c/<slug:slug>/stage/", views.community_stage, name="community_stage"),
    path("o/<slug:org>/c/<slug:slug>/history/", views.community_history, name="community_history"),
    path("o/<slug:org>/c/<slug:slug>/members/", views.community_members, name="community_members"),
    path("o/<slug:org>/c/<slug:slug>/teams/new/", views.team_create, name="team_create"),
    path("o/<slug:org>/c/<slug:slug>/teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("o/<slug:org>/c/<slug:slug>/teams/<int:pk>/archive/", views.team_archive, name="team_archive"),
    path(
        "o/<slug:org>/translations/",
        views_translations.organization_translations,
        name="organization_translations",
    ),
    path(
        "o/<slug:org>/c/<slug:slug>/translations/",
        views_translations.community_translations,
        name="community_translations",
    ),
    path(
        "o/<slug:org>/c/<slug:slug>/translations/save/",
        views_translations.translation_save,
        name="translation_save",
    ),
    path("", include("cocreate.core.urls_jobs")),
]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Community, Initiative, Invitation, Membership, Organization, StageChange, Team


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "archived_at"]
    search_fields = ["name"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "archived_at"]
    list_select_related = ["organization"]


@admin.register(Community)
class CommunityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "initiative", "stage", "archived_at"]
    list_select_related = ["organization", "initiative"]
    list_filter = ["stage"]
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "community"]
    list_select_related = ["community"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "community", "role"]
    list_select_related = ["user", "organization", "community"]
    raw_id_fields = ["user", "community"]


admin.site.register(StageChange)
admin.site.register(Invitation)

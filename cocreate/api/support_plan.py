"""The implementation-support plan in the API: its published versions, and any one of them with its
activities by stage, as the plan page and the printed copies show them.

Everyone who sees a community reads its published plan ("support_plan.view"); the draft stays with
the intermediary's staff on the pages and is not served here. Writing stays on the pages, where the
draft is edited and published as the next version.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from cocreate.support import plan as support_plan
from cocreate.support.models import Function, SupportActivity, SupportPlanVersion

from .views import Pages, TenantScoped


class PublisherField(serializers.CharField):
    def to_representation(self, user) -> str:
        return user.display_name if user is not None else ""


class SupportActivitySerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display")
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=Function.choices),
        help_text=_("The intermediary's support functions the activity serves."),
    )
    function_labels = serializers.ListField(child=serializers.CharField(), source="function_names")
    providers = serializers.ListField(
        child=serializers.CharField(),
        source="provider_list",
        help_text=_("Who provides it: the staff named, then anyone named in words."),
    )

    class Meta:
        model = SupportActivity
        fields = [
            "key",
            "stage",
            "stage_label",
            "title",
            "details",
            "timing",
            "functions",
            "function_labels",
            "providers",
        ]
        read_only_fields = fields


class SupportPlanSummarySerializer(serializers.ModelSerializer):
    published_by = PublisherField(read_only=True)
    activity_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SupportPlanVersion
        fields = ["number", "published_at", "published_by", "activity_count"]
        read_only_fields = fields


class SupportPlanSerializer(serializers.ModelSerializer):
    published_by = PublisherField(read_only=True)
    activities = SupportActivitySerializer(many=True, read_only=True, source="activity_rows")

    class Meta:
        model = SupportPlanVersion
        fields = ["number", "published_at", "published_by", "purpose", "how_we_work", "activities"]
        read_only_fields = fields


@extend_schema(tags=["support plan"])
class SupportPlanList(TenantScoped, generics.ListAPIView):
    """The published versions of the community's support plan, newest first (the current one first)."""

    serializer_class = SupportPlanSummarySerializer
    pagination_class = Pages
    read_action = "support_plan.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupportPlanVersion.objects.none()
        return (
            support_plan.published_versions(self.community)
            .select_related("published_by")
            .annotate(activity_count=Count("activities"))
        )


@extend_schema(tags=["support plan"])
class SupportPlanDetail(TenantScoped, generics.RetrieveAPIView):
    """One published version, as it was published: what the support is for, how the intermediary and
    the community work together, and the activities by stage."""

    serializer_class = SupportPlanSerializer
    read_action = "support_plan.view"

    def get_object(self) -> SupportPlanVersion:
        version = support_plan.access_version(self.tenant, self.community, self.kwargs["number"])
        version.activity_rows = support_plan.activities_of(version)  # type: ignore[attr-defined]  # added to the instance for display
        return version

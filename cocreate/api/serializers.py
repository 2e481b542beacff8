"""What the API reads and writes. Writes go through the same do_* functions as the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cocreate.core.concurrency import if_match_version
from cocreate.core.models import Community, Initiative, Team
from cocreate.partners import actions
from cocreate.partners.models import (
    Agreement,
    DayPart,
    EngagementArea,
    EngagementChange,
    EngagementLevel,
    EngagementPlan,
    Level,
    Partner,
    PlanEntry,
    TeamRole,
    Weekday,
)


@extend_schema_field(
    {
        "type": "integer",
        "enum": Level.values,
        "description": "1 inform, 2 consult, 3 involve, 4 collaborate, 5 co-lead",
    },
    component_name="Level",
)
class LevelField(serializers.ChoiceField):
    """A rung of the engagement ladder, as its number (one schema for every field that holds one)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Level.choices, **kwargs)


# Left out for roles without "partner.contact" (funders, evaluators, other partners), as on the pages.
CONTACT_FIELDS = ("email", "phone", "notes")


class InitiativeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Initiative
        fields = ["slug", "name"]


class CommunitySerializer(serializers.ModelSerializer):
    initiative = InitiativeRefSerializer(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Community
        fields = [
            "slug",
            "name",
            "region",
            "description",
            "stage",
            "stage_label",
            "initiative",
            "archived_at",
        ]
        read_only_fields = fields


class PartnerSerializer(serializers.ModelSerializer):
    """A partner. `email`, `phone` and `notes` appear only for roles that may see contact details."""

    available_days = serializers.ListField(
        child=serializers.ChoiceField(choices=Weekday.choices),
        required=False,
        help_text=_("Days of the week: 0 is Monday, 6 is Sunday."),
    )
    available_times = serializers.ListField(
        child=serializers.ChoiceField(choices=DayPart.choices), required=False
    )
    has_login = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = [
            "id",
            "version",  # send it back as If-Match when changing the partner
            "name",
            "is_organization",
            "partner_type",
            "lived_experience",
            "affiliation",
            "languages",
            "email",
            "phone",
            "available_days",
            "available_times",
            "consent_on",
            "consent_wording",
            "notes",
            "last_engaged_on",
            "has_login",
            "created_at",
            "archived_at",
        ]
        read_only_fields = ["id", "last_engaged_on", "has_login", "created_at", "archived_at"]
        extra_kwargs = {name: {"required": False} for name in CONTACT_FIELDS}

    def get_has_login(self, partner: Partner) -> bool:
        return partner.user_id is not None

    def get_fields(self):
        fields = super().get_fields()
        # The schema describes every field; a real request shows contact details only when allowed.
        describing = getattr(self.context.get("view"), "swagger_fake_view", False)
        if not describing and not self.context.get("can_contact", False):
            for name in CONTACT_FIELDS:
                fields.pop(name, None)
        return fields

    def validate_email(self, value: str) -> str:
        email = value.strip().lower()
        if email:
            same = Partner.objects.active().filter(community=self.context["community"], email__iexact=email)
            if self.instance is not None:
                same = same.exclude(pk=self.instance.pk)
            if same.exists():
                raise serializers.ValidationError(
                    _("Another partner in this community already uses this email address.")
                )
        return email

    def validate(self, attrs: dict) -> dict:
        wording = attrs.get("consent_wording", getattr(self.instance, "consent_wording", ""))
        consent_on = attrs.get("consent_on", getattr(self.instance, "consent_on", None))
        if wording and not consent_on:
            raise serializers.ValidationError(
                {"consent_on": _("Say when they agreed, or clear the wording.")}
            )
        return attrs

    def create(self, validated_data: dict) -> Partner:
        return actions.do_create_partner(
            self.context["community"], acting_user=self.context["request"].user, **validated_data
        )

    def update(self, instance: Partner, validated_data: dict) -> Partner:
        request = self.context["request"]
        return actions.do_update_partner(
            instance, acting_user=request.user, version=if_match_version(request), **validated_data
        )


class AreaRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = EngagementArea
        fields = ["key", "name"]


class EngagementLevelSerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True)
    current = LevelField(read_only=True)
    planned = LevelField(read_only=True)
    current_label = serializers.CharField(source="get_current_display", read_only=True)
    planned_label = serializers.CharField(source="get_planned_display", read_only=True)

    class Meta:
        model = EngagementLevel
        fields = ["area", "current", "current_label", "planned", "planned_label", "changed_at"]
        read_only_fields = fields


class EngagementChangeSerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True)
    from_current = LevelField(read_only=True, allow_null=True)
    to_current = LevelField(read_only=True)
    from_planned = LevelField(read_only=True, allow_null=True)
    to_planned = LevelField(read_only=True)
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = EngagementChange
        fields = [
            "id",
            "area",
            "from_current",
            "to_current",
            "from_planned",
            "to_planned",
            "reason",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_changed_by(self, change: EngagementChange) -> str | None:
        return change.changed_by.display_name if change.changed_by else None


class LevelChangeSerializer(serializers.Serializer):
    """A move on the ladder in one area. Leave `planned` out to keep the planned level as it is (raised to
    the current one when she has gone beyond it: the plan is never below where she stands)."""

    area = serializers.SlugField(help_text=_("The key of the area, for example co-creation."))
    current = LevelField()
    planned = LevelField(required=False)
    reason = serializers.CharField(
        max_length=2000,
        help_text=_("Why the change?"),
        error_messages={"blank": _("Please give a reason."), "required": _("Please give a reason.")},
    )

    def validate_area(self, key: str) -> EngagementArea:
        area = EngagementArea.objects.filter(community=self.context["community"], key=key).first()
        if area is None:
            raise serializers.ValidationError(_("This community has no area with this key."))
        return area

    def validate(self, attrs: dict) -> dict:
        existing = EngagementLevel.objects.filter(partner=self.context["partner"], area=attrs["area"]).first()
        if "planned" not in attrs:
            attrs["planned"] = max(existing.planned, attrs["current"]) if existing else attrs["current"]
        if existing and (existing.current, existing.planned) == (attrs["current"], attrs["planned"]):
            raise serializers.ValidationError(
                _("Nothing changed: choose a different current or planned level.")
            )
        return attrs

    def create(self, validated_data: dict) -> EngagementChange:
        return actions.do_set_level(
            self.context["partner"], acting_user=self.context["user"], **validated_data
        )


class TeamRoleSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True)

    class Meta:
        model = TeamRole
        fields = ["id", "partner", "partner_name", "title", "responsibilities"]
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer):
    roles = TeamRoleSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "purpose", "roles"]
        read_only_fields = fields


class PlanEntrySerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = PlanEntry
        fields = ["id", "responsible", "partner", "partner_name", "partner_type", "strategies"]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "with_whom", "what", "agreed_on"]
        read_only_fields = fields


class EngagementPlanSerializer(serializers.ModelSerializer):
    entries = PlanEntrySerializer(many=True, read_only=True)
    agreements = AgreementSerializer(many=True, read_only=True)
    updated_by = serializers.SerializerMethodField()

    class Meta:
        model = EngagementPlan
        fields = ["version", "participation_goals", "updated_at", "updated_by", "entries", "agreements"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_updated_by(self, plan: EngagementPlan) -> str | None:
        return plan.updated_by.display_name if plan.updated_by else None


class TokenStatusSerializer(serializers.Serializer):
    exists = serializers.BooleanField()
    created = serializers.DateTimeField(allow_null=True)


class NewTokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("Shown once: send it as the header 'Authorization: Token <token>'.")
    )
    created = serializers.DateTimeField()

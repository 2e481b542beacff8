"""The support log in the API: a community's support events (read, and log one through the same write
as the pages) and its monthly dosage.

The rules are the pages' rules: everyone who sees a community reads its support log and dosage;
network admins and support practitioners log support. Dosage counts the support delivered; it is
descriptive, not evidence that the support worked.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.accounts.models import User
from cocreate.assessments.models import invited_count
from cocreate.partners.models import CAPACITY_DOMAINS, Partner
from cocreate.planning.models import Action, Goal
from cocreate.support import actions
from cocreate.support.access import access_event, attendee_user_choices, events_in, facilitator_choices
from cocreate.support.models import Function, Modality, SupportEvent, SupportType
from cocreate.support.queries import dosage as q

from .views import Pages, TenantScoped

# Serializers ------------------------------------------------------------------------------------------------


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class AttendeePartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "name", "partner_type", "lived_experience"]
        read_only_fields = fields


class GoalRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "statement", "status"]
        read_only_fields = fields


class ActionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "goal", "strategy", "status"]
        read_only_fields = fields


class HeadcountsSerializer(serializers.Serializer):
    """People present, by partner type (registered as partners or not)."""

    agency = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)
    funder = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)
    intermediary = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)
    community = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)
    research = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)


class EventSurveySerializer(serializers.Serializer):
    """The interim-outcomes survey sent to the event's attendees: its round and how many have answered
    (the scores are the round's, under /administrations/, where the rules for small groups apply)."""

    administration = serializers.IntegerField(source="administration_id")
    sent_at = serializers.DateTimeField()
    status = serializers.CharField(source="administration.status")
    invited = serializers.IntegerField(source="invited_count")
    answered = serializers.IntegerField(source="administration.response_count")


class SupportEventSerializer(serializers.ModelSerializer):
    """One session of support. Hours have one decimal; domains are capacity-domain keys."""

    event_type_label = serializers.CharField(source="get_event_type_display", read_only=True)
    function_label = serializers.CharField(source="get_function_display", read_only=True)
    domains = serializers.SerializerMethodField()
    facilitators = PersonRefSerializer(many=True, read_only=True)
    attendee_partners = AttendeePartnerSerializer(many=True, read_only=True)
    attendee_users = PersonRefSerializer(many=True, read_only=True)
    goals = GoalRefSerializer(many=True, read_only=True, help_text=_("Goals of the plan the event served."))
    actions = ActionRefSerializer(many=True, read_only=True, help_text=_("Actions of the plan it served."))
    headcounts = serializers.SerializerMethodField()
    survey = serializers.SerializerMethodField()

    class Meta:
        model = SupportEvent
        fields = [
            "id",
            "date",
            "hours",
            "event_type",
            "event_type_label",
            "function",
            "function_label",
            "modality",
            "domains",
            "facilitators",
            "attendee_partners",
            "attendee_users",
            "goals",
            "actions",
            "headcounts",
            "summary",
            "next_steps",
            "survey",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(EventSurveySerializer(allow_null=True))
    def get_survey(self, event: SupportEvent) -> dict | None:
        if not hasattr(event, "survey"):  # none sent (a reverse one-to-one raises when missing)
            return None
        event.survey.invited_count = event.survey_invited  # type: ignore[attr-defined]  # added to the instance for display
        return EventSurveySerializer(event.survey).data

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=CAPACITY_DOMAINS)))
    def get_domains(self, event: SupportEvent) -> list[str]:
        return [row.domain for row in event.domains.all()]

    @extend_schema_field(HeadcountsSerializer)
    def get_headcounts(self, event: SupportEvent) -> dict:
        return event.headcounts


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeys(serializers.PrimaryKeyRelatedField):
    """Ids chosen among what the community offers (its partners, its members, its staff)."""

    def __init__(self, choices, message, **kwargs):
        self.choices_for = choices
        kwargs.setdefault("error_messages", {"does_not_exist": message})
        super().__init__(**kwargs)

    def get_queryset(self):
        community = self.context.get("community")
        return self.choices_for(community) if community is not None else User.objects.none()


def _goals_of(community):
    return Goal.objects.filter(organization_id=community.organization_id, community=community)


def _actions_of(community):
    return Action.objects.filter(organization_id=community.organization_id, community=community)


def _partners_of(community):
    return Partner.objects.active().filter(organization_id=community.organization_id, community=community)


class LogSupportEventSerializer(serializers.Serializer):
    """A session to log. Optional: facilitators (default: you), headcounts (default: the attendee
    partners counted by partner type), and the goals and actions of the plan it served."""

    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=None, decimal_places=None, help_text=_("More than 0, at most 24, one decimal.")
    )
    event_type = serializers.ChoiceField(choices=SupportType.choices)
    function = serializers.ChoiceField(choices=Function.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    domains = serializers.ListField(
        child=serializers.ChoiceField(choices=CAPACITY_DOMAINS), required=False, default=list
    )
    attendee_partners = serializers.ListField(
        child=ScopedPrimaryKeys(
            _partners_of, _("Only partners of this community can be recorded as attending.")
        ),
        required=False,
        default=list,
    )
    attendee_users = serializers.ListField(
        child=ScopedPrimaryKeys(
            attendee_user_choices, _("Only members of this community can be recorded as attending.")
        ),
        required=False,
        default=list,
    )
    facilitators = serializers.ListField(
        child=ScopedPrimaryKeys(
            facilitator_choices, _("Facilitators are the staff of the organization who serve this community.")
        ),
        required=False,
        default=list,
    )
    goals = serializers.ListField(
        child=ScopedPrimaryKeys(_goals_of, _("Choose among this community's goals.")),
        required=False,
        default=list,
        help_text=_("Ids of the community's goals the event served."),
    )
    actions = serializers.ListField(
        child=ScopedPrimaryKeys(_actions_of, _("Choose among the actions of this community's goals.")),
        required=False,
        default=list,
        help_text=_("Ids of the actions of its goals the event served."),
    )
    headcounts = HeadcountsSerializer(required=False, allow_null=True, default=None)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")

    def validate_hours(self, hours):
        if message := actions.hours_error(hours):
            raise serializers.ValidationError(message)
        return hours

    def validate_date(self, day):
        if message := actions.date_error(day):
            raise serializers.ValidationError(message)
        return day

    def create(self, validated_data) -> SupportEvent:
        # A refusal is a WriteError: the API's exception handler answers 400 {field: [messages]}.
        return actions.do_log_support_event(
            self.context["community"], acting_user=self.context["request"].user, **validated_data
        )


class MonthDosageSerializer(serializers.Serializer):
    """One month of support: counts and hours. Hours by domain count an event in each domain it addressed."""

    month = serializers.CharField(help_text=_("YYYY-MM"))
    events = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    hours_by_type = serializers.DictField(child=serializers.DecimalField(max_digits=8, decimal_places=1))
    hours_by_function = serializers.DictField(child=serializers.DecimalField(max_digits=8, decimal_places=1))
    hours_by_domain = serializers.DictField(child=serializers.DecimalField(max_digits=8, decimal_places=1))
    headcounts = HeadcountsSerializer()
    partner_types_reached = serializers.ListField(child=serializers.CharField())


def month_data(m: q.MonthDosage) -> dict:
    return {
        "month": m.month.strftime("%Y-%m"),
        "events": m.events,
        "hours": m.hours,
        "hours_by_type": m.by_type,
        "hours_by_function": m.by_function,
        "hours_by_domain": m.by_domain,
        "headcounts": m.headcounts,
        "partner_types_reached": m.partner_types_reached,
    }


# Views --------------------------------------------------------------------------------------------------------


def _with_people(qs):
    """Events with everything the serializer shows: the survey (and its round and invitations) in the
    same query, the people and plan links in one query each."""
    people = User.objects.only("pk", "name")
    qs = qs.select_related("survey__administration").defer("survey__administration__scores")
    qs = qs.annotate(survey_invited=invited_count("survey__administration"))
    return qs.prefetch_related(
        "domains",
        Prefetch("facilitators", people),
        Prefetch("attendee_partners", Partner.objects.only("pk", "name", "partner_type", "lived_experience")),
        Prefetch("attendee_users", people),
        Prefetch("goals", Goal.objects.only("pk", "statement", "status")),
        Prefetch("actions", Action.objects.only("pk", "goal_id", "strategy", "status")),
    )


@extend_schema(tags=["support"])
class SupportEventList(TenantScoped, generics.ListCreateAPIView):
    """A community's support events, newest first; POST logs one (network admins and practitioners)."""

    serializer_class = SupportEventSerializer
    pagination_class = Pages
    read_action, write_action = "support.view", "support.log"

    @extend_schema(
        parameters=[
            OpenApiParameter("month", str, description="Only this month, as YYYY-MM."),
            OpenApiParameter("type", str, enum=SupportType.values),
            OpenApiParameter("function", str, enum=Function.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupportEvent.objects.none()
        qs = events_in(self.tenant, self.community)
        params = self.request.query_params
        if month := params.get("month"):
            try:
                year, number = (int(part) for part in month.split("-"))
                first = date(year, number, 1)
            except ValueError:
                raise serializers.ValidationError({"month": _("Give the month as YYYY-MM.")}) from None
            qs = qs.filter(date__gte=first, date__lt=q.add_months(first, 1))
        if params.get("type") in SupportType.values:
            qs = qs.filter(event_type=params["type"])
        if params.get("function") in Function.values:
            qs = qs.filter(function=params["function"])
        return _with_people(qs.order_by("-date", "-pk"))

    @extend_schema(
        request=LogSupportEventSerializer,
        responses={201: SupportEventSerializer},
        description="Log a session of support, as the pages do: facilitators default to you, headcounts "
        "to the attendee partners counted by type.",
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = LogSupportEventSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        event = incoming.save()
        event = _with_people(SupportEvent.objects.filter(pk=event.pk)).get()
        return Response(SupportEventSerializer(event).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class SupportEventDetail(TenantScoped, generics.RetrieveAPIView):
    serializer_class = SupportEventSerializer
    read_action = "support.view"

    def get_object(self) -> SupportEvent:
        event = access_event(self.tenant, self.community, self.kwargs["pk"])
        return _with_people(SupportEvent.objects.filter(pk=event.pk)).get()


@extend_schema(tags=["support"])
class DosageList(TenantScoped, generics.GenericAPIView):
    """The community's dosage month by month, oldest first, empty months included. Descriptive counts
    of the support delivered, not evidence of its effect."""

    serializer_class = MonthDosageSerializer
    pagination_class = None
    read_action = "support.view"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                str,
                enum=list(q.PERIODS),
                description="12 or 24 months up to this one, or all since the first event (default 12).",
            )
        ],
        responses=MonthDosageSerializer(many=True),
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        period = request.query_params.get("period", q.DEFAULT_PERIOD)
        if period not in q.PERIODS:
            raise serializers.ValidationError({"period": _("Use 12, 24 or all.")})
        months = q.dosage_by_month(self.community, months=q.PERIODS[period])
        return Response(MonthDosageSerializer([month_data(m) for m in months], many=True).data)

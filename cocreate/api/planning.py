"""Planning in the API: a community's goals, their actions (with the people responsible) and the PDSA
cycles of those actions with their data points.

The rules are the pages' rules: everyone who sees a community reads its plan; staff (network admins,
practitioners, team leads) write goals and actions; everyone who contributes to the plan, partners
included, adds data points to a cycle. Every write goes through the same `do_*` function as the pages
(`cocreate.planning.actions`, `cocreate.planning.pdsa`), which keeps the history of who changed what.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.core.concurrency import StaleEdit, if_match_version
from cocreate.core.models import Team
from cocreate.partners.models import CAPACITY_DOMAINS
from cocreate.planning import actions, pdsa
from cocreate.planning.access import (
    access_action,
    access_goal,
    can_act_on,
    gaps_in,
    goals_in,
    responsible_partners,
    responsible_people,
)
from cocreate.planning.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionOwner,
    ActionStatus,
    CycleStatus,
    DataPoint,
    Goal,
    GoalItem,
    GoalStatus,
    Horizon,
    PdsaCycle,
    ProgressNote,
)
from cocreate.planning.queries import PLAN_FILTERS, RowMaker, owners_prefetch

from .errors import versioned_updates
from .support import ScopedPrimaryKeys
from .views import Pages, TenantScoped


@contextmanager
def _written_by_the_rules():
    """A `ValidationError` from a `do_*` write becomes the API's 400, keyed by field like the forms."""
    try:
        yield
    except DjangoValidationError as error:
        if isinstance(error, StaleEdit):
            raise  # the exception handler answers 412/409 with what changed
        if hasattr(error, "error_dict"):
            raise serializers.ValidationError(error.message_dict) from error
        raise serializers.ValidationError({"non_field_errors": error.messages}) from error


# Serializers ------------------------------------------------------------------------------------------------


def _status_field(choices, name: str):
    """A choice field with its own schema component, so that the three `status` enums keep their names."""

    @extend_schema_field(
        {"type": "string", "enum": choices.values, "description": ", ".join(choices.values)},
        component_name=name,
    )
    class StatusField(serializers.ChoiceField):
        def __init__(self, **kwargs):
            super().__init__(choices=choices.choices, **kwargs)

    StatusField.__name__ = StatusField.__qualname__ = f"{name}Field"
    return StatusField


GoalStatusField = _status_field(GoalStatus, "GoalStatus")
ActionStatusField = _status_field(ActionStatus, "ActionStatus")
CycleStatusField = _status_field(CycleStatus, "CycleStatus")


class GoalItemSerializer(serializers.ModelSerializer):
    """An assessment item the goal works on: the gap flagged on a round's results."""

    class Meta:
        model = GoalItem
        fields = ["gap", "administration", "item", "instrument_key", "item_key"]
        read_only_fields = fields


class ActionSummarySerializer(serializers.ModelSerializer):
    status = ActionStatusField(read_only=True)

    class Meta:
        model = Action
        fields = ["id", "strategy", "due_on", "status"]
        read_only_fields = fields


class GoalSerializer(serializers.ModelSerializer):
    horizon_label = serializers.CharField(source="get_horizon_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=CAPACITY_DOMAINS), read_only=True)
    status = GoalStatusField(read_only=True)
    items = GoalItemSerializer(many=True, read_only=True, help_text=_("Assessment items it works on."))
    actions = ActionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "version",  # send it back as If-Match when changing the goal
            "team",
            "horizon",
            "horizon_label",
            "target_on",
            "statement",
            "why_team",
            "why_community",
            "domains",
            "status",
            "status_label",
            "items",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def _teams_of(community):
    return Team.objects.filter(organization_id=community.organization_id, community=community)


class GoalWriteSerializer(serializers.Serializer):
    """A goal to create or change (PATCH: only the fields given). Without a target date, the horizon
    suggests one. `gaps` are ids of gaps flagged on the community's assessment results; given, the goal
    works on exactly those from now on."""

    statement = serializers.CharField(max_length=1000)
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False)
    target_on = serializers.DateField(required=False, allow_null=True)
    team = ScopedPrimaryKeys(
        _teams_of, _("Choose one of this community's teams."), required=False, allow_null=True
    )
    why_team = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    why_community = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=CAPACITY_DOMAINS), required=False)
    status = GoalStatusField(required=False)
    gaps = serializers.ListField(
        child=ScopedPrimaryKeys(gaps_in, _("Choose gaps flagged in this community.")), required=False
    )

    def create(self, validated_data) -> Goal:
        with _written_by_the_rules():
            return actions.do_create_goal(
                self.context["community"], acting_user=self.context["request"].user, **validated_data
            )

    def update(self, goal: Goal, validated_data) -> Goal:
        with _written_by_the_rules():
            request = self.context["request"]
            return actions.do_update_goal(
                goal, acting_user=request.user, version=if_match_version(request), **validated_data
            )


class OwnerSerializer(serializers.ModelSerializer):
    """A person responsible: a partner of the community (`partner`) or a member who signs in (`user`)."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = ActionOwner
        fields = ["partner", "user", "name"]
        read_only_fields = fields

    def get_name(self, owner: ActionOwner) -> str:
        return owner.partner.name if owner.partner_id else owner.user.display_name  # type: ignore[union-attr]  # a partner or a user (a constraint)


class ActionSerializer(serializers.ModelSerializer):
    """An action toward a goal. `overdue` and `due_soon` follow the plan pages: open actions past their
    due date, or due within two weeks."""

    status = ActionStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owners = OwnerSerializer(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "version",  # send it back as If-Match when changing the action
            "goal",
            "strategy",
            "starts_on",
            "due_on",
            "resources",
            "measure",
            "status",
            "status_label",
            "done_on",
            "overdue",
            "due_soon",
            "owners",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _flags(self, action: Action) -> dict:
        make = self.context.get("row_maker")
        if make is None:
            make = self.context["row_maker"] = RowMaker(timezone.localdate())
        return make.row(action.pk, action.status, action.due_on, "")

    def get_overdue(self, action: Action) -> bool:
        return self._flags(action)["overdue"]

    def get_due_soon(self, action: Action) -> bool:
        return self._flags(action)["due_soon"]


def _goals_of(community):
    return Goal.objects.filter(organization_id=community.organization_id, community=community)


class ActionWriteSerializer(serializers.Serializer):
    """An action to add to a goal or change (PATCH: only the fields given). `partners` and `users` name
    the people responsible; given (either one), they are the action's owners from now on, and the one
    left out keeps its current people."""

    goal = ScopedPrimaryKeys(_goals_of, _("Choose one of this community's goals."), required=False)
    strategy = serializers.CharField(max_length=2000)
    starts_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField()
    resources = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    measure = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    status = ActionStatusField(required=False)
    partners = serializers.ListField(
        child=ScopedPrimaryKeys(responsible_partners, _("Choose partners of this community.")),
        required=False,
    )
    users = serializers.ListField(
        child=ScopedPrimaryKeys(responsible_people, _("Choose people who are members of this community.")),
        required=False,
    )

    def create(self, validated_data) -> Action:
        goal = validated_data.pop("goal", None)
        if goal is None:
            raise serializers.ValidationError({"goal": _("Choose the goal the action works toward.")})
        with _written_by_the_rules():
            return actions.do_add_action(goal, acting_user=self.context["request"].user, **validated_data)

    def update(self, action: Action, validated_data) -> Action:
        if "goal" in validated_data:
            raise serializers.ValidationError({"goal": _("An action stays with its goal.")})
        if "partners" in validated_data or "users" in validated_data:
            current = list(ActionOwner.objects.filter(action=action).select_related("partner", "user"))
            validated_data.setdefault("partners", [o.partner for o in current if o.partner_id])
            validated_data.setdefault("users", [o.user for o in current if o.user_id])
        with _written_by_the_rules():
            request = self.context["request"]
            return actions.do_update_action(
                action, acting_user=request.user, version=if_match_version(request), **validated_data
            )


class CycleSerializer(serializers.ModelSerializer):
    """A PDSA cycle of an action: the plan, what happened, the results against the prediction and the
    decision (adopt, adapt or abandon). `predecessor` is the adapted cycle it follows."""

    status = CycleStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PdsaCycle
        fields = [
            "id",
            "action",
            "number",
            "predecessor",
            "change_idea",
            "prediction",
            "measure_name",
            "measure_unit",
            "what_happened",
            "results",
            "decision",
            "decision_notes",
            "decided_on",
            "status",
            "status_label",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DataPointSerializer(serializers.ModelSerializer):
    entered_by = serializers.SerializerMethodField()

    class Meta:
        model = DataPoint
        fields = ["id", "measured_on", "value", "note", "entered_by"]
        read_only_fields = fields

    def get_entered_by(self, point: DataPoint) -> str:
        return point.entered_by.display_name if point.entered_by else ""


class CycleDetailSerializer(CycleSerializer):
    """A cycle with its run chart: the data points in date order and their median (the centre line)."""

    points = serializers.SerializerMethodField()
    median = serializers.SerializerMethodField()

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "points", "median"]
        read_only_fields = fields

    @extend_schema_field(DataPointSerializer(many=True))
    def get_points(self, cycle: PdsaCycle) -> list[dict]:
        return DataPointSerializer(cycle.point_rows, many=True).data  # type: ignore[attr-defined,return-value]  # point_rows: set by the view; many=True gives a list

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_median(self, cycle: PdsaCycle) -> float | None:
        return pdsa.median_of(cycle.point_rows)  # type: ignore[attr-defined]  # set by the view


class DataPointWriteSerializer(serializers.Serializer):
    measured_on = serializers.DateField()
    value = serializers.FloatField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate_value(self, value: float) -> float:
        if not math.isfinite(value):
            raise serializers.ValidationError(_("Enter a number."))
        return value

    def create(self, validated_data) -> DataPoint:
        with _written_by_the_rules():
            return pdsa.do_add_point(
                self.context["cycle"], acting_user=self.context["request"].user, **validated_data
            )


# Views --------------------------------------------------------------------------------------------------------


def _truthy(value: str | None) -> bool:
    return value in {"1", "true", "yes"}


def _goal_rows(qs):
    return qs.prefetch_related(
        Prefetch(
            "items",
            GoalItem.objects.only(
                "pk", "goal_id", "gap_id", "administration_id", "item_id", "instrument_key", "item_key"
            ),
        ),
        Prefetch(
            "actions",
            Action.objects.only("pk", "goal_id", "strategy", "due_on", "status").order_by(
                "position", "due_on", "pk"
            ),
        ),
    )


@extend_schema(tags=["planning"])
class GoalList(TenantScoped, generics.ListCreateAPIView):
    """The community's goals, nearest horizon first; POST sets a new goal (staff)."""

    serializer_class = GoalSerializer
    pagination_class = Pages
    read_action, write_action = "planning.view", "planning.change"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=[*PLAN_FILTERS, *GoalStatus.values],
                description="open (proposed or active), or one status.",
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Goal.objects.none()
        qs = goals_in(self.tenant, self.community)
        wanted = self.request.query_params.get("status")
        if wanted in PLAN_FILTERS:
            qs = qs.filter(status__in=PLAN_FILTERS[wanted])
        elif wanted in GoalStatus.values:
            qs = qs.filter(status=wanted)
        elif wanted:
            raise serializers.ValidationError({"status": _("Use open or one of the goal statuses.")})
        return _goal_rows(qs.order_by("horizon", "target_on", "pk"))

    @extend_schema(request=GoalWriteSerializer, responses={201: GoalSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = GoalWriteSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        goal = incoming.save()
        goal = _goal_rows(Goal.objects.filter(pk=goal.pk)).get()
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


@versioned_updates
@extend_schema(tags=["planning"])
class GoalDetail(TenantScoped, generics.RetrieveUpdateAPIView):
    """One goal with the assessment items it works on and its actions; PUT or PATCH changes it (staff)."""

    serializer_class = GoalSerializer
    read_action, write_action = "planning.view", "planning.change"

    def get_object(self) -> Goal:
        goal = access_goal(self.tenant, self.community, self.kwargs["pk"])
        return _goal_rows(Goal.objects.filter(pk=goal.pk)).get()

    @extend_schema(request=GoalWriteSerializer, responses=GoalSerializer)
    def put(self, request: Request, *args, **kwargs) -> Response:
        return self._change(request, partial=False)

    @extend_schema(request=GoalWriteSerializer, responses=GoalSerializer)
    def patch(self, request: Request, *args, **kwargs) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        goal = access_goal(self.tenant, self.community, self.kwargs["pk"])
        incoming = GoalWriteSerializer(
            goal, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        incoming.save()
        return Response(GoalSerializer(self.get_object()).data)


def _action_rows(qs):
    return qs.prefetch_related(owners_prefetch())


@extend_schema(tags=["planning"])
class ActionList(TenantScoped, generics.ListCreateAPIView):
    """The actions of the community's goals; POST adds one to a goal (staff)."""

    serializer_class = ActionSerializer
    pagination_class = Pages
    read_action, write_action = "planning.view", "planning.change"

    @extend_schema(
        parameters=[
            OpenApiParameter("goal", int, description="Only the actions of this goal."),
            OpenApiParameter("status", str, enum=ActionStatus.values),
            OpenApiParameter("overdue", bool, description="Only open actions past their due date."),
            OpenApiParameter(
                "due_soon",
                bool,
                description="Only open actions overdue or due within two weeks (the due list), soonest first.",
            ),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Action.objects.none()
        qs = Action.objects.filter(community=self.community)
        params = self.request.query_params
        if goal := params.get("goal"):
            if not goal.isdigit():
                raise serializers.ValidationError({"goal": _("Give the id of a goal.")})
            qs = qs.filter(goal_id=int(goal))
        if wanted := params.get("status"):
            if wanted not in ActionStatus.values:
                raise serializers.ValidationError({"status": _("Choose one of the statuses.")})
            qs = qs.filter(status=wanted)
        make = RowMaker(timezone.localdate())
        order = ["goal_id", "position", "due_on", "pk"]
        if _truthy(params.get("overdue")):
            qs = qs.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=make.today)
            order = ["due_on", "pk"]
        if _truthy(params.get("due_soon")):
            qs = qs.filter(status__in=OPEN_ACTION_STATUSES, due_on__lte=make.soon)
            order = ["due_on", "pk"]
        return _action_rows(qs.order_by(*order))

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = ActionWriteSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        action = incoming.save()
        action = _action_rows(Action.objects.filter(pk=action.pk)).get()
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


OWNER_FIELDS = {"status", "version"}  # what the people responsible for an action may PATCH


@versioned_updates
@extend_schema(tags=["planning"])
class ActionDetail(TenantScoped, generics.RetrieveUpdateAPIView):
    """One action with the people responsible; PUT or PATCH changes it, owners included (staff). Whoever
    is responsible for the action (a partner included) may PATCH its `status` alone."""

    serializer_class = ActionSerializer
    # Writes: staff, or the people responsible for this action (`can_act_on`, checked in `_change`).
    read_action, write_action = "planning.view", "planning.view"

    def get_object(self) -> Action:
        found = access_action(self.tenant, self.community, self.kwargs["pk"])
        return _action_rows(Action.objects.filter(pk=found.pk)).get()

    @extend_schema(request=ActionWriteSerializer, responses=ActionSerializer)
    def put(self, request: Request, *args, **kwargs) -> Response:
        return self._change(request, partial=False)

    @extend_schema(request=ActionWriteSerializer, responses=ActionSerializer)
    def patch(self, request: Request, *args, **kwargs) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        found = access_action(self.tenant, self.community, self.kwargs["pk"])
        if not self.tenant.can("planning.change", self.community):
            if not can_act_on(self.tenant, found):
                raise PermissionDenied
            if not partial or set(request.data) - OWNER_FIELDS:
                raise PermissionDenied(_("The people responsible for an action can change its status only."))
        incoming = ActionWriteSerializer(
            found, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        incoming.save()
        return Response(ActionSerializer(self.get_object()).data)


@extend_schema(tags=["planning"])
class CycleList(TenantScoped, generics.ListAPIView):
    """The PDSA cycles of the community's actions, oldest first within each action."""

    serializer_class = CycleSerializer
    pagination_class = Pages
    read_action = "planning.view"

    @extend_schema(
        parameters=[
            OpenApiParameter("action", int, description="Only the cycles of this action."),
            OpenApiParameter("status", str, enum=CycleStatus.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PdsaCycle.objects.none()
        qs = PdsaCycle.objects.filter(community=self.community)
        params = self.request.query_params
        if action := params.get("action"):
            if not action.isdigit():
                raise serializers.ValidationError({"action": _("Give the id of an action.")})
            qs = qs.filter(action_id=int(action))
        if wanted := params.get("status"):
            if wanted not in CycleStatus.values:
                raise serializers.ValidationError({"status": _("Choose one of the statuses.")})
            qs = qs.filter(status=wanted)
        return qs.order_by("action_id", "number", "pk")


@extend_schema(tags=["planning"])
class CycleDetail(TenantScoped, generics.RetrieveAPIView):
    serializer_class = CycleDetailSerializer
    read_action = "planning.view"

    def get_object(self) -> PdsaCycle:
        cycle = pdsa.access_cycle(self.tenant, self.community, self.kwargs["pk"])
        cycle.point_rows = pdsa.points_of(cycle)  # type: ignore[attr-defined]  # added to the instance for display
        return cycle


@extend_schema(tags=["planning"])
class DataPointCreate(TenantScoped, generics.GenericAPIView):
    """Add a dated value of the cycle's measure to its run chart (anyone who contributes to the plan,
    partners included)."""

    serializer_class = DataPointWriteSerializer
    read_action = write_action = "planning.contribute"

    @extend_schema(request=DataPointWriteSerializer, responses={201: DataPointSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        cycle = pdsa.access_cycle(self.tenant, self.community, kwargs["pk"], "planning.contribute")
        context = {**self.get_serializer_context(), "cycle": cycle}
        incoming = DataPointWriteSerializer(data=request.data, context=context)
        incoming.is_valid(raise_exception=True)
        point = incoming.save()
        point.entered_by = request.user
        return Response(DataPointSerializer(point).data, status=status.HTTP_201_CREATED)


class ProgressNoteSerializer(serializers.ModelSerializer):
    """A dated note on how an action is going; `status_to` is the status it moved the action to, if any."""

    written_by = serializers.SerializerMethodField()

    class Meta:
        model = ProgressNote
        fields = ["id", "text", "status_to", "noted_on", "written_by", "written_at"]

    def get_written_by(self, note: ProgressNote) -> str:
        return note.written_by.display_name if note.written_by else ""


class ProgressWriteSerializer(serializers.Serializer):
    """What happened, when (today by default), and optionally the action's new status (staff, and the
    people responsible for the action). A new status needs no text."""

    text = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    noted_on = serializers.DateField(required=False)
    status = ActionStatusField(required=False, allow_blank=True, default="")

    def validate_noted_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(
                _("A progress note records what already happened: pick today or earlier.")
            )
        return value


@extend_schema(tags=["planning"])
class ActionProgress(TenantScoped, generics.ListCreateAPIView):
    """An action's progress notes, newest first; POST adds one (everyone who contributes to the plan)
    and, with `status`, moves the action (staff, and whoever is responsible for it, a parent included)."""

    serializer_class = ProgressNoteSerializer
    pagination_class = Pages
    # Writes: checked per action in `post` (contributors, or the people responsible for it).
    read_action = write_action = "planning.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressNote.objects.none()
        found = access_action(self.tenant, self.community, self.kwargs["pk"])
        return ProgressNote.objects.filter(action=found).select_related("written_by")

    @extend_schema(request=ProgressWriteSerializer, responses={201: ProgressNoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        found = access_action(self.tenant, self.community, kwargs["pk"])
        incoming = ProgressWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        may_move = can_act_on(self.tenant, found)
        if not (may_move or self.tenant.can("planning.contribute", self.community)):
            raise PermissionDenied
        if data.get("status") and not may_move:
            raise PermissionDenied(
                _("Only staff and the people responsible for an action can change its status.")
            )
        with _written_by_the_rules():
            note = actions.do_add_progress_note(
                found,
                acting_user=self.tenant.user,
                text=data.get("text", ""),
                noted_on=data.get("noted_on"),
                status=data.get("status", ""),
            )
        return Response(ProgressNoteSerializer(note).data, status=status.HTTP_201_CREATED)

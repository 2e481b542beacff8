"""The kinds' own behaviour in the API: a worksheet's computed state (the ignite talk's speaking time,
who holds each of the prism's roles, the goals made in the plan), making the goal statements goals of
the plan and adding a prism's missing stakeholder (staff; both make their records once)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cocreate.worksheets import goals, ignite, prism
from cocreate.worksheets.kinds import access_worksheet, choice_labels, field_definition, rows
from cocreate.worksheets.models import Kind, WorksheetGoal

from .views import TenantScoped


class SlideSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    part = serializers.CharField()
    words = serializers.IntegerField()
    seconds = serializers.IntegerField(source="rounded")
    status = serializers.CharField(help_text="empty, short (under 10 s), ok, or long (over 15 s)")


class RoleSerializer(serializers.Serializer):
    key = serializers.CharField()
    role = serializers.CharField()
    colour = serializers.CharField()
    partner_type = serializers.CharField()
    held_by = serializers.CharField()
    held = serializers.BooleanField()
    partners = serializers.ListField(child=serializers.IntegerField())
    made_partner = serializers.IntegerField(allow_null=True)


class GoalLinkSerializer(serializers.Serializer):
    row_key = serializers.CharField()
    goal = serializers.IntegerField()
    statement = serializers.CharField()


class WorksheetKindStateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    words_per_minute = serializers.IntegerField(required=False)
    total_seconds = serializers.IntegerField(required=False)
    slides = SlideSerializer(many=True, required=False)
    roles = RoleSerializer(many=True, required=False)
    goals = GoalLinkSerializer(many=True, required=False)


def _roles(worksheet) -> list[dict]:
    return [
        {
            "key": r.key,
            "role": r.role,
            "colour": r.colour,
            "partner_type": r.partner_type,
            "held_by": r.held_by,
            "held": r.held,
            "partners": [p.pk for p in r.partners],
            "made_partner": r.made.pk if r.made else None,
        }
        for r in prism.holdings(worksheet, worksheet.content)
    ]


def _goal_links(worksheet) -> list[dict]:
    return [
        {"row_key": link.row_key, "goal": link.goal_id, "statement": link.goal.statement}
        for link in WorksheetGoal.objects.filter(worksheet=worksheet).select_related("goal").order_by("pk")
    ]


class WorksheetKindState(TenantScoped, APIView):
    """What a worksheet's kind works out from its working text: the ignite talk's speaking time per
    slide (at 150 words a minute), who holds each of the prism's roles, the goals made in the plan."""

    @extend_schema(tags=["worksheets"], responses=WorksheetKindStateSerializer)
    def get(self, request: Request, org: str, pk: int) -> Response:
        worksheet = access_worksheet(self.tenant, pk)
        data: dict = {"kind": worksheet.kind}
        if worksheet.kind == Kind.IGNITE:
            labels = choice_labels(field_definition(worksheet, "slides", "slides"), "part")
            talk = ignite.talk_time(rows(worksheet.content, "slides", "slides"), labels)
            data.update(
                words_per_minute=ignite.WORDS_PER_MINUTE,
                total_seconds=talk.seconds,
                slides=SlideSerializer(talk.slides, many=True).data,
            )
        elif worksheet.kind == Kind.PRISM:
            data["roles"] = _roles(worksheet)
        elif worksheet.kind == Kind.GOALS:
            data["goals"] = _goal_links(worksheet)
        return Response(data)


class MakeGoals(TenantScoped, APIView):
    """Make each goal statement of a goal-setting worksheet a goal of the community's plan (staff);
    statements made before are left alone. Answers with every goal the worksheet has made."""

    @extend_schema(tags=["worksheets"], request=None, responses=GoalLinkSerializer(many=True))
    def post(self, request: Request, org: str, pk: int) -> Response:
        worksheet = access_worksheet(self.tenant, pk, "worksheet.contribute")
        if worksheet.kind != Kind.GOALS or worksheet.community is None:
            raise Http404
        self.tenant.require("planning.change", worksheet.community)
        goals.do_make_goals(worksheet, acting_user=request.user)
        return Response(_goal_links(worksheet))


class AddStakeholder(TenantScoped, APIView):
    """Add a partner record, to invite, for a role of the prism nobody on the team holds (staff); the
    same one again on a repeat. Answers with the prism's roles."""

    @extend_schema(tags=["worksheets"], request=None, responses=RoleSerializer(many=True))
    def post(self, request: Request, org: str, pk: int, row: str) -> Response:
        worksheet = access_worksheet(self.tenant, pk, "worksheet.contribute")
        if worksheet.kind != Kind.PRISM or worksheet.community is None:
            raise Http404
        self.tenant.require("partner.change", worksheet.community)
        prism.do_add_stakeholder(worksheet, row, acting_user=request.user)
        return Response(_roles(worksheet))

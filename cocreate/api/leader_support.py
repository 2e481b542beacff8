"""Support over time and peer networks in the API: a community's leaders (staff), one leader with her
checklist, check-ins and recognitions (staff, or the leader herself), the organization's networks, and
joining or leaving one (a leader, for herself). Writing the support itself stays on the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cocreate.leaders import networks, support
from cocreate.leaders.models import CheckIn, Leader, PeerNetwork, Recognition

from .views import Pages, TenantScoped


class PersonNameField(serializers.CharField):
    def to_representation(self, user) -> str:
        return user.display_name if user is not None else ""


class LeaderRowSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="partner.name", read_only=True)
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    mentor = PersonNameField(read_only=True)
    onboarding_done = serializers.IntegerField(source="done", read_only=True)
    recognition_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Leader
        fields = [
            "id",
            "partner",
            "name",
            "started_on",
            "mentor",
            "mentor_since",
            "last_check_in_on",
            "onboarding_done",
            "recognition_count",
        ]
        read_only_fields = fields


class ChecklistItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="“orientation”, or the training module's id.")
    title = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True, source="completion.completed_on", default=None)


class CheckInSerializer(serializers.ModelSerializer):
    mentor = PersonNameField(read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "on", "mentor", "notes"]
        read_only_fields = fields


class RecognitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recognition
        fields = ["id", "title", "description", "on"]
        read_only_fields = fields


class LeaderSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="partner.name", read_only=True)
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    mentor = PersonNameField(read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True, source="checklist_items")
    check_ins = CheckInSerializer(many=True, read_only=True, source="check_in_rows")
    recognitions = RecognitionSerializer(many=True, read_only=True, source="recognition_rows")

    class Meta:
        model = Leader
        fields = [
            "id",
            "partner",
            "name",
            "started_on",
            "ended_on",
            "mentor",
            "mentor_since",
            "last_check_in_on",
            "show_recognitions_publicly",
            "checklist",
            "check_ins",
            "recognitions",
        ]
        read_only_fields = fields


class NetworkSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    member = serializers.SerializerMethodField(help_text="Whether you are a member.")

    class Meta:
        model = PeerNetwork
        fields = ["id", "name", "purpose", "member_count", "member"]
        read_only_fields = fields

    def get_member(self, network) -> bool:
        return network.pk in self.context.get("joined", set())


@extend_schema(tags=["community leaders"])
class LeaderList(TenantScoped, generics.ListAPIView):
    """The community's active leaders with their mentor, last check-in, onboarding items done (of
    orientation and the active training modules) and recognitions."""

    serializer_class = LeaderRowSerializer
    pagination_class = Pages
    read_action = "leaders.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Leader.objects.none()
        return support.leader_rows(self.community)


@extend_schema(tags=["community leaders"])
class LeaderDetail(TenantScoped, generics.RetrieveAPIView):
    """One leader with her onboarding checklist, check-ins and recognitions: for the community's staff
    and for the leader herself."""

    serializer_class = LeaderSerializer

    def get_object(self) -> Leader:
        leader, _staff = support.access_leader(self.tenant, self.community, self.kwargs["pk"])
        leader.checklist_items = support.checklist(leader)  # type: ignore[attr-defined]
        leader.check_in_rows = list(leader.check_ins.select_related("mentor"))  # type: ignore[attr-defined]
        leader.recognition_rows = list(leader.recognitions.all())  # type: ignore[attr-defined]
        return leader


@extend_schema(tags=["peer networks"])
class NetworkList(TenantScoped, generics.ListAPIView):
    """The organization's active peer networks (leaders and staff), with member counts and whether you
    are a member."""

    serializer_class = NetworkSerializer
    pagination_class = Pages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PeerNetwork.objects.none()
        networks.require_view(self.tenant)
        return networks.network_rows(self.tenant)

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["joined"] = networks.joined_ids(self.tenant)
        return context


class _Membership(TenantScoped, APIView):
    join = True

    @extend_schema(request=None, responses=NetworkSerializer, tags=["peer networks"])
    def post(self, request: Request, org: str, pk: int) -> Response:
        network, _member = networks.access_network(self.tenant, pk, inside=False)
        leader = networks.leader_of(self.tenant)
        if leader is None:
            raise PermissionDenied
        if self.join:
            networks.do_join_network(network, acting_user=self.tenant.user, leader=leader)
        else:
            networks.do_leave_network(network, acting_user=self.tenant.user, leader=leader)
        row = networks.network_rows(self.tenant).get(pk=network.pk)
        return Response(NetworkSerializer(row, context={"joined": networks.joined_ids(self.tenant)}).data)


class NetworkJoin(_Membership):
    """Join a network, for yourself (a community leader)."""

    join = True


class NetworkLeave(_Membership):
    """Leave a network."""

    join = False

"""Compensation's staff side in the API: the policy (the version in force and every version; a new
version), the approvers' claim queue with each claim's computed lines, approving, returning and paying
a claim, and deciding an exception. The same rules and `do_*` writes as the pages
(`cocreate.compensation.policy`, `.approvals`); amounts come from the stored lines (`money.work_out`)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.accounts.models import User
from cocreate.compensation import approvals
from cocreate.compensation import policy as policies
from cocreate.compensation.amounts import current_policy, stored_lines
from cocreate.compensation.models import (
    Basis,
    Claim,
    ClaimStatus,
    ExceptionRequest,
    Payment,
    PaymentMethod,
    Policy,
)
from cocreate.compensation.money import line_label
from cocreate.compensation.views_approvals import access_claim, approver_communities

from .views import Pages, TenantScoped


class PersonField(serializers.CharField):
    def to_representation(self, user) -> str:
        return user.display_name if user is not None else ""


class PolicySerializer(serializers.ModelSerializer):
    childcare_exception_approver_name = PersonField(source="childcare_exception_approver", read_only=True)
    special_event_approver_name = PersonField(source="special_event_approver", read_only=True)
    honorarium_basis = serializers.ChoiceField(choices=Basis.choices)
    childcare_exception_approver = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )
    special_event_approver = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Policy
        fields = [
            "number",
            "effective_from",
            "currency",
            "honorarium_basis",
            "honorarium_rate",
            "max_prep_hours",
            "max_meeting_hours",
            "max_travel_hours",
            "childcare_daily_cap",
            "childcare_exception_approver",
            "childcare_exception_approver_name",
            "mileage_rate",
            "actual_costs_allowed",
            "special_event_approver",
            "special_event_approver_name",
            "notice_en",
            "notice_es",
            "reporting_threshold",
        ]
        read_only_fields = ["number"]
        # The rules (ranges, dates, approvers) are the write's: it answers at the field.
        extra_kwargs: dict = {
            "honorarium_rate": {"validators": []},
            "max_prep_hours": {"validators": []},
            "max_meeting_hours": {"validators": []},
            "max_travel_hours": {"validators": []},
            "childcare_daily_cap": {"validators": []},
            "mileage_rate": {"validators": []},
            "reporting_threshold": {"validators": []},
        }
        validators: list = []


class PolicyOverviewSerializer(serializers.Serializer):
    current = PolicySerializer(allow_null=True)
    versions = PolicySerializer(many=True)


class LineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label", not Field.label
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3)
    unit = serializers.CharField()
    rate = serializers.DecimalField(max_digits=12, decimal_places=3)
    claimed = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField()


class PaymentSerializer(serializers.ModelSerializer):
    method = serializers.ChoiceField(choices=PaymentMethod.choices)

    class Meta:
        model = Payment
        fields = ["paid_on", "method", "reference", "amount"]
        read_only_fields = ["amount"]


class StaffClaimSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="partner.name")
    community: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    policy_version = serializers.IntegerField(source="policy.number")
    currency = serializers.CharField(source="policy.currency")
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    exception_status = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()
    payment = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "version",
            "person",
            "community",
            "event_date",
            "event_title",
            "policy_version",
            "currency",
            "status",
            "exception_status",
            "lines",
            "total",
            "return_reason",
            "approved_at",
            "payment",
        ]
        read_only_fields = fields

    def get_exception_status(self, claim: Claim) -> str:
        return claim.exception.status if claim.exception is not None else ""

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, claim: Claim) -> list[dict]:
        return [{**line.as_json(), "label": line_label(line)} for line in stored_lines(claim)]

    @extend_schema_field(PaymentSerializer(allow_null=True))
    def get_payment(self, claim: Claim) -> dict | None:
        payment = getattr(claim, "payment", None) if claim.status == ClaimStatus.PAID else None
        return PaymentSerializer(payment).data if payment is not None else None


class PolicyView(TenantScoped, generics.GenericAPIView):
    """GET: the version in force and every version (everyone in the organization). POST: write the
    next version (admin and finance); it takes effect on `effective_from`, today or later."""

    serializer_class = PolicySerializer

    @extend_schema(tags=["compensation"], responses={200: PolicyOverviewSerializer})
    def get(self, request: Request, *args, **kwargs) -> Response:
        if not self.tenant.can_anywhere("compensation.policy_view"):
            raise PermissionDenied
        org = self.tenant.organization
        versions = list(policies.versions(org))
        current = current_policy(org)
        current = next((v for v in versions if current and v.pk == current.pk), None)
        return Response(
            {
                "current": PolicySerializer(current).data if current else None,
                "versions": PolicySerializer(versions, many=True).data,
            }
        )

    @extend_schema(tags=["compensation"], request=PolicySerializer, responses={201: PolicySerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        self.tenant.require("compensation.policy_change")
        incoming = PolicySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        made = policies.do_create_policy_version(
            self.tenant.organization, acting_user=cast(User, request.user), **incoming.validated_data
        )
        return Response(PolicySerializer(made).data, status=201)


def _claims_qs():
    return Claim.objects.select_related("partner", "community", "policy", "exception", "payment")


class ClaimQueue(TenantScoped, generics.ListAPIView):
    """Claims of the communities this person approves for (her communities as team lead; all for
    finance), waiting for approval unless `status` says otherwise; her own claims are not listed."""

    serializer_class = StaffClaimSerializer
    pagination_class = Pages

    @extend_schema(
        tags=["compensation"],
        parameters=[
            inline_serializer(
                "ClaimQueueFilter",
                {
                    "status": serializers.ChoiceField(choices=ClaimStatus.choices, required=False),
                    "community": serializers.SlugField(required=False),
                },
            )
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Claim.objects.none()
        if not self.tenant.can_anywhere("claim.approve"):
            raise PermissionDenied
        communities = list(approver_communities(self.tenant).values_list("pk", flat=True))
        qs = _claims_qs().filter(organization=self.tenant.organization, community__in=communities)
        qs = qs.exclude(partner__user=self.request.user)
        status = self.request.query_params.get("status", ClaimStatus.SUBMITTED)
        if status:
            qs = qs.filter(status=status)
        if self.request.query_params.get("community"):
            qs = qs.filter(community__slug=self.request.query_params["community"])
        return qs.order_by("event_date", "pk")


class ClaimDetail(TenantScoped, generics.RetrieveAPIView):
    """One claim with its computed lines (its community's approvers and finance)."""

    serializer_class = StaffClaimSerializer

    @extend_schema(tags=["compensation"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self) -> Claim:
        return access_claim(self.tenant, self.kwargs["pk"])


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=3000, allow_blank=True)


class ExceptionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    note = serializers.CharField(max_length=3000, required=False, allow_blank=True)


class StaffExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExceptionRequest
        fields = [
            "id",
            "kind",
            "event_date",
            "event_title",
            "amount",
            "status",
            "decision_note",
            "decided_at",
        ]
        read_only_fields = fields


class ClaimApprove(TenantScoped, generics.GenericAPIView):
    """Approve a claim (its amounts kept as version 1). Approving again returns it unchanged."""

    serializer_class = StaffClaimSerializer

    @extend_schema(tags=["compensation"], request=None, responses={200: StaffClaimSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        claim = access_claim(self.tenant, kwargs["pk"])
        self.tenant.require("claim.approve", claim.community_id)
        approvals.do_approve_claim(claim, acting_user=cast(User, request.user), tenant=self.tenant)
        return Response(StaffClaimSerializer(_claims_qs().get(pk=claim.pk)).data)


class ClaimReturn(TenantScoped, generics.GenericAPIView):
    """Return a claim to the leader with the reason (required)."""

    serializer_class = ReturnSerializer

    @extend_schema(tags=["compensation"], request=ReturnSerializer, responses={200: StaffClaimSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        claim = access_claim(self.tenant, kwargs["pk"])
        self.tenant.require("claim.approve", claim.community_id)
        incoming = ReturnSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        approvals.do_return_claim(
            claim,
            acting_user=cast(User, request.user),
            reason=incoming.validated_data["reason"],
            tenant=self.tenant,
        )
        return Response(StaffClaimSerializer(_claims_qs().get(pk=claim.pk)).data)


class ClaimPay(TenantScoped, generics.GenericAPIView):
    """Record the payment of an approved claim (finance): its amount is the claim's total."""

    serializer_class = PaymentSerializer

    @extend_schema(tags=["compensation"], request=PaymentSerializer, responses={200: StaffClaimSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        claim = access_claim(self.tenant, kwargs["pk"])
        self.tenant.require("claim.pay", claim.community_id)
        incoming = PaymentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        approvals.do_mark_paid(
            claim, acting_user=cast(User, request.user), tenant=self.tenant, **incoming.validated_data
        )
        return Response(StaffClaimSerializer(_claims_qs().get(pk=claim.pk)).data)


class ExceptionDecide(TenantScoped, generics.GenericAPIView):
    """Decide an exception (the approver it names; with none, the community's lead or finance)."""

    serializer_class = ExceptionDecisionSerializer

    @extend_schema(
        tags=["compensation"], request=ExceptionDecisionSerializer, responses={200: StaffExceptionSerializer}
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        tenant = self.tenant
        exception = (
            ExceptionRequest.objects.filter(organization=tenant.organization, pk=kwargs["pk"])
            .select_related("partner", "community")
            .first()
        )
        if exception is None or not (
            tenant.sees_every_community or exception.community_id in tenant.community_roles
        ):
            raise Http404
        if not approvals.may_decide_exception(tenant, exception):
            raise PermissionDenied
        incoming = ExceptionDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        decided = approvals.do_decide_exception(
            exception,
            acting_user=cast(User, request.user),
            approve=data["approve"],
            amount=data.get("amount"),
            note=data.get("note", ""),
            tenant=tenant,
        )
        return Response(StaffExceptionSerializer(decided).data)

"""A community leader's claims in the API: her claims with their computed lines (list, send one, read
one), her exception requests (list, ask one) and her statement for a year.

The pages' rules and writes (`compensation.claims`): only a person with a partner record in the
organization has these (403 otherwise); another person's claim is 404. A refused claim answers 400
with the pages' messages keyed by field. Receipts are uploaded through the pages only: a claim at
actual cost sent here is refused for want of its receipts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.compensation import claims, events
from cocreate.compensation.amounts import stored_lines
from cocreate.compensation.models import Claim, ExceptionKind, ExceptionRequest, TravelMode
from cocreate.compensation.money import line_label
from cocreate.compensation.statement import year_statement

from .views import Pages, TenantScoped


class LineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label", not Field.label
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3)
    unit = serializers.CharField()
    rate = serializers.DecimalField(max_digits=12, decimal_places=3)
    claimed = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField()


def _lines(claim: Claim) -> list[dict]:
    return [
        {
            "kind": line.kind,
            "label": line_label(line),
            "quantity": line.quantity,
            "unit": line.unit,
            "rate": line.rate,
            "claimed": line.claimed,
            "amount": line.amount,
            "note": line.note,
        }
        for line in stored_lines(claim)
    ]


class ClaimSerializer(serializers.ModelSerializer):
    """Her claim with its amounts line by line, as worked out under the policy it was made under."""

    lines = serializers.SerializerMethodField()
    currency = serializers.CharField(source="policy.currency", read_only=True)
    policy_version = serializers.IntegerField(source="policy.number", read_only=True)
    exception_status = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "version",
            "status",
            "event_title",
            "event_date",
            "meeting",
            "support_event",
            "prep_hours",
            "meeting_hours",
            "travel_hours",
            "childcare_cost",
            "travel_mode",
            "miles",
            "note",
            "lines",
            "total",
            "currency",
            "policy_version",
            "exception",
            "exception_status",
            "return_reason",
            "submitted_at",
        ]
        read_only_fields = fields

    @extend_schema(responses=LineSerializer(many=True))
    def get_lines(self, claim: Claim) -> list[dict]:
        return list(LineSerializer(_lines(claim), many=True).data)

    def get_exception_status(self, claim: Claim) -> str:
        return claim.exception.status if claim.exception_id and claim.exception else ""


class ClaimCreateSerializer(serializers.Serializer):
    """What she claims: the event (a meeting or a support event, by id) and her figures. Hours in
    quarter hours (at most 24 each); child care at most 10,000; miles at most 2,000."""

    meeting = serializers.IntegerField(required=False, allow_null=True)
    support_event = serializers.IntegerField(required=False, allow_null=True)
    prep_hours = serializers.CharField(required=False, default="0")
    meeting_hours = serializers.CharField(required=False, default="0")
    travel_hours = serializers.CharField(required=False, default="0")
    childcare_cost = serializers.CharField(required=False, default="0")
    travel_mode = serializers.ChoiceField(choices=TravelMode.choices, required=False, default=TravelMode.NONE)
    miles = serializers.CharField(required=False, default="0")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=3000)


class ExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExceptionRequest
        fields = [
            "id",
            "kind",
            "status",
            "event_title",
            "event_date",
            "meeting",
            "support_event",
            "amount",
            "reason",
            "requested_at",
            "decision_note",
        ]
        read_only_fields = fields


class ExceptionCreateSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False, allow_null=True)
    support_event = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=ExceptionKind.choices)
    amount = serializers.CharField(required=False, default="0")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=3000)


class PaidClaimSerializer(serializers.Serializer):
    claim = ClaimSerializer()
    paid_on = serializers.DateField(source="payment.paid_on")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class StatementSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    claims = PaidClaimSerializer(many=True, source="rows")
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    notice = serializers.CharField()


class Hers(TenantScoped):
    """Her partner records in the organization; 403 for a person with none."""

    def her_partners(self):
        partners = events.her_partners(self.tenant.user, self.tenant.organization)
        if not partners:
            raise PermissionDenied
        return partners


def _event(partners, data) -> events.Event | None:
    if data.get("meeting"):
        return events.find(partners, events.MEETING, data["meeting"])
    if data.get("support_event"):
        return events.find(partners, events.SUPPORT, data["support_event"])
    return None


@extend_schema(tags=["my payments"])
class MyClaimList(Hers, generics.ListCreateAPIView):
    """Her claims, latest event first, each with its lines; POST sends one (400 with field errors)."""

    serializer_class = ClaimSerializer
    pagination_class = Pages

    def get_queryset(self):
        return (
            Claim.objects.filter(partner__in=self.her_partners())
            .select_related("policy", "exception")
            .order_by("-event_date", "-pk")
        )

    @extend_schema(request=ClaimCreateSerializer, responses={201: ClaimSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partners = self.her_partners()
        body = ClaimCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        event = _event(partners, data)
        partner = event.partner if event is not None else partners[0]
        fields = {k: v for k, v in data.items() if k not in ("meeting", "support_event")}
        claim = claims.do_submit_claim(partner, acting_user=request.user, event=event, **fields)
        claim = Claim.objects.select_related("policy", "exception").get(pk=claim.pk)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["my payments"])
class MyClaimDetail(Hers, generics.RetrieveAPIView):
    serializer_class = ClaimSerializer

    def get_queryset(self):
        return Claim.objects.filter(partner__in=self.her_partners()).select_related("policy", "exception")


@extend_schema(tags=["my payments"])
class MyExceptionList(Hers, generics.ListCreateAPIView):
    """Her exception requests; POST asks one before the event (400 with field errors)."""

    serializer_class = ExceptionSerializer
    pagination_class = Pages

    def get_queryset(self):
        return ExceptionRequest.objects.filter(partner__in=self.her_partners()).order_by("-event_date", "-pk")

    @extend_schema(request=ExceptionCreateSerializer, responses={201: ExceptionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        partners = self.her_partners()
        body = ExceptionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        event = _event(partners, data)
        partner = event.partner if event is not None else partners[0]
        made = claims.do_request_exception(
            partner,
            acting_user=request.user,
            event=event,
            kind=data["kind"],
            amount=data["amount"],
            reason=data["reason"],
        )
        return Response(ExceptionSerializer(made).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["my payments"], responses=StatementSerializer)
class MyStatement(Hers, generics.GenericAPIView):
    """Every claim paid to her in the year (by the payment's date), the total and the notice."""

    serializer_class = StatementSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        year = kwargs["year"]
        if not 2000 <= year <= 2100:
            raise Http404
        statement = year_statement(self.her_partners(), year)
        return Response(StatementSerializer(statement).data)

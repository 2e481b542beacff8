"""The REST API (/api/v1/): the permission rules of the pages, the do_* writes of the pages.

Every endpoint sits under an organization, and most under one of its communities. Before a handler
runs, `TenantScoped.initial` resolves both the way the pages do: a person who is not a member of the
organization gets 404 (a foreign organization cannot be told from a missing one), a community they
cannot see is 404, and an action their role does not allow there is 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from cocreate.accounts.models import User
from cocreate.core.access import Tenant, access_community, tenant_for
from cocreate.core.models import Community, Team
from cocreate.partners.access import access_partner, partners_in, plan_for
from cocreate.partners.models import (
    Agreement,
    EngagementChange,
    EngagementLevel,
    EngagementPlan,
    Partner,
    PlanEntry,
    TeamRole,
)

from . import serializers as s
from .errors import versioned_updates

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class Pages(PageNumberPagination):
    page_size = 50  # a page a script can hold in memory, and a count query plus one for the rows


class TenantScoped:
    """Resolves `self.tenant` (and `self.community` under /communities/<slug>/) before the handler.

    `read_action` is required for GET/HEAD/OPTIONS in the community, `write_action` for the rest.
    """

    # Token first: an anonymous request is told how to authenticate (401 with WWW-Authenticate).
    authentication_classes: Sequence[type[BaseAuthentication]] = [TokenAuthentication, SessionAuthentication]
    permission_classes: Sequence[_PermissionClass] = [IsAuthenticated]
    read_action = "community.view"
    write_action = "community.change"
    tenant: Tenant
    community: Community

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # authenticate, then IsAuthenticated
        self.tenant = tenant_for(request.user, kwargs["org"])
        timezone.activate(self.tenant.organization.time_zone)  # its today and its clock; reset in dispatch
        if "slug" in kwargs:
            self.community = access_community(self.tenant, kwargs["slug"])
            action = self.read_action if request.method in SAFE_METHODS else self.write_action
            self.tenant.require(action, self.community)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        finally:
            timezone.deactivate()  # the next request on this thread starts on the default clock

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()  # type: ignore[misc]
        if hasattr(self, "community"):
            context["community"] = self.community
            context["can_contact"] = self.tenant.can("partner.contact", self.community)
        return context


@extend_schema(tags=["communities"])
class CommunityList(TenantScoped, generics.ListAPIView):
    """The communities of the organization this person may see (archived ones with ?archived=1)."""

    serializer_class = s.CommunitySerializer
    pagination_class = Pages

    @extend_schema(
        parameters=[OpenApiParameter("archived", bool, description="Include archived communities.")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Community.objects.none()
        qs = self.tenant.communities().select_related("initiative").order_by("name", "pk")
        return (
            qs if self.request.query_params.get("archived") in {"1", "true"} else qs.filter(archived_at=None)
        )


@extend_schema(tags=["communities"])
class CommunityDetail(TenantScoped, generics.RetrieveAPIView):
    serializer_class = s.CommunitySerializer

    def get_object(self) -> Community:
        return self.community


@extend_schema(tags=["partners"])
@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("archived", bool, description="Include archived partners.")],
    )
)
class PartnerList(TenantScoped, generics.ListCreateAPIView):
    """The community's partners (erased people never appear). Contact fields only for those who engage them."""

    serializer_class = s.PartnerSerializer
    pagination_class = Pages
    read_action, write_action = "partner.view", "partner.change"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Partner.objects.none()
        qs = partners_in(self.tenant, self.community).order_by("name", "pk")
        return (
            qs if self.request.query_params.get("archived") in {"1", "true"} else qs.filter(archived_at=None)
        )


@versioned_updates
@extend_schema(tags=["partners"])
class PartnerDetail(TenantScoped, generics.RetrieveUpdateAPIView):
    serializer_class = s.PartnerSerializer
    read_action, write_action = "partner.view", "partner.change"

    def get_object(self) -> Partner:
        return access_partner(self.tenant, self.community, self.kwargs["pk"])


@extend_schema(tags=["engagement"])
class LevelList(TenantScoped, generics.ListCreateAPIView):
    """A partner's current and planned level in each area; POST moves them on the ladder, with a reason."""

    serializer_class = s.EngagementLevelSerializer
    pagination_class = None  # one row per area of the community: a handful
    read_action, write_action = "partner.view", "partner.change"

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.partner = access_partner(self.tenant, self.community, kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EngagementLevel.objects.none()
        return (
            EngagementLevel.objects.filter(partner=self.partner)
            .select_related("area")
            .order_by("area__position", "area__name")
        )

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        if hasattr(self, "partner"):
            context.update(partner=self.partner, user=self.request.user)
        return context

    @extend_schema(
        request=s.LevelChangeSerializer,
        responses={201: s.EngagementChangeSerializer},
        description="Move the partner on the ladder in one area; the change is kept with who made it and why.",
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = s.LevelChangeSerializer(data=request.data, context=self.get_serializer_context())
        incoming.is_valid(raise_exception=True)
        change = incoming.save()
        return Response(s.EngagementChangeSerializer(change).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["engagement"])
class ChangeList(TenantScoped, generics.ListAPIView):
    """A partner's moves on the ladder, newest first: who made each and why."""

    serializer_class = s.EngagementChangeSerializer
    pagination_class = Pages
    read_action = "partner.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EngagementChange.objects.none()
        partner = access_partner(self.tenant, self.community, self.kwargs["pk"])
        return partner.engagement_changes.select_related("area", "changed_by").order_by("-changed_at", "-pk")


@extend_schema(tags=["teams"])
class TeamList(TenantScoped, generics.ListAPIView):
    """The community's teams, each with the partners on it and their roles."""

    serializer_class = s.TeamSerializer
    pagination_class = Pages
    read_action = "team.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Team.objects.none()
        roles = (
            TeamRole.objects.filter(partner__erased_at=None).select_related("partner").order_by("title", "pk")
        )
        return (
            self.tenant.teams(self.community)
            .filter(archived_at=None)
            .prefetch_related(Prefetch("roles", queryset=roles))
            .order_by("name", "pk")
        )


@extend_schema(tags=["plan"])
class PlanDetail(TenantScoped, generics.RetrieveAPIView):
    """The community's partnership engagement plan: goals, who engages whom and how, and agreements."""

    serializer_class = s.EngagementPlanSerializer
    read_action = "plan.view"

    def get_object(self) -> EngagementPlan:
        plan = plan_for(self.community)
        prefetch_related_objects(
            [plan],
            Prefetch(
                "entries", queryset=PlanEntry.objects.select_related("partner").order_by("position", "pk")
            ),
            Prefetch("agreements", queryset=Agreement.objects.order_by("-agreed_on", "pk")),
        )
        return plan


class TokenRotationThrottle(UserRateThrottle):
    scope = "api-token"
    rate = "10/hour"  # nobody needs more new tokens than this; a stolen session cannot churn them


@extend_schema(tags=["token"])
class TokenView(APIView):
    """Your own API token, managed from a signed-in browser session.

    There is deliberately no exchange of an email and password for a token: that would be a second
    door for guessing passwords, beside the sign-in page's rate limits, and a way around the two-factor
    sign-in that network admins must use. Sign in on the website, then POST here (with the CSRF token,
    as for any form) to get a new token; the old one stops working. DELETE revokes it.
    """

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def get_view_description(self, html: bool = False) -> str:
        # What a person reads on this page in the browser (the docstring above is for developers).
        text = _(
            "Your own API token. POST gets a new one, shown once (the old one stops working); DELETE "
            "revokes it. Send it with each request as the header: Authorization: Token <your token>."
        )
        return format_html("<p>{}</p>", text) if html else text

    def get_throttles(self):
        return [TokenRotationThrottle()] if self.request.method == "POST" else []

    @extend_schema(responses=s.TokenStatusSerializer)
    def get(self, request: Request) -> Response:
        token = Token.objects.filter(user=request.user.pk).first()
        return Response({"exists": token is not None, "created": token.created if token else None})

    @extend_schema(request=None, responses={201: s.NewTokenSerializer})
    def post(self, request: Request) -> Response:
        Token.objects.filter(user=request.user.pk).delete()
        token = Token.objects.create(user=cast(User, request.user))  # IsAuthenticated: never anonymous
        return Response({"token": token.key, "created": token.created}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="The token no longer works.")})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user.pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

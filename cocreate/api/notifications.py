"""The API of a person's own notifications: her inbox (titles in her language), marking read, and her
email choices per kind. Outside any organization, like the inbox page: everyone sees only her own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, TokenAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cocreate.accounts.models import User
from cocreate.notifications import actions
from cocreate.notifications.models import EmailChoice, Notification, NotificationPreference
from cocreate.notifications.queries import inbox_of
from cocreate.notifications.registry import notification_kinds
from cocreate.notifications.render import title

from .views import Pages

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    community = serializers.SerializerMethodField()
    organization: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "url",
            "organization",
            "community",
            "created_at",
            "read",
            "read_at",
            "email_state",
        ]

    def get_title(self, n: Notification) -> str:
        return title(n, self.context["request"].user)

    def get_community(self, n: Notification) -> str | None:
        return n.community.slug if n.community else None

    def get_read(self, n: Notification) -> bool:
        return n.read_at is not None


class Mine:
    authentication_classes: Sequence[type[BaseAuthentication]] = [TokenAuthentication, SessionAuthentication]
    permission_classes: Sequence[_PermissionClass] = [IsAuthenticated]


def me(request: Request) -> User:
    return cast(User, request.user)  # IsAuthenticated let only a signed-in person through


class NotificationList(Mine, APIView):
    """Your notifications, newest first, 50 a page; each title in your language. Three queries:
    the count, the page (with organizations and communities), and your unread count."""

    @extend_schema(responses=NotificationSerializer(many=True))
    def get(self, request: Request) -> Response:
        pages = Pages()
        page = pages.paginate_queryset(inbox_of(me(request)), request, view=self)
        data = NotificationSerializer(page, many=True, context={"request": request}).data
        response = pages.get_paginated_response(data)
        response.data["unread"] = me(request).unread_notifications
        return response


class NotificationRead(Mine, APIView):
    """Mark one of your notifications read (404 for anyone else's)."""

    @extend_schema(request=None, responses=NotificationSerializer, operation_id="me_notification_read")
    def post(self, request: Request, pk: int) -> Response:
        notification = get_object_or_404(inbox_of(me(request)), pk=pk)
        actions.do_mark_read(notification, acting_user=me(request))
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class NotificationReadAll(Mine, APIView):
    """Mark all your notifications read."""

    @extend_schema(
        request=None,
        responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField()}),
        operation_id="me_notifications_read_all",
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": actions.do_mark_all_read(me(request), acting_user=me(request))})


def _settings(user) -> list[dict[str, str]]:
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return [
        {"kind": kind.key, "label": str(kind.label), "email": chosen.get(kind.key, kind.default_email)}
        for kind in notification_kinds
    ]


class SettingSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    email = serializers.ChoiceField(EmailChoice.choices)


SettingsShape = SettingSerializer(many=True)
ChoicesShape = OpenApiTypes.OBJECT  # {kind: "immediately" | "digest" | "off", ...}


class NotificationSettings(Mine, APIView):
    """How you want to hear about each kind by email: "immediately", "digest" or "off" (the inbox
    always gets it), one entry per kind. PATCH with {kind: choice, ...} for the kinds you change."""

    @extend_schema(responses=SettingsShape, operation_id="me_notification_settings")
    def get(self, request: Request) -> Response:
        return Response(_settings(request.user))

    @extend_schema(
        request=inline_serializer(
            "NotificationChoices", {"kind": serializers.ChoiceField(EmailChoice.choices)}
        ),
        responses=SettingsShape,
    )
    def patch(self, request: Request) -> Response:
        choices = {str(k): str(v) for k, v in dict(request.data).items()}
        actions.do_set_notification_preferences(me(request), acting_user=me(request), choices=choices)
        return Response(_settings(request.user))

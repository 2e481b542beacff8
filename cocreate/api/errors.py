"""How the API answers a write the rules refused: the same messages as the pages, keyed by field."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from cocreate.core.concurrency import StaleEdit

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        'The `version` you read, e.g. "3". If someone saved the record since, nothing is changed and the '
        "answer is 412 with `changed` (each field changed meanwhile) and `current_version`. A `version` "
        "field in the body does the same (answered with 409)."
    ),
)

# For an editable record's detail view: PUT and PATCH take If-Match.
versioned_updates = extend_schema_view(
    put=extend_schema(parameters=[IF_MATCH]), patch=extend_schema(parameters=[IF_MATCH])
)


def _by_field(error: DjangoValidationError) -> dict[str, list[str]]:
    messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): list(texts)
        for name, texts in messages.items()
    }


def exception_handler(exc, context):
    """A `do_*`'s `WriteError` (any Django `ValidationError`) is a 400 `{field: [messages]}`; a stale
    edit is a 412 (with `If-Match`) or 409 naming what changed, with the current version."""
    if isinstance(exc, StaleEdit):
        request = context.get("request")
        precondition = request is not None and "If-Match" in request.headers
        body = {**_by_field(exc), "current_version": exc.current_version, "changed": exc.changed}
        return Response(
            body,
            status=status.HTTP_412_PRECONDITION_FAILED if precondition else status.HTTP_409_CONFLICT,
            headers={"ETag": f'"{exc.current_version}"'},
        )
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(_by_field(exc))
    return drf_exception_handler(exc, context)

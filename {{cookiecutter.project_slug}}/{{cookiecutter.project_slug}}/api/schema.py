"""The OpenAPI schema's roles, from the policy table, and the API's error answers.

Views list their success response next to the errors that apply to them, e.g.
`responses={201: ProductSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED}`.
"""

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .permissions import PolicyPermission
from .policy import allowed_roles


class PolicyAutoSchema(AutoSchema):
    """drf-spectacular's schema, with each operation's roles from the policy table:
    as `x-roles` for tools, and in the description for readers."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if PolicyPermission not in self.view.permission_classes:
            return operation
        grants = allowed_roles(self.view, self.method)
        operation["x-roles"] = sorted(grants)
        roles = ", ".join(
            f"{role} (own rows only)" if owner else role for role, owner in sorted(grants.items())
        )
        description = operation.get("description", "")
        operation["description"] = f"{description}\n\nRoles: {roles}.".lstrip()
        return operation


class ErrorSerializer(serializers.Serializer):
    """DRF's body for every error but invalid fields."""

    detail = serializers.CharField()
    # SimpleJWT's token errors also name the failed check and each token type tried.
    code = serializers.CharField(required=False)
    messages = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()), required=False
    )


class MessageSerializer(serializers.Serializer):
    """A success answer with nothing to return but a sentence for the user."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """Documents DRF's 400 body; its schema comes from ValidationErrorExtension."""


class ValidationErrorExtension(OpenApiSerializerExtension):
    """The 400 body's keys are the request's field names, which no fixed fields can say."""

    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": (
                "Each invalid field with its messages (`non_field_errors` for the body as a "
                "whole), or `detail` alone when the body is not valid JSON."
            ),
            "properties": {"detail": {"type": "string"}},
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }


BAD_REQUEST = OpenApiResponse(ValidationErrorSerializer, "Malformed JSON or invalid fields.")
UNAUTHORIZED = OpenApiResponse(ErrorSerializer, "Access token missing, invalid or expired.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, "The requester's role does not allow this.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, "No such object, or no such page.")
CONFLICT = OpenApiResponse(ErrorSerializer, "Other objects still refer to this one.")
THROTTLED = OpenApiResponse(ErrorSerializer, "Too many requests from this client address.")

# Goes in `parameters` next to THROTTLED: DRF tells throttled clients when to retry.
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before the next request can succeed.",
)


class DeleteWithBodySchema(AutoSchema):
    """drf-spectacular's schema, also documenting the JSON body of a DELETE.

    OpenAPI 3.0 allows one, but drf-spectacular documents bodies of PUT, PATCH and
    POST only. For views whose DELETE takes a body, e.g. a password to confirm it.
    """

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        schema, required = self._get_request_for_media_type(self.get_request_serializer())
        return {"content": {"application/json": {"schema": schema}}, "required": required}

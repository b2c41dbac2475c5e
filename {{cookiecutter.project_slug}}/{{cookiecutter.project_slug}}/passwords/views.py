from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.schema import (
    BAD_REQUEST,
    RETRY_AFTER,
    THROTTLED,
    UNAUTHORIZED,
    ErrorSerializer,
    MessageSerializer,
)
from ..api.throttling import EmailRateThrottle, ScopedRateThrottle
from ..users.tasks import send_password_reset_email
from .serializers import (
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    TokenPairSerializer,
)

RESET_REQUESTED = (
    "If an account has this email address, a link to reset its password is on its way."
)


@extend_schema(
    tags=["passwords"],
    summary="Change your password",
    description=(
        "Needs the current password; the new one must pass the password validators. "
        "Ends every session of the user (their refresh tokens are blacklisted) and "
        "answers new tokens for this client."
    ),
    parameters=[RETRY_AFTER],
    responses={200: TokenPairSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED, 429: THROTTLED},
)
class PasswordChangeView(APIView):
    """{current_password, new_password} → 200 {access, refresh}; throttled per user."""

    policy_resource = "password_change"
    serializer_class = PasswordChangeSerializer
    throttle_scope = "password_change"

    def post(self, request):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return Response(serializer.save())


@extend_schema(
    tags=["passwords"],
    summary="Ask for a password reset email",
    description=(
        "Always answers 202 with the same body, whether or not an account has the "
        "address: the email is sent in the background, to an active account only. "
        "Throttled per client IP and per email address."
    ),
    parameters=[RETRY_AFTER],
    responses={
        202: MessageSerializer,
        400: BAD_REQUEST,
        429: OpenApiResponse(
            ErrorSerializer, "Too many requests from this client address or for this email."
        ),
    },
)
class PasswordResetView(APIView):
    """{email} → 202; a task emails the account, if any, a reset link."""

    serializer_class = PasswordResetSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle, EmailRateThrottle)
    throttle_scope = "password_reset"
    email_throttle_scope = "password_reset_email"

    def post(self, request):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Whether the account exists is for the task to find out: nothing here differs.
        send_password_reset_email.enqueue(serializer.validated_data["email"])
        return Response({"detail": RESET_REQUESTED}, status=status.HTTP_202_ACCEPTED)


@extend_schema(
    tags=["passwords"],
    summary="Set a new password from a reset link",
    description=(
        "The uid and token come from the link in the reset email; the token is single "
        "use. Ends every session of the user."
    ),
    parameters=[RETRY_AFTER],
    responses={204: None, 400: BAD_REQUEST, 429: THROTTLED},
)
class PasswordResetConfirmView(APIView):
    """{uid, token, new_password} → 204; throttled per client IP."""

    serializer_class = PasswordResetConfirmSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "password_reset_confirm"

    def post(self, request):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(status=status.HTTP_204_NO_CONTENT)

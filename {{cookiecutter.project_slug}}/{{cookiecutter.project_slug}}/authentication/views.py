"""SimpleJWT's views with this API's throttles and logout rules."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
    TokenRefreshView,
)

from ..api.schema import BAD_REQUEST, RETRY_AFTER, THROTTLED, UNAUTHORIZED, ErrorSerializer
from .serializers import LoginSerializer, LogoutSerializer, RotatingRefreshSerializer
from .sessions import end_all_sessions


@extend_schema(
    tags=["auth"],
    summary="Log in",
    description="Exchanges a username and password for an access and a refresh token.",
    parameters=[RETRY_AFTER],
    request=TokenObtainPairSerializer,
    responses={
        200: TokenObtainPairSerializer,
        400: BAD_REQUEST,
        401: OpenApiResponse(ErrorSerializer, "Wrong username or password, or inactive user."),
        403: OpenApiResponse(
            ErrorSerializer,
            "The email address is not verified (only when REQUIRE_VERIFIED_EMAIL is on).",
        ),
        429: THROTTLED,
    },
)
class LoginView(TokenObtainPairView):
    """{username, password} → {access, refresh}; throttled per client IP."""

    serializer_class = LoginSerializer
    throttle_scope = "login"


@extend_schema(
    tags=["auth"],
    summary="Refresh the tokens",
    description=(
        "Exchanges a refresh token for new tokens; the one presented is blacklisted. "
        "Presenting it again (after a grace window of JWT_REFRESH_REUSE_GRACE_SECONDS) "
        "ends every session of its user: it was stolen."
    ),
    parameters=[RETRY_AFTER],
    # SimpleJWT's serializer, documented by drf-spectacular's extension for it.
    request=TokenRefreshSerializer,
    responses={
        200: TokenRefreshSerializer,
        400: BAD_REQUEST,
        401: OpenApiResponse(
            ErrorSerializer, "Refresh token invalid, expired, or blacklisted (used or logged out)."
        ),
        429: THROTTLED,
    },
)
class RefreshView(TokenRefreshView):
    """{refresh} → {access, refresh}; the presented refresh token is blacklisted."""

    serializer_class = RotatingRefreshSerializer
    throttle_scope = "refresh"


@extend_schema(
    tags=["auth"],
    summary="Log out",
    description="Blacklists the requester's refresh token: it can no longer refresh.",
    responses={
        204: None,
        400: BAD_REQUEST,
        401: OpenApiResponse(
            ErrorSerializer,
            "No valid access token, or the refresh token is invalid, expired or blacklisted.",
        ),
        403: OpenApiResponse(ErrorSerializer, "The refresh token belongs to another user."),
    },
)
class LogoutView(TokenBlacklistView):
    """{refresh} → 204 once the requester's refresh token is blacklisted."""

    authentication_classes = (JWTAuthentication,)
    permission_classes = (IsAuthenticated,)
    serializer_class = LogoutSerializer

    def post(self, request, *args, **kwargs):
        super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["auth"],
    summary="Log out everywhere",
    description="Blacklists every refresh token of the requester: every session ends.",
    request=None,
    parameters=[RETRY_AFTER],
    responses={204: None, 401: UNAUTHORIZED, 429: THROTTLED},
)
class LogoutAllView(APIView):
    """→ 204 once every refresh token of the requester is blacklisted."""

    policy_resource = "logout_all"
    throttle_scope = "logout_all"

    def post(self, request):
        end_all_sessions(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

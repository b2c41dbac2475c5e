"""SimpleJWT's views with this API's throttles and logout rules."""

from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.views import (
    TokenBlacklistView,
    TokenObtainPairView,
    TokenRefreshView,
)

from .serializers import LogoutSerializer, RotatingRefreshSerializer


class LoginView(TokenObtainPairView):
    """{username, password} → {access, refresh}; throttled per client IP."""

    throttle_scope = "login"


class RefreshView(TokenRefreshView):
    """{refresh} → {access, refresh}; the presented refresh token is blacklisted."""

    serializer_class = RotatingRefreshSerializer
    throttle_scope = "refresh"


class LogoutView(TokenBlacklistView):
    """{refresh} → 204 once the requester's refresh token is blacklisted."""

    authentication_classes = (JWTAuthentication,)
    permission_classes = (IsAuthenticated,)
    serializer_class = LogoutSerializer

    def post(self, request, *args, **kwargs):
        super().post(request, *args, **kwargs)
        return Response(status=status.HTTP_204_NO_CONTENT)

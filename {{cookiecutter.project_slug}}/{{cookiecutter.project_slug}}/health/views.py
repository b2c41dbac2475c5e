"""Health endpoints for the platform's probes and load balancers.

Public and unthrottled: no authentication (a probe carries no token, and a
stale one must not fail it), no throttle scope.
"""

from django.db import DatabaseError, connection
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class LivenessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["ok"])


class ReadinessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(["ok", "unavailable"])
    database = serializers.ChoiceField(["up", "down"])


class PublicProbeView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = ()


@extend_schema(
    tags=["health"],
    summary="Liveness",
    description=(
        "200 while the process can answer. Touches nothing outside it, so an "
        "outage of the database does not get every replica restarted."
    ),
    responses={200: LivenessSerializer},
)
class LivenessView(PublicProbeView):
    def get(self, request):
        return Response({"status": "ok"})


@extend_schema(
    tags=["health"],
    summary="Readiness",
    description="200 when the database answers a query, 503 when it does not.",
    responses={
        200: ReadinessSerializer,
        503: OpenApiResponse(ReadinessSerializer, "The database does not answer."),
    },
)
class ReadinessView(PublicProbeView):
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return Response(
                {"status": "unavailable", "database": "down"},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok", "database": "up"})

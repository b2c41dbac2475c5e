from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.permissions import AllowAny

from ..api.schema import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    RETRY_AFTER,
    THROTTLED,
    UNAUTHORIZED,
)
from .models import User
from .serializers import ProfileSerializer, RegistrationSerializer, UserAdminSerializer
from .tasks import send_welcome_email


@extend_schema(
    tags=["auth"],
    summary="Register",
    description="Creates a user with the client role and emails them a welcome.",
    parameters=[RETRY_AFTER],
    responses={201: RegistrationSerializer, 400: BAD_REQUEST, 429: THROTTLED},
)
class RegisterView(generics.CreateAPIView):
    """{username, email, password} → 201 with the new client; throttled per client IP."""

    serializer_class = RegistrationSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "register"

    def perform_create(self, serializer):
        user = serializer.save()
        # Enqueued only once the user is committed, for a worker to send; should
        # enqueueing fail, Django logs it (robust=True) instead of failing the registration.
        transaction.on_commit(lambda: send_welcome_email.enqueue(user.pk), robust=True)


@extend_schema_view(
    get=extend_schema(
        summary="Get your profile",
        responses={200: ProfileSerializer, 401: UNAUTHORIZED},
    ),
    patch=extend_schema(
        summary="Update your names or email",
        description="`role` is read-only here.",
        responses={200: ProfileSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED},
    ),
)
class MeView(generics.RetrieveUpdateAPIView):
    """The requester's own profile."""

    policy_resource = "me"
    serializer_class = ProfileSerializer
    http_method_names = ("get", "patch", "head", "options")

    def get_object(self):
        return self.request.user


@extend_schema_view(
    list=extend_schema(
        summary="List users",
        description="By id, 20 a page (`page_size` up to 100).",
        responses={200: UserAdminSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="Get a user",
        responses={200: UserAdminSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a user's role or active status",
        description="Never on themselves.",
        responses={
            200: UserAdminSerializer,
            400: BAD_REQUEST,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
)
class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Accounts, their role and active status; who may see and change them is the
    policy table's `users` rows."""

    policy_resource = "users"
    queryset = User.objects.order_by("id")
    serializer_class = UserAdminSerializer
    http_method_names = ("get", "patch", "head", "options")
    # Ids are integers: anything else is an unknown path, not a database lookup.
    lookup_value_regex = "[0-9]+"

from django.db import transaction
from rest_framework import generics, mixins, viewsets
from rest_framework.permissions import AllowAny

from ..api.permissions import IsAdminRole
from .emails import send_welcome_email
from .models import User
from .serializers import ProfileSerializer, RegistrationSerializer, UserAdminSerializer


class RegisterView(generics.CreateAPIView):
    """{username, email, password} → 201 with the new client; throttled per client IP."""

    serializer_class = RegistrationSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "register"

    def perform_create(self, serializer):
        user = serializer.save()
        # Sent only once the user is committed; a failing mail server is logged
        # by Django (robust=True) instead of failing the registration.
        transaction.on_commit(lambda: send_welcome_email(user), robust=True)


class MeView(generics.RetrieveUpdateAPIView):
    """The requester's own profile."""

    serializer_class = ProfileSerializer
    http_method_names = ("get", "patch", "head", "options")

    def get_object(self):
        return self.request.user


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Admins list users and change their role and active status."""

    queryset = User.objects.order_by("id")
    serializer_class = UserAdminSerializer
    permission_classes = (IsAdminRole,)
    http_method_names = ("get", "patch", "head", "options")
    # Ids are integers: anything else is an unknown path, not a database lookup.
    lookup_value_regex = "[0-9]+"

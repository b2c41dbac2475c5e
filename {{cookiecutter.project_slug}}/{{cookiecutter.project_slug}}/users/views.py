from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..api.schema import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    RETRY_AFTER,
    THROTTLED,
    UNAUTHORIZED,
    DeleteWithBodySchema,
    ErrorSerializer,
    MessageSerializer,
)
from .models import User
from .serializers import (
    AccountDeletionSerializer,
    EmailVerificationSerializer,
    ProfileSerializer,
    RegistrationSerializer,
    UserAdminSerializer,
    VerificationResendSerializer,
)
from .tasks import send_verification_email, send_welcome_email


@extend_schema(
    tags=["auth"],
    summary="Register",
    description=(
        "Creates a user with the client role and emails them a welcome, with the link "
        "that verifies their address."
    ),
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
        description=(
            "`role` is read-only here. A new email address is unverified until the link "
            "emailed to it is followed."
        ),
        responses={200: ProfileSerializer, 400: BAD_REQUEST, 401: UNAUTHORIZED},
    ),
    delete=extend_schema(
        summary="Delete your account",
        description=(
            "Needs your password. Deactivates the account, clears your username, names "
            "and email, and ends every session. What you created keeps you as its author."
        ),
        parameters=[RETRY_AFTER],
        request=AccountDeletionSerializer,
        responses={204: None, 400: BAD_REQUEST, 401: UNAUTHORIZED, 429: THROTTLED},
    ),
)
class MeView(generics.RetrieveUpdateAPIView):
    """The requester's own profile, and the deletion of their account."""

    policy_resource = "me"
    serializer_class = ProfileSerializer
    http_method_names = ("get", "patch", "delete", "head", "options")
    schema = DeleteWithBodySchema()

    @property
    def throttle_scope(self):
        # Only deletion checks a password, so only it is throttled against guessing.
        return "account_deletion" if self.request.method == "DELETE" else None

    def get_object(self):
        return self.request.user

    def delete(self, request):
        serializer = AccountDeletionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["auth"],
    summary="Verify your email address",
    description=(
        "The uid and token come from the link emailed to the address; a link for an "
        "earlier address, or one already used, is refused."
    ),
    parameters=[RETRY_AFTER],
    responses={204: None, 400: BAD_REQUEST, 429: THROTTLED},
)
class EmailVerificationView(APIView):
    """{uid, token} → 204 once the address is verified; throttled per client IP."""

    serializer_class = EmailVerificationSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "email_verification"

    def post(self, request):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["auth"],
    summary="Send the verification email again",
    description="To the requester's current address, unless it is verified already.",
    request=None,
    parameters=[RETRY_AFTER],
    responses={
        202: MessageSerializer,
        400: BAD_REQUEST,
        401: UNAUTHORIZED,
        429: OpenApiResponse(ErrorSerializer, "Too many requests from this user."),
    },
)
class VerificationResendView(APIView):
    """→ 202; a task emails the requester a new verification link. Throttled per user."""

    serializer_class = VerificationResendSerializer
    policy_resource = "email_verification_resend"
    throttle_scope = "email_verification_resend"

    def post(self, request):
        serializer = self.serializer_class(data={}, context={"request": request})
        serializer.is_valid(raise_exception=True)
        send_verification_email.enqueue(request.user.pk)
        return Response(
            {"detail": f"A verification link is on its way to {request.user.email}."},
            status=status.HTTP_202_ACCEPTED,
        )


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

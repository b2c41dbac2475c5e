from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    EmailVerificationView,
    MeView,
    RegisterView,
    UserViewSet,
    VerificationResendView,
)

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("register/", RegisterView.as_view(), name="register"),
    path("me/", MeView.as_view(), name="me"),
    path("email/verify/", EmailVerificationView.as_view(), name="email-verify"),
    path("email/verify/resend/", VerificationResendView.as_view(), name="email-verify-resend"),
    *router.urls,
]

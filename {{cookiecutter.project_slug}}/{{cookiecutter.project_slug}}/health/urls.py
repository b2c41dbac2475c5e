from django.urls import path

from .views import LivenessView, ReadinessView

urlpatterns = [
    path("", ReadinessView.as_view(), name="health"),
    path("live/", LivenessView.as_view(), name="health-live"),
]

import pytest
import sentry_sdk
from django.test import Client
from django.urls import path
from django_guid import clear_guid
from sentry_sdk.transport import Transport

from config.sentry import init_sentry


def failing_view(request):
    raise RuntimeError("unexpected failure")


urlpatterns = [path("fail/", failing_view)]


class CapturingTransport(Transport):
    """Keeps the events in memory instead of sending them to Sentry."""

    def __init__(self):
        super().__init__()
        self.events = []

    def capture_envelope(self, envelope):
        if event := envelope.get_event():
            self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = CapturingTransport()
    init_sentry(
        dsn="https://public-key@sentry.example.com/1",
        environment="test",
        release="app@1.0.0",
        transport=transport,
    )
    yield transport.events
    # Nothing waits to be sent: the transport kept every event as it came.
    sentry_sdk.get_client().close(timeout=0)
    sentry_sdk.get_global_scope().set_client(None)


@pytest.mark.urls(__name__)
def test_an_unhandled_error_in_a_view_sends_one_event_tagged_with_the_request_id(sentry_events):
    response = Client(raise_request_exception=False).get(
        "/fail/", headers={"Cookie": "sessionid=private", "Authorization": "Bearer private"}
    )

    assert response.status_code == 500
    (event,) = sentry_events
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["exception"]["values"][-1]["value"] == "unexpected failure"
    assert event["environment"] == "test"
    assert event["release"] == "app@1.0.0"
    # No personal data by default: no cookie, credential, user or IP address.
    assert "private" not in str(event)
    assert "user" not in event


def test_an_event_outside_any_request_has_no_request_id(sentry_events):
    clear_guid()

    sentry_sdk.capture_message("from a management command")

    (event,) = sentry_events
    assert "request_id" not in event.get("tags", {})

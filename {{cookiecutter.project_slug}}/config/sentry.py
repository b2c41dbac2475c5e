"""Error reporting to Sentry, started by the production settings when SENTRY_DSN is set."""

import sentry_sdk
from django_guid import get_guid
from sentry_sdk.integrations.django import DjangoIntegration


def init_sentry(*, dsn, environment, release, **options):
    """Report unhandled errors, each tagged with its request's id; `options` go to sentry_sdk."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        # Without send_default_pii (off unless set; setting it is deprecated in
        # favour of data_collection), no user, IP address or cookie is sent.
        integrations=[DjangoIntegration()],
        before_send=tag_request_id,
        **options,
    )


def tag_request_id(event, hint):
    """The request id that the logs carry, so an error's report and its log lines meet."""
    if request_id := get_guid():
        event.setdefault("tags", {})["request_id"] = request_id
    return event

"""The email tasks: sent by a worker from the database queue, retried when SMTP fails."""

import logging
import signal
from datetime import timedelta
from importlib import import_module
from io import StringIO
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .factories import UserFactory

tasks = import_module(f"{apps.get_app_config('users').name}.tasks")

pytestmark = pytest.mark.django_db

WORKER_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
REGISTRATION = {"username": "ada", "email": "ada@example.com", "password": "Tr0ub4dor&3-staple"}


class FailingEmailBackend(BaseEmailBackend):
    """An SMTP server that drops every connection."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def failing_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.{FailingEmailBackend.__name__}"


@pytest.fixture
def database_queue(settings):
    """Production's backend: tasks wait in PostgreSQL for `manage.py db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_worker():
    """Runs `manage.py db_worker --batch`: every queued task, then returns.

    The command sets process-wide log levels and signal handlers, put back after;
    and it closes the database connection between tasks, which would end the
    test's transaction, so that is left out.
    """
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    saved_loggers = [(logger.level, logger.handlers[:]) for logger in loggers]
    saved_signals = {number: signal.getsignal(number) for number in WORKER_SIGNALS}

    def run():
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO()
            )

    yield run
    for logger, (level, handlers) in zip(loggers, saved_loggers, strict=True):
        logger.setLevel(level)
        logger.handlers[:] = handlers
    for number, handler in saved_signals.items():
        signal.signal(number, handler)


@pytest.mark.usefixtures("database_queue")
def test_the_worker_sends_the_emails_queued_in_the_database(
    api_client, django_capture_on_commit_callbacks, db_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post("/api/register/", REGISTRATION, format="json").status_code == 201
    reset = {"email": "ada@example.com"}
    assert api_client.post("/api/password/reset/", reset, format="json").status_code == 202
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2

    db_worker()

    assert sorted(message.subject.split()[0] for message in mail.outbox) == ["Reset", "Welcome"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {
        TaskResultStatus.SUCCESSFUL
    }


@pytest.mark.usefixtures("failing_smtp")
def test_a_failing_smtp_server_is_retried_later_with_growing_delays(task_queue, caplog):
    user = UserFactory()

    for attempt, minutes in enumerate((1, 2, 4, 8), start=1):
        before = timezone.now()
        tasks.send_welcome_email.call(user.pk, attempt=attempt)

        retry = task_queue.results[-1]
        assert (retry.task.name, retry.args, retry.kwargs) == (
            "send_welcome_email",
            [user.pk],
            {"attempt": attempt + 1},
        )
        delay = timedelta(minutes=minutes)
        assert before + delay <= retry.task.run_after <= timezone.now() + delay
        assert caplog.records[-1].levelno == logging.WARNING
        assert caplog.records[-1].getMessage() == (
            f"send_welcome_email failed on attempt {attempt}, retrying in {delay}:"
            " Connection unexpectedly closed"
        )
    assert len(task_queue.results) == 4


@pytest.mark.usefixtures("failing_smtp")
def test_the_fifth_failure_is_given_up_and_raised(task_queue, caplog):
    user = UserFactory()

    with pytest.raises(SMTPServerDisconnected):
        tasks.send_password_reset_email.call(user.email, attempt=5)

    assert task_queue.results == []
    assert caplog.records[-1].levelno == logging.ERROR
    assert caplog.records[-1].getMessage() == (
        "send_password_reset_email failed on attempt 5, given up: Connection unexpectedly closed"
    )


@pytest.mark.usefixtures("failing_smtp")
def test_a_backend_that_cannot_defer_records_the_failure_at_once(api_client, caplog):
    """The immediate backend (local runs, tests) runs the task in the request: the
    failure is logged with its traceback, and the request still succeeds."""
    response = api_client.post(
        "/api/password/reset/", {"email": UserFactory().email}, format="json"
    )

    assert response.status_code == 202
    assert [record.levelname for record in caplog.records if record.name != "django.request"][
        -2:
    ] == ["ERROR", "ERROR"]
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in caplog.text
    assert mail.outbox == []


def test_a_reset_for_an_address_no_active_account_has_sends_nothing(caplog):
    UserFactory(email="gone@example.com", is_active=False)
    caplog.set_level(logging.INFO, logger=tasks.logger.name)

    tasks.send_password_reset_email.call("gone@example.com")

    assert mail.outbox == []
    assert "Password reset asked for an address no active account has." in caplog.text

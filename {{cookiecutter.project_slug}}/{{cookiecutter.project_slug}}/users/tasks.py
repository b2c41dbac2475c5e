"""Background tasks: the emails, sent by a worker (`manage.py db_worker`) off the request.

A task takes ids and addresses, not objects: its arguments are stored as JSON
until a worker runs it, and it reads the user as they are then.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.utils import timezone
from django_tasks import task

from . import emails
from .models import User

logger = logging.getLogger(__name__)

# Minutes before each new attempt at an email the SMTP server did not take.
RETRY_DELAYS = (1, 2, 4, 8)


def deliver(email_task, send, *args, attempt):
    """Sends an email; when the SMTP server fails, enqueues the task again later.

    django-tasks has no retries of its own: each attempt is a new task, deferred
    with `run_after`. The last failure (or any where the backend cannot defer,
    as the immediate one run locally and in tests) is raised, so that the task
    is recorded as failed and logged with its traceback.
    """
    try:
        send()
    except (SMTPException, OSError) as error:
        if attempt > len(RETRY_DELAYS) or not email_task.get_backend().supports_defer:
            logger.error("%s failed on attempt %d, given up: %s", email_task.name, attempt, error)
            raise
        delay = timedelta(minutes=RETRY_DELAYS[attempt - 1])
        logger.warning(
            "%s failed on attempt %d, retrying in %s: %s", email_task.name, attempt, delay, error
        )
        email_task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)


@task()
def send_welcome_email(user_id, attempt=1):
    user = User.objects.get(pk=user_id)
    deliver(send_welcome_email, lambda: emails.send_welcome_email(user), user_id, attempt=attempt)


@task()
def send_verification_email(user_id, attempt=1):
    user = User.objects.get(pk=user_id)
    deliver(
        send_verification_email,
        lambda: emails.send_verification_email(user),
        user_id,
        attempt=attempt,
    )


@task()
def send_password_reset_email(email, attempt=1):
    """Looks the account up here, not in the request: the request answers the same
    whether or not one has this address, in the same time."""
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        logger.info("Password reset asked for an address no active account has.")
        return
    deliver(
        send_password_reset_email,
        lambda: emails.send_password_reset_email(user),
        email,
        attempt=attempt,
    )

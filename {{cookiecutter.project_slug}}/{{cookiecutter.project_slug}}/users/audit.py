"""The audit trail of role changes: who changed whose role, from what to what."""

import logging

logger = logging.getLogger(__name__)


def log_role_change(changed_by, user, old_role):
    """Logs the change when `user`'s role is no longer `old_role` (None: a new user)."""
    if user.role == old_role:
        return
    logger.info(
        "%s (id %s) changed the role of %s (id %s) from %s to %s.",
        changed_by.username,
        changed_by.pk,
        user.username,
        user.pk,
        old_role or "none (new user)",
        user.role,
        extra={
            "changed_by": changed_by.pk,
            "user": user.pk,
            "old_role": old_role and str(old_role),
            "new_role": str(user.role),
        },
    )

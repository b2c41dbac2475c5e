"""The access log the benchmark weighs this project's (config/access_log.py) against,
besides gunicorn's own (`gunicorn.glogging.Logger`)."""

from config.access_log import AccessLogger


class NoAccessLogger(AccessLogger):
    """No access log at all: the floor the others are measured against."""

    def access(self, resp, req, environ, request_time):
        """Nothing is logged."""

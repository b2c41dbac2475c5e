"""Access logs the benchmark weighs the queued one (config/access_log.py) against."""

from gunicorn.glogging import Logger

from config.access_log import QueuedAccessLogger


class InlineAccessLogger(QueuedAccessLogger):
    """gunicorn's own access log: the request's thread builds, formats and writes
    each line (what this project ran before the queue)."""

    setup = Logger.setup
    access = Logger.access

    def start_access_writer(self):
        """There is no writer thread."""

    def stop_access_writer(self):
        """There is no writer thread."""


class NoAccessLogger(QueuedAccessLogger):
    """No access log at all: the floor both are measured against."""

    def access(self, resp, req, environ, request_time):
        """Nothing is logged."""

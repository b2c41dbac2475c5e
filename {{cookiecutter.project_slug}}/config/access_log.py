"""gunicorn's access log, written by a thread of its own (`logger_class` in gunicorn.conf.py).

A request's thread only puts a record on a queue; each worker's writer thread
formats it (JSON, by the handlers gunicorn.conf.py gives `gunicorn.access`) and
writes it to stdout, so no request waits on the log.
"""

import queue
from logging.handlers import QueueHandler, QueueListener

from gunicorn.glogging import Logger

REQUEST_ID_HEADER = "x-request-id"


class QueuedAccessLogger(Logger):
    """gunicorn's logger, with a lean access record queued for a writer thread.

    Start the writer in each worker (post_worker_init) and stop it as the worker
    exits (worker_exit): stopping writes out what is still queued.
    """

    def setup(self, cfg):
        super().setup(cfg)
        records = queue.SimpleQueue()
        self.access_writer = QueueListener(
            records, *self.access_log.handlers, respect_handler_level=True
        )
        self.access_log.handlers = [QueueHandler(records)]
        self.access_log.propagate = False
        self.access_writer_started = False

    def start_access_writer(self):
        self.access_writer.start()
        self.access_writer_started = True

    def stop_access_writer(self):
        # Also called for a worker that never started it (one that failed to
        # boot), where Python 3.11's QueueListener.stop() would raise.
        if self.access_writer_started:
            self.access_writer.stop()
            self.access_writer_started = False

    def access(self, resp, req, environ, request_time):
        """One record per request, of what the line shows only: gunicorn's own
        access() first builds a dict of every header and environ entry."""
        if not self.access_log_enabled:
            return
        request_id = next(
            (value for name, value in resp.headers if name.lower() == REQUEST_ID_HEADER), None
        )
        self.access_log.info(
            '%s "%s %s %s" %s %s',
            environ.get("REMOTE_ADDR", "-"),
            environ["REQUEST_METHOD"],
            environ["RAW_URI"],
            environ["SERVER_PROTOCOL"],
            resp.status_code,
            resp.sent,
            extra={
                "request_id": request_id,
                "duration_ms": round(request_time.total_seconds() * 1000, 3),
                "user_agent": environ.get("HTTP_USER_AGENT"),
            },
        )

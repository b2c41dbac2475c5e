"""gunicorn's access log (`logger_class` in gunicorn.conf.py): one JSON line per request.

gunicorn's own access() first builds a dict of every header and environ entry for
its format string; this one records only what the line shows, with the request
id. The worker writes it as it answers: a writer thread of its own measured
slower (README.md, Benchmark), as handing each record over cost more than the
write it saved.
"""

from gunicorn.glogging import Logger

REQUEST_ID_HEADER = "x-request-id"


class AccessLogger(Logger):
    """gunicorn's logger, with a lean access record that carries the request id."""

    def access(self, resp, req, environ, request_time):
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

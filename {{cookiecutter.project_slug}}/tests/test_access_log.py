"""gunicorn's access log (config/access_log.py, set up by gunicorn.conf.py): one JSON
line per request, with its request id."""

import copy
import datetime
import io
import json
import logging
import os
import runpy
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from gunicorn.config import Config

from config.access_log import AccessLogger

# Its environment left as it was: gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR,
# which would put this process's metrics in multiprocess mode.
with mock.patch.dict(os.environ):
    GUNICORN_CONF = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
LOGGERS = ("", "gunicorn.error", "gunicorn.access")


@pytest.fixture
def restore_logging():
    """gunicorn's logger configures logging for the whole process: undo it afterwards."""
    saved = [
        (logger, logger.handlers[:], logger.level, logger.propagate)
        for logger in map(logging.getLogger, LOGGERS)
    ]
    yield
    for logger, handlers, level, propagate in saved:
        logger.handlers, logger.level, logger.propagate = handlers, level, propagate


def gunicorn_logger(**settings):
    config = Config()
    for name, value in settings.items():
        config.set(name, value)
    return AccessLogger(config)


@pytest.fixture
def stdout():
    """What gunicorn.conf.py's handler writes to stdout."""
    return io.StringIO()


@pytest.fixture
def logger(stdout, restore_logging):
    """The logger as gunicorn.conf.py sets it up."""
    logconfig = copy.deepcopy(GUNICORN_CONF["logconfig_dict"])
    logconfig["handlers"]["stdout"]["stream"] = stdout
    return gunicorn_logger(accesslog=GUNICORN_CONF["accesslog"], logconfig_dict=logconfig)


def request_served(logger, *headers):
    logger.access(
        SimpleNamespace(
            status_code=200,
            sent=1234,
            headers=[("Content-Type", "application/json"), *headers],
        ),
        None,
        {
            "REMOTE_ADDR": "203.0.113.7",
            "REQUEST_METHOD": "GET",
            "RAW_URI": "/api/products/?page=2",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_USER_AGENT": "curl/8.0",
        },
        datetime.timedelta(microseconds=12345),
    )


def written_lines(stdout):
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_a_request_is_one_json_line_with_its_request_id(logger, stdout):
    request_served(logger, ("X-Request-ID", "4c2a7e5b"))

    (line,) = written_lines(stdout)
    assert line["logger"] == "gunicorn.access"
    assert line["level"] == "INFO"
    assert line["message"] == '203.0.113.7 "GET /api/products/?page=2 HTTP/1.1" 200 1234'
    assert line["request_id"] == "4c2a7e5b"
    assert line["duration_ms"] == 12.345
    assert line["user_agent"] == "curl/8.0"
    assert "time" in line


def test_a_response_without_a_request_id_logs_it_as_null(logger, stdout):
    request_served(logger)

    (line,) = written_lines(stdout)
    assert line["request_id"] is None


def test_without_an_access_log_configured_no_record_is_made(stdout, restore_logging):
    logger = gunicorn_logger()
    logger.access_log.addHandler(logging.StreamHandler(stdout))

    request_served(logger, ("X-Request-ID", "4c2a7e5b"))

    assert written_lines(stdout) == []

import io
import json
import logging
import uuid

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log_lines():
    """The JSON lines the root logger's handler writes during the test."""
    (handler,) = (handler for handler in logging.getLogger().handlers if handler.name == "stdout")
    buffer = io.StringIO()
    stream = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(stream)


def test_a_request_without_an_id_gets_a_new_one_in_the_response(client):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]

    assert uuid.UUID(first).hex == first
    assert first != second


def test_the_proxys_request_id_is_kept(client):
    request_id = str(uuid.uuid4())

    response = client.get("/health/", headers={"X-Request-ID": request_id})

    assert response["X-Request-ID"] == request_id


def test_a_request_id_that_is_not_a_uuid_is_replaced(client):
    response = client.get("/health/", headers={"X-Request-ID": "forged\nlog line"})

    assert response.status_code == 200
    assert uuid.UUID(response["X-Request-ID"]).hex == response["X-Request-ID"]


def test_every_log_line_of_a_request_carries_its_id(client, json_log_lines):
    request_id = str(uuid.uuid4())

    # Django logs each 4xx: here, "Unauthorized: /api/products/".
    response = client.get("/api/products/", headers={"X-Request-ID": request_id})

    lines = json_log_lines()
    assert response.status_code == 401
    assert lines
    assert {line["request_id"] for line in lines} == {request_id}
    assert {"time", "level", "logger", "message"} <= lines[0].keys()

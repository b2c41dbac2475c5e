"""Browser apps on the allowed origins may call /api/; other origins and paths get no CORS."""

import runpy
from pathlib import Path

import pytest
from django.core import checks

pytestmark = pytest.mark.django_db

APP = "https://app.example.com"
BASE_SETTINGS = Path(__file__).resolve().parent.parent / "config" / "settings" / "base.py"


@pytest.fixture(autouse=True)
def _allowed_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def preflight(client, path, origin, method="POST", headers="authorization, content-type"):
    return client.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


def test_a_preflight_from_an_allowed_origin_lets_bearer_json_requests_through(client):
    response = preflight(client, "/api/products/", APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert {"authorization", "content-type"} <= set(
        response["Access-Control-Allow-Headers"].split(", ")
    )
    assert "POST" in response["Access-Control-Allow-Methods"].split(", ")
    assert int(response["Access-Control-Max-Age"]) > 0
    # Bearer tokens, not cookies: the browser must not send credentials.
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_from_another_origin_gets_no_cors_headers(client):
    response = preflight(client, "/api/login/", "https://evil.example.com")

    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Headers" not in response


def test_an_origin_matches_exactly_scheme_host_and_port(client):
    for near_miss in ("http://app.example.com", "https://app.example.com:8443", "null"):
        response = preflight(client, "/api/login/", near_miss)

        assert "Access-Control-Allow-Origin" not in response, near_miss


def test_an_allowed_origin_reads_the_answer_and_its_request_id(client, jwt_client, client_user):
    response = jwt_client(client_user).get("/api/products/", headers={"Origin": APP})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert response["Access-Control-Expose-Headers"] == "X-Request-ID"
    assert response["X-Request-ID"]
    assert "origin" in response["Vary"].lower()


def test_error_answers_carry_cors_headers_so_the_app_can_read_them(client):
    response = client.post(
        "/api/login/",
        {"username": "nobody", "password": "wrong"},
        content_type="application/json",
        headers={"Origin": APP},
    )

    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == APP


@pytest.mark.parametrize("path", ["/health/", "/admin/login/"])
def test_only_the_api_answers_cross_origin(client, path):
    response = client.get(path, headers={"Origin": APP})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(monkeypatch):
    monkeypatch.delenv("DJANGO_CORS_ALLOWED_ORIGINS", raising=False)

    assert runpy.run_path(str(BASE_SETTINGS))["CORS_ALLOWED_ORIGINS"] == []


def test_allowed_origins_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_CORS_ALLOWED_ORIGINS", f"{APP},http://localhost:5173")

    origins = runpy.run_path(str(BASE_SETTINGS))["CORS_ALLOWED_ORIGINS"]

    assert origins == [APP, "http://localhost:5173"]


def test_a_mistyped_origin_stops_start_up_with_a_system_check_error(settings):
    # A trailing slash: browsers send origins without a path, so it would never match.
    settings.CORS_ALLOWED_ORIGINS = [f"{APP}/"]

    errors = checks.run_checks(tags=[checks.Tags.security])

    assert [error.id for error in errors] == ["corsheaders.E014"]
    assert f"'{APP}/'" in errors[0].msg

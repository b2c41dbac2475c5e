import os
import runpy

import psycopg
import pytest
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler

from config.embedded_postgres import database_settings


def test_wsgi_module_exposes_a_django_application():
    from config.wsgi import application  # noqa: PLC0415 - importing it is the test

    assert isinstance(application, WSGIHandler)


def test_asgi_module_exposes_a_django_application():
    from config.asgi import application  # noqa: PLC0415 - importing it is the test

    assert isinstance(application, ASGIHandler)


def test_database_url_wins_over_the_embedded_server(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db.internal:5433/app")

    settings = database_settings(tmp_path / "pgdata", keep_data=True)

    assert settings["HOST"] == "db.internal"
    assert settings["PORT"] == 5433
    assert settings["NAME"] == "app"
    assert not (tmp_path / "pgdata").exists()


def test_without_a_database_url_an_embedded_postgresql_serves(monkeypatch, settings):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    # The suite's own folder: where the suite runs on the embedded database, its
    # server answers; where it runs on a server, one starts there, and is deleted
    # when the run ends. (Not tmp_path: as root, the server runs as its own user,
    # and each pytest run makes its folders private to root again.)
    data_dir = settings.EMBEDDED_POSTGRES_DIR

    database = database_settings(data_dir, keep_data=False)

    assert os.environ["DATABASE_URL"].startswith("postgresql://")
    assert (data_dir / "PG_VERSION").exists()
    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
    assert database["ENGINE"] == "django.db.backends.postgresql"


ACCOUNT_SETTINGS = {
    "PASSWORD_RESET_TIMEOUT": int,
    "PASSWORD_RESET_URL": str,
    "EMAIL_VERIFICATION_URL": str,
    "REQUIRE_VERIFIED_EMAIL": lambda value: value == "true",
    "JWT_REFRESH_REUSE_GRACE_SECONDS": int,
}


@pytest.mark.parametrize(("name", "parse"), ACCOUNT_SETTINGS.items())
def test_account_settings_default_to_what_env_example_documents(
    monkeypatch, settings, documented_defaults, name, parse
):
    monkeypatch.delenv(name, raising=False)

    base = runpy.run_path(str(settings.BASE_DIR / "config" / "settings" / "base.py"))

    assert base[name] == parse(documented_defaults[name])

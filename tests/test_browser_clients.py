"""The default bake's API as its clients meet it, over real HTTP against its runserver.

- Debian's headless Chromium (driven by Playwright) loads a page from another
  loopback port: from an allowed origin its fetch() calls log in, read /api/me/
  and list products; from any other origin the browser blocks them (CORS).
- Swagger UI at /api/docs/ renders every operation of the schema in Chromium,
  with no request to another host.
- A Python client generated from /api/schema/ by openapi-python-client logs in,
  reads its profile, lists and creates products, refreshes and logs out, changes
  a password and resets one through the link of the emailed reset message (the
  console backend prints it in runserver's output); registers, verifies its email
  address through the emailed link, asks for a link again, and logs out
  everywhere; and gets typed models back.

runserver runs with the local settings, as a developer runs it, on a throwaway
database on the PostgreSQL server of TEMPLATE_TEST_DATABASE_URL.
"""

import contextlib
import dataclasses
import functools
import http.server
import importlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from .conftest import IN_CI, SERVER_DATABASE_URL, require_service, run_in_project
from .test_production_settings import UNREACHED_DATABASE_URL
from .tools import production_env

# One worker runs them all; its session-scoped fixtures start the server, the
# pages' origins and Chromium once (module scope would start them again whenever
# the worker ran another module's tests in between).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser_clients")]

# Bounds on every wait, so that a broken server or page fails instead of hanging.
START_TIMEOUT = 60
PAGE_TIMEOUT_MS = 20_000
OPERATION_METHODS = {"get", "post", "put", "patch", "delete"}

# Run with the project's psycopg: argv is the server's URL, a statement, a database name.
DATABASE_SQL = """
import sys, psycopg
from psycopg import sql
with psycopg.connect(sys.argv[1], autocommit=True) as admin:
    admin.execute(sql.SQL(sys.argv[2]).format(sql.Identifier(sys.argv[3])))
"""
CREATE = "CREATE DATABASE {}"
DROP = "DROP DATABASE IF EXISTS {} WITH (FORCE)"

# The front end of the pages: what a single-page app does with the API.
APP_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Front end</title><link rel="icon" href="data:,"></head>
<body>
<script>
async function call(api, path, options = {}) {
  const response = await fetch(api + path, options);
  return {status: response.status, body: await response.json(),
          requestId: response.headers.get("X-Request-ID")};
}

async function signInAndBrowse(api, username, password) {
  const login = await call(api, "/api/login/", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({username, password}),
  });
  const auth = {headers: {"Authorization": "Bearer " + login.body.access}};
  return {
    login: login.status,
    me: await call(api, "/api/me/", auth),
    products: await call(api, "/api/products/", auth),
  };
}

async function attempt(work) {
  try {
    return {answered: await work()};
  } catch (error) {
    return {failed: error.name + ": " + error.message};
  }
}
</script>
</body>
</html>
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def chromium():
    """Debian's Chromium (.ci/run installs it): fail in CI, skip elsewhere, when missing."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "no chromium on PATH (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return executable


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def static_site(folder):
    """Serves `folder` on a free loopback port in a thread; yields its origin."""
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@dataclasses.dataclass
class LiveApi:
    """A baked project's runserver: its URL, its output (emails included), its demo users."""

    url: str
    log: Path
    passwords: dict = dataclasses.field(default_factory=dict)

    def output(self):
        return self.log.read_text(errors="replace")

    def requests(self):
        """(method and path, status) of each request served, from runserver's JSON log."""
        served = []
        for line in self.output().splitlines():
            record = json.loads(line) if line.startswith("{") else {}
            if record.get("logger") == "django.server":
                # Its message: "GET /api/me/ HTTP/1.1" 200 123
                request = record["message"].split('"')[1]
                served.append((request.rsplit(" ", 1)[0], record["status_code"]))
        return served


@pytest.fixture(scope="session")
def front_ends(tmp_path_factory):
    """Two origins serving the app page: the API allows the first, not the second."""
    folder = tmp_path_factory.mktemp("front_end")
    (folder / "index.html").write_text(APP_PAGE)
    with static_site(folder) as allowed, static_site(folder) as other:
        yield allowed, other


@pytest.fixture(scope="session")
def live_api(default_project, default_venv, front_ends, tmp_path_factory):
    require_service("PostgreSQL", SERVER_DATABASE_URL)
    allowed, _ = front_ends
    name = f"browser_{uuid.uuid4().hex[:12]}"
    created = run_in_project(
        default_project, default_venv, "python", "-c", DATABASE_SQL,
        SERVER_DATABASE_URL, CREATE, name,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    env = {
        "DATABASE_URL": urlsplit(SERVER_DATABASE_URL)._replace(path=f"/{name}").geturl(),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_CORS_ALLOWED_ORIGINS": allowed,
        # Every login of these tests comes from 127.0.0.1.
        "LOGIN_THROTTLE_RATE": "1000/minute",
        # Its output, emails included, reaches the log at once.
        "PYTHONUNBUFFERED": "1",
    }
    try:
        for command in (["migrate", "--no-input"], ["create_demo_users"]):
            result = run_in_project(
                default_project, default_venv, "python", "manage.py", *command, env=env
            )
            assert result.returncode == 0, result.stdout + result.stderr
        # Its "demo_staff    staff   <password>" lines.
        passwords = dict(re.findall(r"^(demo_\w+) +\w+ +(\S+)$", result.stdout, re.MULTILINE))
        with runserver(default_project, default_venv, env, tmp_path_factory) as live:
            live.passwords.update(passwords)
            yield live
    finally:
        run_in_project(
            default_project, default_venv, "python", "-c", DATABASE_SQL,
            SERVER_DATABASE_URL, DROP, name,
        )  # fmt: skip


@contextlib.contextmanager
def runserver(project, venv, env, tmp_path_factory):
    """`manage.py runserver` on a free port; its output (emails included) goes to a file."""
    port = free_port()
    log = tmp_path_factory.mktemp("runserver") / "output.log"
    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV"}
    }
    with log.open("wb") as output:
        server = subprocess.Popen(
            [venv / "bin" / "python", "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=project,
            env={**full_env, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    live = LiveApi(f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, live.output()
            assert time.monotonic() < deadline, live.output()
            with contextlib.suppress(OSError):
                if get_json(f"{live.url}/health/")["status"] == "ok":
                    break
            time.sleep(0.2)
        yield live
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def test_an_allowed_origin_logs_in_reads_its_profile_and_lists_products(live_api, front_ends, page):
    allowed, _ = front_ends
    page.goto(f"{allowed}/index.html")

    result = page.evaluate(
        "([api, username, password]) => attempt(() => signInAndBrowse(api, username, password))",
        [live_api.url, "demo_staff", live_api.passwords["demo_staff"]],
    )

    answered = result.get("answered")
    assert answered, result
    assert answered["login"] == 200
    assert answered["me"]["status"] == 200
    assert answered["me"]["body"]["username"] == "demo_staff"
    assert answered["me"]["body"]["role"] == "staff"
    assert answered["products"]["status"] == 200
    assert set(answered["products"]["body"]) >= {"count", "results"}
    # Exposed to the page by CORS: a cross-origin script reads no other header.
    assert re.fullmatch(r"[0-9a-f]{32}", answered["me"]["requestId"]), answered


def test_another_origin_is_blocked_by_the_browser(live_api, front_ends, page):
    _, other = front_ends
    page.goto(f"{other}/index.html")
    served_before = len(live_api.requests())
    console = []
    page.on("console", lambda message: console.append(message.text))

    login = page.evaluate(
        "([api, username, password]) => attempt(() => signInAndBrowse(api, username, password))",
        [live_api.url, "demo_staff", live_api.passwords["demo_staff"]],
    )
    # A simple request (no preflight) reaches the server, but its answer is hidden.
    listing = page.evaluate("(api) => attempt(() => call(api, '/api/products/'))", live_api.url)

    assert login == {"failed": "TypeError: Failed to fetch"}
    assert listing == {"failed": "TypeError: Failed to fetch"}
    blocked = [text for text in console if "has been blocked by CORS policy" in text]
    assert len(blocked) == 2, console
    assert f"'{live_api.url}/api/login/' from origin '{other}'" in blocked[0]
    assert "Response to preflight request doesn't pass access control check" in blocked[0]
    assert f"'{live_api.url}/api/products/' from origin '{other}'" in blocked[1]
    # The login's preflight was answered without CORS headers, so its POST never
    # left the browser; the simple GET did, and its 401 stayed hidden from the page.
    assert live_api.requests()[served_before:] == [
        ("OPTIONS /api/login/", 200),
        ("GET /api/products/", 401),
    ]


def test_swagger_ui_renders_every_operation_with_no_request_to_another_host(live_api, page):
    schema = get_json(f"{live_api.url}/api/schema/?format=json")
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in OPERATION_METHODS
    }
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_api.url}/api/docs/")
    page.wait_for_function(
        "count => document.querySelectorAll('.opblock').length === count", arg=len(operations)
    )

    rendered = {
        (block.locator(".opblock-summary-method").inner_text(),
         block.locator(".opblock-summary-path").get_attribute("data-path"))
        for block in page.locator(".opblock").all()
    }  # fmt: skip
    assert rendered == operations
    assert requested, "the page made no request"
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(live_api.url).netloc}


@pytest.fixture(scope="session")
def generated_client(live_api, tmp_path_factory):
    """The Python package openapi-python-client generates from the live /api/schema/."""
    folder = tmp_path_factory.mktemp("openapi_client")
    config = folder / "config.yaml"
    # No post hooks: they would run ruff over the code, which changes nothing it does.
    config.write_text("package_name_override: api_client\npost_hooks: []\n")
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [
            generator,
            "generate",
            "--url", f"{live_api.url}/api/schema/",
            "--meta", "none",
            "--config", str(config),
            "--output-path", str(folder / "api_client"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # The generator understood every part of the schema: it warns about what it skips.
    assert "Warning" not in output, output
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("api_client")
    finally:
        sys.path.remove(str(folder))
        for module in [name for name in sys.modules if name.split(".")[0] == "api_client"]:
            del sys.modules[module]


def test_a_generated_client_logs_in_manages_products_refreshes_and_logs_out(
    live_api, generated_client
):
    from api_client.api.auth import (
        login_create,
        logout_create,
        refresh_create,
    )
    from api_client.api.me import me_retrieve
    from api_client.api.products import products_create, products_list
    from api_client.models import (
        Error,
        LogoutRequest,
        PaginatedProductList,
        Product,
        ProductRequest,
        Profile,
        RoleEnum,
        TokenObtainPair,
        TokenObtainPairRequest,
        TokenRefresh,
        TokenRefreshRequest,
    )

    anonymous = generated_client.Client(base_url=live_api.url, raise_on_unexpected_status=True)
    tokens = login_create.sync(
        client=anonymous,
        body=TokenObtainPairRequest(
            username="demo_staff", password=live_api.passwords["demo_staff"]
        ),
    )
    assert isinstance(tokens, TokenObtainPair)
    staff = generated_client.AuthenticatedClient(
        base_url=live_api.url, token=tokens.access, raise_on_unexpected_status=True
    )

    me = me_retrieve.sync(client=staff)
    assert isinstance(me, Profile)
    assert (me.username, me.role) == ("demo_staff", RoleEnum.STAFF)

    created = products_create.sync(
        client=staff,
        body=ProductRequest(name="Generated widget", price="12.50", description="typed"),
    )
    assert isinstance(created, Product)
    assert (created.name, created.price, created.created_by.username) == (
        "Generated widget",
        "12.50",
        "demo_staff",
    )
    listed = products_list.sync(client=staff, search="Generated widget")
    assert isinstance(listed, PaginatedProductList)
    assert [product.id for product in listed.results] == [created.id]

    refreshed = refresh_create.sync(
        client=anonymous, body=TokenRefreshRequest(refresh=tokens.refresh)
    )
    assert isinstance(refreshed, TokenRefresh)
    assert refreshed.refresh != tokens.refresh

    logged_out = logout_create.sync_detailed(
        client=staff, body=LogoutRequest(refresh=refreshed.refresh)
    )
    assert logged_out.status_code == 204
    # The blacklisted refresh token no longer refreshes: a typed 401 error.
    refused = refresh_create.sync_detailed(
        client=anonymous, body=TokenRefreshRequest(refresh=refreshed.refresh)
    )
    assert refused.status_code == 401
    assert isinstance(refused.parsed, Error)


@pytest.mark.parametrize(
    ("settings", "origins"),
    [
        ("local", ["http://localhost:5173", "http://127.0.0.1:5173",
                   "http://localhost:3000", "http://127.0.0.1:3000"]),
        ("production", []),
    ],
)  # fmt: skip
def test_the_dev_servers_are_allowed_locally_and_no_origin_in_production(
    default_project, default_venv, settings, origins
):
    env = production_env(
        UNREACHED_DATABASE_URL, DJANGO_SETTINGS_MODULE=f"config.settings.{settings}"
    )

    result = run_in_project(
        default_project, default_venv, "python", "-c",
        "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)",
        env=env,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(origins)


def test_a_generated_client_changes_a_password_then_resets_it_from_the_email(
    live_api, generated_client
):
    from api_client.api.auth import login_create, refresh_create
    from api_client.api.passwords import (
        password_change_create,
        password_reset_confirm_create,
        password_reset_create,
    )
    from api_client.models import (
        Error,
        Message,
        PasswordChangeRequest,
        PasswordResetConfirmRequest,
        PasswordResetRequest,
        TokenObtainPair,
        TokenObtainPairRequest,
        TokenPair,
        TokenRefreshRequest,
        ValidationError,
    )

    anonymous = generated_client.Client(base_url=live_api.url, raise_on_unexpected_status=True)

    def login(password):
        body = TokenObtainPairRequest(username="demo_client", password=password)
        return login_create.sync_detailed(client=anonymous, body=body)

    tokens = login(live_api.passwords["demo_client"]).parsed
    user = generated_client.AuthenticatedClient(
        base_url=live_api.url, token=tokens.access, raise_on_unexpected_status=True
    )

    wrong = password_change_create.sync_detailed(
        client=user,
        body=PasswordChangeRequest(current_password="not-it", new_password="Changed-pass-42"),
    )
    assert wrong.status_code == 400
    assert isinstance(wrong.parsed, ValidationError)
    changed = password_change_create.sync(
        client=user,
        body=PasswordChangeRequest(
            current_password=live_api.passwords["demo_client"], new_password="Changed-pass-42"
        ),
    )
    assert isinstance(changed, TokenPair)
    # The other sessions ended: the refresh token from before the change is refused.
    stale = refresh_create.sync_detailed(
        client=anonymous, body=TokenRefreshRequest(refresh=tokens.refresh)
    )
    assert stale.status_code == 401
    assert isinstance(stale.parsed, Error)

    accepted = password_reset_create.sync_detailed(
        client=anonymous, body=PasswordResetRequest(email="demo_client@example.com")
    )
    assert accepted.status_code == 202
    assert isinstance(accepted.parsed, Message)
    # The reset email, printed by the console backend (tasks run at once locally).
    links = re.findall(r"reset-password\?uid=([^&\s]+)&token=(\S+)", live_api.output())
    assert len(links) == 1, live_api.output()[-3000:]
    uid, token = links[0]
    confirm = PasswordResetConfirmRequest(uid=uid, token=token, new_password="Reset-pass-42")

    reset = password_reset_confirm_create.sync_detailed(client=anonymous, body=confirm)
    assert reset.status_code == 204
    reused = password_reset_confirm_create.sync_detailed(client=anonymous, body=confirm)
    assert reused.status_code == 400
    assert isinstance(reused.parsed, ValidationError)

    assert login("Changed-pass-42").status_code == 401
    assert isinstance(login("Reset-pass-42").parsed, TokenObtainPair)


def test_a_generated_client_registers_verifies_its_email_and_logs_out_everywhere(
    live_api, generated_client
):
    from api_client.api.auth import (
        email_verify_create,
        email_verify_resend_create,
        login_create,
        logout_all_create,
        refresh_create,
        register_create,
    )
    from api_client.api.me import me_retrieve
    from api_client.models import (
        EmailVerificationRequest,
        Error,
        Message,
        Profile,
        Registration,
        RegistrationRequest,
        TokenObtainPair,
        TokenObtainPairRequest,
        TokenRefreshRequest,
        ValidationError,
    )

    # The public operations' schema says `security: [{}]` (anonymous access), which the
    # generator reads as required: their signatures ask for an AuthenticatedClient
    # (openapi-python-client#1372), but a plain Client is what they need and get.
    anonymous = generated_client.Client(base_url=live_api.url, raise_on_unexpected_status=True)
    printed_before = len(live_api.output())

    def verification_links():
        """The (uid, token) of each verification email printed since the test began."""
        emails = live_api.output()[printed_before:]
        return re.findall(r"verify-email\?uid=([^&\s]+)&token=(\S+)", emails)

    registered = register_create.sync(
        client=anonymous,
        body=RegistrationRequest(
            username="generated_user", email="generated@example.com", password="Register-pass-42"
        ),
    )
    assert isinstance(registered, Registration)
    assert (registered.username, registered.email_verified) == ("generated_user", False)
    # The welcome email carries the first link.
    assert len(verification_links()) == 1, live_api.output()[printed_before:]

    def login():
        body = TokenObtainPairRequest(username="generated_user", password="Register-pass-42")
        tokens = login_create.sync(client=anonymous, body=body)
        assert isinstance(tokens, TokenObtainPair)
        return tokens

    tokens = login()
    user = generated_client.AuthenticatedClient(
        base_url=live_api.url, token=tokens.access, raise_on_unexpected_status=True
    )
    assert me_retrieve.sync(client=user).email_verified is False

    resent = email_verify_resend_create.sync_detailed(client=user)
    assert resent.status_code == 202
    assert isinstance(resent.parsed, Message)
    assert "generated@example.com" in resent.parsed.detail
    welcome, again = verification_links()

    verified = email_verify_create.sync_detailed(
        client=anonymous, body=EmailVerificationRequest(uid=again[0], token=again[1])
    )
    assert verified.status_code == 204
    me = me_retrieve.sync(client=user)
    assert isinstance(me, Profile)
    assert me.email_verified is True
    # Both links are spent once the address is verified.
    spent = email_verify_create.sync_detailed(
        client=anonymous, body=EmailVerificationRequest(uid=welcome[0], token=welcome[1])
    )
    assert spent.status_code == 400
    assert isinstance(spent.parsed, ValidationError)
    assert spent.parsed.additional_properties == {
        "non_field_errors": ["This verification link is invalid, expired, or for another address."]
    }
    already = email_verify_resend_create.sync_detailed(client=user)
    assert already.status_code == 400
    assert isinstance(already.parsed, ValidationError)

    # A second session, then logout everywhere: neither refresh token refreshes.
    other_session = login()
    logged_out = logout_all_create.sync_detailed(client=user)
    assert logged_out.status_code == 204
    for refresh in (tokens.refresh, other_session.refresh):
        refused = refresh_create.sync_detailed(
            client=anonymous, body=TokenRefreshRequest(refresh=refresh)
        )
        assert refused.status_code == 401
        assert isinstance(refused.parsed, Error)

"""A bad answer is refused as soon as it is given: one line, a non-zero exit, nothing written.

Driven as a user does, through `python -m cookiecutter`: interactively (the
answers on standard input, each earlier prompt taking its default) and with
`--no-input` (the answer as KEY=VALUE). The whole of stdout and stderr is
asserted, so no traceback or later prompt can slip in.
"""

import os
import shlex
import subprocess
import sys

import pytest

from .conftest import TEMPLATE_DIR, bake_cli

# Every prompt, in order, as cookiecutter shows it (COLUMNS=200 keeps each on
# one line). A new answer adds its prompt here and renumbers the counters.
PROMPTS = [
    ("project_name", "  [1/16] Project name (human readable) (My API): "),
    ("project_slug", "  [2/16] Python package name (a valid identifier, e.g. my_api) (my_api): "),
    ("description", "  [3/16] One-line description (A Django REST API service.): "),
    ("author_name", "  [4/16] Author name (Your Name): "),
    ("email", "  [5/16] Author email (you@example.com): "),
    ("version", "  [6/16] Initial version (0.1.0): "),
    ("timezone", "  [7/16] Time zone (IANA name) (UTC): "),
    (
        "python_version",
        "  [8/16] Python version\n"
        "    1 - Python 3.13\n"
        "    2 - Python 3.12\n"
        "    3 - Python 3.11\n"
        "    Choose from [1/2/3] (1): ",
    ),
    ("use_docker", "  [9/16] Add a Dockerfile and docker compose? [y/n] (y): "),
    ("use_github_actions", "  [10/16] Add a GitHub Actions workflow? [y/n] (y): "),
    (
        "use_kubernetes",
        "  [11/16] Add Kubernetes manifests (needs the Docker image)? [y/n] (y): ",
    ),
    (
        "use_sentry",
        "  [12/16] Report errors to Sentry (sentry-sdk, on when SENTRY_DSN is set)? [y/n] (y): ",
    ),
    (
        "require_verified_email",
        "  [13/16] Refuse login until the user has verified their email address? [y/n] (n): ",
    ),
    (
        "login_throttle_rate",
        "  [14/16] Login attempts allowed per client IP (N/second|minute|hour|day) (5/minute): ",
    ),
    ("access_token_lifetime_minutes", "  [15/16] JWT access token lifetime, minutes (15): "),
    ("refresh_token_lifetime_days", "  [16/16] JWT refresh token lifetime, days (7): "),
]
FIELDS = [field for field, _ in PROMPTS]
# The default answers as the refusal's command line repeats them.
DEFAULT_ARGUMENTS = {
    "project_name": "'project_name=My API'",
    "project_slug": "project_slug=my_api",
    "description": "'description=A Django REST API service.'",
    "author_name": "'author_name=Your Name'",
    "email": "email=you@example.com",
    "version": "version=0.1.0",
    "timezone": "timezone=UTC",
    "python_version": "python_version=3.13",
    "use_docker": "use_docker=yes",
    "use_github_actions": "use_github_actions=yes",
    "use_kubernetes": "use_kubernetes=yes",
    "use_sentry": "use_sentry=yes",
    "require_verified_email": "require_verified_email=no",
    "login_throttle_rate": "login_throttle_rate=5/minute",
    "access_token_lifetime_minutes": "access_token_lifetime_minutes=15",
    "refresh_token_lifetime_days": "refresh_token_lifetime_days=7",
}

IDENTIFIER = (
    "is not a valid Python identifier "
    "(use letters, digits and underscores, not starting with a digit)."
)
QUOTES = "must not contain double quotes, backslashes or control characters."

# One bad answer for each rule in the README, as (field, answer, rule), typed at
# a prompt and given as KEY=VALUE. tests/test_answers.py has more.
REFUSED = [
    ("project_name", "", "must not be empty."),
    ("project_name", "N" * 81, "is longer than 80 characters (81)."),
    ("project_name", 'The "Best" API', QUOTES),
    ("project_slug", "", IDENTIFIER),
    ("project_slug", "my-api", IDENTIFIER),
    ("project_slug", "class", "is a Python keyword; choose another name."),
    (
        "project_slug",
        "s" * 51,
        "is longer than 50 characters (it names the package, imports and the PostgreSQL database).",
    ),
    ("project_slug", "django", "would shadow a module the project imports; choose another name."),
    ("project_slug", "json", "would shadow a module the project imports; choose another name."),
    ("description", 'A "quoted" API', QUOTES),
    ("author_name", "Ada\tLovelace", QUOTES),
    ("email", "billing@example", "is not an email address (expected name@domain.tld)."),
    ("version", "", "must not be empty."),
    ("version", "banana", "is not a PEP 440 version (e.g. 0.1.0, 1.0.0rc1)."),
    ("timezone", "Mars/Olympus", "is not an IANA time zone name (e.g. UTC, Europe/Paris)."),
    (
        "login_throttle_rate",
        "5/week",
        "must look like N/second, N/minute, N/hour or N/day "
        "with N a positive integer (e.g. 5/minute).",
    ),
    ("access_token_lifetime_minutes", "0", "must be a positive integer."),
    ("refresh_token_lifetime_days", "abc", "must be a positive integer."),
]
# At a prompt, Enter alone takes the default; cookiecutter strips what is typed,
# so spaces give the empty answer.
TYPED = {"": "   "}


def case_id(case):
    field, answer, _ = case
    return f"{field}={answer[:12]!r}"


def refusal_line(field, answer, rule):
    """The one line expected on stderr; the earlier answers are the defaults."""
    earlier = [DEFAULT_ARGUMENTS[name] for name in FIELDS[: FIELDS.index(field)]]
    command = " ".join(["cookiecutter", shlex.quote(str(TEMPLATE_DIR)), *earlier])
    return f"ERROR: {field} {answer!r}: {rule} Bake again keeping your earlier answers: {command}\n"


def bake_interactively(output_dir, typed_lines):
    """`cookiecutter` at a prompt, each line of `typed_lines` typed as an answer."""
    return subprocess.run(
        [sys.executable, "-m", "cookiecutter", str(TEMPLATE_DIR), "-o", str(output_dir)],
        input="".join(f"{line}\n" for line in typed_lines),
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )


@pytest.mark.parametrize(("field", "answer", "rule"), REFUSED, ids=map(case_id, REFUSED))
def test_a_bad_typed_answer_is_refused_in_one_line_before_the_next_prompt(
    tmp_path, field, answer, rule
):
    position = FIELDS.index(field)

    result = bake_interactively(tmp_path, [""] * position + [TYPED.get(answer, answer)])

    assert result.returncode == 1
    assert result.stdout == "".join(prompt for _, prompt in PROMPTS[: position + 1])
    assert result.stderr == refusal_line(field, answer, rule)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("field", "answer", "rule"), REFUSED, ids=map(case_id, REFUSED))
def test_a_bad_answer_without_prompts_is_refused_in_one_line(tmp_path, field, answer, rule):
    result = bake_cli(tmp_path, f"{field}={answer}")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == refusal_line(field, answer, rule)
    assert list(tmp_path.iterdir()) == []


def test_the_first_bad_answer_stops_the_bake_before_later_answers_are_read(tmp_path):
    result = bake_cli(tmp_path, "email=nope", "login_throttle_rate=often")

    assert result.returncode == 1
    assert result.stderr == refusal_line(
        "email", "nope", "is not an email address (expected name@domain.tld)."
    )


def test_the_refusal_command_bakes_again_with_the_typed_answers(tmp_path):
    typed = ["Billing API", "", "Invoices and payments.", "Ada", "ada@billing.example"]
    refused = bake_interactively(tmp_path, [*typed, "", "", "2", "n", "", "", "", "", "5/week"])
    command = shlex.split(refused.stderr.partition("earlier answers: ")[2])
    assert command[:2] == ["cookiecutter", str(TEMPLATE_DIR)]

    result = bake_cli(tmp_path, *command[2:], "login_throttle_rate=5/hour")

    assert result.returncode == 0, result.stderr
    project = tmp_path / "billing_api"
    cruft_answers = (project / ".cruft.json").read_text()
    for expected in (
        '"description": "Invoices and payments."',
        '"email": "ada@billing.example"',
        '"python_version": "3.12"',
        '"use_docker": false',
        '"login_throttle_rate": "5/hour"',
    ):
        assert expected in cruft_answers
    assert not (project / "Dockerfile").exists()


def test_the_default_answers_show_every_prompt_once_and_bake(tmp_path):
    result = bake_interactively(tmp_path, [""] * len(PROMPTS))

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("".join(prompt for _, prompt in PROMPTS) + "\n")
    assert result.stderr == ""
    assert [path.name for path in tmp_path.iterdir()] == ["my_api"]


def test_a_refused_bake_leaves_an_existing_output_folder_untouched(tmp_path):
    (tmp_path / "keep.txt").write_text("mine\n")

    result = bake_cli(tmp_path, "project_slug=class")

    assert result.returncode == 1
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (
            "python_version=3.10",
            "ValueError: 3.10 provided for choice variable python_version, "
            "but the choices are ['3.13', '3.12', '3.11'].\n",
        ),
        (
            "use_docker=maybe",
            "ValueError: maybe provided for variable use_docker "
            "could not be converted to a boolean.\n",
        ),
    ],
)
def test_a_choice_cookiecutter_refuses_itself_ends_in_its_traceback(tmp_path, answer, error):
    """Pins today's behaviour: cookiecutter checks a choice or yes/no answer given as
    KEY=VALUE while it loads cookiecutter.json, before any template code can run, and
    lets its ValueError escape. (At a prompt it simply asks again.)"""
    result = bake_cli(tmp_path, answer)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith(error)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "answer",
    [
        "project_slug=inventory_api",
        "email=first.last+api@mail.example.co.uk",
        "version=2026.11.post1+build.7",
        "timezone=Europe/Paris",
    ],
)
def test_good_answers_bake(tmp_path, answer):
    result = bake_cli(tmp_path, answer)

    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.iterdir())) == 1

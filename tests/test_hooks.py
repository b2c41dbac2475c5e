"""Bad answers are refused with one clear line, a non-zero exit, and nothing written."""

import pytest

from .conftest import bake_cli

REFUSED = [
    ("project_slug=", "project_slug '' is not a valid Python identifier"),
    ("project_slug=my-api", "project_slug 'my-api' is not a valid Python identifier"),
    ("project_slug=1api", "project_slug '1api' is not a valid Python identifier"),
    ("project_slug=my api", "project_slug 'my api' is not a valid Python identifier"),
    ("project_slug=café", "project_slug 'café' is not a valid Python identifier"),
    ("project_slug=class", "project_slug 'class' is a Python keyword"),
    ("project_slug=match", "project_slug 'match' is a Python keyword"),
    ("project_slug=django", "project_slug 'django' would shadow a module"),
    ("project_slug=config", "project_slug 'config' would shadow a module"),
    ("project_slug=rest_framework", "project_slug 'rest_framework' would shadow a module"),
    ("project_slug=test", "project_slug 'test' would shadow a module"),
    ("project_slug=users", "project_slug 'users' would shadow a module"),
    ("project_slug=products", "project_slug 'products' would shadow a module"),
    ("project_slug=json", "project_slug 'json' would shadow a module"),
    ("project_slug=jwt", "project_slug 'jwt' would shadow a module"),
    ("project_slug=benchmarks", "project_slug 'benchmarks' would shadow a module"),
    ("project_name=", "project_name must not be empty."),
    (f"project_name={'N' * 81}", "project_name is longer than 80 characters (81)."),
    (f"project_slug={'s' * 51}", f"project_slug '{'s' * 51}' is longer than 50 characters"),
    (
        'project_name=The "Best" API',
        "project_name 'The \"Best\" API' must not contain double quotes",
    ),
    ("description=Line one\\n", "description 'Line one\\\\n' must not contain double quotes"),
    ("author_name=Ada\tLovelace", "author_name 'Ada\\tLovelace' must not contain double quotes"),
    ("version=", "version must not be empty."),
    ("version=banana", "version 'banana' is not a PEP 440 version"),
    ("version=1.0 final", "version '1.0 final' is not a PEP 440 version"),
    ('version=1.0"', "version '1.0\"' is not a PEP 440 version"),
    ("timezone=Mars/Olympus", "timezone 'Mars/Olympus' is not an IANA time zone name"),
    ("timezone=../etc/passwd", "timezone '../etc/passwd' is not an IANA time zone name"),
    ("email=not-an-email", "email 'not-an-email' is not an email address"),
    ("email=a@b", "email 'a@b' is not an email address"),
    ("email=a b@example.com", "email 'a b@example.com' is not an email address"),
    ('email=a"b@example.com', "email 'a\"b@example.com' is not an email address"),
    ("email=a\\b@example.com", "email 'a\\\\b@example.com' is not an email address"),
    ("login_throttle_rate=5/week", "login_throttle_rate '5/week' must look like N/second"),
    ("login_throttle_rate=five/minute", "login_throttle_rate 'five/minute' must look like"),
    ("login_throttle_rate=0/minute", "login_throttle_rate '0/minute' must look like"),
    ("login_throttle_rate=5", "login_throttle_rate '5' must look like"),
    ("access_token_lifetime_minutes=0", "access_token_lifetime_minutes '0' must be a positive"),
    ("access_token_lifetime_minutes=-5", "access_token_lifetime_minutes '-5' must be a positive"),
    ("access_token_lifetime_minutes=1.5", "access_token_lifetime_minutes '1.5' must be a positive"),
    ("refresh_token_lifetime_days=abc", "refresh_token_lifetime_days 'abc' must be a positive"),
    ("refresh_token_lifetime_days=", "refresh_token_lifetime_days '' must be a positive"),
]


@pytest.mark.parametrize(("answer", "message"), REFUSED)
def test_bad_answer_is_refused_with_a_clear_message_and_nothing_left(tmp_path, answer, message):
    result = bake_cli(tmp_path, answer)

    assert result.returncode != 0
    first_line = result.stderr.strip().splitlines()[0]
    assert first_line.startswith(f"ERROR: {message}"), result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_slug_gets_the_clear_message_not_directory_already_exists(tmp_path):
    result = bake_cli(tmp_path, "project_slug=")

    assert result.returncode != 0
    assert "already exists" not in result.stderr
    assert result.stderr.strip() == (
        "ERROR: project_slug '' is not a valid Python identifier "
        "(use letters, digits and underscores, not starting with a digit)."
    )


def test_every_bad_answer_is_reported_at_once(tmp_path):
    result = bake_cli(tmp_path, "email=nope", "login_throttle_rate=often")

    assert result.returncode != 0
    assert "ERROR: email 'nope'" in result.stderr
    assert "ERROR: login_throttle_rate 'often'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_refused_bake_leaves_an_existing_output_folder_untouched(tmp_path):
    (tmp_path / "keep.txt").write_text("mine\n")

    result = bake_cli(tmp_path, "project_slug=class")

    assert result.returncode != 0
    assert [path.name for path in tmp_path.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(
    "answer",
    [
        "project_slug=inventory_api",
        "email=first.last+api@mail.example.co.uk",
        "login_throttle_rate=100/hour",
        "access_token_lifetime_minutes=60",
        "version=2.0.0rc1",
        "version=2026.11.post1+build.7",
    ],
)
def test_good_answers_pass_the_hook(tmp_path, answer):
    result = bake_cli(tmp_path, answer)

    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.iterdir())) == 1

"""Each answer's rule, tested directly: good answers pass, bad ones get their rule."""

import pytest

from hooks.answers import RULES, refusal

IDENTIFIER = (
    "is not a valid Python identifier "
    "(use letters, digits and underscores, not starting with a digit)."
)
SHADOWS = "would shadow a module the project imports; choose another name."
QUOTES = "must not contain double quotes, backslashes or control characters."
EMAIL = "is not an email address (expected name@domain.tld)."
VERSION = "is not a PEP 440 version (e.g. 0.1.0, 1.0.0rc1)."
TIMEZONE = "is not an IANA time zone name (e.g. UTC, Europe/Paris)."
THROTTLE = (
    "must look like N/second, N/minute, N/hour or N/day with N a positive integer (e.g. 5/minute)."
)
POSITIVE = "must be a positive integer."

# (field, answer, the rule it breaks)
REFUSED = [
    ("project_name", "", "must not be empty."),
    ("project_name", "   ", "must not be empty."),
    ("project_name", "N" * 81, "is longer than 80 characters (81)."),
    ("project_name", 'The "Best" API', QUOTES),
    ("project_name", "Back\\slash", QUOTES),
    ("project_slug", "", IDENTIFIER),
    ("project_slug", "my-api", IDENTIFIER),
    ("project_slug", "1api", IDENTIFIER),
    ("project_slug", "my api", IDENTIFIER),
    ("project_slug", "café", IDENTIFIER),
    ("project_slug", "class", "is a Python keyword; choose another name."),
    ("project_slug", "match", "is a Python keyword; choose another name."),
    (
        "project_slug",
        "s" * 51,
        "is longer than 50 characters (it names the package, imports and the PostgreSQL database).",
    ),
    ("project_slug", "django", SHADOWS),
    ("project_slug", "Django", SHADOWS),
    ("project_slug", "config", SHADOWS),
    ("project_slug", "rest_framework", SHADOWS),
    ("project_slug", "test", SHADOWS),
    ("project_slug", "users", SHADOWS),
    ("project_slug", "products", SHADOWS),
    ("project_slug", "json", SHADOWS),
    ("project_slug", "jwt", SHADOWS),
    ("project_slug", "benchmarks", SHADOWS),
    ("description", "Line one\nLine two", QUOTES),
    ("description", 'A "quoted" API', QUOTES),
    ("author_name", "Ada\tLovelace", QUOTES),
    ("email", "not-an-email", EMAIL),
    ("email", "billing@example", EMAIL),
    ("email", "@example.com", EMAIL),
    ("email", "a@@example.com", EMAIL),
    ("email", "a b@example.com", EMAIL),
    ("email", 'a"b@example.com', EMAIL),
    ("email", "a\\b@example.com", EMAIL),
    ("email", "a\nb@example.com", EMAIL),
    ("version", "", "must not be empty."),
    ("version", "banana", VERSION),
    ("version", "1.0 final", VERSION),
    ("version", '1.0"', VERSION),
    ("version", "1..0", VERSION),
    ("timezone", "Mars/Olympus", TIMEZONE),
    ("timezone", "../etc/passwd", TIMEZONE),
    ("timezone", "", TIMEZONE),
    ("login_throttle_rate", "5/week", THROTTLE),
    ("login_throttle_rate", "five/minute", THROTTLE),
    ("login_throttle_rate", "0/minute", THROTTLE),
    ("login_throttle_rate", "05/minute", THROTTLE),
    ("login_throttle_rate", "5", THROTTLE),
    ("login_throttle_rate", "\u0665/minute", THROTTLE),  # an Arabic-Indic 5
    ("access_token_lifetime_minutes", "0", POSITIVE),
    ("access_token_lifetime_minutes", "-5", POSITIVE),
    ("access_token_lifetime_minutes", "1.5", POSITIVE),
    ("refresh_token_lifetime_days", "abc", POSITIVE),
    ("refresh_token_lifetime_days", "", POSITIVE),
]

ACCEPTED = [
    ("project_name", "My API"),
    ("project_name", "Café 'Orders' API"),
    ("project_name", "N" * 80),
    ("project_slug", "my_api"),
    ("project_slug", "inventory_api2"),
    ("project_slug", "s" * 50),
    ("description", ""),
    ("description", "A Django REST API service."),
    ("author_name", ""),
    ("author_name", "Zoë O'Brien"),
    ("email", "you@example.com"),
    ("email", "first.last+api@mail.example.co.uk"),
    ("version", "0.1.0"),
    ("version", "2.0.0rc1"),
    ("version", "2026.11.post1+build.7"),
    ("version", "v1.0.dev3"),
    ("timezone", "UTC"),
    ("timezone", "Europe/Paris"),
    ("timezone", "America/Argentina/Buenos_Aires"),
    ("login_throttle_rate", "5/minute"),
    ("login_throttle_rate", "1/second"),
    ("login_throttle_rate", "100/hour"),
    ("login_throttle_rate", "20/day"),
    ("access_token_lifetime_minutes", "15"),
    ("access_token_lifetime_minutes", "60"),
    ("refresh_token_lifetime_days", "7"),
]


def test_every_checked_answer_has_refused_and_accepted_examples():
    assert {field for field, *_ in REFUSED} == set(RULES)
    assert {field for field, _ in ACCEPTED} == set(RULES)


@pytest.mark.parametrize(("field", "answer", "rule"), REFUSED)
def test_a_bad_answer_gets_the_rule_it_breaks(field, answer, rule):
    assert RULES[field](answer) == rule


@pytest.mark.parametrize(("field", "answer"), ACCEPTED)
def test_a_good_answer_passes(field, answer):
    assert RULES[field](answer) is None


def test_the_refusal_gives_a_command_keeping_the_earlier_answers_quoted_for_the_shell():
    earlier = {
        "project_name": "Billing's API",
        "__project_name_checked": "Billing's API",
        "project_slug": "billing",
        "_extensions": ["hooks.answer_checks.AnswerChecksExtension"],
        "python_version": "3.12",
        "use_docker": False,
        "use_github_actions": True,
    }

    line = refusal("login_throttle_rate", "5/week", THROTTLE, earlier, "gh:acme/api template")

    assert line == (
        f"ERROR: login_throttle_rate '5/week': {THROTTLE} "
        "Bake again keeping your earlier answers: cookiecutter 'gh:acme/api template' "
        "'project_name=Billing'\"'\"'s API' project_slug=billing python_version=3.12 "
        "use_docker=no use_github_actions=yes"
    )


def test_the_refusal_names_a_placeholder_when_the_template_location_is_unknown():
    line = refusal("project_name", "", "must not be empty.", {})

    assert line == (
        "ERROR: project_name '': must not be empty. "
        "Bake again keeping your earlier answers: cookiecutter <template>"
    )

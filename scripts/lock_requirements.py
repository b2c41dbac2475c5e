"""Lock the generated project's requirements: requirements/*.in -> *.txt with hashes.

    .venv/bin/python scripts/lock_requirements.py                  # after editing a .in file
    .venv/bin/python scripts/lock_requirements.py --upgrade-package django
    .venv/bin/python scripts/lock_requirements.py --check          # are the locks up to date?

Runs the pinned uv of tests/requirements.txt with the commands the generated
README gives (COMMANDS), so a project relocks exactly as the template does.
uv keeps every version already in a lock unless its input asks for another (or
`--upgrade-package` names it): relocking unchanged inputs changes nothing.

Two sets are locked. requirements/ for the default answers, and
requirements/without-sentry/ for use_sentry=no: base.in without sentry-sdk,
which the post-generation hook moves over requirements/. Each set is locked in
a scratch copy of the project's layout, so that both locks' headers name the
same paths. --check locks both into scratch copies and compares them with the
committed files: exit 1 and a diff when they differ. It needs the package
index (or uv's cache).
"""

import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

from uv import find_uv_bin

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
REQUIREMENTS = TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / "requirements"
WITHOUT_SENTRY = REQUIREMENTS / "without-sentry"
INPUTS = ["base.in", "production.in", "local.in"]
LOCKS = ["production.txt", "local.txt"]
# Python 3.11 is the oldest python_version answer; --universal makes one lock for
# every version and platform from there on (markers where they differ).
# --no-strip-extras keeps `coverage[toml]==…`: pip's hash-checking mode refuses an
# extra that a dependency asks for (pytest-cov's coverage[toml]) unless it is pinned.
COMPILE = (
    "uv pip compile --quiet --generate-hashes --universal --no-strip-extras --python-version 3.11"
)
# Run from the project's root. local.txt is constrained by production.txt: the
# tests run on the versions that deploy.
COMMANDS = [
    f"{COMPILE} requirements/production.in -o requirements/production.txt",
    f"{COMPILE} requirements/local.in -c requirements/production.txt -o requirements/local.txt",
]


def without_sentry(base_in):
    """base.in for use_sentry=no: without sentry-sdk and the comment above it."""
    lines = base_in.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("sentry-sdk=="))
    del lines[index - 1 : index + 1]
    return "".join(lines)


def lock(inputs, locks, extra_args):
    """Lock `inputs` ({name: text}) starting from `locks`; return the new locks' texts."""
    uv = find_uv_bin()
    with tempfile.TemporaryDirectory() as scratch:
        requirements = Path(scratch) / "requirements"
        requirements.mkdir()
        for name, text in {**locks, **inputs}.items():
            (requirements / name).write_text(text)
        for command in COMMANDS:
            _, *args = command.split()
            subprocess.run([uv, *args, *extra_args], cwd=scratch, check=True)
        return {name: (requirements / name).read_text() for name in LOCKS}


def read(folder, names):
    return {name: (folder / name).read_text() for name in names if (folder / name).exists()}


def sets():
    """(folder, inputs) of each set of locks."""
    inputs = read(REQUIREMENTS, INPUTS)
    return [
        (REQUIREMENTS, inputs),
        (WITHOUT_SENTRY, {**inputs, "base.in": without_sentry(inputs["base.in"])}),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--upgrade-package", action="append", default=[], metavar="NAME")
    options = parser.parse_args()
    extra_args = [f"--upgrade-package={name}" for name in options.upgrade_package]

    stale = []
    for folder, inputs in sets():
        locks = lock(inputs, read(folder, LOCKS), extra_args)
        expected = {**inputs, **locks}
        if options.check:
            current = read(folder, expected)
            for name, text in expected.items():
                if current.get(name) != text:
                    path = folder.relative_to(TEMPLATE_DIR) / name
                    stale.extend(
                        difflib.unified_diff(
                            current.get(name, "").splitlines(keepends=True),
                            text.splitlines(keepends=True),
                            f"{path} (committed)",
                            f"{path} (locked now)",
                        )
                    )
            continue
        folder.mkdir(exist_ok=True)
        for name, text in expected.items():
            (folder / name).write_text(text)
    if stale:
        sys.stdout.writelines(stale)
        print("The locks are stale: run scripts/lock_requirements.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

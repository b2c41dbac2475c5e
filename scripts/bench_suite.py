"""The generated project's own test suite, timed against its 10 s budget.

Bakes the default answers, installs the project's pinned requirements into the
venv the meta-suite caches (tests/venvs.py), then runs `pytest` in the project as
its README says, coverage on: one run to warm up (it writes the bytecode and
assertion-rewrite caches and the kept test databases a developer's runs find),
then `--runs` timed ones.
Prints each run's time as pytest reports it (the test session: collection, the
test database, the tests, the coverage report) and by the wall clock (also
interpreter start-up, plugin loading and Django's setup), and the medians.

The database is the PostgreSQL server at `--database-url` (the suite's CI
setting), or with `--embedded` the embedded one the suite starts by itself.

    python scripts/bench_suite.py [--runs 5] [--database-url URL | --embedded]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TEMPLATE_DIR))

# The meta-suite's helpers: its bake, its server and its cached venvs.
from tests.conftest import PYTHON_VERSIONS, SERVER_DATABASE_URL, bake_cli  # noqa: E402
from tests.venvs import find_python, project_venv  # noqa: E402

BUDGET_SECONDS = 10
# pytest adds "(h:mm:ss)" to a run of a minute or more.
SUMMARY = re.compile(r"(\d+) passed(?:, \d+ deselected)? in ([\d.]+)s(?: \(\d+:\d\d:\d\d\))?")


def suite_env(database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        # PYTHONDONTWRITEBYTECODE off, as on a developer's machine: pytest keeps its
        # rewritten test modules only in bytecode caches.
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONDONTWRITEBYTECODE"}
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_suite(project, venv, env, *options):
    """One `pytest` run: (seconds pytest reports, wall seconds, tests passed)."""
    started = time.perf_counter()
    result = subprocess.run(
        # -x: a failing suite's time means nothing, so stop at its first failure.
        [str(venv / "bin" / "pytest"), "-q", "-x", *options],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    summary = SUMMARY.fullmatch(result.stdout.strip().splitlines()[-1])
    if result.returncode or not summary:
        sys.exit(f"The suite failed:\n{result.stdout[-4000:]}{result.stderr[-2000:]}")
    return float(summary[2]), wall, int(summary[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--database-url",
        default=SERVER_DATABASE_URL,
        help="a PostgreSQL server's maintenance database, as a superuser",
    )
    where.add_argument("--embedded", action="store_true", help="the suite's embedded PostgreSQL")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    version = PYTHON_VERSIONS[0]  # the default answer
    with tempfile.TemporaryDirectory() as root:
        baked = bake_cli(root)
        if baked.returncode:
            sys.exit(f"The bake failed:\n{baked.stderr}")
        project = Path(root) / "my_api"
        python = find_python(version)
        if python is None:
            sys.exit(f"python{version}, the default bake's Python, is not installed")
        venv = project_venv(project, python)
        env = suite_env(None if args.embedded else args.database_url)
        # The warm-up; it also rebuilds the test databases the suite keeps between
        # runs (--reuse-db), which on a shared server another bake may have left.
        run_suite(project, venv, env, "--create-db")
        runs = [run_suite(project, venv, env) for _ in range(args.runs)]

    database = "embedded PostgreSQL" if args.embedded else "PostgreSQL server"
    print(f"default bake, Python {version}, {database}, {os.cpu_count()} CPU cores")
    for number, (reported, wall, passed) in enumerate(runs, 1):
        print(f"run {number}: {passed} passed in {reported:.2f} s (pytest), {wall:.2f} s wall")
    reported = statistics.median(run[0] for run in runs)
    wall = statistics.median(run[1] for run in runs)
    print(
        f"median of {len(runs)}: {reported:.2f} s (pytest), {wall:.2f} s wall"
        f" (budget: {BUDGET_SECONDS} s)"
    )


if __name__ == "__main__":
    main()

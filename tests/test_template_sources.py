"""The template's own sources stay readable and lintable before rendering."""

import ast
import subprocess
import sys

import pytest

from .conftest import TEMPLATE_DIR

TEMPLATE_PYTHON_FILES = sorted(
    path
    for path in TEMPLATE_DIR.rglob("*.py")
    if not {".venv", ".git"} & set(path.relative_to(TEMPLATE_DIR).parts)
)


@pytest.mark.parametrize(
    "path", TEMPLATE_PYTHON_FILES, ids=lambda path: str(path.relative_to(TEMPLATE_DIR))
)
def test_every_python_file_of_the_template_parses_before_rendering(path):
    ast.parse(path.read_text(), filename=str(path))


def test_hooks_tests_and_scripts_are_ruff_clean():
    paths = ["hooks", "tests", "scripts"]
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *paths],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    fmt = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *paths],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )

    assert check.returncode == 0, check.stdout
    assert fmt.returncode == 0, fmt.stdout

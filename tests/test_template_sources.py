"""The template's own sources stay readable and lintable before rendering."""

import ast
import fnmatch
import json
import re
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


def test_files_copied_without_rendering_hold_no_template_syntax():
    """`_copy_without_render` keeps bakes fast; anything it matches is copied as is."""
    project_template = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
    patterns = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["_copy_without_render"]
    copied = [
        path
        for path in project_template.rglob("*")
        if path.is_file()
        and any(
            fnmatch.fnmatch(str(parent.relative_to(project_template)), pattern)
            for parent in [path, *path.parents]
            if parent != project_template and project_template in parent.parents
            for pattern in patterns
        )
    ]
    templated = [
        str(path.relative_to(project_template))
        for path in copied
        if re.search(r"\{\{|\{%|\{#", path.read_text(errors="ignore"))
    ]

    assert len(copied) > 50
    assert templated == []


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


def test_the_production_settings_without_sentry_are_the_default_without_its_block():
    """use_sentry=no swaps in config/settings/without-sentry/production.py: kept in
    step with production.py, of which it lacks only the block that starts Sentry
    (the last one) and the name that block alone uses."""
    settings = TEMPLATE_DIR / "{{cookiecutter.project_slug}}" / "config" / "settings"
    default = (settings / "production.py").read_text()
    head, block = default.split("\n\n# ERRORS:", 1)

    expected = head.replace("DATABASE_ENGINE, PYPROJECT, env", "DATABASE_ENGINE, env") + "\n"
    assert (settings / "without-sentry" / "production.py").read_text() == expected
    assert "sentry" in block
    assert "sentry" not in expected.lower()

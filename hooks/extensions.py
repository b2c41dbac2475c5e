"""Jinja extensions loaded by cookiecutter.json's `_extensions`.

They run inside cookiecutter's own process, while the answers are read and the
files rendered, so they cost no extra interpreter start-up.
"""

import os
import subprocess
import sys

from jinja2.ext import Extension

EMPTY_SLUG_MESSAGE = (
    "ERROR: project_slug '' is not a valid Python identifier "
    "(use letters, digits and underscores, not starting with a digit)."
)


EMPTY_NAME_MESSAGE = "ERROR: project_name must not be empty."


def require_project_slug(slug, project_name):
    """Stop the bake on an empty slug or project name, before anything is written.

    An empty project_slug never reaches hooks/pre_gen_project.py: cookiecutter
    renders the project folder's name first, gets "", and fails with a confusing
    "directory already exists". The private `__project_slug_is_set` variable is
    rendered with this filter while the answers are read, and stops the bake with
    the message the pre-gen hook gives.
    """
    if not str(project_name).strip():
        sys.exit(EMPTY_NAME_MESSAGE)
    if not str(slug).strip():
        sys.exit(EMPTY_SLUG_MESSAGE)
    return slug


def git_head_commit(repo_dir):
    """HEAD of the template's git checkout, for .cruft.json; None when unknown.

    A plain `cookiecutter` bake from a clone (`gh:...`, or a local one named by an
    absolute path) learns its commit here, so `cruft check` and `cruft update` work
    for that project too. A relative path names no place cruft could find again.
    """
    if not repo_dir or not os.path.isabs(repo_dir):
        return None
    try:
        result = subprocess.run(
            ["git", "-C", repo_dir, "rev-parse", "--verify", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    return result.stdout.strip() if result.returncode == 0 else None


class ProjectSlugExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["require_project_slug"] = require_project_slug


class TemplateCommitExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["git_head_commit"] = git_head_commit

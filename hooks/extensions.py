"""Jinja extension loaded by cookiecutter.json's `_extensions`.

An empty project_slug never reaches hooks/pre_gen_project.py: cookiecutter
renders the project folder's name first, gets "", and fails with a confusing
"directory already exists". The private `__project_slug_is_set` variable is
rendered while the answers are read, before anything is written, and stops
the bake here with the same message the pre-gen hook gives (and an empty
project_name, from which the slug is derived, with its own).
"""

import sys

from jinja2.ext import Extension

EMPTY_SLUG_MESSAGE = (
    "ERROR: project_slug '' is not a valid Python identifier "
    "(use letters, digits and underscores, not starting with a digit)."
)


EMPTY_NAME_MESSAGE = "ERROR: project_name must not be empty."


def require_project_slug(slug, project_name):
    if not str(project_name).strip():
        sys.exit(EMPTY_NAME_MESSAGE)
    if not str(slug).strip():
        sys.exit(EMPTY_SLUG_MESSAGE)
    return slug


class ProjectSlugExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["require_project_slug"] = require_project_slug

"""The `cruft_state` Jinja filter, loaded by cookiecutter.json's `_extensions`.

It runs inside cookiecutter's own process, while the answers are read and the
files rendered, so it costs no extra interpreter start-up.
"""

import os
import subprocess

from jinja2.ext import Extension

# cookiecutter's abbreviations for a template's location, spelled out for cruft.
ABBREVIATIONS = {
    "gh:": "https://github.com/{}.git",
    "gl:": "https://gitlab.com/{}.git",
    "bb:": "https://bitbucket.org/{}",
}


def git_head_commit(repo_dir):
    """HEAD of the template's git checkout; None when unknown.

    A relative path names no place cruft could find again.
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


def template_location(template):
    """Where cruft can fetch the template again: a URL, or the path as given."""
    template = template.removeprefix("git+")
    for abbreviation, url in ABBREVIATIONS.items():
        if template.startswith(abbreviation):
            return url.format(template.removeprefix(abbreviation))
    return template


def cruft_state(context):
    """The content of .cruft.json: the template's location, the commit the project
    was generated from, and the answers.

    `cruft create` and `cruft update` render with `_commit` and write this file
    themselves. A plain `cookiecutter` bake takes the commit from `--checkout`, or
    else from the template clone's HEAD (`gh:...`, or a local clone named by an
    absolute path), so `cruft check` and `cruft update` work for it too.
    """
    template = template_location(context["_template"])
    if "_commit" in context:
        commit = context["_commit"]
    else:
        commit = context.get("_checkout") or git_head_commit(context.get("_repo_dir", ""))
    answers = {"_template": template}
    answers.update(
        (key, value)
        for key, value in context.items()
        if not key.startswith("_") or key in ("_commit", "_extensions")
    )
    return {
        "template": template,
        "commit": commit,
        "checkout": None,
        "context": {"cookiecutter": answers},
        "directory": None,
    }


def dns_label(slug):
    """The project's name for Kubernetes objects: an RFC 1123 label (`my_api` → `my-api`).

    Lowercase letters, digits and hyphens, starting and ending with an
    alphanumeric; at most 40 characters, so a suffix such as `-migrate` still
    fits in the 63 allowed.
    """
    words = "".join(c if c.isascii() and c.isalnum() else "-" for c in str(slug).lower())
    label = "-".join(part for part in words.split("-") if part)[:40].strip("-")
    return label or "app"


class CruftStateExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["cruft_state"] = cruft_state


class KubernetesNameExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["dns_label"] = dns_label

"""The `check_answer` Jinja filter: each answer is checked as soon as it is given.

cookiecutter.json follows every checked answer with a private variable that
renders it through this filter; cookiecutter renders those in order while it
reads the answers, in its own process, so a bad answer stops the bake before the
next prompt and before anything is written. The rules are in hooks/answers.py.
"""

import sys

import click
from hooks.answers import RULES, refusal
from jinja2 import pass_context
from jinja2.ext import Extension


def template_given():
    """The template as given on cookiecutter's command line; None when called from Python."""
    context = click.get_current_context(silent=True)
    return context.params.get("template") if context else None


@pass_context
def check_answer(context, value, field):
    """Return the answer when it follows its rule; else refuse it in one line and exit 1.

    SystemExit passes through Jinja and cookiecutter untouched, so no traceback
    follows the line.
    """
    rule = RULES[field](str(value))
    if rule is None:
        return value
    answers_so_far = context["cookiecutter"]
    print(refusal(field, value, rule, answers_so_far, template_given()), file=sys.stderr)
    sys.exit(1)


class AnswerChecksExtension(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["check_answer"] = check_answer

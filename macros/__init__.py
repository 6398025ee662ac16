"""mkdocs-macros module: thin wrappers only.

Values come from the validated policy (calculators.policy), arithmetic from the
calculators, formatting from macros.format. A broken data file fails the build
with the loader's one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from calculators import bonus
from calculators.errors import PolicyError
from calculators.policy import load_policy

from . import format as fmt
from . import forms, tables

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def page_lang(env: Any) -> str:
    page = getattr(env, "page", None)
    locale = getattr(getattr(page, "file", None), "locale", None)
    return locale if locale in fmt.LANGS else "zh"


def define_env(env: Any) -> None:
    try:
        policy = load_policy(DATA_DIR)
    except PolicyError as exc:
        raise PluginError(str(exc)) from None

    @env.macro
    def bonus_ladder_table() -> str:
        """The bonus ladder as a table in the page's language."""
        return tables.bonus_ladder(policy["bonus"], page_lang(env)).as_markdown(page_lang(env))

    @env.macro
    def calculator_form(name: str) -> str:
        """A calculator's form, rendered from its definition, in the page's language."""
        return forms.render(forms.FORMS[name], page_lang(env))

    @env.macro
    def bonus_example(completion: str, target_bonus: str) -> str:
        """A worked example computed by the same code the browser runs."""
        result = bonus.compute(completion, target_bonus, policy)
        lang = page_lang(env)
        return "\n".join(f"{i}. {getattr(step, lang)}" for i, step in enumerate(result.steps, 1))

"""Formatting for the macros: values and tables in the page's language.

No arithmetic here: numbers come from the validated policy and the calculators;
this module only turns them into text, Markdown and HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

LANGS = ("zh", "en")


def label(text: dict[str, str] | str, lang: str) -> str:
    return text[lang] if isinstance(text, dict) else str(text)


def number(value: Decimal | int) -> str:
    """Plain number, no trailing zeros: 150, 12.5, 1,600 (thousands separated)."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


def percent(value: Decimal | int, lang: str) -> str:
    return f"{number(value)}%" if lang == "zh" else f"{number(value)} %"


def yuan(value: Decimal | int, lang: str) -> str:
    return f"{number(value)} 元" if lang == "zh" else f"¥{number(value)}"


@dataclass(frozen=True)
class Column:
    key: str
    title: dict[str, str]
    align: str = "left"  # left | right | center


@dataclass(frozen=True)
class Table:
    """A Markdown table as plain data: tested without mkdocs."""

    columns: Sequence[Column]
    rows: Sequence[dict[str, str]]

    def as_markdown(self, lang: str) -> str:
        rule = {"left": ":--", "right": "--:", "center": ":-:"}
        head = "| " + " | ".join(label(c.title, lang) for c in self.columns) + " |"
        sep = "| " + " | ".join(rule[c.align] for c in self.columns) + " |"
        body = [
            "| " + " | ".join(_cell(row.get(c.key, "")) for c in self.columns) + " |"
            for row in self.rows
        ]
        return "\n".join([head, sep, *body])


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def attrs(**values: Any) -> str:
    """HTML attributes from keyword arguments (trailing _ dropped, None skipped)."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{html.escape(str(value), quote=True)}"')
    return " ".join(parts)

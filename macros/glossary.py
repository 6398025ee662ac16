"""The glossary (data/glossary.toml): its page, and hover explanations on the other pages.

`page()` renders the glossary page (one table per group) for `{{ glossary() }}`.
`wrap_first()` puts the FIRST use of each term on a page into
`<abbr title="definition">term</abbr>` (Material's `content.tooltips` shows the title as
a tooltip). Python-Markdown's `abbr` cannot do this: its `\\b` boundaries never match a
Chinese term inside a Chinese sentence. Text inside headings, links, code, existing
`<abbr>`, form controls, SVG, the calculator widgets and their worked examples is left
alone. Standard library only: hooks/glossary.py calls it on each page's HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# A policy value in a definition: {policy:<path>}, {number:<path>}, {lower:<path>}.
PLACEHOLDER = re.compile(r"\{(policy|number|lower):([A-Za-z0-9_.\[\]]+)\}")
MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")

HEAD = {"zh": ("术语", "English", "释义"), "en": ("Term", "中文", "Meaning")}

# Never add an explanation inside these elements.
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "abbr",
             "button", "select", "option", "textarea", "label", "output", "svg", "math",
             "script", "style", "template", "title", "dfn", "summary", "nav"}
SKIP_CLASSES = {"hb-result", "headerlink"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr", "param"}
TOKEN = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
CJK = re.compile(r"[\u3400-\u9fff]")


def definition(term: Mapping[str, Any], lang: str,
               value: Callable[[str, str], str]) -> str:
    """The definition in `lang` (Markdown), policy values filled in by value(kind, path)."""
    return PLACEHOLDER.sub(lambda m: value(m.group(1), m.group(2)), term["definition"][lang])


def plain(markdown: str) -> str:
    """Markdown links and emphasis reduced to their text (a title attribute is plain)."""
    return MD_LINK.sub(r"\1", markdown).replace("**", "").replace("`", "")


def page(glossary: Mapping[str, Any], lang: str, value: Callable[[str, str], str]) -> str:
    """The glossary page body: one `##` section and table per group."""
    out: list[str] = []
    for group in glossary["groups"]:
        out += [f"## {group['name'][lang]}", "", "| {} | {} | {} |".format(*HEAD[lang]),
                "| :-- | :-- | :-- |"]
        for term in glossary["terms"]:
            if term["group"] == group["id"]:
                cells = (term["term"][lang], term["counterpart"][lang],
                         definition(term, lang, value))
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


@dataclass(frozen=True)
class Hover:
    """One term of the page's language: the words that get the explanation, and its title."""

    words: tuple[str, ...]
    title: str


def hovers(glossary: Mapping[str, Any], lang: str,
           value: Callable[[str, str], str]) -> list[Hover]:
    out = []
    for term in glossary["terms"]:
        words = tuple((term.get("match") or {}).get(lang) or [term["term"][lang]])
        out.append(Hover(words, plain(definition(term, lang, value))))
    return out


def _pattern(word: str) -> re.Pattern[str]:
    if CJK.search(word):
        return re.compile(re.escape(word))
    # Latin words: whole words, any case ("KPI", "deviation", "Deviation").
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", re.I)


def _skips(tag: str, name: str) -> bool:
    if name in SKIP_TAGS:
        return True
    if "data-batch" in tag or "data-calculator" in tag:
        return True
    found = re.search(r"""class\s*=\s*["']([^"']*)""", tag)
    classes = set(found.group(1).split()) if found else set()
    # Worked examples (hb-result) stay identical to the live calculator's result.
    return bool(classes & SKIP_CLASSES) or (name == "form" and "hb-calc" in classes)


def wrap_first(source: str, terms: Iterable[Hover]) -> str:
    """Wrap the first use of each term in `<abbr title>`, outside the skipped elements."""
    pending = [(t, [_pattern(w) for w in t.words]) for t in terms]
    out: list[str] = []
    stack: list[tuple[str, bool]] = []       # (tag name, skipped here or above)
    pos = 0
    for match in TOKEN.finditer(source):
        if pending:
            text = source[pos:match.start()]
            skipped = bool(stack and stack[-1][1])
            out.append(text if skipped or not text.strip() else _wrap_text(text, pending))
        else:
            out.append(source[pos:match.start()])
        tag = match.group(0)
        out.append(tag)
        pos = match.end()
        name_match = TAG_NAME.match(tag)
        if tag.startswith("<!--") or not name_match:
            continue
        name = name_match.group(1).lower()
        if tag.startswith("</"):
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        elif name not in VOID and not tag.endswith("/>"):
            stack.append((name, bool(stack and stack[-1][1]) or _skips(tag, name)))
    rest = source[pos:]
    skipped = bool(stack and stack[-1][1])
    out.append(rest if skipped or not pending or not rest.strip() else _wrap_text(rest, pending))
    return "".join(out)


def _wrap_text(text: str, pending: list[tuple[Hover, list[re.Pattern[str]]]]) -> str:
    """Wrap the terms of `pending` found in one text node (removing them from pending)."""
    out: list[str] = []
    while pending:
        best: tuple[int, int, int] | None = None   # (start, -length, index)
        for i, (_, patterns) in enumerate(pending):
            for pattern in patterns:
                m = pattern.search(text)
                if m and (best is None or (m.start(), -len(m.group(0))) < best[:2]):
                    best = (m.start(), -len(m.group(0)), i)
        if best is None:
            break
        start, neg_len, i = best
        end = start - neg_len
        hover, _ = pending.pop(i)
        out.append(text[:start])
        out.append(f'<abbr title="{html.escape(hover.title, quote=True)}">'
                   f"{text[start:end]}</abbr>")
        text = text[end:]
    out.append(text)
    return "".join(out)


def value_formatter(policy: Any, lang: str,
                    format_value: Callable[[Any, str, str], str],
                    number: Callable[[Any], str]) -> Callable[[str, str], str]:
    """value(kind, path) for the placeholders, from the policy and the macros' formats."""
    def value(kind: str, path: str) -> str:
        if kind == "number":
            return number(policy.value(path))
        text = format_value(policy, path, lang)
        return text.lower() if kind == "lower" else text
    return value

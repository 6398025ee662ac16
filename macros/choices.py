"""Company choices: the "公司规定 / Company rule" marker and the page that lists them all.

data/choices.toml lists every rule the handbook sets where the source documents are
silent. Macros (registered by `register(env)` from macros/__init__.py):

`{{ company_rule("budget-overrun") }}`
    The one marker every page shows next to a company rule: a small badge linking to
    the rule's entry on the company-choices page (class hb-company-rule).
`{{ company_rule_text("budget-overrun") }}`
    The rule itself in the page's language, figures filled in from the data: pages that
    state the same rule say it in the same words.
`{{ company_choices() }}`
    The company-choices page: every choice, its rule and the pages it applies to.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from handbook.schemas.procedures import fill as fill_placeholders

from . import format as fmt

PAGE = "company-choices.md"

T = {
    "badge": {"zh": "公司规定", "en": "Company rule"},
    "hint": {"zh": "原始制度未作规定，这是公司的规定，可调整",
             "en": "The source documents leave this open: it is the company's own rule, "
                   "and it can be changed"},
    "applies": {"zh": "适用于", "en": "Applies to"},
}


def choice(policy: Any, key: str) -> dict[str, Any]:
    for c in policy["choices"]["choices"]:
        if c["id"] == key:
            return c
    known = ", ".join(c["id"] for c in policy["choices"]["choices"])
    raise KeyError(f"company_rule({key!r}): no such company choice (known: {known})")


def fill(text: dict[str, str], lang: str, value: Any) -> str:
    return fill_placeholders(fmt.label(text, lang), value)


def href(src_uri: str, target: str) -> str:
    here = posixpath.dirname(src_uri) or "."
    return posixpath.relpath(target, here)


def badge(lang: str, link: str) -> str:
    """The marker: a small link styled as a badge (docs/assets/stylesheets/handbook.css)."""
    return f'[{T["badge"][lang]}]({link}){{ .hb-company-rule title="{T["hint"][lang]}" }}'


TEMPLATE_TITLE = re.compile(r"\{\{\s*template_title\((\d+)\)\s*\}\}")


def page_title(docs_dir: str, page: str, lang: str, policy: Any = None) -> str:
    """The first heading of the page's source in that language (the title readers see);
    a template page's heading is its template's title."""
    path = Path(docs_dir) / (page if lang == "zh" else page.removesuffix(".md") + ".en.md")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            found = TEMPLATE_TITLE.fullmatch(title)
            if found and policy is not None:
                from . import tables
                n = int(found.group(1))
                t = tables.template(policy, n)
                word = {"zh": "表 {n}：{t}", "en": "Table {n}: {t}"}[lang]
                return word.format(n=n, t=fmt.label(t["title"], lang))
            return title
    return page


def page(policy: Any, lang: str, value: Any, src_uri: str, docs_dir: str) -> str:
    out = []
    for c in policy["choices"]["choices"]:
        links = ("、" if lang == "zh" else ", ").join(
            f"[{page_title(docs_dir, p, lang, policy)}]({href(src_uri, p)})" for p in c["pages"]
            if (Path(docs_dir) / p).is_file())
        sep = "：" if lang == "zh" else ": "
        out += [f"### {fmt.label(c['name'], lang)} {{#{c['id']}}}", "",
                fill(c["value"], lang, value), ""]
        if "why" in c:
            out += [fill(c["why"], lang, value), ""]
        out += [f"{T['applies'][lang]}{sep}{links}", ""]
    return "\n".join(out)


def register(env: Any) -> None:
    from mkdocs.exceptions import PluginError

    from macros import format_value, page_lang

    def value(path: str) -> str:
        return format_value(env.variables["handbook_policy"], path, page_lang(env))

    @env.macro
    def company_rule(key: str | None = None) -> str:
        """The "公司规定 / Company rule" badge, linking to the rule on the choices page."""
        target = PAGE
        if key is not None:
            try:
                choice(env.variables["handbook_policy"], key)
            except KeyError as exc:
                raise PluginError(str(exc.args[0])) from None
            target += f"#{key}"
        return badge(page_lang(env), href(env.page.file.src_uri, target))

    @env.macro
    def company_rule_text(key: str) -> str:
        """A company rule in the page's language, with the marker after it."""
        try:
            c = choice(env.variables["handbook_policy"], key)
        except KeyError as exc:
            raise PluginError(str(exc.args[0])) from None
        text = fill(c["value"], page_lang(env), value)
        return f"{text} {company_rule(key)}"

    @env.macro
    def company_choices() -> str:
        """The company-choices page, generated from data/choices.toml."""
        return page(env.variables["handbook_policy"], page_lang(env), value,
                    env.page.file.src_uri, env.conf["docs_dir"])



"""mkdocs hook: hover explanations for the glossary's terms (data/glossary.toml).

On every page but the glossary itself, the first use of each term in the page's
language is wrapped in `<abbr title="definition">` (macros/glossary.py, wrap_first):
Material's `content.tooltips` shows the definition on hover. Headings, links, code,
form controls, SVG and the calculator widgets are left alone.
"""

from __future__ import annotations

from typing import Any

from handbook import hant
from handbook.plugins.policy.plugin import plugin_of
from macros import format as fmt
from macros import format_value, glossary

GLOSSARY_PAGES = {"glossary.md", "glossary.en.md", "glossary.zh.md"}
_cache: dict[tuple[int, str], list[glossary.Hover]] = {}


def hovers(config: Any, lang: str) -> list[glossary.Hover]:
    """The terms of `lang` (zh, en or zh-Hant: zh's terms converted, as the zh-Hant
    page's text is by hooks/hant.py before this hook reads it)."""
    policy = plugin_of(config).policy  # loaded once per build by the handbook plugin
    key = (id(policy), lang)
    if key not in _cache:
        if "glossary" not in policy:
            return []
        if lang == hant.LANG:
            _cache[key] = [glossary.Hover(tuple(hant.convert(w) for w in h.words),
                                          hant.convert(h.title))
                           for h in hovers(config, "zh")]
            return _cache[key]
        value = glossary.value_formatter(policy, lang, format_value, fmt.number)
        _cache[key] = glossary.hovers(policy["glossary"], lang, value)
    return _cache[key]


def on_pre_build(config: Any, **kwargs: Any) -> None:
    _cache.clear()          # mkdocs serve: pick up an edited data/glossary.toml


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if page.file.src_uri in GLOSSARY_PAGES:
        return html
    lang = getattr(page.file, "locale", None)
    lang = lang if lang in ("zh", "en") else "zh"
    if lang == "zh" and config.theme.get("language") == hant.LANG:
        lang = hant.LANG  # the zh page, converted for the zh-Hant edition
    return glossary.wrap_first(html, hovers(config, lang))

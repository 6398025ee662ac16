"""mkdocs hook: a "page not found" page per language.

MkDocs renders 404.html once per build, and mkdocs-static-i18n runs one build per
language into the same site folder, so the last language's page would end up at the
root for everyone. This hook keeps each language's rendering (overrides/404.html) and,
after the last build, writes the Chinese one to /404.html and each other language's to
/<lang>/404.html (en, zh-Hant), where the production nginx configuration serves it for
that folder.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

_rendered: dict[str, str] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    if config.theme.get("language") == "zh":  # the first (default) language: a new build
        _rendered.clear()


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name == "404.html":
        _rendered[str(config.theme.get("language") or "zh")] = output
    return output


# After mkdocs-static-i18n (priority -100) has run every language's build.
@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for lang, html in _rendered.items():
        target = site / "404.html" if lang == "zh" else site / lang / "404.html"
        if target.parent.is_dir():
            target.write_text(html, encoding="utf-8")

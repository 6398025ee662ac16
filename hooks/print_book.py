"""mkdocs hook: the whole handbook as one printable page (docs/print.md, print.en.md).

When the print page of a language is rendered, every other page of that language's
navigation has already been converted to HTML (mkdocs renders all Markdown before it
writes any page), so this hook appends those pages' HTML, in navigation order, to the
print page's content, one <section class="hb-print-page"> each. So that the pieces keep
working on one page:
  - ids and in-page links get a per-page prefix (two pages may both have #when);
  - links between pages of the book become in-page links (#page-3, #p3-when);
  - other relative links (downloads, assets) are rebased onto the print page's URL;
  - calculator forms are replaced by a pointer to the online page (they need the engine).
It runs after the search plugin has indexed the print page, so search results point to
the chapters themselves, not to the book. The reader prints with the browser
(print to PDF); assets/stylesheets/print.css removes the navigation chrome.
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.print_book")

PRINT_PAGE = re.compile(r"^print(\.[a-z]{2})?\.md$")
MAINTAINERS_PAGE = re.compile(r"^maintaining(\.[a-z]{2})?\.md$")
ATTR = re.compile(r'\b(href|src)="([^"]*)"')
IDS = re.compile(r'\b(id|for|aria-describedby|aria-labelledby|aria-controls)="([^"]*)"')
FORM = re.compile(r'<form class="hb-calc".*?</form>', flags=re.S)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/)", flags=re.I)

T = {
    "contents": {"zh": "目录", "en": "Contents"},
    "calculator": {"zh": "计算器只能在线使用：", "en": "The calculator works online only: "},
}


def _lang(page: Page) -> str:
    return "en" if page.file.src_uri.endswith(".en.md") else "zh"


def _norm(url: str) -> str:
    """A site-relative URL without its trailing slash ("" for the home page)."""
    url = posixpath.normpath(url) if url else ""
    return "" if url == "." else url.rstrip("/")


def _target(base_url: str, href: str) -> tuple[str, str, str]:
    """Resolve a link of the page at base_url: (site-relative path, trailing /, #fragment)."""
    path, _, fragment = href.partition("#")
    base_dir = base_url if base_url.endswith("/") or not base_url else \
        posixpath.dirname(base_url) + "/"
    joined = _norm(posixpath.join(base_dir, path)) if path else _norm(base_url)
    slash = "/" if (path.endswith("/") or path in ("", ".", "..")) and joined else ""
    return joined, slash, fragment


def _section(index: int, page: Page, book: dict[str, int], print_url: str, lang: str) -> str:
    prefix = f"p{index}-"
    content = page.content or ""

    def rename(match: re.Match[str]) -> str:
        ids = " ".join(prefix + v for v in match.group(2).split())
        return f'{match.group(1)}="{ids}"'

    def relink(match: re.Match[str]) -> str:
        attr, href = match.group(1), html.unescape(match.group(2))
        if href.startswith("#"):
            new = f"#{prefix}{href[1:]}" if len(href) > 1 else f"#page-{index}"
        elif EXTERNAL.match(href):
            return match.group(0)
        else:
            path, slash, fragment = _target(page.url, href)
            if path in book:
                j = book[path]
                new = f"#p{j}-{fragment}" if fragment else f"#page-{j}"
            else:
                new = get_relative_url(path + slash, print_url) + (f"#{fragment}" if fragment
                                                                    else "")
                if slash and not new.endswith("/"):
                    new += "/"
        return f'{attr}="{html.escape(new, quote=True)}"'

    def calculator(_: re.Match[str]) -> str:
        link = get_relative_url(page.url, print_url)
        return (f'<p class="hb-print-calc">{html.escape(T["calculator"][lang])}'
                f'<a href="{html.escape(link)}">{html.escape(page.title or "")}</a></p>')

    content = IDS.sub(rename, content)
    content = ATTR.sub(relink, content)
    content = FORM.sub(calculator, content)  # last: its link is already relative to the book
    return (f'<section class="hb-print-page" id="page-{index}" '
            f'data-source="{html.escape(page.file.src_uri)}">\n{content}\n</section>')


@event_priority(-50)  # after the search plugin has indexed the page (priority 0)
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    if not PRINT_PAGE.match(page.file.src_uri):
        return context
    lang = _lang(page)
    # The book is for readers: the maintainers' page (how the handbook is kept) stays out.
    pages = [p for p in nav.pages if not PRINT_PAGE.match(p.file.src_uri)
             and not MAINTAINERS_PAGE.match(p.file.src_uri)]
    missing = [p.file.src_uri for p in pages if p.content is None]
    if missing:
        log.warning("print book: pages not rendered yet: %s", ", ".join(missing))
    pages = [p for p in pages if p.content is not None]
    book = {_norm(p.url): i for i, p in enumerate(pages, start=1)}
    toc = "".join(f'<li><a href="#page-{i}">{html.escape(p.title or "")}</a></li>'
                  for i, p in enumerate(pages, start=1))
    sections = "\n".join(_section(i, p, book, page.url, lang)
                         for i, p in enumerate(pages, start=1))
    page.content = (f'{page.content or ""}\n<nav class="hb-print-toc" '
                    f'aria-label="{T["contents"][lang]}"><h2 id="print-contents">'
                    f'{T["contents"][lang]}</h2><ol>{toc}</ol></nav>\n'
                    f'<div class="hb-print-book">\n{sections}\n</div>')
    return context

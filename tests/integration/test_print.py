"""The print version: docs/print.md carries every other page of its language, in
navigation order, with unique ids, in-page links that land, and relative links that
resolve; every page loads the print stylesheet; search does not index the book twice."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from support import StaticServer

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def site(site: StaticServer) -> Path:
    """The session's one real build of the handbook (tests/integration/conftest.py)."""
    return site.root


def print_page(site: Path, lang: str) -> Path:
    return site / ("en/" if lang == "en" else "") / "print" / "index.html"


def sources(lang: str) -> set[str]:
    """Every reader page of the language: not the print page itself, and not the
    maintainers' page (how the handbook is kept is not part of the book)."""
    docs = ROOT / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    if lang == "en":
        return {p for p in pages if p.endswith(".en.md")} - {"print.en.md", "maintaining.en.md"}
    return {p for p in pages if not p.endswith(".en.md")} - {"print.md", "maintaining.md"}


@pytest.mark.parametrize("lang", LANGS)
def test_print_page_holds_every_page_of_its_language(site: Path, lang: str) -> None:
    page = print_page(site, lang).read_text(encoding="utf-8")
    found = re.findall(r'<section class="hb-print-page" id="page-(\d+)" data-source="([^"]+)"',
                       page)
    assert [int(i) for i, _ in found] == list(range(1, len(found) + 1))
    assert {src for _, src in found} == sources(lang)
    assert page.count('<a href="#page-') >= len(found), "the contents list every page"


@pytest.mark.parametrize("lang", LANGS)
def test_print_page_ids_are_unique_and_links_land(site: Path, lang: str) -> None:
    path = print_page(site, lang)
    page = path.read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    article = re.search(r"<article\b.*?</article>", page, flags=re.S).group(0)
    for href in re.findall(r'href="([^"]+)"', article):
        href = href.replace("&amp;", "&")
        if href.startswith("#"):
            assert href[1:] in ids, href
        elif not re.match(r"^[a-z]+:", href):
            target = Path(os.path.normpath(path.parent / href.split("#")[0].split("?")[0]))
            assert target.is_file() or (target / "index.html").is_file(), href
    assert '<form class="hb-calc"' not in article, "calculators stay online"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_loads_the_print_stylesheet(site: Path, lang: str) -> None:
    base = site / "en" if lang == "en" else site
    for page in [base / "index.html", base / "procedures/submit-expense/index.html"]:
        assert re.search(r'href="[./]*assets/stylesheets/print\.css"',
                         page.read_text(encoding="utf-8"))
    css = (site / "assets/stylesheets/print.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".md-sidebar" in css and ".md-header" in css


@pytest.mark.parametrize("lang", ["", "en/"])
def test_search_does_not_index_the_book_twice(site: Path, lang: str) -> None:
    index = json.loads((site / lang / "search/search_index.json").read_text(encoding="utf-8"))
    printed = sum(len(d["text"]) for d in index["docs"]
                  if d["location"].split("#")[0] in ("print/", "en/print/"))
    total = sum(len(d["text"]) for d in index["docs"])
    assert printed < total / 20

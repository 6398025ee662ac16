"""The templates on paper (issue 14, item 5): every form under docs/templates/ prints
with every column on the sheet, sideways when it is wide, its header row repeated on
each page it runs over and no row split between pages; in both languages, alone and as
chapters of the print book.

Printed with Debian's Chromium (page.pdf, A4) and measured as test_print.py does: the
DOM laid out under print media at the printed width of the page the table is on, and
the real PDF read for its pages' orientation and text."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import StaticServer
from test_print import audit, check_layout, check_pdf, print_pdf, shoot

from hooks.templates import LANDSCAPE_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")
TEMPLATES = sorted(p.stem for p in (ROOT / "docs/templates").glob("*.md")
                   if "." not in p.stem and p.stem != "index")


def test_there_are_templates_to_print() -> None:
    assert len(TEMPLATES) >= 5, TEMPLATES


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", TEMPLATES)
def test_template_prints_every_column(site: StaticServer, page, lang: str,  # type: ignore[no-untyped-def]
                                      name: str) -> None:
    url = site.url(("en/" if lang == "en" else "") + f"templates/{name}/")
    found = audit(page, url)
    check_layout(found)
    tables = found["tables"]
    assert tables, "the template page shows its table"
    for table in tables:
        wide = table["columns"] > LANDSCAPE_COLUMNS
        assert table["landscape"] == wide, (table["text"], table["columns"])
        assert table["head"] == "table-header-group", "the header row repeats on each page"
        assert set(table["rows"]) == {"avoid"}, "no row is split between pages"
    pages = print_pdf(page)
    check_pdf(pages, found["margins"])
    wide = any(t["columns"] > LANDSCAPE_COLUMNS for t in tables)
    assert all(p.landscape == wide for p in pages), [p.landscape for p in pages]
    # A form is one sheet: the reader prints one to fill it in by hand.
    assert len(pages) == 1, f"{len(pages)} pages"
    shoot(page, url, f"template-{name}-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_book_prints_templates_sideways_and_the_rest_upright(
        site: StaticServer, page, lang: str) -> None:  # type: ignore[no-untyped-def]
    found = audit(page, site.url(("en/" if lang == "en" else "") + "print/"))
    check_layout(found)
    sideways = [t for t in found["tables"] if t["landscape"]]
    assert len(sideways) >= len(TEMPLATES), "the book's template tables print sideways"
    assert all(t["columns"] > LANDSCAPE_COLUMNS for t in sideways), "and only wide ones"
    pages = print_pdf(page)
    sideways = [i for i, p in enumerate(pages, 1) if p.landscape]
    assert sideways, "the template chapters print on landscape pages"
    assert len(sideways) < len(pages) / 3, "only they do"
    # They come together, as the templates do in the navigation.
    assert sideways == list(range(sideways[0], sideways[-1] + 1)), sideways

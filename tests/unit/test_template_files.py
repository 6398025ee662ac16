"""The template downloads of the zh-Hant edition, without a site build.

A zh-Hant page is its zh page converted after the macros ran (hooks/hant.py), so a
download link written by the macro used to point at the Simplified workbook.
These tests build the files the way hooks/templates.py does and read them back with the
csv module and openpyxl: the zh-Hant files are the zh files with every visible text run
through handbook.hant.convert (the converter of the edition), figures, dates and
formulas untouched, and a zh-Hant page links to them.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from calculators.policy import Policy
from handbook import hant
from handbook.policy import load as load_policy
from hooks import templates as hook
from macros import downloads

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2026  # any year: both languages' example days are dated the same


@pytest.fixture(scope="module")
def data_policy() -> Policy:
    """The handbook's own data (the unit tests' fixture policy has no templates)."""
    return load_policy(ROOT / "data")


def numbers() -> list[int]:
    return [t["number"] for t in load_policy(ROOT / "data")["templates"]["templates"]]


def workbook(sheet: downloads.Sheet) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(hook.xlsx_bytes(sheet)))


def texts(wb: Any) -> list[str]:
    """Every text a reader of the workbook sees: sheet names, title, cells, number
    formats' literal units, drop-down values (formulas are code, not text)."""
    found = [*wb.sheetnames, wb.properties.title or ""]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    found.append(cell.value)
                found += re.findall(r'"([^"]*)"', cell.number_format)
        for dv in ws.data_validations.dataValidation:
            found += dv.formula1.strip('"').split(",")
    return [t for t in found if t]


@pytest.mark.parametrize("n", numbers())
def test_hant_sheet_is_the_zh_sheet_converted(data_policy: Policy, n: int) -> None:
    zh = downloads.sheet(data_policy, n, "zh", year=YEAR)
    tw = downloads.sheet(data_policy, n, hant.LANG, year=YEAR)
    assert tw.lang == hant.LANG
    assert tw.title == hant.convert(zh.title)
    assert tw.headers == [hant.convert(h) for h in zh.headers]
    assert tw.sheet_names == tuple(hant.convert(s) for s in zh.sheet_names)
    assert tw.text_rows == [[hant.convert(c) for c in row] for row in zh.text_rows]
    # Typed cells: text converted, numbers and dates the very same values.
    assert len(tw.typed_rows) == len(zh.typed_rows)
    for got, source in zip(tw.typed_rows, zh.typed_rows, strict=True):
        assert got == [hant.convert(c) if isinstance(c, str) else c for c in source]
    assert tw.choices == [None if c is None else [hant.convert(v) for v in c]
                          for c in zh.choices]
    assert tw.formats == zh.formats
    assert tw.formulas == zh.formulas


@pytest.mark.parametrize("lang", ["zh", "en", hant.LANG])
@pytest.mark.parametrize("n", numbers())
def test_example_cells_are_values_of_their_drop_down(data_policy: Policy, n: int,
                                                     lang: str) -> None:
    """A converted example must still pass the converted list's validation in Excel."""
    s = downloads.sheet(data_policy, n, lang, year=YEAR)
    for col, choices in enumerate(s.choices):
        if choices:
            assert {row[col] for row in s.typed_rows} <= set(choices), (n, col, choices)


@pytest.mark.parametrize("n", numbers())
def test_hant_workbook_is_traditional_and_shaped_like_the_zh_one(data_policy: Policy,
                                                                 n: int) -> None:
    zh = workbook(downloads.sheet(data_policy, n, "zh", year=YEAR))
    tw = workbook(downloads.sheet(data_policy, n, hant.LANG, year=YEAR))
    found = texts(tw)
    assert found, "the workbook has text"
    simplified = [t for t in found if not hant.is_traditional(t)]
    assert not simplified, simplified
    assert found == [hant.convert(t) for t in texts(zh)]
    assert len(tw.worksheets) == len(zh.worksheets)
    for ws_tw, ws_zh in zip(tw.worksheets, zh.worksheets, strict=True):
        assert (ws_tw.max_row, ws_tw.max_column) == (ws_zh.max_row, ws_zh.max_column)
        assert [str(dv.sqref) for dv in ws_tw.data_validations.dataValidation] == \
            [str(dv.sqref) for dv in ws_zh.data_validations.dataValidation]
        assert ws_tw.page_setup.orientation == ws_zh.page_setup.orientation
        for row_tw, row_zh in zip(ws_tw.iter_rows(), ws_zh.iter_rows(), strict=True):
            for a, b in zip(row_tw, row_zh, strict=True):
                if not isinstance(b.value, str) or b.value.startswith("="):
                    assert a.value == b.value, (ws_tw.title, a.coordinate)  # figures, formulas


@pytest.mark.parametrize("n", numbers())
def test_hant_csv_is_the_zh_csv_converted(data_policy: Policy, n: int) -> None:
    def rows(lang: str) -> list[list[str]]:
        raw = hook.csv_bytes(downloads.sheet(data_policy, n, lang, year=YEAR))
        assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Chinese"
        return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))

    zh, tw = rows("zh"), rows(hant.LANG)
    assert tw == [[hant.convert(c) for c in row] for row in zh]
    assert all(hant.is_traditional(c) for row in tw for c in row)


def template_downloads(data_policy: Policy, edition: str, locale: str,
                       url: str) -> Any:
    """The template_downloads macro as mkdocs-macros calls it on one page of a build."""
    import macros

    registered: dict[str, Any] = {}
    env = SimpleNamespace(
        variables={"handbook_policy": data_policy},
        conf=SimpleNamespace(theme={"language": edition}),
        page=SimpleNamespace(url=url, file=SimpleNamespace(locale=locale)),
        macro=lambda fn: registered.setdefault(fn.__name__, fn))
    macros._templates(env)
    return registered["template_downloads"]


@pytest.mark.parametrize(("edition", "locale", "url", "lang"), [
    ("zh", "zh", "templates/x/", "zh"),
    ("en", "en", "en/templates/x/", "en"),
    # A zh-Hant page is its zh page (file.locale "zh") built in the zh-Hant edition.
    (hant.LANG, "zh", "zh-Hant/templates/x/", hant.LANG),
])
def test_page_links_the_files_of_its_edition(data_policy: Policy, edition: str, locale: str,
                                             url: str, lang: str) -> None:
    n = numbers()[0]
    out = template_downloads(data_policy, edition, locale, url)(n)
    hrefs = re.findall(r'href="([^"]+)"', out)
    assert sorted(h.rsplit("/", 1)[-1] for h in hrefs) == \
        sorted(downloads.file_name(n, lang, ext) for ext in downloads.FORMATS)
    if lang == hant.LANG:
        # The wording is the zh page's: hooks/hant.py converts it with the rest of the page.
        zh = template_downloads(data_policy, "zh", "zh", url)(n)
        assert re.sub(r'href="[^"]+"', "", out) == re.sub(r'href="[^"]+"', "", zh)

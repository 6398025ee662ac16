"""The five templates as downloads: CSV and XLSX for both languages (and the zh-Hant
edition's, the zh files converted), generated into the built site by hooks/templates.py,
readable by the csv module and openpyxl, with the template's headers and the source's
example rows; every template page links to them with relative URLs that resolve inside
the site (so a version sub-path keeps working)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import os
import re
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from support import StaticServer, plain_number, squash

from calculators.policy import Policy
from handbook import hant
from handbook.policy import load as load_policy
from macros import format as fmt
from macros import tables

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")
PAGES = {1: "target-decomposition", 2: "task-tracking", 3: "project-monitoring",
         4: "monthly-review", 5: "collaboration-request", 6: "target-confirmation",
         7: "quotation-approval", 8: "expense-claim", 9: "contingency-plan"}


@pytest.fixture(scope="module")
def site(site: StaticServer) -> Path:
    """The session's one real build of the handbook (tests/integration/conftest.py)."""
    return site.root


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "data")


def headers(policy: Policy, n: int, lang: str) -> list[str]:
    return [fmt.label(c["title"], lang) for c in tables.template(policy, n)["columns"]]


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SCALED = {"wan": ("{v}万", "{m}million"), "wan_yuan": ("{v}万元", "¥{m}million")}


def amount(value: object, unit: str, lang: str) -> str:
    """A plan or actual in its unit: 500 万 / 5 million, 200 万元 / ¥2 million."""
    number = plain_number(value)  # type: ignore[arg-type]
    if unit not in SCALED:
        return number
    return SCALED[unit][lang == "en"].format(v=number, m=plain_number(Decimal(value) / 100))  # type: ignore[arg-type]


def cell_parts(policy: Policy, kind: str, value: object, lang: str) -> list[str]:
    """What a template cell must contain for a data value of a column kind."""
    if value is None:
        return ["—"]
    if kind == "text":
        return [value[lang]]  # type: ignore[index]
    if kind == "day":
        day = value  # a date
        return [f"{day.month}月{day.day}日" if lang == "zh"  # type: ignore[attr-defined]
                else f"{day.day} {MONTHS[day.month - 1]}"]  # type: ignore[attr-defined]
    if kind == "status":
        names = {s["id"]: s["name"][lang] for s in policy["tasks"]["statuses"]}
        return [names[value]]  # type: ignore[index]
    if kind == "priority":
        return [str(value)]
    if kind == "pct":
        return [f"{plain_number(value)}%"]  # type: ignore[arg-type]
    if kind == "split":
        return [plain_number(v) for v in value]  # type: ignore[attr-defined]
    if kind == "quantity":
        return [amount(value["value"], value["unit"], lang)]  # type: ignore[index]
    if kind == "criteria":
        parts = []
        for c in value:  # type: ignore[attr-defined]
            number = plain_number(c["value"])
            parts += [c["metric"][lang], f"{number}%" if c["unit"] == "pct" else number]
        return parts
    if kind == "plan_actual":
        v = value  # {metric, plan, actual, unit}
        return [v["metric"][lang], amount(v["plan"], v["unit"], lang),  # type: ignore[index]
                amount(v["actual"], v["unit"], lang)]  # type: ignore[index]
    return [plain_number(value)]  # type: ignore[arg-type]


def cases() -> list[tuple[int, str]]:
    return [(n, lang) for n in PAGES for lang in LANGS]


def test_every_template_has_a_csv_and_a_workbook_per_language(site: Path, policy: Policy
                                                                ) -> None:
    numbers = [t["number"] for t in policy["templates"]["templates"]]
    assert numbers == list(PAGES)
    for n, lang in [*cases(), *((n, hant.LANG) for n in PAGES)]:
        for ext in ("csv", "xlsx"):
            assert (site / "assets/templates" / f"table-{n}.{lang}.{ext}").is_file()


@pytest.mark.parametrize(("n", "lang"), cases())
def test_csv_has_a_bom_the_headers_and_the_example_rows(site: Path, policy: Policy, n: int,
                                                         lang: str) -> None:
    raw = (site / "assets/templates" / f"table-{n}.{lang}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese"
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == headers(policy, n, lang)
    t = tables.template(policy, n)
    assert len(rows) - 1 == len(t["rows"]) > 0
    # Every cell against the data, by the test's own rules (not the table macro's).
    for got, data in zip(rows[1:], t["rows"], strict=True):
        assert len(got) == len(t["columns"])
        for cell, column in zip(got, t["columns"], strict=True):
            wants = cell_parts(policy, column["kind"], data.get(column["key"]), lang)
            missing = [w for w in wants if squash(w) not in squash(cell)]
            assert not missing, (n, column["key"], cell, missing)


def test_csv_rows_carry_the_source_figures(site: Path) -> None:
    """Spot checks written from the source documents, not read from the data."""
    def rows(n: int, lang: str) -> list[list[str]]:
        text = (site / "assets/templates" / f"table-{n}.{lang}.csv").read_text("utf-8-sig")
        return list(csv.reader(text.splitlines()))

    assert rows(1, "zh")[1][:3] == ["销售额（万元）", "5,000", "1,600 / 1,700 / 1,700"]
    assert rows(3, "zh")[1][4] == "−24%"
    assert rows(3, "en")[2][4] == "−25 %"
    assert rows(2, "en")[0][0] == "Task"
    assert rows(5, "zh")[1][0] == "新品上市物料设计"


@pytest.mark.parametrize(("n", "lang"), cases())
def test_workbook_has_an_example_and_a_blank_sheet(site: Path, policy: Policy, n: int,
                                                   lang: str) -> None:
    """Sheets named in the workbook's language; the example's cells typed (a quantity a
    number shown with its unit, days in the current year); the blank sheet is headers and
    empty rows, but for the formulas the table implies."""
    from openpyxl import load_workbook

    wb = load_workbook(site / "assets/templates" / f"table-{n}.{lang}.xlsx")
    names = ["示例", "空白"] if lang == "zh" else ["Example", "Blank"]
    assert wb.sheetnames == names
    example = [list(r) for r in wb[names[0]].iter_rows(values_only=True)]
    blank = [list(r) for r in wb[names[1]].iter_rows(values_only=True)]
    assert example[0] == headers(policy, n, lang)
    assert blank[0] == headers(policy, n, lang)
    assert all(cell is None or str(cell).startswith("=") for row in blank[1:] for cell in row)

    t = tables.template(policy, n)
    shown = tables.template_table(policy, n, lang)
    assert len(example) - 1 == len(t["rows"])
    for got, raw, text in zip(example[1:], t["rows"], shown.rows, strict=True):
        for cell, column in zip(got, t["columns"], strict=True):
            key, kind = column["key"], column["kind"]
            if kind == "number":
                assert Decimal(str(cell)) == Decimal(raw[key])
            elif kind == "quantity" and isinstance(cell, (int, float)):
                assert Decimal(str(cell)) == Decimal(raw[key]["value"])
            elif kind == "pct":
                assert Decimal(str(cell)) == Decimal(raw[key]).scaleb(-2)
            elif kind == "day":
                assert isinstance(cell, dt.datetime)
                assert (cell.month, cell.day) == (raw[key].month, raw[key].day)
                assert cell.year == dt.date.today().year
            else:
                assert cell == text[key]


def test_workbook_drop_downs_formulas_widths_and_print(site: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(site / "assets/templates" / "table-2.zh.xlsx")
    ws = wb["空白"]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"P0,P1,P2,P3"' in lists
    assert '"未开始,进行中,已完成,阻塞"' in lists
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert all(ws.column_dimensions[c].width >= 10 for c in "ABCDEFGHIJ")
    ws3 = load_workbook(site / "assets/templates" / "table-3.en.xlsx")["Blank"]
    header = [c.value for c in ws3[1]]
    column = header.index("Deviation") + 1
    assert ws3.cell(row=2, column=column).value == \
        '=IF(AND(ISNUMBER(C2),ISNUMBER(D2),C2<>0),(D2-C2)/C2,"")'
    assert ws3.cell(row=2, column=column).number_format == "+0%;-0%;0%"


@pytest.mark.parametrize(("n", "lang"), cases())
def test_template_page_shows_the_table_and_links_the_downloads(site: Path, policy: Policy,
                                                               n: int, lang: str) -> None:
    prefix = "en/" if lang == "en" else ""
    page_url = PurePosixPath(f"{prefix}templates/{PAGES[n]}/")
    page = (site / page_url / "index.html").read_text(encoding="utf-8")
    # Header cells by their text: a glossary term inside one carries an <abbr> hover.
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)]
    for title in headers(policy, n, lang):
        assert title in cells
    hrefs = re.findall(r'<a href="([^"]+)" download="[^"]+" data-format="(csv|xlsx)"', page)
    assert sorted(ext for _, ext in hrefs) == ["csv", "xlsx"]
    for href, ext in hrefs:
        assert not href.startswith(("/", "http")), "links must be relative (version sub-paths)"
        target = Path(os.path.normpath(site / page_url / href))
        assert target == site / "assets/templates" / f"table-{n}.{lang}.{ext}"
        assert target.is_file()


# The zh-Hant edition: its pages are the zh pages converted (hooks/hant.py), and so are
# its downloads; a Hong Kong or Taiwan reader's link must give the Traditional files.
HANT = hant.LANG


def hant_links(site: Path, n: int) -> list[tuple[Path, str, str, str]]:
    """(file, suggested name, format, link text) of each download on template n's
    zh-Hant page."""
    page_url = PurePosixPath(f"{HANT}/templates/{PAGES[n]}/")
    page = (site / page_url / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<a href="([^"]+)" download="([^"]+)" data-format="(csv|xlsx)">'
                       r"(.*?)</a>", page, re.S)
    return [(Path(os.path.normpath(site / page_url / href)), html.unescape(name), ext,
             html.unescape(re.sub(r"<[^>]+>", "", text)))
            for href, name, ext, text in found]


@pytest.mark.parametrize("n", list(PAGES))
def test_hant_page_links_the_traditional_downloads(site: Path, n: int) -> None:
    links = hant_links(site, n)
    assert sorted(ext for _, _, ext, _ in links) == ["csv", "xlsx"]
    for target, name, ext, text in links:
        assert target == site / "assets/templates" / f"table-{n}.{HANT}.{ext}"
        assert target.is_file()
        # What the reader sees and saves: the link and the suggested file name.
        assert hant.is_traditional(text) and hant.is_traditional(name), (text, name)


def csv_rows(site: Path, n: int, lang: str) -> list[list[str]]:
    raw = (site / "assets/templates" / f"table-{n}.{lang}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Chinese"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("n", list(PAGES))
def test_hant_csv_is_the_zh_csv_converted_and_reads_as_the_page(site: Path, n: int) -> None:
    zh, tw = csv_rows(site, n, "zh"), csv_rows(site, n, HANT)
    assert [len(r) for r in tw] == [len(r) for r in zh]
    simplified = [c for row in tw for c in row if not hant.is_traditional(c)]
    assert not simplified, simplified
    assert tw == [[hant.convert(c) for c in row] for row in zh]
    # The file's headers are the table's on the zh-Hant page (converted in its page).
    page = (site / HANT / "templates" / PAGES[n] / "index.html").read_text(encoding="utf-8")
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)]
    assert set(tw[0]) <= set(cells), set(tw[0]) - set(cells)


def validations(ws: Any) -> list[tuple[str, list[str]]]:
    return [(str(dv.sqref), dv.formula1.strip('"').split(","))
            for dv in ws.data_validations.dataValidation]


@pytest.mark.parametrize("n", list(PAGES))
def test_hant_workbook_is_the_zh_workbook_in_traditional(site: Path, n: int) -> None:
    from openpyxl import load_workbook

    zh = load_workbook(site / "assets/templates" / f"table-{n}.zh.xlsx")
    tw = load_workbook(site / "assets/templates" / f"table-{n}.{HANT}.xlsx")
    assert tw.sheetnames == [hant.convert(s) for s in zh.sheetnames]
    assert all(hant.is_traditional(s) for s in tw.sheetnames)
    assert tw.properties.title == hant.convert(zh.properties.title)
    # The link on the page names the workbook's sheets as the workbook does.
    [xlsx_text] = [text for _, _, ext, text in hant_links(site, n) if ext == "xlsx"]
    assert all(name in xlsx_text for name in tw.sheetnames), (xlsx_text, tw.sheetnames)
    for ws_tw, ws_zh in zip(tw.worksheets, zh.worksheets, strict=True):
        assert (ws_tw.max_row, ws_tw.max_column) == (ws_zh.max_row, ws_zh.max_column)
        lists_tw, lists_zh = validations(ws_tw), validations(ws_zh)
        assert [(r, [hant.convert(v) for v in vs]) for r, vs in lists_zh] == lists_tw
        for row_tw, row_zh in zip(ws_tw.iter_rows(), ws_zh.iter_rows(), strict=True):
            for a, b in zip(row_tw, row_zh, strict=True):
                if isinstance(b.value, str) and not b.value.startswith("="):
                    assert a.value == hant.convert(b.value) and hant.is_traditional(a.value)
                else:  # figures, dates and formulas as they are
                    assert a.value == b.value, (ws_tw.title, a.coordinate)
                assert a.number_format == hant.convert(b.number_format)
        # Each example in a validated column is a value of its converted list.
        for ref, values in lists_tw:
            for row in ws_tw[ref]:
                for cell in row:
                    assert cell.value is None or cell.value in values, (cell.coordinate, values)

"""Batch results that people read on screen, in real Chromium and real Pyodide.

A deviation CSV with Chinese headers, a bad row and blank lines is uploaded on the
Chinese page and on the English page, at 1366 px and at 375 px. The reader must see:
the summary first (rows in, computed, with errors) and the blank lines skipped, by
line number; then the table, titled in the page's language (no machine column names),
status and direction values in the page's language, each row labelled with its line
in the file; the key columns (line, name, main result, status or error) first, inside
the viewport at 375 px; scrolled sideways, the line and the name stay (on a desktop all
four), and the next column is read whole beside them; rows compact.
Screenshots: test-artifacts/batch-results-<lang>-<width>.png (-scrolled: sideways).

A bonus file with a large target is uploaded the same way: the figures read as a single
result writes them (7,500,000.00 grouped, 元 or ¥, % for rates), right-aligned, the
main one whole on one line in its key column, the input as the reader typed it.
Screenshots: test-artifacts/batch-figures-<lang>-<width>.png (-panel; -input, -payout:
scrolled to those columns).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ARTIFACTS

from calculators import bonus, display
from calculators.i18n import t

pytestmark = pytest.mark.browser

BOOT = 30_000
PREFIX = {"zh": "", "en": "en/"}
# Line 1 the header, line 3 and line 6 blank, line 5 a plan that is not a number.
CSV = "姓名,计划值,实际值\r\n张三,400,300\r\n\r\n王五,80,100\r\n李四,abc,1\r\n\r\n赵六,500,495\r\n"
LINES = ["2", "4", "5", "7"]
KEYS = ("line", "name", "main", "status")


def open_deviation(page, site, lang: str, width: int):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(f"{PREFIX[lang]}calculators/deviation/"))
    expect(page.locator('form[data-calculator="deviation"]')).to_have_attribute(
        "data-result", "ok", timeout=BOOT)
    return page.locator('[data-batch="deviation"]')


def inside(box: dict[str, float] | None, width: int) -> bool:
    return box is not None and box["x"] >= -0.5 and box["x"] + box["width"] <= width + 0.5


@pytest.mark.parametrize("width", [1366, 375])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_batch_results_read_first_in_the_page_language(page, site, lang: str,
                                                        width: int) -> None:  # type: ignore[no-untyped-def]
    panel = open_deviation(page, site, lang, width)
    panel.locator("input[type=file]").set_input_files(
        {"name": "偏差.csv", "mimeType": "text/csv", "buffer": CSV.encode("utf-8")})
    result = panel.locator("[data-batch-result]")
    rows = result.locator("tbody tr")
    expect(rows).to_have_count(4)

    # Summary first, then the skipped lines by number, then the table.
    summary = result.locator(".hb-batch__summary")
    expect(summary).to_have_text(t("batch_ui.summary", lang, rows=4, computed=3, errors=1))
    blank = t("batch_ui.blank", lang)
    skipped = t("batch_ui.line", lang, n=3, why=blank) + t("batch_ui.list_sep", lang) + \
        t("batch_ui.line", lang, n=6, why=blank)
    expect(result.locator(".hb-batch__note", has_text=skipped)).to_have_count(1)
    order = result.evaluate(
        "el => [...el.querySelectorAll('.hb-batch__summary, .hb-batch__note, table')]"
        ".map(n => n.tagName === 'TABLE' ? 'table' : n.className)")
    assert order[0] == "hb-batch__summary" and order[-1] == "table", order
    assert summary.bounding_box()["y"] < result.locator("table").bounding_box()["y"]

    # Headers in the page's language, key columns first; no machine names.
    heads = [h.strip() for h in result.locator("thead th").all_inner_texts()]
    assert heads[:3] == [t("batch_ui.row", lang), "姓名", t("batch_ui.col.deviation_pct", lang)]
    assert heads[3].startswith(t("render.status", lang))
    for name in ("plan_to_date", "deviation", "favourable", "owner", "actions"):
        assert t(f"batch_ui.col.{name}", lang) in heads, name
    machine = {"plan_to_date", "deviation_pct", "favourable", "status", "error_zh", "plan"}
    assert not machine & set(heads), heads

    # Each row is its line in the file; status and direction values in the page's language.
    assert [rows.nth(i).get_attribute("data-line") for i in range(4)] == LINES
    assert [rows.nth(i).locator("th").inner_text().strip().lstrip("⚠ ") for i in range(4)] \
        == LINES
    expect(rows.nth(0).locator(".hb-status")).to_have_text(t("status.warning", lang))
    expect(rows.nth(3).locator(".hb-status")).to_have_text(t("status.ok", lang))
    cells = rows.nth(0).locator("td").all_inner_texts()
    assert t("status.unfavourable", lang) in cells
    expect(rows.nth(2)).to_have_class("hb-batch__error")
    message = rows.nth(2).locator(".hb-batch__message")
    expect(message).to_contain_text("abc")
    if lang == "en":
        expect(message).to_contain_text("is not a number")
    else:
        expect(message).to_contain_text("不是有效的数字")

    # The key cells of every row are in the viewport; scrolled to the table's far end,
    # the line and the name stay (sticky), and on a desktop the main result and the
    # status too. On a phone those two scroll away instead: the four key columns fill a
    # 375 px screen, and kept in place they left no room to read any other column.
    region = result.locator(".hb-result__table")
    for scrolled in (False, True):
        if scrolled:
            region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
            page.wait_for_timeout(100)
        kept = KEYS if not scrolled or width > 375 else KEYS[:2]
        for i in range(4):
            for key in kept:
                cell = rows.nth(i).locator(f".hb-batch__key--{key}")
                box = cell.bounding_box()
                assert inside(box, width), (lang, width, scrolled, i, key, box)
    # The first of the other columns, scrolled to just beside the kept key columns, is
    # read whole there: inside the screen, its heading and cells not under a key column.
    other = result.locator("thead th").nth(len(KEYS))
    seen = other.evaluate(f"""th => {{
        const region = th.closest('.hb-result__table');
        const kept = th.parentElement.querySelector('.hb-batch__key--{kept[-1]}');
        region.scrollLeft += th.getBoundingClientRect().left
            - kept.getBoundingClientRect().right;
        const column = [...th.parentElement.children].indexOf(th);
        return [th, ...[...region.querySelectorAll('tbody tr')].map(
                tr => tr.children[column])].map(cell => {{
            cell.scrollIntoView({{block: 'center', inline: 'nearest'}});
            const b = cell.getBoundingClientRect();
            const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
            return [cell.contains(hit), b.left >= -0.5 && b.right <= innerWidth + 0.5];
        }});
    }}""")
    assert all(on_top and whole for on_top, whole in seen), (lang, width, seen)
    ARTIFACTS.mkdir(exist_ok=True)
    result.screenshot(path=str(ARTIFACTS / f"batch-results-{lang}-{width}-scrolled.png"))
    if width == 375:
        assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # the rest scrolls
        assert region.evaluate("el => el.scrollLeft") > 0
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page is {overflow}px wider than the phone"
    # Compact: a computed row is at most about two lines of its longest text (a row was
    # 342 px tall at 375 px when every column squeezed into the page).
    heights = [rows.nth(i).bounding_box()["height"] for i in (0, 1, 3)]
    assert max(heights) <= (120 if width == 375 else 80), heights
    region.evaluate("el => { el.scrollLeft = 0; }")

    ARTIFACTS.mkdir(exist_ok=True)
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"batch-results-{lang}-{width}.png"))
    panel.screenshot(path=str(ARTIFACTS / f"batch-results-{lang}-{width}-panel.png"))


# A large target: the bonus payable is millions (the real policy's rate at 120 %).
BONUS_CSV = "姓名,完成率,目标奖金\r\n张三,120%,5000000\r\n李四,abc,12000\r\n"
GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+\.[0-9]{2}")


@pytest.mark.parametrize("width", [1366, 375])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_batch_figures_are_grouped_as_single_results_write_them(
        page, site, lang: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url(f"{PREFIX[lang]}calculators/bonus/"))
    expect(page.locator('form[data-calculator="bonus"]')).to_have_attribute(
        "data-result", "ok", timeout=BOOT)
    panel = page.locator('[data-batch="bonus"]')
    panel.locator("input[type=file]").set_input_files(
        {"name": "奖金.csv", "mimeType": "text/csv", "buffer": BONUS_CSV.encode("utf-8")})
    result = panel.locator("[data-batch-result]")
    rows = result.locator("tbody tr")
    expect(rows).to_have_count(2)

    single = bonus.compute("120%", "5000000").as_json()
    total = display.yuan(single["total"], lang, 2)  # as the single result's figures show it
    assert GROUPED.search(total), total
    main = rows.nth(0).locator(".hb-batch__key--main")
    expect(main).to_have_text(total)
    expect(main).to_be_visible()
    assert inside(main.bounding_box(), width)
    # the figure's digits on one line (a figure broken inside is misread too); a unit
    # after a space (元) may go to the next line
    lines = main.evaluate("""el => {
        const text = el.firstChild, end = text.data.indexOf(' ');
        const r = document.createRange();
        r.setStart(text, 0); r.setEnd(text, end < 0 ? text.data.length : end);
        return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }""")
    assert lines == 1, (lang, width, lines)

    heads = [h.strip() for h in result.locator("thead th").all_inner_texts()]
    cells = rows.nth(0).locator("td")
    payout = cells.nth(heads.index(t("batch_ui.col.payout", lang)) - 1)
    expect(payout).to_have_text(display.yuan(single["payout"], lang, 2))
    rate = cells.nth(heads.index(t("batch_ui.col.payout_pct", lang)) - 1)
    expect(rate).to_have_text(display.pct(single["payout_pct"], lang, 2))
    for cell in (payout, rate, main):
        style = cell.evaluate("el => [getComputedStyle(el).textAlign,"
                              " getComputedStyle(el).fontVariantNumeric]")
        assert style == ["right", "tabular-nums"], style
    # the input as typed; the error row's message as it is
    typed = cells.nth(heads.index(t("fields.bonus.target_bonus.label", lang)) - 1)
    expect(typed).to_have_text("5000000")
    expect(rows.nth(1).locator(".hb-batch__message")).to_contain_text("abc")

    ARTIFACTS.mkdir(exist_ok=True)
    result.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"batch-figures-{lang}-{width}.png"))
    panel.screenshot(path=str(ARTIFACTS / f"batch-figures-{lang}-{width}-panel.png"))
    # the other columns, scrolled to: the target as typed, the bonus at this rate
    for name, cell in (("input", typed), ("payout", payout)):
        cell.evaluate("""td => {
            const status = td.parentElement.querySelector('.hb-batch__key--status');
            td.closest('.hb-result__table').scrollLeft +=
                td.getBoundingClientRect().left - status.getBoundingClientRect().right; }""")
        page.wait_for_timeout(100)
        result.screenshot(path=str(ARTIFACTS / f"batch-figures-{lang}-{width}-{name}.png"))

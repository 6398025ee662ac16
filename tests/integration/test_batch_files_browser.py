"""The batch panel with files as offices make them, in real Chromium and real Pyodide.

A CSV in GBK, UTF-16 (Excel's "Unicode text", tab separated) and UTF-8 with a BOM and
semicolons, with Chinese headers and names, chosen with the file input: every name shown
as written, the bad row reported; the Excel template downloaded, filled with openpyxl,
uploaded, the results downloaded as a workbook with numbers as numbers; a formula cell
neutralised in the downloads; a file that cannot be read gives one bilingual line.
Screenshots of the Chinese page after an upload (1366 px and 375 px) go to
test-artifacts/batch-*.png.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ARTIFACTS

pytestmark = pytest.mark.browser

BOOT = 30_000
NAMES = ["张三", "李四", "王五"]


def office_csv(encoding: str, sep: str) -> bytes:
    lines = [sep.join(["姓名", "完成率", "目标奖金"]), sep.join(["张三", "120%", "10000"]),
             sep.join(["李四", "abc", "8000"]), sep.join(["王五", "95%", "1.2万"])]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def open_bonus(page, site, width: int = 1366):  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site.url("calculators/bonus/"))
    expect(page.locator('form[data-calculator="bonus"]')).to_have_attribute(
        "data-result", "ok", timeout=BOOT)
    return page.locator('[data-batch="bonus"]')


def choose(panel, name: str, data: bytes, mime: str = "text/csv") -> None:  # type: ignore[no-untyped-def]
    panel.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data})


@pytest.mark.parametrize(("encoding", "sep", "note"), [
    ("gbk", ",", "GB18030 编码，逗号分隔"),
    ("utf-16", "\t", "UTF-16 编码，制表符分隔"),
    ("utf-8-sig", ";", "UTF-8 编码，分号分隔"),
])
def test_office_csv_files(page, site, encoding: str, sep: str, note: str) -> None:  # type: ignore[no-untyped-def]
    panel = open_bonus(page, site)
    choose(panel, f"奖金-{encoding}.csv", office_csv(encoding, sep))
    rows = panel.locator("[data-batch-result] tbody tr")
    expect(rows).to_have_count(3)
    for i, name in enumerate(NAMES):
        expect(rows.nth(i).locator("td").first).to_have_text(name)
    expect(panel.locator(".hb-batch__error")).to_have_count(1)
    expect(panel.locator(".hb-batch__note").first).to_contain_text(note)
    assert "\ufffd" not in (panel.text_content() or "")
    with page.expect_download() as got:
        panel.locator('[data-action="batch-download"]').click()
    out = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in out[1:]] == NAMES
    if encoding == "gbk":
        ARTIFACTS.mkdir(exist_ok=True)
        panel.screenshot(path=str(ARTIFACTS / "batch-gbk-zh-1366.png"))
        page.set_viewport_size({"width": 375, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{overflow}px wider than 375"
        panel.screenshot(path=str(ARTIFACTS / "batch-gbk-zh-375.png"))


def test_xlsx_round_trip_and_formula_cells(page, site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    panel = open_bonus(page, site)
    with page.expect_download() as got:
        panel.locator('[data-action="batch-template-xlsx"]').click()
    assert got.value.suggested_filename == "bonus-template.xlsx"
    wb = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    assert wb.sheetnames == ["批量计算"]
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert "完成率" in header and "目标奖金" in header
    ws.append([{"完成率": 1.2, "目标奖金": 10000}.get(h) for h in header])
    ws.cell(row=2, column=header.index("完成率") + 1).number_format = "0%"
    ws.append([{"完成率": "abc", "目标奖金": 8000}.get(h) for h in header])
    ws.append([{"完成率": "95%", "目标奖金": "1.2万"}.get(h) for h in header])
    ws.cell(row=4, column=len(header) + 1).value = "=1+1"  # a name column beyond: a formula
    ws.cell(row=1, column=len(header) + 1).value = "姓名"
    filled = tmp_path / "奖金.xlsx"
    wb.save(filled)
    panel.locator("input[type=file]").set_input_files(str(filled))
    rows = panel.locator("[data-batch-result] tbody tr")
    expect(rows).to_have_count(3)
    expect(panel.locator(".hb-batch__error")).to_have_count(1)
    expect(panel.locator(".hb-batch__note").first).to_contain_text("Excel 工作簿")
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 800})
    panel.screenshot(path=str(ARTIFACTS / "batch-xlsx-zh-375.png"))
    page.set_viewport_size({"width": 1366, "height": 900})
    with page.expect_download() as got:
        panel.locator('[data-action="batch-download-xlsx"]').click()
    assert got.value.suggested_filename == "bonus-results.xlsx"
    results = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).active
    head = [c.value for c in results[1]]
    totals = [results.cell(row=r, column=head.index("total") + 1).value for r in (2, 3, 4)]
    assert totals[0] == 15000 and totals[1] is None and isinstance(totals[2], float)
    names = [results.cell(row=r, column=head.index("姓名") + 1).value for r in (2, 3, 4)]
    assert names[2] is None or not str(names[2]).startswith("=")
    assert all(c.data_type != "f" for row in results.iter_rows() for c in row)

    # A pasted name that is a formula: neutralised in the CSV download.
    panel.locator("[data-batch-text]").fill("姓名,完成率,目标奖金\n=1+1,120%,10000\n@x,-5%,1\n")
    panel.locator('[data-action="batch-run"]').click()
    expect(panel.locator("[data-batch-result] tbody tr")).to_have_count(2)
    with page.expect_download() as got:
        panel.locator('[data-action="batch-download"]').click()
    out = list(csv.reader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in out[1:]] == ["'=1+1", "'@x"]


def test_unreadable_file_gives_one_line(page, site) -> None:  # type: ignore[no-untyped-def]
    panel = open_bonus(page, site)
    choose(panel, "old.xls", b"\xd0\xcf\x11\xe0" + bytes(range(256)) * 4,
           "application/vnd.ms-excel")
    error = panel.locator("[data-form-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("CSV UTF-8")
    expect(error).to_contain_text(".xlsx")
    choose(panel, "bad.csv", "姓名,完成率\n张三,\"120%\n李四,1\n".encode("gbk"))
    expect(error).to_contain_text("第 2 行")

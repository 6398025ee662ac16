"""The three calculator pages as a reader uses them, in both languages, in real Chromium.

For each calculator and language: type the figures with the keyboard the way people
write them (5000万, １２０％), read the <output> values and compare them with the CLI's
--json for the same inputs (parity), follow the shared link in a fresh page and get the
same figures, mark a bad value with the calculator's message, run a batch CSV with a bad
row (reported, nothing else lost) and download the results and the empty template.
Screenshots at desktop and 375 px widths go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ARTIFACTS, cli_json

from calculators import render
from calculators.registry import CALCULATORS

INPUTS = {name: entry.inputs for name, entry in CALCULATORS.items()}

pytestmark = pytest.mark.browser

PREFIX = {"zh": "", "en": "en/"}
BOOT = 30_000

# What a person types, field by field (keyboard), and the key figures to compare.
CASES = {
    "bonus": {
        "type": {"completion": "１２０％", "target_bonus": "1.5万"},
        "outputs": ("total", "completion_pct", "tier", "payout_pct", "payout"),
        "bad": ("completion", "abc", {"zh": "不是有效的数字", "en": "is not a number"}),
        "csv": "completion,target_bonus\n120%,10000\nabc,8000\n95%,1.2万\n",
    },
    "split": {
        "type": {"total": "5000万", "period": "2026-Q3"},
        "select": {"into": "week"},
        "outputs": ("total", "target", "buffer_pct"),
        "bad": ("buffer", "50%", {"zh": "弹性系数须在", "en": "the buffer must be"}),
        "csv": "total,weights,buffer\n5000,16/17/17,\n100,1/1,99%\n3000万,1/2,10%\n",
    },
    "deviation": {
        "type": {"plan": "5000万", "actual": "3800万"},
        "outputs": ("deviation_pct", "plan_to_date", "actual", "deviation"),
        "bad": ("actual", "1e5", {"zh": "不是有效的数字", "en": "is not a number"}),
        "csv": "计划值,实际值,direction\n500,380,higher\n200,x,\n1000,1100,lower\n",
    },
}



def form(page, calculator: str):  # type: ignore[no-untyped-def]
    return page.locator(f'form[data-calculator="{calculator}"]')


def type_into(page, calculator: str, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = form(page, calculator).locator(f':is(input, select, textarea)[name="{name}"]')
    field.click()
    field.press("Control+A")
    field.press("Backspace")
    field.press_sequentially(text, delay=15)


def wait_first_result(page, calculator: str) -> None:  # type: ignore[no-untyped-def]
    expect(form(page, calculator)).to_have_attribute("data-result", "ok", timeout=BOOT)


def shown(page, calculator: str, names: tuple[str, ...]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The exact JSON values of the outputs (their data-value)."""
    f = form(page, calculator)
    return {n: f.locator(f'output[name="{n}"]').get_attribute("data-value") or ""
            for n in names}


def expect_outputs(page, calculator: str, expected: dict[str, str],  # type: ignore[no-untyped-def]
                   texts: dict[str, str] | None = None) -> None:
    """Each output keeps the exact JSON value in data-value; `texts`: what the reader sees."""
    f = form(page, calculator)
    for name, value in expected.items():
        expect(f.locator(f'output[name="{name}"]')).to_have_attribute("data-value", value)
    for name, text in (texts or {}).items():
        expect(f.locator(f'output[name="{name}"]')).to_have_text(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("calculator", ["bonus", "split", "deviation"])
def test_calculator_page(page, context, site, calculator: str, lang: str,  # type: ignore[no-untyped-def]
                         tmp_path: Path) -> None:
    case = CASES[calculator]
    page.goto(site.url(f"{PREFIX[lang]}calculators/{calculator}/"))
    wait_first_result(page, calculator)
    initial = shown(page, calculator, case["outputs"])

    # Type like a person; choose from a list with the keyboard.
    for name, text in case["type"].items():
        type_into(page, calculator, name, text)
    for name, value in case.get("select", {}).items():
        form(page, calculator).locator(f'select[name="{name}"]').select_option(value)
    inputs = {**case["type"], **case.get("select", {})}
    reference = cli_json(calculator, inputs)
    expected = {n: "" if reference[n] is None else str(reference[n]) for n in case["outputs"]}
    formatted = render.display_outputs(calculator, reference, lang)
    expect_outputs(page, calculator, expected, formatted)
    result = form(page, calculator).locator('[data-result="html"]')
    expect(result.locator("svg[role=img]")).to_have_count(1)
    expect(result.locator('[data-result="steps"] li').first).to_be_visible()
    assert all(ch not in (result.text_content() or "") for ch in ("Traceback", "Error:"))

    # The link carries the inputs: a fresh page shows the same figures.
    defaults = form(page, calculator).evaluate(
        "f => Object.fromEntries([...f.querySelectorAll('input[name], select[name]')].map("
        "el => [el.name, el.tagName === 'SELECT' ? ([...el.options].find(o => o.defaultSelected)"
        " || el.options[0]).value : el.defaultValue]))")
    changed = [name for name, value in inputs.items() if defaults[name] != value]
    assert changed
    for name in changed:
        expect(page).to_have_url(re.compile(f"[?&]{name}="))
    link = page.url
    fresh = context.new_page()
    fresh.goto(link)
    wait_first_result(fresh, calculator)
    expect_outputs(fresh, calculator, expected)
    fresh.close()

    # A bad value marks its field with the calculator's message in the page's language.
    name, text, message = case["bad"]
    field = form(page, calculator).locator(f':is(input, select, textarea)[name="{name}"]')
    type_into(page, calculator, name, text)
    expect(field).to_have_attribute("aria-invalid", "true")
    error_id = f"calc-{calculator}-{name}-error"
    assert error_id in (field.get_attribute("aria-describedby") or "").split()
    expect(page.locator(f"#{error_id}")).to_contain_text(message[lang])
    type_into(page, calculator, name, inputs.get(name, ""))
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect_outputs(page, calculator, expected)

    # Batch: a CSV with a bad row; the row is reported and no row is lost.
    panel = page.locator(f'[data-batch="{calculator}"]')
    source = tmp_path / f"{calculator}.csv"
    source.write_text(case["csv"], encoding="utf-8")
    panel.locator("input[type=file]").set_input_files(str(source))
    table = panel.locator("[data-batch-result] tbody tr")
    expect(table).to_have_count(3)
    expect(table.nth(1)).to_have_class("hb-batch__error")
    expect(panel.locator(".hb-batch__error")).to_have_count(1)
    with page.expect_download() as got:
        panel.locator('[data-action="batch-download"]').click()
    rows = list(csv.DictReader(io.StringIO(
        Path(got.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 3
    assert [bool(r["error_field"]) for r in rows] == [False, True, False]
    assert rows[1]["error_zh"] and rows[1]["error_en"]
    with page.expect_download() as got:
        panel.locator('[data-action="batch-template"]').click()
    header = Path(got.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",") == list(INPUTS[calculator])

    # Reset: back to the defaults, and the link no longer carries inputs.
    form(page, calculator).locator("button[type=reset]").click()
    for name in changed:
        expect(page).not_to_have_url(re.compile(f"[?&]{name}="))
    expect_outputs(page, calculator, initial)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"calculator-{calculator}-{lang}-desktop.png"),
                    full_page=True)


def test_keyboard_only_copy_and_mobile(page, context, site) -> None:  # type: ignore[no-untyped-def]
    """Keyboard only on the bonus page (visible focus), copy result and link, and every
    calculator page at 375 px: no horizontal scrolling, screenshots for people to look at."""
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=site.url("").rstrip("/"))
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site.url("calculators/bonus/"))
    wait_first_result(page, "bonus")
    first = form(page, "bonus").locator('[name="completion"]')
    first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("１２０％")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("8000")
    page.keyboard.press("Enter")
    expect_outputs(page, "bonus", {"payout": "12000.00", "payout_pct": "150.00"},
                   {"payout": "12,000.00 元", "payout_pct": "150%"})
    copy = form(page, "bonus").locator('[data-action="copy-text"]')
    expect(copy).to_be_enabled()
    copy.focus()
    page.keyboard.press("Enter")
    expect(form(page, "bonus").locator("[data-action-note]")).not_to_be_empty()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "12,000.00 元" in copied and "completion=" in copied
    ARTIFACTS.mkdir(exist_ok=True)
    for calculator in ("bonus", "split", "deviation"):
        for lang in ("zh", "en"):
            page.goto(site.url(f"{PREFIX[lang]}calculators/{calculator}/"))
            wait_first_result(page, calculator)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{calculator} {lang}: {overflow}px wider than 375"
            page.screenshot(path=str(ARTIFACTS / f"calculator-{calculator}-{lang}-375.png"),
                            full_page=True)


def test_home_page_loads_no_engine_and_the_engine_boots_once(page, site) -> None:  # type: ignore[no-untyped-def]
    """Instant navigation between the three calculator pages: one engine boot, ready note."""
    before = site.count("pyodide.asm.wasm")
    page.goto(site.url(""))
    page.wait_for_load_state("networkidle")
    assert site.count("pyodide.asm.wasm") == before
    page.goto(site.url("calculators/bonus/"))
    wait_first_result(page, "bonus")
    expect(page.locator("[data-engine-status]")).to_contain_text("计算引擎已就绪")
    page.evaluate("window.__same = true")
    for calculator in ("split", "deviation"):
        page.locator(f'.md-nav a[href$="{calculator}/"]').first.click()
        wait_first_result(page, calculator)
    assert page.evaluate("window.__same") is True
    expect(page.locator("[data-engine-status]")).to_have_attribute("data-boots", "1")
    # One boot, one request for the wasm: the worker's, which Pyodide's fetch is answered
    # from (the snapshot is a delta against the wasm: worker.js).
    assert site.count("pyodide.asm.wasm") - before == 1

"""Results people read, in real Chromium at 1366 px and 375 px, in both languages.

- The headline figures are formatted for people (thousands separators, U+2212, the unit,
  万 kept when typed) while each <output> keeps the exact JSON value in data-value.
- Every chart's text is at least 12 px as rendered and no label overlaps another
  (bounding boxes from the browser), with a legend.
- Proration: a start date without a period asks for the period; a start date after
  the period is an error at the field; bad input leaves no orphan unit in the headline.
- The split goes quarter -> months -> people in one calculation and every level sums.
- English multipliers (20k, 1.5m) are read; "20.000" is an error that asks.
- The first field is one Tab (and Enter) away; the engine status is a quiet mark.
Screenshots: test-artifacts/after-<calculator>-<lang>-<width>.png.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ARTIFACTS

pytestmark = pytest.mark.browser

PREFIX = {"zh": "", "en": "en/"}
BOOT = 30_000
MINUS = "\u2212"

# Inputs that show the cases: 万 typed, a negative deviation, a cascade to people.
SHOWN = {
    "bonus": {"completion": "120%", "target_bonus": "2万", "period": "2026-Q3",
              "start_date": "2026-08-15", "special_bonus": "1000"},
    "split": {"total": "5000万", "period": "2026-Q3", "labels": "张三,李四,王五",
              "start_dates": ",,2026-08-15", "buffer": "10%"},
    "deviation": {"plan": "5000万", "actual": "3800万"},
}
# The headline as the reader sees it, and its exact value.
HEADLINE = {
    "bonus": ("total", {"zh": "16,326.09 元", "en": "¥16,326.09"}, "16326.09"),
    "split": ("total", {"zh": "5,500 万元", "en": "¥55 million"}, "5500"),
    "deviation": ("deviation_pct", {"zh": f"{MINUS}24%", "en": f"{MINUS}24 %"}, "-24.00"),
}

CHART_CHECK = """svg => {
  const scale = svg.getScreenCTM().a;
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
            box: [r.left, r.top, r.right, r.bottom]};
  });
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i].box, b = texts[j].box;
    const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w > 1 && h > 1) overlaps.push([texts[i].text, texts[j].text]);
  }
  return {small: texts.filter(t => t.px < 11.95).map(t => [t.text, t.px]), overlaps,
          count: texts.length, width: svg.getBoundingClientRect().width};
}"""


def form(page, calculator: str):  # type: ignore[no-untyped-def]
    return page.locator(f'form[data-calculator="{calculator}"]')


def field(page, calculator: str, name: str):  # type: ignore[no-untyped-def]
    return form(page, calculator).locator(f':is(input, select, textarea)[name="{name}"]')


def fill(page, calculator: str, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    el = field(page, calculator, name)
    more = el.locator("xpath=ancestor::details[1]")
    if more.count() and not more.evaluate("d => d.open"):
        more.locator("summary").click()
    el.fill(text)
    el.dispatch_event("input")


def open_page(page, site, calculator: str, lang: str, query: str = ""):  # type: ignore[no-untyped-def]
    page.goto(site.url(f"{PREFIX[lang]}calculators/{calculator}/{query}"))
    expect(form(page, calculator)).to_have_attribute("data-result", "ok", timeout=BOOT)


def output(page, calculator: str, name: str):  # type: ignore[no-untyped-def]
    return form(page, calculator).locator(f'output[name="{name}"]')


@pytest.mark.parametrize("width", [1366, 375])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headlines_and_charts_people_can_read(page, site, lang: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": width, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    for calculator, inputs in SHOWN.items():
        query = "?" + "&".join(f"{k}={v}" for k, v in inputs.items())
        open_page(page, site, calculator, lang, query)
        name, text, value = HEADLINE[calculator]
        head = output(page, calculator, name)
        expect(head).to_have_attribute("data-value", value)
        expect(head).to_have_text(text[lang])
        # Every output: formatted text, exact JSON in data-value, never a bare JSON string
        # with an ASCII hyphen or a separate unit left beside it.
        for out in form(page, calculator).locator("output[name]").all():
            shown, raw = out.text_content() or "", out.get_attribute("data-value") or ""
            assert shown and raw is not None
            assert not re.search(r"(^|\s)-\d", shown), (calculator, shown)
        assert form(page, calculator).locator(".hb-calc__results .hb-calc__unit").count() == 0
        # The chart: text >= 12 px as rendered, no label on another, a legend.
        svg = form(page, calculator).locator('[data-result="html"] svg.hb-chart')
        expect(svg).to_have_count(1)
        facts = svg.evaluate(CHART_CHECK)
        assert facts["small"] == [], (calculator, lang, width, facts)
        assert facts["overlaps"] == [], (calculator, lang, width, facts["overlaps"])
        assert facts["count"] >= 3
        if calculator != "split" or inputs.get("labels"):
            assert svg.locator(".hb-chart__swatch, circle, line").count() >= 2
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{calculator} {lang} {width}: {overflow}px too wide"
        form(page, calculator).screenshot(
            path=str(ARTIFACTS / f"after-{calculator}-{lang}-{width}.png"))
    # 万 kept on the deviation chart's axis and in its figures.
    deviation = form(page, "deviation")
    assert "万" in (deviation.locator("svg.hb-chart").text_content() or "")
    expect(output(page, "deviation", "plan_to_date")).to_have_text(
        {"zh": "5,000 万", "en": "5,000万"}[lang])
    expect(output(page, "deviation", "deviation")).to_have_text(
        {"zh": f"{MINUS}1,200 万", "en": f"{MINUS}1,200万"}[lang])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_proration_cannot_surprise_and_errors_leave_no_debris(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site, "bonus", lang)
    status = form(page, "bonus").locator("[data-engine-status]")
    expect(status).to_have_attribute("data-state", "ready")
    assert not re.search(r"\d\s*(秒|s\))", status.text_content() or "")  # no timing left
    # A start date without a period: the period field asks for it.
    fill(page, "bonus", "start_date", "2026-08-15")
    period = field(page, "bonus", "period")
    expect(period).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#calc-bonus-period-error")).to_contain_text(
        {"zh": "2026-Q3", "en": "2026-Q3"}[lang])
    for out in form(page, "bonus").locator("output[name]").all():
        expect(out).to_have_text("")
        assert out.get_attribute("data-value") is None
    results = form(page, "bonus").locator(".hb-calc__results")
    assert (results.inner_text().strip().split("\n")[-1] not in ("%", "元", "yuan"))
    assert not re.search(r"(^|\n)\s*(%|元|yuan)\s*($|\n)", results.inner_text())
    expect(form(page, "bonus").locator('[data-result="html"] svg')).to_have_count(0)
    # With the period: prorated, the days shown in the figures and the steps.
    fill(page, "bonus", "period", "2026-Q3")
    expect(form(page, "bonus")).to_have_attribute("data-result", "ok")
    expect(output(page, "bonus", "proration_pct")).to_have_text(
        {"zh": "47/92 天 = 51.09%", "en": "47/92 days = 51.09 %"}[lang])
    expect(form(page, "bonus").locator('[data-result="steps"]')).to_contain_text("47")
    # A start date after the period: an error at the start date field.
    fill(page, "bonus", "start_date", "2026-10-02")
    expect(field(page, "bonus", "start_date")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#calc-bonus-start_date-error")).to_contain_text("2026-09-30")
    expect(output(page, "bonus", "total")).to_have_text("")


def _numbers(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace(MINUS, "-"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_split_quarter_months_people_sums_at_every_level(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    inputs = SHOWN["split"]
    query = "?" + "&".join(f"{k}={v}" for k, v in inputs.items())
    open_page(page, site, "split", lang, query)
    expect(output(page, "split", "total")).to_have_attribute("data-value", "5500")
    tables = form(page, "split").locator('[data-result="html"] table')
    expect(tables).to_have_count(2)
    months = tables.nth(0).evaluate(
        "t => [...t.tBodies[0].rows].map(r => [r.cells[0].textContent, "
        "r.cells[r.cells.length - 2].textContent])")
    people = tables.nth(1).evaluate(
        "t => [...t.tBodies[0].rows].map(r => [r.cells[0].textContent, r.cells[1].textContent, "
        "r.cells[r.cells.length - 2].textContent])")
    assert sum(_numbers(v) for _, v in months) == 5500
    assert len(people) == 9
    for month, value in months:
        assert sum(_numbers(v) for _, parent, v in people if parent == month) == _numbers(value)
    steps = form(page, "split").locator('[data-result="steps"]')
    expect(steps).to_contain_text({"zh": "本期平均 13.71%", "en": "13.71 % on average"}[lang])
    expect(steps).to_contain_text({"zh": "万元", "en": "10,000 yuan"}[lang])


def test_english_multipliers_and_an_ambiguous_number(page, site) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site, "bonus", "en")
    fill(page, "bonus", "target_bonus", "20k")
    expect(output(page, "bonus", "payout")).to_have_attribute("data-value", "20000.00")
    expect(output(page, "bonus", "payout")).to_have_text("¥20,000.00")
    fill(page, "bonus", "target_bonus", "1.5m")
    expect(output(page, "bonus", "payout")).to_have_attribute("data-value", "1500000.00")
    expect(output(page, "bonus", "payout")).to_have_text("¥1.5 million")
    fill(page, "bonus", "target_bonus", "¥20,000")
    expect(output(page, "bonus", "payout")).to_have_attribute("data-value", "20000.00")
    fill(page, "bonus", "target_bonus", "20.000")
    expect(field(page, "bonus", "target_bonus")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#calc-bonus-target_bonus-error")).to_contain_text("ambiguous")
    expect(output(page, "bonus", "payout")).to_have_text("")


@pytest.mark.parametrize("calculator", ["bonus", "split", "deviation"])
def test_first_field_is_one_tab_away(page, site, calculator: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, site, calculator, "zh")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    active = page.evaluate(
        "document.activeElement.className + ' ' + document.activeElement.textContent")
    assert "md-skip" in active and "计算器" in active, active
    page.keyboard.press("Enter")
    first = form(page, calculator).locator("input, select, textarea").first
    expect(first).to_be_focused()


# A cell's text as line boxes: a cell on more lines than it has words is text broken
# inside a word (张/三, 名/次, "(87.27 / pts)"); a column heading may wrap between words
# ("new / customers"), a cell of parts (a value and its points) between its parts, any
# other cell stays on one line.
LINES_OF_CELLS = """table => [...table.querySelectorAll('th, td')].map(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                        .map(r => Math.round(r.top)));
  const text = cell.textContent.trim();
  const parts = cell.querySelectorAll(':scope > .hb-part').length;
  const lines = cell.matches('th[scope=col]') ? text.split(/\\s+/).length : parts || 1;
  return [text, tops.size, lines];
}).filter(([text, lines, allowed]) => text && lines > allowed)"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_tables_on_a_phone_keep_names_and_figures_whole(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    """At 375 px a result table scrolls sideways rather than squeezing its columns: no
    heading, name, figure or mark is broken over lines (the star's table showed 张/三 and
    名/次 one character per line), in the form's result and in the page's worked
    examples alike."""
    page.set_viewport_size({"width": 375, "height": 800})
    ARTIFACTS.mkdir(exist_ok=True)
    seen = {"form": 0, "example": 0}
    for calculator in ("bonus", "split", "deviation", "star"):
        open_page(page, site, calculator, lang)
        for table in page.locator("article .hb-result .hb-result__table table").all():
            seen["example" if table.evaluate("t => !t.closest('form')") else "form"] += 1
            assert table.evaluate(LINES_OF_CELLS) == [], (calculator, lang)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{calculator} {lang}: {overflow}px wider than 375"
    # the star's table and the split's at least, in the forms and in the worked examples
    assert seen["form"] >= 2 and seen["example"] >= 2, seen
    form(page, "star").locator(".hb-result__table").screenshot(
        path=str(ARTIFACTS / f"star-table-{lang}-375.png"))
    page.locator("article .hb-result:not(form .hb-result) .hb-result__table").first.screenshot(
        path=str(ARTIFACTS / f"star-example-table-{lang}-375.png"))


# A result table's scroll region wider than it shows: [form or example, pixels hidden].
TABLES_TOO_WIDE = """() => [...document.querySelectorAll('article .hb-result__table')]
  .filter(region => region.scrollWidth - region.clientWidth > 1)
  .map(region => [region.closest('form') ? 'form' : 'example',
                  region.scrollWidth - region.clientWidth])"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_result_tables_fit_a_desktop_page(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    """At 1366 px no result table hides a column behind a sideways scroll, in the forms or
    in the worked examples. The star's three-metric example in Chinese hid its last
    column, the stars, 80 px out of sight: its revenue, typed as 5500万, was shown as
    55,000,000. Figures typed in 万 are shown in 万, in the form's default result too."""
    page.set_viewport_size({"width": 1366, "height": 900})
    for calculator in ("bonus", "split", "deviation", "star"):
        open_page(page, site, calculator, lang)
        assert page.evaluate(TABLES_TOO_WIDE) == [], (calculator, lang)
    shown = {"zh": "5,500 万", "en": "5,500万"}[lang]  # the default: 张三 5500万, ...
    expect(output(page, "star", "cutoff")).to_have_text(shown)
    expect(form(page, "star").locator(".hb-result__table tbody tr").first).to_contain_text(shown)
    # the star's worked example of three metrics with points, for people to look at
    page.locator("article .hb-result:not(form .hb-result) .hb-result__table").last.screenshot(
        path=str(ARTIFACTS / f"star-example-table-{lang}-1366.png"))

"""calculators.render: the one renderer of results (pages and browser), with the fixture
policy (tests/fixtures/policy/). display and charts have their own test files.

Runs under CPython and inside Pyodide (stdlib + pytest + hypothesis only).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import amounts, decimals, directions, percents

from calculators import batch, bonus, deviation, display, render, split, web
from calculators.errors import CalculatorError
from calculators.i18n import catalog, t
from calculators.policy import Policy
from calculators.registry import CALCULATORS

SVG = "{http://www.w3.org/2000/svg}"


def fragments(html: str) -> ET.Element:
    """The rendered HTML parsed as XML: well-formed, every tag closed."""
    return ET.fromstring(f"<root>{html}</root>")


def charts_in(html: str) -> list[ET.Element]:
    return list(fragments(html).iter(f"{SVG}svg"))


def check_chart(svg: ET.Element) -> None:
    assert svg.get("role") == "img"
    assert svg.get("aria-label")
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert "style" not in svg.attrib


# --------------------------------------------------------------- renderer ---

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bonus_html_has_the_tier_a_chart_and_the_steps(policy: Policy, lang: str) -> None:
    result = bonus.compute("130%", "8000", policy).as_json()  # the fixture's tier 3: 150 %
    html = render.render("bonus", result, lang, policy)
    root = fragments(html)
    assert root.find(".//*[@data-result='steps']") is not None
    assert ("第 3 档" if lang == "zh" else "Tier 3") in html
    assert ("12,000.00 元" if lang == "zh" else "¥12,000.00") in html
    [svg] = charts_in(html)
    check_chart(svg)
    assert svg.find(f".//{SVG}circle") is not None  # the reader's point
    text = render.as_text("bonus", result, lang, policy)
    assert ("12,000.00 元" if lang == "zh" else "¥12,000.00") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deviation_html_shows_the_status_and_a_real_minus(policy: Policy, lang: str) -> None:
    result = deviation.check("400", "300", "higher", policy).as_json()
    assert result["deviation_pct"] == "-25.00"  # JSON keeps the plain string
    html = render.render("deviation", result, lang, policy)
    assert "\u221225.00" in html and "-25.00" not in html
    assert 'hb-status--warning' in html
    [svg] = charts_in(html)
    check_chart(svg)
    assert "hb-chart__band" in html and "hb-chart__bar--warning" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_split_html_lists_every_part(policy: Policy, lang: str) -> None:
    result = split.split("5000万", period="2026-Q3", into="week", policy=policy).as_json()
    html = render.render("split", result, lang, policy)
    root = fragments(html)
    tables = root.findall(".//table")
    assert len(tables) == 2  # the cascade: months, then weeks
    rows = tables[-1].findall(".//tbody/tr")
    assert len(rows) == len(result["parts"]) == 15  # 5 planning weeks a month in the fixture
    [svg] = charts_in(html)
    check_chart(svg)
    bars = [r for r in svg.findall(f".//{SVG}rect") if "swatch" not in r.get("class", "")]
    assert len(bars) == 15  # 5 planning weeks a month in the fixture
    assert "5,000" in html


def test_examples_and_live_replies_are_the_same_html() -> None:
    reply = json.loads(web.handle(json.dumps(
        {"calculator": "bonus", "inputs": {"completion": "120%", "target_bonus": "8000"},
         "lang": "en"})))
    assert reply["ok"]
    assert reply["html"] == render.render("bonus", bonus.compute("120%", "8000").as_json(), "en")
    assert reply["text"] == render.as_text("bonus", reply["result"], "en")


def test_text_from_input_is_escaped(policy: Policy) -> None:
    result = split.split("100", weights="1,1", labels="<b>x</b>,a&b", policy=policy).as_json()
    html = render.render("split", result, "en", policy)
    assert "<b>" not in html and "&lt;b&gt;" in html and "a&amp;b" in html
    fragments(html)


@given(percents, amounts, st.sampled_from(["zh", "en"]))
def test_bonus_render_never_raises(policy: Policy, completion: str, target: str,
                                   lang: str) -> None:
    try:
        result = bonus.compute(completion, target, policy).as_json()
    except CalculatorError:
        return
    [svg] = charts_in(render.render("bonus", result, lang, policy))
    check_chart(svg)
    text = render.as_text("bonus", result, lang, policy)
    assert display.yuan(result["total"], lang, 2) in text


@given(amounts, amounts, directions, st.sampled_from(["", "50%", "0"]),
       st.sampled_from(["zh", "en"]))
def test_deviation_render_never_raises(policy: Policy, plan: str, actual: str, way: str,
                                       progress: str, lang: str) -> None:
    try:
        result = deviation.check(plan, actual, way, policy, progress=progress).as_json()
    except CalculatorError:
        return
    [svg] = charts_in(render.render("deviation", result, lang, policy))
    check_chart(svg)


@given(decimals("0", "100000000"), st.integers(1, 80),
       st.sampled_from(["", "10%", "15"]), st.sampled_from(["zh", "en"]))
def test_split_render_never_raises(policy: Policy, total: Decimal, parts: int, buffer: str,
                                   lang: str) -> None:
    result = split.split(str(total), parts=str(parts), buffer=buffer, policy=policy).as_json()
    [svg] = charts_in(render.render("split", result, lang, policy))
    check_chart(svg)
    assert min(parts, 60) == len(svg.findall(f".//{SVG}rect"))  # one bar a part, at most 60


# ------------------------------------------------------------------ batch ---

def test_batch_table_marks_the_failing_row(policy: Policy) -> None:
    text, rows, errors = batch.run_csv("deviation", "plan,actual\n400,300\nabc,1\n80,100\n",
                                       policy)
    html = render.render_batch("deviation", {"csv": text, "rows": rows, "errors": errors}, "en")
    root = fragments(html)
    body = root.findall(".//tbody/tr")
    assert len(body) == 3
    assert [tr.get("class") for tr in body] == [None, "hb-batch__error", None]
    assert "is not a number" in html and "1 with errors" in html


def batch_reply(kind: str, text: str, policy: Policy, lang: str) -> dict[str, object]:
    """What web.handle replies to a batch request (the worker passes it to render_batch)."""
    out = batch.run_text(kind, text, policy, lang)
    return {"csv": out.csv(), "rows": out.count, "errors": out.errors,
            "skipped": out.skipped, "source": out.source, "encoding": out.encoding,
            "separator": out.separator}


def batch_table(html: str, lang: str) -> dict[str, dict[str, ET.Element]]:
    """{file line: {column title: its cell}} of a rendered batch table."""
    root = fragments(html)
    heads = ["".join(th.itertext()) for th in root.findall(".//thead/tr/th")]
    return {tr.get("data-line", ""): dict(zip(heads, tr, strict=True))
            for tr in root.findall(".//tbody/tr")}


def title(key: str, lang: str) -> str:
    """A column's title on the page: a catalog id's words, or the header as written."""
    return t(key, lang) if key in catalog(lang) else key


def shown(cell: ET.Element) -> str:
    return "".join(cell.itertext())


M = "\u2212"  # the minus sign display.py writes
# (calculator, CSV in, {line: {column (catalog id or header): {lang: cell as shown}}}):
# result figures as the single result writes them (grouped, 元 / ¥, %, U+2212), input
# cells as typed, text cells (names, owners, status words) as they are.
FIGURES = [
    ("bonus", "姓名,completion,target_bonus\n张三,120%,5000000\n", {"2": {
        "batch_ui.col.total": {"zh": "5,000,000.00 元", "en": "¥5,000,000.00"},
        "batch_ui.col.payout": {"zh": "5,000,000.00 元", "en": "¥5,000,000.00"},
        "batch_ui.col.prorated": {"zh": "5,000,000.00 元", "en": "¥5,000,000.00"},
        "batch_ui.col.result_special_bonus": {"zh": "0.00 元", "en": "¥0.00"},
        "batch_ui.col.completion_pct": {"zh": "120.00%", "en": "120.00 %"},
        "batch_ui.col.payout_pct": {"zh": "100.00%", "en": "100.00 %"},
        "batch_ui.col.tier": {"zh": "2", "en": "2"},
        "fields.bonus.target_bonus.label": {"zh": "5000000", "en": "5000000"},
        "fields.bonus.completion.label": {"zh": "120%", "en": "120%"},
        "姓名": {"zh": "张三", "en": "张三"}}}),
    ("split", 'name,total,weights\nA,5000000,"1,1"\nB,5000万,"1,1"\nC,25%,"1,1"\n', {
        "2": {"batch_ui.col.result_total": {"zh": "5,000,000.00 元", "en": "¥5,000,000.00"},
              "batch_ui.col.result_parts": {"zh": "1=2,500,000.00; 2=2,500,000.00",
                                            "en": "1=2,500,000.00; 2=2,500,000.00"},
              "fields.split.total.label": {"zh": "5000000", "en": "5000000"},
              "name": {"zh": "A", "en": "A"}},
        "3": {"batch_ui.col.result_total": {"zh": "5,000.0 万元", "en": "¥50 million"},
              "fields.split.total.label": {"zh": "5000万", "en": "5000万"}},
        "4": {"batch_ui.col.result_total": {"zh": "25.00%", "en": "25.00 %"},
              "batch_ui.col.result_unit": {"zh": "%", "en": "%"}}}),
    ("deviation", "name,plan,actual\nA,5000000,3000000\nB,500,600\n", {
        "2": {"batch_ui.col.plan_to_date": {"zh": "5,000,000.00", "en": "5,000,000.00"},
              "batch_ui.col.deviation": {"zh": M + "2,000,000.00", "en": M + "2,000,000.00"},
              "batch_ui.col.deviation_pct": {"zh": M + "40.00%", "en": M + "40.00 %"},
              "fields.deviation.plan.label": {"zh": "5000000", "en": "5000000"},
              "batch_ui.col.owner": {"zh": "负责人", "en": "Owner"}},
        "3": {"batch_ui.col.deviation": {"zh": "+100.00", "en": "+100.00"},
              "batch_ui.col.deviation_pct": {"zh": "+20.00%", "en": "+20.00 %"}}}),
    ("star", "results,team\n张三 5500万,a\n李四 4800万,a\n王五 1200,b\n", {
        "2": {"batch_ui.col.score": {"zh": "55,000,000.00", "en": "55,000,000.00"},
              "batch_ui.col.rank": {"zh": "1", "en": "1"},
              "batch_ui.col.star": {"zh": "是", "en": "yes"},
              "fields.star.results.label": {"zh": "张三 5500万", "en": "张三 5500万"}},
        "4": {"batch_ui.col.score": {"zh": "1,200.00", "en": "1,200.00"}}}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("kind", "text", "expected"), FIGURES, ids=[f[0] for f in FIGURES])
def test_batch_figures_read_as_a_single_result_writes_them(
        policy: Policy, kind: str, text: str, expected: dict[str, dict[str, dict[str, str]]],
        lang: str) -> None:
    reply = batch_reply(kind, text, policy, lang)
    rows = batch_table(render.render_batch(kind, reply, lang), lang)
    for line, columns in expected.items():
        got = {key: shown(rows[line][title(key, lang)]) for key in columns}
        assert got == {key: texts[lang] for key, texts in columns.items()}, (kind, line)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_batch_figures_are_right_aligned_and_text_is_not(policy: Policy, lang: str) -> None:
    reply = batch_reply("deviation", "name,plan,actual\nA,5000000,3000000\n", policy, lang)
    root = fragments(render.render_batch("deviation", reply, lang))
    numeric = {"".join(th.itertext()) for th in root.findall(".//thead/tr/th")
               if "hb-num" in (th.get("class") or "").split()}
    for key in ("plan_to_date", "deviation", "deviation_pct"):  # (the last: the main one)
        assert t(f"batch_ui.col.{key}", lang) in numeric, key
    assert t("batch_ui.col.owner", lang) not in numeric
    [row] = batch_table(render.render_batch("deviation", reply, lang), lang).values()
    assert "hb-num" in (row[t("batch_ui.col.deviation", lang)].get("class") or "")
    assert "hb-num" not in (row["name"].get("class") or "")


def test_batch_error_rows_and_text_cells_are_untouched(policy: Policy) -> None:
    reply = batch_reply("bonus", "姓名,completion,target_bonus\n张三,abc,5000000\n", policy,
                        "en")
    [row] = batch_table(render.render_batch("bonus", reply, "en"), "en").values()
    assert shown(row["姓名"]) == "张三"
    assert shown(row[title("fields.bonus.completion.label", "en")]) == "abc"
    assert shown(row[title("fields.bonus.target_bonus.label", "en")]) == "5000000"
    assert "'abc' is not a number" in shown(row[t("batch_ui.status_head", "en")])
    assert shown(row[t("batch_ui.col.total", "en")]) == ""


def test_the_web_reply_keeps_plain_numbers_and_shows_grouped_ones() -> None:
    reply = json.loads(web.handle(json.dumps(
        {"calculator": "batch", "lang": "en",
         "inputs": {"calculator": "deviation", "csv": "plan,actual\n5000000,3000000\n"}})))
    assert reply["ok"]
    assert "5000000.00,-2000000.00,-40.00" in reply["result"]["csv"]  # the download
    assert "\u22122,000,000.00" in reply["html"] and "5,000,000.00" in reply["html"]


@pytest.mark.parametrize(("lang", "lines", "expected"), [
    ("en", "2", "1 line skipped (not in the results): line 3 (blank)."),
    ("en", "23", "2 lines skipped (not in the results): line 3 (blank), line 4 (blank)."),
    ("zh", "2", "跳过 1 行（不计入结果）：第 3 行（空行）。"),
    ("zh", "23", "跳过 2 行（不计入结果）：第 3 行（空行）、第 4 行（空行）。"),
    ("zh-Hant", "2", "跳過 1 行（不計入結果）：第 3 行（空行）。"),
])
def test_skipped_lines_are_counted_in_words(policy: Policy, lang: str, lines: str,
                                            expected: str) -> None:
    blank = "\n" * len(lines)
    reply = batch_reply("deviation", f"plan,actual\n400,300\n{blank}80,100\n", policy, lang)
    notes = ["".join(p.itertext()) for p in fragments(render.render_batch(
        "deviation", reply, lang)).iter("p") if p.get("class") == "hb-batch__note"]
    assert notes == [expected]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "plan,actual\n400,300\n", "1 row, all computed."),
    ("en", "plan,actual\nabc,300\n", "1 row: 0 computed, 1 with errors."),
    ("en", "plan,actual\n400,300\n1,2\n", "2 rows, all computed."),
    ("zh", "plan,actual\n400,300\n", "共 1 行，全部计算成功。"),
])
def test_the_summary_counts_rows_in_words(policy: Policy, lang: str, text: str,
                                          expected: str) -> None:
    reply = batch_reply("deviation", text, policy, lang)
    [summary] = [p for p in fragments(render.render_batch("deviation", reply, lang)).iter("p")
                 if p.get("class") == "hb-batch__summary"]
    assert summary.text == expected


def test_template_has_the_input_columns() -> None:
    for kind, inputs in ((name, entry.inputs) for name, entry in CALCULATORS.items()):
        header = next(csv.reader(io.StringIO(render.template_csv(kind))))
        assert tuple(header) == inputs
        reply = json.loads(web.handle(json.dumps(
            {"calculator": "batch", "inputs": {"calculator": kind, "template": True}})))
        assert reply["ok"] and reply["result"]["csv"] == render.template_csv(kind)


# ------------------------------------------------------------------ forms ---

def test_form_outputs_are_json_fields_of_a_sample_result(policy: Policy) -> None:
    for name, entry in CALCULATORS.items():
        assert entry.samples, name
        result = entry.run(entry.samples[0], policy).as_json()
        for output in entry.outputs:
            assert output.name in result, (name, output.name)
        for column in entry.batch_columns:
            assert column, name
        # what the registry says of batch columns names its own columns, and real units
        assert set(entry.batch_units) | entry.batch_signed <= set(entry.batch_columns), name
        for unit in entry.batch_units.values():
            assert t(f"display.unit.{unit}", "en"), unit  # (an unknown id: KeyError)


# The first release showed figures as 5000000.00. Every key figure a form shows is as the
# reader reads it: digits grouped, no JSON decimals left bare (the star's cut-off was
# "55000000.00" in the form while its chart said 55,000,000).
BARE_NUMBER = re.compile(r"(?<![\d,.])\d{4,}(?![\d,])")


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
@pytest.mark.parametrize("name", sorted(CALCULATORS))
def test_every_key_figure_is_shown_grouped(policy: Policy, name: str, lang: str) -> None:
    entry = CALCULATORS[name]
    for sample in entry.samples:
        result = entry.run(dict(sample), policy).as_json()
        shown = render.display_outputs(name, result, lang, policy)
        assert set(shown) == {o.name for o in entry.outputs}
        for key, text in shown.items():
            assert not BARE_NUMBER.search(text), (name, key, text)
        # and the page's form gets them: the HTML carries the map form.js reads
        assert 'data-display="' in render.render(name, result, lang, policy), name

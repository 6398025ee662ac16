"""calculators.render: the one renderer of results (pages and browser), with the fixture
policy (tests/fixtures/policy/). display and charts have their own test files.

Runs under CPython and inside Pyodide (stdlib + pytest + hypothesis only).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import amounts, decimals, directions, percents

from calculators import batch, bonus, deviation, display, render, split, web
from calculators.errors import CalculatorError
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

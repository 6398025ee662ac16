"""calculators.render / charts / display: the one renderer of results (pages and browser).

Runs under CPython and inside Pyodide (stdlib + pytest + hypothesis only).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import amounts, decimals, directions, percents

from calculators import batch, bonus, deviation, display, render, split, web
from calculators.errors import CalculatorError
from calculators.registry import CALCULATORS
from handbook.policy import get as handbook_policy

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


# ---------------------------------------------------------------- display ---

@pytest.mark.parametrize(("value", "places", "expected"), [
    ("12000", 2, "12,000.00"), ("-24", 2, "\u221224.00"), ("8000", None, "8,000"),
    ("87.50", None, "87.5"), ("-0.001", 2, "0.00"), ("1600", None, "1,600"),
])
def test_numbers_for_people(value: str, places: int | None, expected: str) -> None:
    assert display.num(value, places) == expected


def test_units_per_language() -> None:
    assert display.yuan("12000", "zh", 2) == "12,000.00 元"
    assert display.yuan("12000", "en", 2) == "¥12,000.00"
    assert display.pct("-24", "zh", 2) == "\u221224.00%"
    assert display.pct("-24", "en", 2) == "\u221224.00 %"
    assert display.wan_yuan("1600", "zh") == "1,600 万元"
    assert display.wan_yuan("1600", "en") == "¥16 million"
    assert display.num("5", sign=True) == "+5"


# --------------------------------------------------------------- renderer ---

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bonus_html_has_the_tier_a_chart_and_the_steps(lang: str) -> None:
    result = bonus.compute("120%", "8000").as_json()
    html = render.render("bonus", result, lang)
    root = fragments(html)
    assert root.find(".//*[@data-result='steps']") is not None
    assert ("第 4 档" if lang == "zh" else "Tier 4") in html
    assert ("12,000.00 元" if lang == "zh" else "¥12,000.00") in html
    [svg] = charts_in(html)
    check_chart(svg)
    assert svg.find(f".//{SVG}circle") is not None  # the reader's point
    text = render.as_text("bonus", result, lang)
    assert ("12,000.00 元" if lang == "zh" else "¥12,000.00") in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_deviation_html_shows_the_status_and_a_real_minus(lang: str) -> None:
    result = deviation.check("500", "380", "higher").as_json()
    assert result["deviation_pct"] == "-24.00"  # JSON keeps the plain string
    html = render.render("deviation", result, lang)
    assert "\u221224.00" in html and "-24.00" not in html
    assert 'hb-status--warning' in html
    [svg] = charts_in(html)
    check_chart(svg)
    assert "hb-chart__band" in html and "hb-chart__bar--warning" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_split_html_lists_every_part(lang: str) -> None:
    result = split.split("5000万", period="2026-Q3", into="week").as_json()
    html = render.render("split", result, lang)
    root = fragments(html)
    tables = root.findall(".//table")
    assert len(tables) == 2  # the cascade: months, then weeks
    rows = tables[-1].findall(".//tbody/tr")
    assert len(rows) == len(result["parts"]) == 12
    [svg] = charts_in(html)
    check_chart(svg)
    bars = [r for r in svg.findall(f".//{SVG}rect") if "swatch" not in r.get("class", "")]
    assert len(bars) == 12
    assert "5,000" in html


def test_examples_and_live_replies_are_the_same_html() -> None:
    reply = json.loads(web.handle(json.dumps(
        {"calculator": "bonus", "inputs": {"completion": "120%", "target_bonus": "8000"},
         "lang": "en"})))
    assert reply["ok"]
    assert reply["html"] == render.render("bonus", bonus.compute("120%", "8000").as_json(), "en")
    assert reply["text"] == render.as_text("bonus", reply["result"], "en")


def test_text_from_input_is_escaped() -> None:
    result = split.split("100", weights="1,1", labels="<b>x</b>,a&b").as_json()
    html = render.render("split", result, "en")
    assert "<b>" not in html and "&lt;b&gt;" in html and "a&amp;b" in html
    fragments(html)


@given(percents, amounts, st.sampled_from(["zh", "en"]))
def test_bonus_render_never_raises(completion: str, target: str, lang: str) -> None:
    try:
        result = bonus.compute(completion, target).as_json()
    except CalculatorError:
        return
    for svg in charts_in(render.render("bonus", result, lang)):
        check_chart(svg)
    assert render.as_text("bonus", result, lang)


@given(amounts, amounts, directions, st.sampled_from(["", "50%", "0"]),
       st.sampled_from(["zh", "en"]))
def test_deviation_render_never_raises(plan: str, actual: str, way: str, progress: str,
                                       lang: str) -> None:
    try:
        result = deviation.check(plan, actual, way, progress=progress).as_json()
    except CalculatorError:
        return
    for svg in charts_in(render.render("deviation", result, lang)):
        check_chart(svg)


@given(decimals("0", "100000000"), st.integers(1, 80),
       st.sampled_from(["", "10%", "15"]), st.sampled_from(["zh", "en"]))
def test_split_render_never_raises(total, parts: int, buffer: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    result = split.split(str(total), parts=str(parts), buffer=buffer).as_json()
    [svg] = charts_in(render.render("split", result, lang))
    check_chart(svg)


# ------------------------------------------------------------------ batch ---

def test_batch_table_marks_the_failing_row() -> None:
    text, rows, errors = batch.run_csv("deviation", "plan,actual\n500,380\nabc,1\n200,150\n")
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

def test_form_outputs_are_json_fields_of_a_sample_result() -> None:
    for name, entry in CALCULATORS.items():
        assert entry.samples, name
        result = entry.run(entry.samples[0]).as_json()
        for output in entry.outputs:
            assert output.name in result, (name, output.name)
        for column in entry.batch_columns:
            assert column, name


def test_form_defaults_give_a_result() -> None:
    policy = handbook_policy()
    for name, entry in CALCULATORS.items():
        values = {}
        for field in entry.fields:
            if field.default_from:
                value = policy.value(field.default_from)
                values[field.name] = f"{value}{field.default_suffix}"
            else:
                values[field.name] = field.default
        reply = json.loads(web.handle(json.dumps({"calculator": name, "inputs": values})))
        assert reply["ok"], (name, reply)

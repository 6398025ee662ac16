"""calculators.charts: every chart is valid SVG (parsed with xml.etree), has its title,
description and every text element with text, no NaN / None / inf in a coordinate, and
every label anchored inside the viewBox."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import bonus_rules, decimals, directions, langs, part_labels

from calculators import charts, deviation
from calculators.policy import Policy

SVG = "{http://www.w3.org/2000/svg}"
COORDS = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def parse(svg: str) -> tuple[ET.Element, tuple[float, float]]:
    """The chart parsed, checked, and its viewBox size."""
    root = ET.fromstring(svg)
    assert f"{SVG}svg" == root.tag
    assert "img" == root.get("role")
    assert "style" not in svg  # colours come from classes
    x0, y0, width, height = (float(v) for v in root.get("viewBox", "").split())
    # The bonus, split and deviation charts are NARROW units wide, the star chart WIDTH.
    assert (0.0, 0.0) == (x0, y0) and width in (charts.NARROW, charts.WIDTH) and height > 0
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and title.text == root.get("aria-label")
    assert desc is not None and desc.text
    for element in root.iter():
        for name in COORDS:
            if name in element.attrib:
                value = element.get(name, "")
                assert NUMBER.fullmatch(value), (element.tag, name, value)
                assert math.isfinite(float(value))
        if "points" in element.attrib:
            for pair in element.get("points", "").split():
                assert all(NUMBER.fullmatch(v) for v in pair.split(",")), pair
        for value in element.attrib.values():
            assert not re.search(r"\b(nan|NaN|None|inf|Infinity)\b", value), value
    for text in root.iter(f"{SVG}text"):
        assert text.text and text.text.strip(), ET.tostring(text)
        x, y = float(text.get("x", "")), float(text.get("y", ""))
        assert 0 <= x <= width and 0 <= y <= height, (text.text, x, y)
    for rect in root.iter(f"{SVG}rect"):
        assert float(rect.get("width", "")) >= 0 and float(rect.get("height", "")) >= 0
    return root, (width, height)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    """The chart's bars: its rects without the legend's swatches."""
    return [r for r in root.iter(f"{SVG}rect") if "swatch" not in r.get("class", "")]


# ------------------------------------------------------------------ bonus ---

@pytest.mark.parametrize(("completion", "payout", "lang", "mark"), [
    ("130", "150", "zh", "130% → 150%"),
    ("130", "150", "en", "130 % → 150 %"),
    ("59.99", "0", "zh", "59.99% → 0%"),
    ("0", "0", "en", "0 % → 0 %"),
    ("1000", "150", "en", "1,000 % → 150 %"),   # far beyond the last tier: clamped
])
def test_bonus_curve(policy: Policy, completion: str, payout: str, lang: str,
                     mark: str) -> None:
    root, _ = parse(charts.bonus_curve(policy["bonus"], Decimal(completion), Decimal(payout),
                                       lang))
    shown = texts(root)
    # The reader's point is named (beside it, or in the legend where it would overlap).
    assert any(mark in t for t in shown), shown
    # the tiers' payout rates on the y axis: 40 %, 100 %, 150 % in the fixture
    pct = "{}%" if lang == "zh" else "{} %"
    assert {pct.format(p) for p in (40, 100, 150)} <= set(shown)
    desc = root.findtext(f"{SVG}desc") or ""
    assert pct.format(60) in desc and pct.format(150) in desc   # threshold and cap
    assert 2 == len(root.findall(f"{SVG}circle"))  # the reader's point, and its legend mark
    assert 1 == len(root.findall(f"{SVG}polyline"))


# ------------------------------------------------------------------ split ---

def parts(n: int, label: str = "P") -> list[dict[str, Any]]:
    return [{"label": f"{label}{i}", "label_en": f"{label}{i}", "value": str(100 + i)}
            for i in range(n)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_split_bars_one_bar_per_part(lang: str) -> None:
    root, (_, height) = parse(charts.split_bars(parts(3), "万元", lang, 0))
    assert 3 == len(bars(root))
    unit = "单位：万元" if lang == "zh" else "Unit: 万元"
    assert [unit, "P0", "100", "P1", "101", "P2", "102"] == texts(root)
    _, (_, taller) = parse(charts.split_bars(parts(6), "万元", lang, 0))
    assert taller > height  # one row per part


def test_split_bars_show_at_most_60_parts_and_say_so() -> None:
    root, _ = parse(charts.split_bars(parts(75), "", "en", 0))
    assert charts.MAX_BARS == 60 == len(bars(root))
    assert "75 parts; the chart shows the first 60" in (root.findtext(f"{SVG}title") or "")


def test_split_bars_escape_and_shorten_labels() -> None:
    data = [{"label": "<b>&\"x\"</b>", "label_en": "<b>", "value": "1"},
            {"label": "一二三四五六七八九十十一十二", "label_en": "long", "value": "-5"}]
    root, _ = parse(charts.split_bars(data, "元", "zh", 2))
    shown = texts(root)
    assert any(t.startswith("<b>&\"x\"") for t in shown)   # text, not markup
    # A long name is cut to fit the label column, and says so.
    assert any(t.startswith("一二三") and t.endswith("…") for t in shown), shown
    assert "\u22125.00" in shown                        # a negative part, real minus sign


def test_split_bars_of_zeros() -> None:
    root, _ = parse(charts.split_bars([{"label": "A", "value": "0"}], "", "en"))
    assert ["0"] == [r.get("width") for r in bars(root)]


# -------------------------------------------------------------- deviation ---

@pytest.mark.parametrize(("plan", "actual", "status", "pct"), [
    ("400", "300", "warning", "\u221225.00"),
    ("100", "100", "ok", "0.00"),
    ("100", "-20", "escalate", "\u2212120.00"),
    ("100", "40", "escalate", "\u221260.00"),
    ("0", "5", "warning", "—"),                    # a zero plan: no percentage
])
def test_deviation_band(policy: Policy, plan: str, actual: str, status: str, pct: str) -> None:
    result = deviation.check(plan, actual, policy=policy).as_json()
    assert status == result["status"]
    root, _ = parse(charts.deviation_band(result, "en"))
    bars = [r.get("class", "") for r in root.iter(f"{SVG}rect")]
    assert f"hb-chart__bar hb-chart__bar--{status}" in bars
    assert "hb-chart__band" in bars
    assert pct in (root.findtext(f"{SVG}desc") or "")
    assert "Warning band ±20 %" in [t.text for t in root.iter(f"{SVG}title")]


# ---------------------------------------------------------------- properties ---

@given(rules=bonus_rules(), completion=decimals("0", "2000"), lang=langs)
def test_any_ladder_draws(rules: dict[str, Any], completion: Decimal, lang: str) -> None:
    from calculators.bonus import payout_rate

    _, rate, _ = payout_rate(completion, rules, explain=False)
    root, _ = parse(charts.bonus_curve(rules, completion, rate, lang))
    points = [tuple(map(float, p.split(","))) for p in
              (root.find(f"{SVG}polyline").get("points", "")).split()]  # type: ignore[union-attr]
    xs = [x for x, _ in points]
    assert xs == sorted(xs)                        # the curve runs left to right
    ys = [y for _, y in points]
    assert ys == sorted(ys, reverse=True)          # and never goes down (y grows downwards)


@given(values=st.lists(decimals("-100000000", "100000000"), min_size=1, max_size=80),
       labels=st.lists(part_labels, min_size=80, max_size=80), lang=langs,
       places=st.integers(0, 2))
def test_any_split_draws(values: list[Decimal], labels: list[str], lang: str,
                         places: int) -> None:
    data = [{"label": label, "label_en": label, "value": str(v), "parent": i // 3}
            for i, (label, v) in enumerate(zip(labels, values, strict=False))]
    root, _ = parse(charts.split_bars(data, "元", lang, places))
    assert min(len(values), 60) == len(bars(root))


@given(plan=decimals("0", "10000000"), actual=decimals("-10000", "10000000"), way=directions,
       lang=langs)
def test_any_deviation_draws(policy: Policy, plan: Decimal, actual: Decimal, way: str,
                             lang: str) -> None:
    result = deviation.check(str(plan), str(actual), way, policy).as_json()
    parse(charts.deviation_band(result, lang))

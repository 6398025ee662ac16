"""calculators.display: the headline figures people read (the JSON keeps the exact value)."""

from __future__ import annotations

import pytest

from calculators import display, render
from calculators.registry import CALCULATORS

MINUS = "\u2212"


@pytest.mark.parametrize(("value", "scale", "zh", "en"), [
    ("20000.00", "", "20,000.00 元", "¥20,000.00"),
    ("5000000.00", "", "500 万元", "¥5 million"),
    ("-1200000.00", "", f"{MINUS}120 万元", f"{MINUS}¥1.2 million"),
    ("50000000.00", "万", "5,000 万元", "¥5,000万"),
    ("150000000.00", "", "1.5 亿元", "¥150 million"),
    ("10217.39", "万", "10,217.39 元", "¥10,217.39"),   # not exact in 万: never rounded
    ("500.00", "万", "500.00 元", "¥500.00"),           # below 1 万: stays in 元
    ("1234567.89", "", "1,234,567.89 元", "¥1,234,567.89"),
])
def test_amounts(value: str, scale: str, zh: str, en: str) -> None:
    assert display.amount(value, "zh", scale=scale) == zh
    assert display.amount(value, "en", scale=scale) == en


def test_compact_axis_figures() -> None:
    assert display.compact("45000000", "zh", "万") == "4,500 万"
    assert display.compact("45000000", "en", "万") == "4,500万"
    assert display.compact("45000000", "en") == "45 million"
    assert display.compact("450", "zh") == "450"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_has_a_display_and_the_json_is_untouched(lang: str) -> None:
    for name in ("bonus", "split", "deviation"):
        entry = CALCULATORS[name]
        for sample in entry.samples:
            result = entry.run(sample).as_json()
            before = dict(result)
            shown = render.display_outputs(name, result, lang)
            assert set(shown) == {o.name for o in entry.outputs}
            assert all(v for v in shown.values()), (name, shown)
            assert not any(v.startswith("-") for v in shown.values())
            assert result == before
            html = render.render(name, result, lang)
            assert "data-display=" in html


def test_the_bonus_headline_is_the_payable_amount() -> None:
    headline = [o for o in CALCULATORS["bonus"].outputs if o.headline]
    assert [o.name for o in headline] == ["total"] and CALCULATORS["bonus"].outputs[0].headline
    result = CALCULATORS["bonus"].run({"completion": "120%", "target_bonus": "2万",
                                       "period": "2026-Q3", "start_date": "2026-08-15",
                                       "special_bonus": "1000"}).as_json()
    shown = render.display_outputs("bonus", result, "zh")
    assert shown["total"] == "16,326.09 元"
    assert shown["payout"] == "30,000.00 元"  # in full yuan, like the payable amount
    assert shown["proration_pct"] == "47/92 天 = 51.09%"
    assert shown["special_bonus"] == "1,000.00 元"

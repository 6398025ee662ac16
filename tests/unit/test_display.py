"""calculators.display: numbers as the reader sees them, in zh and en.

Table-driven: negatives with a real minus sign (U+2212), thousands separators, units per
language, half-up rounding, text that is not a number left alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import langs, signed_decimals

from calculators import display, render
from calculators.registry import CALCULATORS

M = "\u2212"  # the minus sign readers see
MINUS = M


@pytest.mark.parametrize(("value", "places", "expected"), [
    ("12000", 2, "12,000.00"),
    ("-24", 2, f"{M}24.00"),
    ("8000", None, "8,000"),
    ("87.50", None, "87.5"),          # own decimals, no trailing zero
    ("100.00", None, "100"),
    ("1234567.891", 2, "1,234,567.89"),
    ("999999.995", 2, "1,000,000.00"),  # rounding carries into a new thousands group
    ("0.005", 2, "0.01"),             # half-up, not banker's rounding
    ("0.015", 2, "0.02"),
    ("0.025", 2, "0.03"),
    ("-0.005", 2, f"{M}0.01"),        # half away from zero
    ("-0.001", 2, "0.00"),            # no "−0.00"
    ("-0", None, "0"),
    ("2.5", 0, "3"),
    ("-2.5", 0, f"{M}3"),
    ("0", 2, "0.00"),
    ("1,600", None, "1,600"),         # typed with separators
    (f"{M}5", None, f"{M}5"),         # already with the minus sign
    (1600, None, "1,600"),
    (Decimal("1E+3"), None, "1,000"),  # no exponent
    (Decimal("-1234.5"), 1, f"{M}1,234.5"),
    ("123", 4, "123.0000"),
])
def test_num(value: object, places: int | None, expected: str) -> None:
    assert expected == display.num(value, places)


@pytest.mark.parametrize(("value", "expected"), [
    ("abc", "abc"), ("", ""), (None, ""), (True, "True"), ("NaN", "NaN"),
    ("Infinity", "Infinity"), ("12 元", "12 元"),
])
def test_text_that_is_not_a_number_is_left_alone(value: object, expected: str) -> None:
    assert expected == display.num(value)
    assert expected == display.num(value, 2)


@pytest.mark.parametrize(("value", "expected"), [
    ("5", "+5"), ("-5", f"{M}5"), ("0", "0"), ("-0.001", f"{M}0.001"), ("0.5", "+0.5"),
])
def test_num_with_sign(value: str, expected: str) -> None:
    assert expected == display.num(value, sign=True)


@pytest.mark.parametrize(("value", "lang", "places", "sign", "expected"), [
    ("-24", "zh", 2, False, f"{M}24.00%"),
    ("-24", "en", 2, False, f"{M}24.00 %"),
    ("150", "zh", None, False, "150%"),
    ("150", "en", None, False, "150 %"),
    ("12.5", "zh", 2, True, "+12.50%"),
    ("12.5", "en", 2, True, "+12.50 %"),
    ("1000", "zh", 0, False, "1,000%"),
])
def test_pct(value: str, lang: str, places: int | None, sign: bool, expected: str) -> None:
    assert expected == display.pct(value, lang, places, sign=sign)


@pytest.mark.parametrize(("value", "lang", "places", "expected"), [
    ("12000", "zh", 2, "12,000.00 元"),
    ("12000", "en", 2, "¥12,000.00"),
    ("-5", "zh", 2, f"{M}5.00 元"),
    ("-5", "en", 2, f"{M}¥5.00"),     # the sign before the currency symbol
    ("0.004", "en", 2, "¥0.00"),
    ("1500000", "zh", None, "1,500,000 元"),
])
def test_yuan(value: str, lang: str, places: int | None, expected: str) -> None:
    assert expected == display.yuan(value, lang, places)


@pytest.mark.parametrize(("func", "value", "lang", "expected"), [
    (display.wan_yuan, "1600", "zh", "1,600 万元"),
    (display.wan_yuan, "1600", "en", "¥16 million"),  # 10,000 × 1,600 = 16 million
    (display.wan_yuan, "150", "en", "¥1.5 million"),
    (display.wan_yuan, "-50", "zh", f"{M}50 万元"),
    (display.wan_yuan, "abc", "en", "abc"),
    (display.wan, "500", "zh", "500 万"),
    (display.wan, "500", "en", "5 million"),
    (display.wan, "1", "en", "0.01 million"),
    (display.wan, "abc", "en", "abc"),
])
def test_wan_units(func, value: str, lang: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert expected == func(value, lang)


NAMES = {"customers": {"zh": "个客户", "en": "customers"}}


@pytest.mark.parametrize(("value", "unit", "lang", "expected"), [
    ("12000", "yuan", "zh", "12,000 元"),
    ("12000", "yuan", "en", "¥12,000"),
    ("1600", "wan_yuan", "zh", "1,600 万元"),
    ("500", "wan", "en", "5 million"),
    ("25", "pct", "zh", "25%"),
    ("25", "pct", "en", "25 %"),
    ("300", "customers", "zh", "300 个客户"),
    ("300", "customers", "en", "300 customers"),
    ("300", "furlongs", "en", "300"),  # a unit without a name: the number alone
])
def test_in_unit(value: str, unit: str, lang: str, expected: str) -> None:
    assert expected == display.in_unit(value, unit, lang, None, NAMES)


def _back(text: str) -> Decimal:
    """What a reader reads back from a shown number."""
    return Decimal(text.replace(M, "-").replace(",", "").lstrip("+"))


@given(value=signed_decimals(), places=st.integers(0, 4))
def test_a_shown_number_reads_back_as_the_rounded_value(value: Decimal, places: int) -> None:
    shown = display.num(value, places)
    assert "-" not in shown and "e" not in shown.lower()
    assert _back(shown) == value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert shown.startswith(M) == (_back(shown) < 0)
    whole = shown.lstrip(M).split(".")[0]
    assert all(len(group) == 3 for group in whole.split(",")[1:])  # groups of three
    assert 1 <= len(whole.split(",")[0]) <= 3


@given(value=signed_decimals(), lang=langs)
def test_units_carry_the_same_number(value: Decimal, lang: str) -> None:
    number = display.num(value, 2)
    assert number in display.pct(value, lang, 2)
    assert number.lstrip(M) in display.yuan(value, lang, 2)
    assert display.yuan(value, lang, 2).startswith(M) == number.startswith(M)


# ---------------------------------------------------------------- headline ---


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

"""numbers: reading what people type, and the rounding rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import amounts, anything, decimals, nan_like, percents, typed

from calculators import numbers
from calculators.errors import CalculatorError
from calculators.i18n import Msg
from calculators.numbers import (
    fixed,
    fixed2,
    has_unit_suffix,
    is_blank,
    money,
    parse_amount,
    parse_date,
    parse_int,
    parse_percent,
    split_list,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("120%", Decimal("120")),
    ("1.2", Decimal("120")),
    ("120", Decimal("120")),
    ("１２０％", Decimal("120")),
    (" 120 % ", Decimal("120")),
    ("3", Decimal("300")),        # up to 3 a bare number is a ratio
    ("3.01", Decimal("3.01")),    # above it, percent points
    ("0", Decimal("0")),
    ("-10%", Decimal("-10")),
    ("0.5", Decimal("50")),
    ("79.99", Decimal("79.99")),
])
def test_parse_percent(text: str, expected: Decimal) -> None:
    assert expected == parse_percent(text, "completion")


@pytest.mark.parametrize(("text", "expected"), [
    ("1,200", Decimal("1200")),
    ("5000万", Decimal("50000000")),
    ("1.5亿", Decimal("150000000")),
    ("¥300", Decimal("300")),
    ("１２００", Decimal("1200")),
    ("1 200 元", Decimal("1200")),
    ("5,000 万元", Decimal("50000000")),
    ("１，２００", Decimal("1200")),
    ("2w", Decimal("20000")),
    ("-5", Decimal("-5")),
    ("0.005", Decimal("0.005")),
    ("1" + "0" * 15, Decimal(10) ** 15),
])
def test_parse_amount(text: str, expected: Decimal) -> None:
    assert expected == parse_amount(text, "total")


@pytest.mark.parametrize("text", ["3000万", "0300万", "0万", "9999999亿", "3000w", "1万",
                                  "99999999999万"])
def test_whole_units_read_quickly_as_the_long_way_reads_them(text: str) -> None:
    """Digits and a multiplier take a short cut; a leading space takes the long way."""
    assert str(parse_amount(" " + text, "total")) == str(parse_amount(text, "total"))


@pytest.mark.parametrize("text", ["99999999亿", "1" + "0" * 12 + "万"])
def test_whole_units_beyond_the_limit_are_refused_both_ways(text: str) -> None:
    for written in (text, " " + text):
        with pytest.raises(CalculatorError) as info:
            parse_amount(written, "total")
        assert "numbers.too_large" == info.value.msg.id


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "Infinity", "1e5", "", "  ", "abc",
                                  "1.2.3", "万", "½", "1" + "0" * 16, "12%"])
def test_parse_amount_rejects_with_the_field_name(text: str) -> None:
    with pytest.raises(CalculatorError) as info:
        parse_amount(text, "target_bonus")
    assert "target_bonus" == info.value.field
    assert info.value.en and info.value.zh


@pytest.mark.parametrize(("amount", "expected"), [
    (Decimal("0.005"), "0.01"),      # half-up, not banker's rounding
    (Decimal("0.015"), "0.02"),
    (Decimal("0.025"), "0.03"),
    (Decimal("-0.005"), "-0.01"),
    (Decimal("-0.004"), "0.00"),     # never "-0.00"
    (Decimal("499.995"), "500.00"),
    (Decimal("12"), "12.00"),
])
def test_money_rounds_half_up_to_the_fen(amount: Decimal, expected: str) -> None:
    assert expected == fixed2(amount)
    assert Decimal(expected) == money(amount)


@pytest.mark.parametrize(("value", "places", "expected"), [
    (Decimal("1666.666"), 0, "1667"), (Decimal("416.665"), 2, "416.67"), (Decimal("-0.1"), 0, "0"),
])
def test_fixed(value: Decimal, places: int, expected: str) -> None:
    assert expected == fixed(value, places)


@pytest.mark.parametrize("text", ["0.00", "-0.00", "-0.0", "-0", "0", "100", "-5", "12.30",
                                  "-12.30", "1E+2", "123456789012345678901234567",
                                  "1.00E+3", "5E-7", "-0.005", "12345678901234567890123.45"])
@pytest.mark.parametrize("places", [0, 1, 2, 4])
def test_fixed_of_an_already_rounded_figure_is_the_rounding(text: str, places: int) -> None:
    """fixed() gives a figure that already has its places as it is written (no rounding):
    the very text the rounding gives, a negative zero or an exponent form included."""
    value = Decimal(text)
    try:
        rounded = str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0)
    except InvalidOperation:  # more digits than Decimal's precision: it must raise as well
        rounded = "InvalidOperation"

    def got(f: Callable[[], str]) -> str:
        try:
            return f()
        except InvalidOperation:
            return "InvalidOperation"

    assert rounded == got(lambda: fixed(value, places))
    if places == 2:
        assert rounded == got(lambda: fixed2(value))


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e15"),
                   max_value=Decimal("1e15")), st.integers(0, 4))
def test_fixed_is_the_half_up_rounding(value: Decimal, places: int) -> None:
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) + 0
    assert str(rounded) == fixed(value, places)


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-07-15", dt.date(2026, 7, 15)),
    ("2026/7/5", dt.date(2026, 7, 5)),
    ("2026.07.15", dt.date(2026, 7, 15)),
    ("2026年7月15日", dt.date(2026, 7, 15)),
    ("２０２６－０７－１５", dt.date(2026, 7, 15)),
])
def test_parse_date(text: str, expected: dt.date) -> None:
    assert expected == parse_date(text, "start_date")


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "15/07/2026", "tomorrow", "",
                                  "0000-01-01"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(CalculatorError) as info:
        parse_date(text, "start_date")
    assert "start_date" == info.value.field


@pytest.mark.parametrize(("text", "expected"), [
    ("16,17,17", ["16", "17", "17"]),
    ("1,600 / 1,700 / 1,700", ["1,600", "1,700", "1,700"]),
    ("30%；35%；35%", ["30%", "35%", "35%"]),
    ("a、b", ["a", "b"]),
    ("2026-07-01,,", ["2026-07-01", "", ""]),
    ("", []),
])
def test_split_list(text: str, expected: list[str]) -> None:
    assert expected == split_list(text)


@pytest.mark.parametrize(("text", "expected"), [("30", 30), ("３０", 30), ("0", 0)])
def test_parse_int(text: str, expected: int) -> None:
    assert expected == parse_int(text, "days_in_role", 0, 366)


@pytest.mark.parametrize("text", ["1.5", "367", "-1", "x"])
def test_parse_int_rejects(text: str) -> None:
    with pytest.raises(CalculatorError):
        parse_int(text, "days_in_role", 0, 366)


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("", True), ("  ", True),
                                                 ("0", False), (0, False)])
def test_is_blank(value: object, expected: bool) -> None:
    assert expected == is_blank(value)


@pytest.mark.parametrize(("text", "expected"), [("5000万", True), ("1.5亿", True), ("5000", False)])
def test_has_unit_suffix(text: str, expected: bool) -> None:
    assert expected == has_unit_suffix(text)


@given(typed(decimals("0", "1000000")))
def test_typed_amounts_read_back_exactly(text: str) -> None:
    ascii_text = text.strip().translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
    expected = Decimal(ascii_text.replace(",", ""))
    assert expected == parse_amount(text, "x")


@given(percents)
def test_typed_percent_is_percent_points(text: str) -> None:
    assert parse_percent(text, "x") >= 0


@given(st_value=anything)
def test_parsers_raise_only_calculator_error(st_value: object) -> None:
    for parse in (parse_amount, parse_percent, parse_date, parse_int):
        try:
            parse(st_value, "field")
        except CalculatorError as exc:
            assert "field" == exc.field


@given(nan_like)
def test_nan_like_text_is_refused(text: str) -> None:
    with pytest.raises(CalculatorError):
        parse_amount(text, "x")


@given(amounts)
def test_amounts_are_never_floats(text: str) -> None:
    assert isinstance(parse_amount(text, "x"), Decimal)


# ------------------------------------------------- English multipliers ---

@pytest.mark.parametrize(("text", "expected"), [
    ("20k", "20000"), ("20K", "20000"), ("1.5m", "1500000"), ("2M", "2000000"),
    ("¥20,000", "20000"), ("3bn", "3000000000"), ("2万", "20000"), ("1.500万", "15000"),
    ("20,000.000", "20000"), ("0.125", "0.125"), ("20.5", "20.5"),
])
def test_amounts_as_people_type_them_in_english_too(text: str, expected: str) -> None:
    from calculators.numbers import parse_amount

    assert parse_amount(text, "x") == Decimal(expected)


@pytest.mark.parametrize("text", ["20.000", "1.500", "-20.000", "999.000"])
def test_an_ambiguous_thousands_dot_is_an_error_that_asks(text: str) -> None:
    from calculators.numbers import parse_amount

    with pytest.raises(CalculatorError) as info:
        parse_amount(text, "target_bonus")
    assert info.value.field == "target_bonus"
    assert "ambiguous" in info.value.en and "歧义" in info.value.zh


def test_typed_scale_is_the_chinese_multiplier_only() -> None:
    from calculators.numbers import has_unit_suffix, typed_scale

    assert typed_scale("5000万") == "万" and typed_scale("1.5亿") == "亿"
    assert typed_scale("5w") == "万" and typed_scale("20k") == "" and typed_scale("500") == ""
    assert not has_unit_suffix("20k")  # a split target typed 20k is in 元, not 万元


def test_an_error_is_worded_when_asked_and_reads_as_before() -> None:
    exc = CalculatorError("completion", Msg("numbers.not_a_number", value="abc"))
    assert str(exc) == f"completion: {exc.en} / {exc.zh}"
    assert "abc" in exc.en and "abc" in exc.zh


# Typed on a 繁體中文 page: the Traditional forms of the input vocabulary read the same.
@pytest.mark.parametrize(("traditional", "simplified"), [
    ("5000萬", "5000万"), ("1.5億", "1.5亿"), ("２萬", "２万"), ("3萬元", "3万元"),
])
def test_amounts_typed_in_traditional_read_as_simplified(traditional: str,
                                                         simplified: str) -> None:
    assert parse_amount(traditional, "total") == parse_amount(simplified, "total")
    assert numbers.typed_scale(traditional) == numbers.typed_scale(simplified) != ""
    assert numbers.has_unit_suffix(traditional)


def test_choices_typed_in_traditional() -> None:
    options = {"周": "week", "按周": "week", "工作日": "working", "月": "month"}
    assert numbers.choice("週", "into", options) == "week"
    assert numbers.choice("按週", "into", options) == "week"
    with pytest.raises(CalculatorError):  # only vocabulary characters are folded
        numbers.choice("禮拜", "into", options)


def test_names_are_not_folded() -> None:
    # split_list keeps what the reader typed: a name in Traditional stays Traditional.
    assert numbers.split_list("張三、趙六") == ["張三", "趙六"]


# ------------------------------------------------------------ cached_for_text ---

def test_cached_for_text_keeps_text_results_only() -> None:
    calls: list[object] = []

    @numbers.cached_for_text(4)
    def parse(value: object, field: str) -> str:
        calls.append(value)
        if value == "bad":
            raise CalculatorError(field, Msg("numbers.required"))
        return f"{field}:{value!r}"

    assert parse("1", "a") == parse("1", "a") == "a:'1'"
    assert calls == ["1"]  # the text parsed once
    assert parse("1", "b") == "b:'1'"  # the field is part of the key
    assert (parse(1, "a"), parse(True, "a")) == ("a:1", "a:True")  # (equal keys, not text)
    assert parse(1, "a") == "a:1"
    for _ in range(2):  # an error is raised afresh each time, never kept
        with pytest.raises(CalculatorError):
            parse("bad", "a")
    assert calls == ["1", "1", 1, True, 1, "bad", "bad"]
    assert parse.__name__ == "parse"

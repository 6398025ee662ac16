"""split: seed examples, exact sums, cascades, working days, people with a ramp, buffer, ratios."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import anything, decimals

from calculators import split
from calculators.errors import CalculatorError
from calculators.registry import CALCULATORS


def values(result: split.SplitResult) -> list[str]:
    return [p["value"] for p in result.as_json()["parts"]]


# Seed (002): Q3 5,000 万 -> about 1,667 万 a month -> about 417 万 a week.
def test_seed_q3_months() -> None:
    result = split.split("5000万", period="2026-Q3", into="month")
    assert ["1667", "1667", "1666"] == values(result)
    assert ["2026年7月", "2026年8月", "2026年9月"] == [p.label for p in result.parts]
    assert "5000" == result.as_json()["total"]


def test_seed_q3_weeks() -> None:
    result = split.split("5000", unit="wan_yuan", period="2026-Q3", into="week")
    weeks = values(result)
    assert 12 == len(weeks)                       # 4 planning weeks a month
    assert {"416", "417"} == set(weeks)
    assert ["417", "417", "417", "416"] == weeks[:4]  # July's 1,667
    assert "5000" == result.as_json()["total"]


def test_seed_q3_in_yuan_to_the_fen() -> None:
    result = split.split("5000万", unit="yuan", period="2026-Q3", into="month")
    assert ["16666666.67", "16666666.67", "16666666.66"] == values(result)


# Seed (002), Table 1: the months from weights.
@pytest.mark.parametrize(("total", "weights", "unit", "expected"), [
    ("5000", "16,17,17", "wan_yuan", ["1600", "1700", "1700"]),
    ("5000", "1,600 / 1,700 / 1,700", "wan_yuan", ["1600", "1700", "1700"]),
    ("300", "90,100,110", "customers", ["90", "100", "110"]),
    ("10000", "30%,35%,35%", "wan", ["3000", "3500", "3500"]),
    ("5000", "16,17,17", "yuan", ["1600.00", "1700.00", "1700.00"]),
])
def test_seed_table_1(total: str, weights: str, unit: str, expected: list[str]) -> None:
    assert expected == values(split.split(total, weights, unit=unit))


def test_table_1_as_a_weighted_quarter() -> None:
    result = split.split("5000", "16,17,17", unit="wan_yuan", period="2026-Q3")
    assert ["1600", "1700", "1700"] == values(result)


@pytest.mark.parametrize(("total", "kw", "expected"), [
    ("100", {"parts": "3"}, ["33.34", "33.33", "33.33"]),          # tie: the earlier part
    ("100", {"parts": "3", "decimals": "0"}, ["34", "33", "33"]),
    ("1", {"parts": "3", "unit": "customers"}, ["1", "0", "0"]),
    ("0", {"parts": "2"}, ["0.00", "0.00"]),
    ("10", {"weights": "1,0,1"}, ["5.00", "0.00", "5.00"]),
    ("100", {"weights": "1,1,1", "labels": "甲,乙,丙"}, ["33.34", "33.33", "33.33"]),
    ("2", {"weights": "1,1,1", "unit": "customers"}, ["1", "1", "0"]),
])
def test_largest_remainder(total: str, kw: dict[str, str], expected: list[str]) -> None:
    assert expected == values(split.split(total, **kw))


@pytest.mark.parametrize(("buffer", "total", "expected"), [
    ("10%", "1100.00", ["366.67", "366.67", "366.66"]),
    ("15", "1150.00", ["383.34", "383.33", "383.33"]),
    ("12.5%", "1125.00", ["375.00", "375.00", "375.00"]),
    ("", "1000.00", ["333.34", "333.33", "333.33"]),
    ("0", "1000.00", ["333.34", "333.33", "333.33"]),
    (None, "1000.00", ["333.34", "333.33", "333.33"]),
])
def test_buffer_over_assigns(buffer: str | None, total: str, expected: list[str]) -> None:
    data = split.split("1000", parts="3", buffer=buffer).as_json()
    assert total == data["total"]
    assert expected == [p["value"] for p in data["parts"]]
    assert "1000.00" == data["target"]


@pytest.mark.parametrize("buffer", ["9.99%", "16", "5%", "-10%", "abc", "100%"])
def test_buffer_outside_the_policy_range(buffer: str) -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("1000", parts="3", buffer=buffer)
    assert "buffer" == info.value.field


def test_weeks_by_days_cut_at_the_month_end() -> None:
    result = split.split("3100", unit="customers", period="2026-07", into="week", basis="days")
    # 1–5 Jul (Wed–Sun), then full weeks, then 27–31 Jul: 5, 7, 7, 7, 5 days of 31
    assert ["500", "700", "700", "700", "500"] == values(result)
    aug = split.split("310", unit="customers", period="2026-08", into="week", basis="days")
    assert "第31周（08-01–08-02）" == aug.parts[0].label  # the rest of ISO week 31
    assert "20" == values(aug)[0]


def test_working_days_follow_the_holiday_calendar() -> None:
    result = split.split("2480", unit="customers", period="2026", into="month", basis="working")
    # 2026 working days: 21 16 22 21 19 21 23 21 22 18 21 23 = 248
    assert ["210", "160", "220", "210", "190", "210", "230", "210", "220", "180", "210", "230"] \
        == values(result)
    assert "2480" == result.as_json()["total"]


def test_working_days_need_the_year_in_the_data() -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("100", period="2027-Q1", basis="working")
    assert "basis" == info.value.field
    assert "2027" in info.value.en and "2027" in info.value.zh


def test_year_to_weeks_every_level_adds_up() -> None:
    result = split.split("1.2亿", unit="yuan", period="2026", into="week", basis="working")
    data = result.as_json()
    assert "120000000.00" == data["total"]
    for upper, lower in (("quarters", "months"), ("months", "weeks")):
        for parent in data["levels"][upper]:
            kids = [Decimal(p["value"]) for p in data["levels"][lower]
                    if p["parent"] == parent["label"]]
            assert Decimal(parent["value"]) == sum(kids)


def test_seasonality_weights() -> None:
    result = split.split("2400", "20,25,25,30", unit="wan_yuan", period="2026", into="month")
    data = result.as_json()
    assert ["480", "600", "600", "720"] == [p["value"] for p in data["levels"]["quarters"]]
    assert ["160", "160", "160"] == values(result)[:3]


@pytest.mark.parametrize(("kw", "expected"), [
    ({"metric": "conversion_rate"}, ["25.00", "25.00", "25.00"]),
    ({"metric": "转化率"}, ["25.00", "25.00", "25.00"]),
    ({"metric": "ROI"}, ["25.00", "25.00", "25.00"]),
    ({}, ["25.00", "25.00", "25.00"]),   # typed with %: a rate
])
def test_ratio_metrics_are_copied_down(kw: dict[str, str], expected: list[str]) -> None:
    total = "25%" if not kw else "25"
    result = split.split(total, period="2026-Q3", **kw)
    assert expected == values(result)
    assert result.ratio is True
    assert any("不做拆分" in s.zh and "never divided" in s.en for s in result.steps)


def test_ratio_metric_refuses_a_buffer() -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("3%", parts="3", buffer="10%")
    assert "buffer" == info.value.field


@pytest.mark.parametrize(("dates", "expected"), [
    (",,", ["400.00", "400.00", "400.00"]),
    (",,2026-07-16", ["563.64", "563.63", "72.73"]),     # weight 16 / 31 × 25 %
    (",,2026-05-01", ["436.37", "436.36", "327.27"]),     # third month in role: weight 75 %
    (",,2026-04-01", ["400.00", "400.00", "400.00"]),     # mentoring over: 100 %
    (",,2026-08-01", ["600.00", "600.00", "0.00"]),       # starts after the period: 0, said
])
def test_people_with_a_ramp(dates: str, expected: list[str]) -> None:
    result = split.split("1200", "1,1,1", labels="张三,李四,王五", start_dates=dates,
                         period="2026-07")
    assert expected == values(result)
    assert ["张三", "李四", "王五"] == [p.label for p in result.parts]


def test_people_weights_and_buffer() -> None:
    result = split.split("1000", "2,1,1", labels="A,B,C", start_dates=",,", period="2026-07",
                         buffer="10%")
    assert ["550.00", "275.00", "275.00"] == values(result)
    assert "1100.00" == result.as_json()["total"]


@pytest.mark.parametrize(("kw", "field"), [
    ({"total": "abc", "parts": "2"}, "total"),
    ({"total": "-1", "parts": "2"}, "total"),
    ({"total": "100"}, "parts"),
    ({"total": "100", "parts": "0"}, "parts"),
    ({"total": "100", "parts": "1.5"}, "parts"),
    ({"total": "100", "parts": "1001"}, "parts"),
    ({"total": "100", "weights": "1,x"}, "weights"),
    ({"total": "100", "weights": "0,0"}, "weights"),
    ({"total": "100", "weights": "1,-1"}, "weights"),
    ({"total": "100", "weights": "1,1", "parts": "3"}, "parts"),
    ({"total": "100", "weights": "1,1", "labels": "a,b,c"}, "labels"),
    ({"total": "100", "parts": "2", "unit": "furlongs"}, "unit"),
    ({"total": "100", "parts": "2", "decimals": "9"}, "decimals"),
    ({"total": "100", "period": "2026-13"}, "period"),
    ({"total": "100", "period": "2026-07", "into": "quarter"}, "into"),
    ({"total": "100", "period": "2026-Q3", "basis": "weighted"}, "weights"),
    ({"total": "100", "period": "2026-Q3", "weights": "1,1"}, "weights"),
    ({"total": "100", "period": "2026-Q3", "weights": "1,1,1", "basis": "days"}, "basis"),
    ({"total": "100", "period": "2026-Q3", "parts": "3"}, "parts"),
    ({"total": "100", "parts": "2", "start_dates": "2026-07-01,"}, "period"),
    ({"total": "100", "parts": "2", "start_dates": "2026-07-01", "period": "2026-07"},
     "start_dates"),
    ({"total": "100", "parts": "2", "start_dates": "soon,", "period": "2026-07"},
     "start_dates"),
    ({"total": "100", "parts": "1", "start_dates": "2026-09-01", "period": "2026-07"},
     "start_dates"),
    ({"total": "100", "labels": "a,b", "weights": "1,2", "period": "2026-Q3",
      "basis": "weighted"}, "basis"),  # with people the weights are the people's
])
def test_errors_name_the_field(kw: dict[str, Any], field: str) -> None:
    with pytest.raises(CalculatorError) as info:
        split.split_row(kw)
    assert field == info.value.field
    assert info.value.en and info.value.zh


def test_steps_explain_the_tie_rule() -> None:
    result = split.split("100", parts="3")
    assert any("最大余数" in s.zh and "largest-remainder" in s.en for s in result.steps)


@given(units=st.integers(0, 10**9),
       weights=st.lists(st.fractions(min_value=0, max_value=1000), min_size=1, max_size=30)
       .filter(lambda w: sum(w) > 0))
def test_largest_remainder_is_exact_and_fair(units: int, weights: list[Fraction]) -> None:
    parts = split.largest_remainder(units, weights)
    assert units == sum(parts)
    total = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - units * w / total) < 1  # never more than one unit from exact


@given(total=decimals("0", "100000000000"),
       weights=st.lists(st.integers(0, 1000), min_size=1, max_size=20).filter(any),
       buffer=st.sampled_from(["", "10%", "12%", "15%"]),
       unit=st.sampled_from(["yuan", "wan_yuan", "customers"]))
def test_parts_always_sum_to_the_total(total: Decimal, weights: list[int], buffer: str,
                                       unit: str) -> None:
    result = split.split(str(total), ",".join(map(str, weights)), buffer=buffer, unit=unit)
    assert result.total == sum(p.value for p in result.parts)
    data = result.as_json()
    assert Decimal(data["total"]) == sum(Decimal(p["value"]) for p in data["parts"])


@given(total=decimals("0", "10000000"), period=st.sampled_from(["2026", "2026-Q2", "2026-11"]),
       into=st.sampled_from(["", "month", "week"]),
       basis=st.sampled_from(["even", "days", "working"]))
def test_cascades_always_sum_to_the_total(total: Decimal, period: str, into: str,
                                          basis: str) -> None:
    try:
        result = split.split(str(total), period=period, into=into, basis=basis)
    except CalculatorError as exc:  # e.g. a month into months
        assert "into" == exc.field
        return
    assert result.total == sum(p.value for p in result.parts)
    assert result.total == (total * 1).quantize(Decimal("0.01"), "ROUND_HALF_UP")


@given(total=anything, weights=anything, parts=anything, buffer=anything, labels=anything,
       unit=anything, metric=anything, period=anything, into=anything, basis=anything,
       dates=anything)
def test_only_documented_errors(total: object, weights: object, parts: object, buffer: object,
                                labels: object, unit: object, metric: object, period: object,
                                into: object, basis: object, dates: object) -> None:
    try:
        result = split.split(total, weights, parts, buffer, labels=labels, unit=unit,
                             metric=metric, period=period, into=into, basis=basis,
                             start_dates=dates)
    except CalculatorError as exc:
        assert exc.field in CALCULATORS["split"].inputs
    else:
        assert result.ratio or result.total == sum(p.value for p in result.parts)


def test_quarter_to_months_to_people_in_one_go() -> None:
    """The cascade of the sources (year -> quarter -> month -> week -> person): every level
    adds up exactly to the one above, a new hire ramps up month by month, and every
    percentage in the result is derived in the steps."""
    result = split.split("5000万", None, None, "10%", labels="张三,李四,王五",
                         start_dates=",,2026-08-15", period="2026-Q3", into="month")
    data = result.as_json()
    assert data["total"] == "5500"
    months = data["levels"]["months"]
    people = data["levels"]["people"]
    assert [p["value"] for p in months] == ["1834", "1833", "1833"]
    assert sum(int(p["value"]) for p in months) == 5500
    assert len(people) == 9 and data["parts"] == people
    for month in months:
        mine = [int(p["value"]) for p in people if p["parent"] == month["label"]]
        assert sum(mine) == int(month["value"])
    assert [p["value"] for p in people if p["label"] == "王五"] == ["0", "117", "295"]
    steps = "\n".join(s["zh"] for s in data["steps"])
    assert "17 天 × 25%（入职第 1 个月） = 4.25 个满产日；4.25 ÷ 31 = 本期平均 13.71%" in steps
    assert "0.1371 ÷ 2.1371 = 6.42%" in steps
    assert "5,000 × (1 + 10%) = 5,500 万元" in steps
    en = "\n".join(s["en"] for s in data["steps"])
    assert "4.25 / 31 = 13.71 % on average" in en


def test_people_of_one_period_without_into_and_with_weights() -> None:
    result = split.split("1000", "2,1,1", labels="A,B,C", period="2026-07")
    assert ["500.00", "250.00", "250.00"] == values(result)
    assert all(p.parent is None for p in result.parts)
    steps = "\n".join(s.zh for s in result.steps)
    assert "A 2 ÷ 4 = 50%" in steps


def test_plain_split_shows_each_share() -> None:
    result = split.split("100", "1,1,2", labels="a,b,c")
    assert "c 50% → 50.00 元" in result.steps[-2].zh

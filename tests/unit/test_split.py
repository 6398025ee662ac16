"""split: seed examples, exact sums, cascades, working days, people with a ramp, buffer, ratios."""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import amounts, anything, decimals

from calculators import split
from calculators.errors import CalculatorError
from calculators.i18n import LANGUAGES
from calculators.numbers import fixed
from calculators.policy import Policy, get_policy
from calculators.registry import CALCULATORS


def values(result: split.SplitResult) -> list[str]:
    return [p["value"] for p in result.as_json()["parts"]]


# The fixture (tests/fixtures/policy/decomposition.toml): 万元 to one decimal, 5 planning
# weeks a month, a buffer of 5 %-20 %, a new hire at 50 % in the first month in role.
def test_quarter_into_months(policy: Policy) -> None:
    result = split.split("5000万", period="2026-Q3", into="month", policy=policy)
    assert ["1666.7", "1666.7", "1666.6"] == values(result)  # 万元, one decimal
    assert ["2026年7月", "2026年8月", "2026年9月"] == [p.label for p in result.parts]
    assert "5000.0" == result.as_json()["total"]


def test_quarter_into_planning_weeks(policy: Policy) -> None:
    result = split.split("5000", unit="wan_yuan", period="2026-Q3", into="week", policy=policy)
    weeks = values(result)
    assert 15 == len(weeks)                       # 5 planning weeks a month
    assert ["333.4", "333.4", "333.3", "333.3", "333.3"] == weeks[:5]  # July's 1,666.7
    assert "5000.0" == result.as_json()["total"]
    assert any("5 个计划周" in s.text("zh") and "5 weeks" in s.text("en") for s in result.steps)


def test_quarter_in_yuan_to_the_fen(policy: Policy) -> None:
    result = split.split("5000万", unit="yuan", period="2026-Q3", into="month", policy=policy)
    assert ["16666666.67", "16666666.67", "16666666.66"] == values(result)


@pytest.mark.parametrize(("total", "weights", "unit", "expected"), [
    ("5000", "16,17,17", "wan_yuan", ["1600.0", "1700.0", "1700.0"]),
    ("5000", "1,600 / 1,700 / 1,700", "wan_yuan", ["1600.0", "1700.0", "1700.0"]),
    ("300", "90,100,110", "customers", ["90", "100", "110"]),
    ("10000", "30%,35%,35%", "customers", ["3000", "3500", "3500"]),
    ("5000", "16,17,17", "yuan", ["1600.00", "1700.00", "1700.00"]),
])
def test_weights(policy: Policy, total: str, weights: str, unit: str,
                 expected: list[str]) -> None:
    assert expected == values(split.split(total, weights, unit=unit, policy=policy))


def test_weights_over_a_quarter(policy: Policy) -> None:
    result = split.split("5000", "16,17,17", unit="wan_yuan", period="2026-Q3", policy=policy)
    assert ["1600.0", "1700.0", "1700.0"] == values(result)


@pytest.mark.parametrize(("total", "kw", "expected"), [
    ("100", {"parts": "3"}, ["33.34", "33.33", "33.33"]),          # tie: the earlier part
    ("100", {"parts": "3", "decimals": "0"}, ["34", "33", "33"]),
    ("1", {"parts": "3", "unit": "customers"}, ["1", "0", "0"]),
    ("0", {"parts": "2"}, ["0.00", "0.00"]),
    ("10", {"weights": "1,0,1"}, ["5.00", "0.00", "5.00"]),
    ("100", {"weights": "1,1,1", "labels": "甲,乙,丙"}, ["33.34", "33.33", "33.33"]),
    ("2", {"weights": "1,1,1", "unit": "customers"}, ["1", "1", "0"]),
])
def test_largest_remainder(policy: Policy, total: str, kw: dict[str, str],
                           expected: list[str]) -> None:
    assert expected == values(split.split(total, policy=policy, **kw))


@pytest.mark.parametrize(("buffer", "total", "expected"), [
    ("5%", "1050.00", ["350.00", "350.00", "350.00"]),           # the fixture's minimum
    ("10%", "1100.00", ["366.67", "366.67", "366.66"]),
    ("12.5%", "1125.00", ["375.00", "375.00", "375.00"]),
    ("20", "1200.00", ["400.00", "400.00", "400.00"]),           # its maximum
    ("", "1000.00", ["333.34", "333.33", "333.33"]),
    ("0", "1000.00", ["333.34", "333.33", "333.33"]),
    (None, "1000.00", ["333.34", "333.33", "333.33"]),
])
def test_buffer_over_assigns(policy: Policy, buffer: str | None, total: str,
                             expected: list[str]) -> None:
    data = split.split("1000", parts="3", buffer=buffer, policy=policy).as_json()
    assert total == data["total"]
    assert expected == [p["value"] for p in data["parts"]]
    assert "1000.00" == data["target"]


@pytest.mark.parametrize("buffer", ["4.99%", "21", "20.01%", "-10%", "100%"])
def test_buffer_outside_the_policy_range(policy: Policy, buffer: str) -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("1000", parts="3", buffer=buffer, policy=policy)
    assert "buffer" == info.value.field
    assert "5 %–20 %" in info.value.en and "5%–20%" in info.value.zh


def test_weeks_by_days_cut_at_the_month_end(policy: Policy) -> None:
    result = split.split("3100", unit="customers", period="2026-07", into="week", basis="days",
                         policy=policy)
    # 1–5 Jul (Wed–Sun), then full weeks, then 27–31 Jul: 5, 7, 7, 7, 5 days of 31
    assert ["500", "700", "700", "700", "500"] == values(result)
    aug = split.split("310", unit="customers", period="2026-08", into="week", basis="days",
                      policy=policy)
    assert "第31周（08-01–08-02）" == aug.parts[0].label  # the rest of ISO week 31
    assert "20" == values(aug)[0]


def test_working_days_follow_the_holiday_calendar(policy: Policy) -> None:
    result = split.split("640", unit="customers", period="2026-Q3", into="month",
                         basis="working", policy=policy)
    # The fixture calendar: July 23 weekdays - 3 off + 1 Saturday worked = 21;
    # August 21 and September 22 weekdays, no holiday: 21 : 21 : 22 of 64.
    assert ["210", "210", "220"] == values(result)
    assert "640" == result.as_json()["total"]


def test_working_days_need_the_year_in_the_data(policy: Policy) -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("100", period="2027-Q1", basis="working", policy=policy)
    assert "basis" == info.value.field
    assert "2027" in info.value.en and "2027" in info.value.zh
    assert "known: 2026" in info.value.en


def test_year_to_weeks_every_level_adds_up(policy: Policy) -> None:
    result = split.split("1.2亿", unit="yuan", period="2026", into="week", basis="working",
                         policy=policy)
    data = result.as_json()
    assert "120000000.00" == data["total"]
    for upper, lower in (("quarters", "months"), ("months", "weeks")):
        for parent in data["levels"][upper]:
            kids = [Decimal(p["value"]) for p in data["levels"][lower]
                    if p["parent"] == parent["label"]]
            assert Decimal(parent["value"]) == sum(kids)


def test_seasonality_weights(policy: Policy) -> None:
    result = split.split("2400", "20,25,25,30", unit="wan_yuan", period="2026", into="month",
                         policy=policy)
    data = result.as_json()
    assert ["480.0", "600.0", "600.0", "720.0"] == [p["value"] for p in data["levels"]["quarters"]]
    assert ["160.0", "160.0", "160.0"] == values(result)[:3]


@pytest.mark.parametrize(("kw", "expected"), [
    ({"metric": "conversion_rate"}, ["25.00", "25.00", "25.00"]),
    ({"metric": "转化率"}, ["25.00", "25.00", "25.00"]),   # its name
    ({"metric": "CONV"}, ["25.00", "25.00", "25.00"]),    # an alias, in any case
    ({}, ["25.00", "25.00", "25.00"]),                    # typed with %: a rate
])
def test_ratio_metrics_are_copied_down(policy: Policy, kw: dict[str, str],
                                       expected: list[str]) -> None:
    total = "25%" if not kw else "25"
    result = split.split(total, period="2026-Q3", policy=policy, **kw)
    assert expected == values(result)
    assert result.ratio is True
    assert any("不做拆分" in s.text("zh") and "never divided" in s.text("en") for s in result.steps)


def test_a_metric_not_listed_as_a_ratio_is_split(policy: Policy) -> None:
    result = split.split("25", period="2026-Q3", metric="roi", policy=policy)  # not in the fixture
    assert result.ratio is False
    assert ["8.34", "8.33", "8.33"] == values(result)


def test_ratio_metric_refuses_a_buffer(policy: Policy) -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("3%", parts="3", buffer="10%", policy=policy)
    assert "buffer" == info.value.field


# The fixture ramp: 50 % in the first month in role, 100 % afterwards.
@pytest.mark.parametrize(("dates", "expected"), [
    (",,", ["400.00", "400.00", "400.00"]),
    (",,2026-07-16", ["531.43", "531.43", "137.14"]),     # weight 16 × 50 % / 31 = 8/31
    (",,2026-06-16", ["435.09", "435.09", "329.82"]),     # (15 × 50 % + 16) / 31 = 47/62
    (",,2026-06-01", ["400.00", "400.00", "400.00"]),     # second month in role: 100 %
    (",,2026-08-01", ["600.00", "600.00", "0.00"]),       # starts after the period
])
def test_people_with_a_ramp(policy: Policy, dates: str, expected: list[str]) -> None:
    result = split.split("1200", "1,1,1", labels="张三,李四,王五", start_dates=dates,
                         period="2026-07", policy=policy)
    assert expected == values(result)
    assert ["张三", "李四", "王五"] == [p.label for p in result.parts]


def test_people_weights_and_buffer(policy: Policy) -> None:
    result = split.split("1000", "2,1,1", labels="A,B,C", start_dates=",,", period="2026-07",
                         buffer="10%", policy=policy)
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
    ({"total": "100", "parts": "2", "unit": "wan"}, "unit"),         # not a fixture unit
    ({"total": "100", "parts": "2", "buffer": "abc"}, "buffer"),
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
def test_errors_name_the_field(policy: Policy, kw: dict[str, Any], field: str) -> None:
    with pytest.raises(CalculatorError) as info:
        split.split_row(kw, policy)
    assert field == info.value.field
    assert info.value.en and info.value.zh


def test_steps_explain_the_tie_rule(policy: Policy) -> None:
    result = split.split("100", parts="3", policy=policy)
    assert any("小数部分最大" in s.text("zh") and "余数相同时前者优先" in s.text("zh")
               and "largest fractions" in s.text("en") and "earlier part first" in s.text("en")
               for s in result.steps)


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
def test_parts_always_sum_to_the_total(policy: Policy, total: Decimal, weights: list[int],
                                       buffer: str, unit: str) -> None:
    result = split.split(str(total), ",".join(map(str, weights)), buffer=buffer, unit=unit,
                         policy=policy)
    assert result.total == sum(p.value for p in result.parts)
    data = result.as_json()
    assert Decimal(data["total"]) == sum(Decimal(p["value"]) for p in data["parts"])


@given(total=decimals("0", "10000000"), period=st.sampled_from(["2026", "2026-Q2", "2026-11"]),
       into=st.sampled_from(["", "month", "week"]),
       basis=st.sampled_from(["even", "days", "working"]))
def test_cascades_always_sum_to_the_total(policy: Policy, total: Decimal, period: str, into: str,
                                          basis: str) -> None:
    try:
        result = split.split(str(total), period=period, into=into, basis=basis, policy=policy)
    except CalculatorError as exc:  # e.g. a month into months
        assert "into" == exc.field
        return
    assert result.total == sum(p.value for p in result.parts)
    assert result.total == (total * 1).quantize(Decimal("0.01"), "ROUND_HALF_UP")


@given(total=anything, weights=anything, parts=anything, buffer=anything, labels=anything,
       unit=anything, metric=anything, period=anything, into=anything, basis=anything,
       dates=anything)
def test_only_documented_errors(policy: Policy, total: object, weights: object, parts: object,
                                buffer: object, labels: object, unit: object, metric: object,
                                period: object, into: object, basis: object,
                                dates: object) -> None:
    try:
        result = split.split(total, weights, parts, buffer, policy, labels=labels, unit=unit,
                             metric=metric, period=period, into=into, basis=basis,
                             start_dates=dates)
    except CalculatorError as exc:
        assert exc.field in CALCULATORS["split"].inputs
    else:
        if result.ratio:  # a rate is copied to every part, never divided or buffered
            assert all(p.value == result.total for p in result.parts)
            assert 0 == result.buffer_pct
        else:
            assert result.total == sum(p.value for p in result.parts)
        assert result.parts


def _parts(result: split.SplitResult) -> list[tuple[str, dict[str, Any]]]:
    """Every level's parts, labels in every language, values and parents."""
    return [(key, p.as_json(result.decimals)) for key, parts in result.levels.items()
            for p in parts]


# The cascade cache (split._plan) keeps the structure of a cascade, never the amounts:
# a row whose plan comes from the cache has the parts of one computed afresh. Edge
# periods: a quarter with holidays (2026-Q4: National Day, make-up days), months starting
# on a weekend (2026-02 on a Sunday, 2026-08 on a Saturday), a year, weighted seasons.
@pytest.mark.parametrize(("period", "into", "basis", "weights"), [
    ("2026-Q3", "week", "working", None),
    ("2026-Q4", "week", "working", None),
    ("2026-Q4", "month", "working", None),
    ("2026-Q1", "week", "working", None),
    ("2026-02", "week", "working", None),
    ("2026-08", "week", "days", None),
    ("2026-08", "week", "even", None),
    ("2026", "week", "working", None),
    ("2026", "month", "days", None),
    ("2026", "week", "weighted", "1,2,3,4"),
    ("2026-Q3", "month", "weighted", "30%, 30%, 40%"),
])
def test_cascade_cache_gives_the_parts_computed_afresh(policy: Policy, period: str, into: str,
                                                       basis: str, weights: str | None) -> None:
    def run(total: str, explain: bool = False) -> split.SplitResult:
        return split.split(total, weights, policy=policy, period=period, into=into,
                           basis=basis, explain=explain)

    for total in ("5000万", "1234.5", "7"):
        split._plan.cache_clear()
        fresh = run(total)
        run("999")  # the plan is cached with another row's amounts
        hits = split._plan.cache_info().hits
        cached = run(total)
        assert split._plan.cache_info().hits == hits + 1
        assert _parts(fresh) == _parts(cached)
        assert _parts(fresh) == _parts(run(total, explain=True))  # the web's path too
        assert fresh.total == cached.total == sum(p.value for p in cached.parts)


@pytest.mark.parametrize(("period", "into", "count"), [
    ("2026-Q4", "month", 3),  # October has National Day off
    ("2026-02", "week", 5),  # starts on a Sunday: a one-day first week, no work
    ("2026-08", "week", 6),  # starts on a Saturday
])
def test_cascade_plan_weights_are_the_calendars_working_days(policy: Policy, period: str,
                                                             into: str, count: int) -> None:
    calendar = split.cal.working_calendar(policy)
    dated = split.cal.parse_period(period, "period")
    split._plan.cache_clear()
    for _ in range(2):  # afresh, then from the cache
        (key, groups), = split._plan(dated, into, "working", 5, calendar)
        assert key == into + "s"
        kids = [k for g in groups for k in g.kids]
        assert len(kids) == count
        assert [w for g in groups for w in g.weights or ()] == \
            [calendar.working_days(k, "basis") for k in kids]
        assert kids == list(split.cal.subperiods(dated, into))
    assert 1 == split._plan.cache_info().hits


def test_cascade_cache_keeps_no_error(policy: Policy) -> None:
    """A year without holiday data fails on every row, not just the first."""
    split._plan.cache_clear()
    for _ in range(2):
        with pytest.raises(CalculatorError) as err:
            split.split("1000", policy=policy, period="2025-Q1", into="week", basis="working")
        assert "basis" == err.value.field
    assert 0 == split._plan.cache_info().currsize


# ---- batch mode (explain=False): the same results as the explained split, only no steps

def _fields(result: split.SplitResult) -> str:
    """Every field but the steps; repr shows each Decimal's exponent (5.00, not 5)."""
    return repr((result.target, result.buffer_pct, result.total, result.unit, result.decimals,
                 result.parts, result.ratio, result.levels))


def _same_quiet(policy: Policy, *args: object, **kw: object) -> None:
    """split(explain=False) gives the explained split's result, or the same error."""
    try:
        full = split.split(*args, policy=policy, **kw)  # type: ignore[misc]
    except CalculatorError as exc:
        with pytest.raises(CalculatorError) as quiet:
            split.split(*args, policy=policy, explain=False, **kw)  # type: ignore[misc]
        assert (exc.field, exc.message("zh"), exc.message("en")) == \
            (quiet.value.field, quiet.value.message("zh"), quiet.value.message("en"))
        return
    quiet_result = split.split(*args, policy=policy, explain=False, **kw)  # type: ignore[misc]
    assert [] == quiet_result.steps
    assert split.batch_cells(full) == split.batch_cells(quiet_result)  # (before parts are read)
    assert _fields(full) == _fields(quiet_result)
    assert quiet_result == replace(full, steps=[]) == quiet_result  # (a quick result too)
    assert quiet_result.as_json() == replace(full, steps=[]).as_json()


@pytest.mark.parametrize(("total", "weights", "unit"), [
    ("5234567", "3,17,25,8,1", "yuan"), ("0", "1,2", ""), ("007", "00,1", None),
    ("999999999999999", "1,2,3", "customers"), ("100", "1", "wan_yuan"), ("10", "1,1,1", "万元"),
    ("1", ",".join(["1"] * 1000), "yuan"), ("1", ",".join(["1"] * 1001), "yuan"),
    ("1000000000000000", "1,2", "yuan"), ("0000000000000001", "1,2", "yuan"),  # 16 digits
    ("100", "0,0", "yuan"), ("100", "1,2", "x"), ("100", "x", "x"), ("100", "1,2", " yuan"),
    ("5000万", "1,2", ""), ("12.5", "1,2", ""), ("-5", "1,2", ""), ("１２", "1,2", ""),
    ("100", "1, 2", ""), ("100", "1.5,2", ""), ("100", "1,2\n", ""), ("", "1,2", ""),
    ("50%", "1,2", ""), ("100", "", "yuan"), ("100", "1,-1", "yuan"),
])
def test_quiet_plain_rows_equal_the_explained(policy: Policy, total: str, weights: str,
                                              unit: str | None) -> None:
    for p in (policy, get_policy()):  # the fixture's places, then data/'s
        _same_quiet(p, total, weights, unit=unit)
        _same_quiet(p, total, weights, unit=unit, into="week", basis="x")  # no period: unread
        for name in ("parts", "buffer", "labels", "decimals", "metric", "period",
                     "start_dates"):
            for value in (" ", "0", "2"):
                _same_quiet(p, total, weights, unit=unit, **{name: value})


@given(total=st.integers(0, 10**16).map(str) | anything,
       weights=st.lists(st.integers(0, 10**16), min_size=1, max_size=12)
       .map(lambda w: ",".join(map(str, w))) | anything,
       unit=st.sampled_from(["", "yuan", "wan_yuan", "customers", "元", "x"]) | anything)
def test_quiet_rows_equal_the_explained(policy: Policy, total: object, weights: object,
                                        unit: object) -> None:
    _same_quiet(policy, total, weights, unit=unit)


@pytest.mark.parametrize(("period", "into", "basis", "weights"), [
    ("2026-Q3", "week", "working", None), ("2026-Q4", "month", "days", None),
    ("2026", "", "", "1,2,3,4"), ("2026-Q3", "month", "weighted", "30%, 30%, 40%"),
    (" 2026-Q3 ", "月", "工作日", None), ("2026-08", "week", "even", None),
    ("2026-13", "", "", None), ("2026-Q3", "year", "", None), ("2026-Q3", "month", "x", None),
    ("2026-Q3", "month", "weighted", None), ("2026-Q3", "month", "even", "1,2,3"),
    ("2025-Q1", "week", "working", None), ("2026", "month", "weighted", "1,2"),
])
def test_quiet_cascades_equal_the_explained(policy: Policy, period: str, into: str, basis: str,
                                            weights: str | None) -> None:
    """Every level's parts and the errors, the cascade's reading of period, into and basis
    cached or not (a second round reads them from the cache)."""
    for _ in range(2):
        for total in ("5000万", "1234.5", "0", "7"):
            kw = {"period": period, "into": into, "basis": basis}
            _same_quiet(policy, total, weights, **kw)
            _same_quiet(policy, total, weights, buffer="12%", **kw)
            _same_quiet(policy, total, weights, labels="a,b", **kw)  # people, by period
            _same_quiet(policy, total, None, start_dates="2026-08-10,", **kw)


@pytest.mark.parametrize("places", [0, 1, 2, 4])
@pytest.mark.parametrize("value", [
    Decimal("12.34"), Decimal("12.3"), Decimal("12"), Decimal("0"), Decimal("0.00"),
    Decimal("-0.00"), Decimal("-0"), Decimal("-12.34"), Decimal("-5"), Decimal("1E+3"),
    Decimal("1.2E+5"), Decimal("0E-7"), Decimal("1.5"), Decimal("0.125"), Decimal("2.675"),
    Decimal("1234567890123456789012.3456"), Decimal("123456789012345678901234"),
    Decimal("0.0000"), Decimal("5.00000"), 7, 2.5, 1e16, True,
])
def test_batch_cells_write_each_part_as_fixed_does(value: object, places: int) -> None:
    """batch_cells writes a value already at its places as it is, and any other through
    fixed(): the same text either way (negative zeros, exponents, non-Decimals)."""
    result = split.SplitResult(Decimal(0), Decimal(0), Decimal(0), "yuan", places,
                               (split.Part("a", "a", value), split.Part("b", "b", value)))  # type: ignore[arg-type]
    try:
        want = "; ".join(f"{label}={fixed(value, places)}" for label in "ab")  # type: ignore[arg-type]
    except ArithmeticError:  # beyond Decimal's 28 digits at these places: fixed() refuses
        with pytest.raises(ArithmeticError):
            split.batch_cells(result)
        return
    assert want == split.batch_cells(result)["parts"]


# ---- batch_row: a row's cells straight from its inputs (the registry's batch_row hook)

def _same_cells(policy: Policy, row: dict[str, Any]) -> None:
    """batch_row gives the explained split's cells in every language, or the same error
    (field, words in every language, message id); once, and again from what the quick
    paths keep (units, buffers, cascade plans)."""
    for _ in range(2):
        try:
            want = split.split_row(row, policy, True)
        except CalculatorError as exc:
            for lang in LANGUAGES:
                with pytest.raises(CalculatorError) as quick:
                    split.batch_row(row, policy, lang)
                assert exc.as_dict() == quick.value.as_dict()
            continue
        for lang in LANGUAGES:
            assert split.batch_cells(want, lang) == split.batch_row(row, policy, lang)


# Edge rows: blank cells, 万/亿 totals, full-width digits, weights with zeros, negative,
# huge and 16-digit totals, decimals places, labels, units typed every way, and errors.
EDGE_ROWS: list[dict[str, Any]] = [
    {"total": "5234567", "weights": "3,17,25,8,1", "unit": "yuan"},
    {"total": "0", "weights": "1,2"},
    {"total": "007", "weights": "00,1", "unit": None},
    {"total": "100", "weights": "0,0,5,0"},
    {"total": "100", "weights": "0,0"},
    {"total": "999999999999999", "weights": "1,2,3", "unit": "customers"},
    {"total": "999999999999999", "weights": "999999999999999,1"},
    {"total": "1000000000000000", "weights": "1,2"},
    {"total": "0000000000000001", "weights": "1,2"},
    {"total": "100", "weights": "1", "unit": "wan_yuan"},
    {"total": "10", "weights": "1,1,1", "unit": "万元"},
    {"total": "10", "weights": "1,1,1", "unit": " yuan"},
    {"total": "10", "weights": "1,1,1", "unit": "元"},
    {"total": "10", "weights": "1,1,1", "unit": "x"},
    {"total": "10", "weights": "x", "unit": "x"},
    {"total": "1", "weights": ",".join(["1"] * 1000)},
    {"total": "1", "weights": ",".join(["1"] * 1001)},
    {"total": "5000万", "weights": "1,2"},
    {"total": "1.5亿", "weights": "1,2"},
    {"total": "１２", "weights": "1,2"},
    {"total": "100", "weights": "１,２"},
    {"total": "12.5", "weights": "1,2"},
    {"total": "-5", "weights": "1,2"},
    {"total": "-5万", "weights": "1,2"},
    {"total": "50%", "weights": "1,2"},
    {"total": "100", "weights": "1, 2"},
    {"total": "100", "weights": "1.5,2"},
    {"total": "100", "weights": "1,2\n"},
    {"total": "100", "weights": "1,-1"},
    {"total": "100", "weights": "30%,70%"},
    {"total": "", "weights": "1,2"},
    {"total": "100", "weights": ""},
    {"total": "100"},
    {},
    {"total": " ", "weights": " "},
    {"total": "100", "weights": "1,2", "decimals": "3"},
    {"total": "100", "weights": "1,2", "decimals": "0"},
    {"total": "100", "weights": "1,2", "decimals": "9"},
    {"total": "100", "parts": "3", "decimals": "4"},
    {"total": "100", "weights": "1,2", "labels": "张三,李四"},
    {"total": "100", "labels": "a,b,c"},
    {"total": "100", "weights": "1,2", "labels": "a"},
    {"total": "100", "weights": "1,2", "parts": "3"},
    {"total": "100", "weights": "1,2", "parts": " "},
    {"total": "100", "weights": "1,2", "buffer": "10%"},
    {"total": "100", "weights": "1,2", "buffer": "0"},
    {"total": "100", "weights": "1,2", "buffer": "50%"},
    {"total": "100", "weights": "1,2", "metric": "roi"},
    {"total": "100", "weights": "1,2", "metric": "营收"},
    {"total": "100", "weights": "1,2", "into": "week", "basis": "x"},
    {"total": "5000万", "period": "2026-Q3", "into": "week", "basis": "working",
     "unit": "wan_yuan"},
    {"total": "5000万", "period": "2026-Q3", "into": "month", "buffer": "10%"},
    {"total": "100", "weights": "1,2", "period": "2026-13"},
    {"total": "100", "weights": "1,2", "start_dates": ","},
    {"total": 100, "weights": "1,2"},
    {"total": "100", "weights": 12},
    {"total": "100", "weights": "1,2", "unit": 5},
    {"total": "100", "weights": "1,2", "parts": 0},
    {"total": "100", "weights": "1,2", "parts": None},
]


@pytest.mark.parametrize("row", EDGE_ROWS)
def test_batch_row_gives_the_explained_cells(policy: Policy, row: dict[str, Any]) -> None:
    for p in (policy, get_policy()):  # the fixture's places (yuan: 2, 万元: 1), then data/'s
        _same_cells(p, row)


def test_batch_row_is_the_registry_hook() -> None:
    assert split.batch_row is CALCULATORS["split"].batch_row


def test_batch_row_follows_a_changed_policy(policy: Policy) -> None:
    """The plain path's unit figures are kept per policy: another policy, other places."""
    default = get_policy()
    row = {"total": "5000", "weights": "1,1,1", "unit": "wan_yuan"}
    for _ in range(2):
        for p in (policy, default):
            assert split.batch_cells(split.split_row(row, p)) == split.batch_row(row, p, "en")


# Rows as a batch file has them: text cells, mostly the plain row (digits and whole-number
# weights) with one or two of the other inputs typed. Local strategies: strategies.py has
# typed numbers and junk, not whole batch rows.
# Mostly within the quick path's limits (15 digits), sometimes past them.
_digits = (st.integers(0, 10**9) | st.integers(0, 10**16)).map(str)
_whole_weights = st.lists(st.integers(0, 100) | st.integers(0, 10**16), min_size=1,
                          max_size=12).map(lambda w: ",".join(map(str, w)))
_units = st.sampled_from(["", "yuan", "wan_yuan", "customers", "元", "万元", "x"]) | anything
# The other inputs, typed (blank and absent are drawn apart).
_others = {
    "parts": st.sampled_from([" ", "2", "3", "0"]) | anything,
    "buffer": st.sampled_from(["10%", "0", "5", "12"]),
    "labels": st.sampled_from(["a,b", "张三,李四,王五"]),
    "decimals": st.sampled_from(["0", "3"]),
    "metric": st.sampled_from(["roi", "营收"]),
    "period": st.sampled_from(["2026-Q3", "2026-07"]),
    "into": st.sampled_from(["month", "week"]),
    "basis": st.sampled_from(["even", "days"]),
    "start_dates": st.sampled_from([",", "2026-08-10"]),
}


# Cascade rows: a period and a total, maybe into, basis, buffer and unit, each typed well,
# oddly or wrongly (2031 and 2025 have no holiday data: working days refuse them).
_cascade_totals = st.sampled_from([
    "0", "1", "123万", "1.5亿", "１２３万", "99999999999万", "-5万", "3456万", "5w", "5W", "12亿",
    "100000000000万", "100000000001万", "1000000000000000", "1000000000000001", "007万", "万",
]) | st.builds("{}{}".format, st.integers(0, 10**12) | st.integers(0, 10**21),
              st.sampled_from(["", "万", "亿", "w"]))
_cascade_inputs = {
    "period": st.sampled_from(["2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026-07",
                               "2026-02", "2026-Q5", "2031", "2025-12", " 2026-Q3 ", " "]),
    "into": st.sampled_from(["year", "quarter", "month", "week", "", "季度", "周", "fortnight"]),
    "basis": st.sampled_from(["working", "days", "even", "", "工作日", "weighted", "garbage"]),
    "buffer": st.sampled_from(["0", "10%", "12.5%", "15", "-5%", "abc", "", " ", "50%"]),
    "unit": _units,
}
# An input that takes a cascade row off the quick path (weights: a weighted cascade).
_off_cascade = {**_others, "weights": st.sampled_from(["1,2,3,4", "1,2,3", "x"])}


@st.composite
def _cascade_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A cascade row: a total and a period, each other input of the cascade typed or not,
    sometimes the blank cells of a batch file's other columns, sometimes one input more."""
    row = {"total": draw(_cascade_totals), "period": draw(_cascade_inputs["period"])}
    for key in ("into", "basis", "buffer", "unit"):
        if draw(st.booleans()):
            row[key] = draw(_cascade_inputs[key])
    if draw(st.booleans()):
        row.update(dict.fromkeys(("weights", "parts", "labels", "decimals", "metric",
                                  "start_dates"), ""))
    if draw(st.integers(0, 3)) == 0:
        key = draw(st.sampled_from(sorted(_off_cascade)))
        if key != "period":
            row[key] = draw(_off_cascade[key])
    return row


@st.composite
def _batch_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A row: total and weights as the plain row has them (or anything), maybe a unit, one
    other input typed, blank or None (a cell the row lacks), and maybe a second; or, one
    time in three, a cascade row."""
    if draw(st.integers(0, 2)) == 0:
        return draw(_cascade_rows())
    if draw(st.booleans()):
        row = {"total": draw(_digits), "weights": draw(_whole_weights)}
    else:
        row = {"total": draw(_digits | amounts | anything),
               "weights": draw(_whole_weights | anything)}
    if draw(st.booleans()):
        row["unit"] = draw(_units)
    # One input typed (a plain row with one input more must leave the quick path), then
    # maybe another typed, blank or absent.
    for typed in (True, draw(st.booleans())):
        key = draw(st.sampled_from(sorted(_others)))
        row[key] = draw(_others[key] if typed else st.sampled_from([None, ""]))
    return row


@settings(max_examples=600)
@given(row=_batch_rows())
def test_batch_row_equals_the_explained_cells(policy: Policy, row: dict[str, Any]) -> None:
    _same_cells(policy, row)


@settings(max_examples=300)
@given(row=_cascade_rows())
def test_batch_row_cascades_equal_the_explained_cells(row: dict[str, Any]) -> None:
    """data/'s policy: whole 万元, 4 planning weeks a month, a buffer of 10 %-15 %."""
    _same_cells(get_policy(), row)


# ---- batch_row's cascades: a period's split worked out from its cached plan

class _Refused(Exception):
    """split() was asked for a row the quick path should have worked out."""


def _refuse(*args: object, **kwargs: object) -> None:
    raise _Refused


# The bench file's cascade rows (bench/batch.py, kind "split"): every other column blank.
_BENCH = {"line": "L0", "weights": "", "parts": "", "buffer": "", "unit": "wan_yuan"}
_WEEKS = {**_BENCH, "total": "3456万", "period": "2026-Q3", "into": "week", "basis": "working"}
_MONTHS = {**_BENCH, "total": "3456万", "period": "2026-Q2", "into": "month", "basis": "",
           "buffer": "10%"}

# (row, whether batch_row works it out without split(): True, False, or None where that
# depends on the policy). Totals at and past the limits, every multiplier, units typed
# every way, periods and levels of every kind, bases and buffers good and bad, and the
# inputs that make a cascade something else (weights, people, a ratio, decimals).
CASCADE_ROWS: list[tuple[dict[str, Any], bool | None]] = [
    (_WEEKS, True),
    (_MONTHS, True),
    ({**_WEEKS, "period": "2026-Q1"}, True),
    ({**_WEEKS, "into": "month", "basis": "days"}, True),
    ({**_WEEKS, "total": "0"}, True),
    ({**_WEEKS, "total": "0万"}, True),
    ({**_WEEKS, "total": "007万"}, True),
    ({**_WEEKS, "total": "1", "unit": ""}, True),  # yuan, to the fen
    ({**_WEEKS, "total": "1"}, True),  # 1 万元 over ~15 weeks: mostly zeros
    ({**_WEEKS, "total": "99999999999万"}, True),
    ({**_WEEKS, "total": "100000000000万"}, True),  # 10^15 元: the limit itself
    ({**_WEEKS, "total": "100000000001万"}, False),  # past it
    ({**_WEEKS, "total": "1000000000000000", "unit": "yuan"}, True),
    ({**_WEEKS, "total": "1000000000000001", "unit": "yuan"}, False),
    ({**_WEEKS, "total": "9" * 21}, False),
    ({**_WEEKS, "total": "9" * 5000}, False),  # (int() refuses 4,300 digits)
    ({**_WEEKS, "total": "12亿"}, True),
    ({**_WEEKS, "total": "12亿", "unit": "yuan"}, True),
    ({**_WEEKS, "total": "12万", "unit": "customers"}, True),
    ({**_WEEKS, "total": "5w", "unit": None}, True),
    ({**_WEEKS, "total": "5W"}, False),  # folded first: split() reads it
    ({**_WEEKS, "total": "1.5亿"}, False),
    ({**_WEEKS, "total": "１２３万"}, False),
    ({**_WEEKS, "total": "-5万"}, False),
    ({**_WEEKS, "total": "+5万"}, False),
    ({**_WEEKS, "total": "5,000万"}, False),
    ({**_WEEKS, "total": "50%"}, False),
    ({**_WEEKS, "total": "万"}, False),
    ({**_WEEKS, "total": ""}, False),
    ({**_WEEKS, "total": 3456}, False),
    ({**_WEEKS, "unit": "万元"}, True),
    ({**_WEEKS, "unit": " 万元 "}, True),
    ({**_WEEKS, "unit": "× 10,000 yuan"}, True),
    ({**_WEEKS, "unit": "x"}, False),
    ({**_WEEKS, "unit": 5}, False),
    ({**_WEEKS, "period": "2026"}, True),
    ({**_WEEKS, "period": "2026-07"}, True),
    ({**_WEEKS, "period": " 2026-Q3 "}, True),
    ({**_WEEKS, "period": "2026-Q5"}, False),
    ({**_WEEKS, "period": "2031"}, False),  # no holiday data: working days refuse it
    ({**_WEEKS, "period": "2031", "basis": "even"}, True),
    ({**_WEEKS, "period": "2031", "basis": "days"}, True),
    ({**_WEEKS, "period": "2025-12"}, False),
    ({**_WEEKS, "period": " "}, False),  # no period: a plain split without parts
    ({**_WEEKS, "period": 2026}, False),
    ({**_WEEKS, "period": "2026", "into": ""}, True),  # quarters
    ({**_WEEKS, "period": "2026", "into": None}, True),
    ({**_WEEKS, "period": "2026", "into": "季度"}, True),
    ({**_WEEKS, "period": "2026", "into": "year"}, False),
    ({**_WEEKS, "into": "quarter"}, False),
    ({**_WEEKS, "into": "fortnight"}, False),
    ({**_WEEKS, "into": 3}, False),
    ({**_WEEKS, "basis": ""}, True),  # planning weeks
    ({**_WEEKS, "basis": "工作日"}, True),
    ({**_WEEKS, "basis": "days"}, True),
    ({**_WEEKS, "basis": "weighted"}, False),  # needs weights
    ({**_WEEKS, "basis": "garbage"}, False),
    ({**_WEEKS, "basis": 1}, False),
    ({**_WEEKS, "buffer": "0"}, True),
    ({**_WEEKS, "buffer": " "}, True),
    ({**_WEEKS, "buffer": None}, True),
    ({**_WEEKS, "buffer": "12"}, True),  # percent points
    ({**_WEEKS, "buffer": "12.345%"}, True),
    ({**_WEEKS, "buffer": "15%", "total": "1"}, True),  # 1.15: half up
    ({**_WEEKS, "buffer": "15%", "total": "3"}, True),  # 3.45
    ({**_WEEKS, "buffer": "-5%"}, False),
    ({**_WEEKS, "buffer": "50%"}, False),
    ({**_WEEKS, "buffer": "abc"}, False),
    ({**_WEEKS, "buffer": "5%"}, None),  # the fixture's range, not data/'s
    ({**_WEEKS, "buffer": 10}, False),
    ({**_WEEKS, "unit": "x", "period": "2026-Q5", "buffer": "abc"}, False),  # which first
    ({**_WEEKS, "period": "2026-Q5", "buffer": "abc"}, False),
    ({**_WEEKS, "total": "-5万", "buffer": "abc"}, False),
    ({**_WEEKS, "total": "100000000001万", "period": "x"}, False),
    ({**_WEEKS, "weights": "1,2,3"}, False),
    ({**_WEEKS, "basis": "weighted", "period": "2026-Q3", "weights": "1,2,3"}, False),
    ({**_WEEKS, "labels": "a,b"}, False),
    ({**_WEEKS, "start_dates": "2026-08-10,"}, False),
    ({**_WEEKS, "metric": "roi"}, False),
    ({**_WEEKS, "metric": "营收"}, False),
    ({**_WEEKS, "decimals": "2"}, False),
    ({**_WEEKS, "parts": "3"}, False),
    ({**_WEEKS, "parts": " "}, False),
]


@pytest.mark.parametrize(("row", "quick"), CASCADE_ROWS)
def test_batch_row_cascades_give_the_explained_cells(policy: Policy, row: dict[str, Any],
                                                     quick: bool | None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The cells or error of split() (for both policies, cached or not); and a row of
    the quick path's never reaches split(), any other does."""
    for p in (policy, get_policy()):  # the fixture's places (万元: 1), then data/'s
        _same_cells(p, row)
    if quick is None:
        return
    want = [_cells_or_error(p, row) for p in (policy, get_policy())]
    monkeypatch.setattr(split, "split_row", _refuse)
    for p, cells in zip((policy, get_policy()), want, strict=True):
        if quick:
            assert cells == split.batch_row(row, p, "en")
        else:
            with pytest.raises(_Refused):
                split.batch_row(row, p, "en")


def _cells_or_error(policy: Policy, row: dict[str, Any]) -> dict[str, str] | str:
    try:
        return split.batch_row(row, policy, "zh")
    except CalculatorError as exc:
        return exc.field


def test_batch_row_takes_the_usual_cascade_without_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench file's cascades (quarters into working-day weeks, a buffered quarter into
    months) and their like never reach split(): their cells are split()'s all the same."""
    policy = get_policy()
    rows = [{**row, "total": total, "period": period}
            for row in (_WEEKS, _MONTHS, {**_MONTHS, "basis": "days", "into": "week"})
            for total in ("1000万", "9000万", "4321万", "0万", "7")
            for period in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")]
    want = [split.batch_cells(split.split_row(row, policy, True)) for row in rows]
    monkeypatch.setattr(split, "split_row", _refuse)
    monkeypatch.setattr(split, "split", _refuse)
    monkeypatch.setattr(split, "_cascade", _refuse)
    assert want == [split.batch_row(row, policy, "zh") for row in rows]


def _policy_with(base: Policy, **rules: Any) -> Policy:
    """A policy with some decomposition rules replaced (no files written)."""
    areas = {name: copy.deepcopy(base[name]) for name in base}
    areas["decomposition"].update(rules)
    return Policy(areas, base.data_dir)


def test_batch_row_cascades_follow_a_changed_policy(policy: Policy) -> None:
    """What the quick path keeps (units, buffers, plans) is kept per policy: another
    policy's places, weeks a month, buffer range and holidays are its own."""
    default = get_policy()
    units = copy.deepcopy(default["decomposition"]["units"])
    units["wan_yuan"]["decimals"] = 3
    units["yuan"]["scale"] = 3  # 万 over a scale of 3: not whole (split() divides)
    units["customers"]["decimals"] = 6  # past the 0-4 places the quick path knows
    others = [_policy_with(default, weeks_per_month=3, units=units),
              _policy_with(default, buffer={"min_pct": -200, "max_pct": 20})]
    rows = [_WEEKS, _MONTHS, {**_MONTHS, "into": "week", "basis": ""},
            {**_MONTHS, "total": "1234万", "unit": "yuan"},
            {**_MONTHS, "total": "1234万", "unit": "customers"},
            {**_MONTHS, "buffer": "-150%"}, {**_MONTHS, "buffer": "-100%"},
            {**_MONTHS, "buffer": "12.5%", "period": "2031"}]
    for _ in range(2):
        for p in (policy, default, *others):
            for row in rows:
                _same_cells(p, row)


def test_batch_row_cascade_plans_are_kept_for_every_reading(policy: Policy) -> None:
    """Each period, into and basis as typed is its own plan: rows that differ in one only
    do not share one (and a refused one is refused on every row)."""
    default = get_policy()
    rows = [{**_WEEKS, **change} for change in (
        {}, {"basis": "days"}, {"basis": ""}, {"into": "month"}, {"period": "2026-Q4"},
        {"period": "2031"}, {"period": "2031", "basis": "even"}, {"period": "2031"})]
    for _ in range(3):
        for p in (default, policy):
            for row in rows:
                _same_cells(p, row)


def test_batch_row_cascade_plans_follow_the_holidays(policy: Policy) -> None:
    """Two policies with the same decomposition rules and other holidays: each splits by
    its own working days (a plan is kept per policy, not per rules)."""
    default = get_policy()
    other = Policy({**{name: default[name] for name in default},
                    "holidays": policy["holidays"]}, default.data_dir)
    assert other["decomposition"] is default["decomposition"]
    seen = set()
    for _ in range(2):
        for p in (default, other):
            _same_cells(p, _WEEKS)
            seen.add(split.batch_row(_WEEKS, p, "zh")["parts"])
    assert 2 == len(seen)  # (July's holidays differ)

"""calculators.calendar: periods as people type them, month ends, leap years, subperiods,
and working days from the fixture calendar (tests/fixtures/policy/holidays.toml)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import dates, typed_periods, years

from calculators import calendar as cal
from calculators.errors import CalculatorError
from calculators.policy import Policy

D = dt.date


@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("2026", "year", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026年", "year", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026年度", "year", D(2026, 1, 1), D(2026, 12, 31)),
    ("2026-Q3", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026q3", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
    (" 2026 Q3 ", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
    ("２０２６－Ｑ３", "quarter", D(2026, 7, 1), D(2026, 9, 30)),   # full-width
    ("2026年第三季度", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026年第3季度", "quarter", D(2026, 7, 1), D(2026, 9, 30)),
    ("2026年一季度", "quarter", D(2026, 1, 1), D(2026, 3, 31)),
    ("2026-Q4", "quarter", D(2026, 10, 1), D(2026, 12, 31)),
    ("2026-07", "month", D(2026, 7, 1), D(2026, 7, 31)),
    ("2026/7", "month", D(2026, 7, 1), D(2026, 7, 31)),
    ("2026.07", "month", D(2026, 7, 1), D(2026, 7, 31)),
    ("2026年7月", "month", D(2026, 7, 1), D(2026, 7, 31)),
    ("2026-12", "month", D(2026, 12, 1), D(2026, 12, 31)),
])
def test_parse_period(text: str, kind: str, start: dt.date, end: dt.date) -> None:
    period = cal.parse_period(text, "period")
    assert (kind, start, end) == (period.kind, period.start, period.end)


@pytest.mark.parametrize("text", [
    "", None, "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-07", "2026-7-1", "July 2026",
    "2026年第五季度", "Q3", "20261", "1899", "2201", "1899-07", "2201-Q1",
])
def test_bad_periods_name_the_field(text: object) -> None:
    with pytest.raises(CalculatorError) as info:
        cal.parse_period(text, "period")
    assert "period" == info.value.field
    assert info.value.en and info.value.zh


# Month ends, leap years (divisible by 4, except centuries not divisible by 400).
@pytest.mark.parametrize(("text", "days", "end"), [
    ("2026-02", 28, D(2026, 2, 28)),
    ("2024-02", 29, D(2024, 2, 29)),
    ("2000-02", 29, D(2000, 2, 29)),
    ("2100-02", 28, D(2100, 2, 28)),
    ("2026-04", 30, D(2026, 4, 30)),
    ("2026-12", 31, D(2026, 12, 31)),
    ("2026-Q1", 90, D(2026, 3, 31)),
    ("2024-Q1", 91, D(2024, 3, 31)),
    ("2026-Q2", 91, D(2026, 6, 30)),
    ("2026-Q3", 92, D(2026, 9, 30)),
    ("2026-Q4", 92, D(2026, 12, 31)),
    ("2026", 365, D(2026, 12, 31)),
    ("2024", 366, D(2024, 12, 31)),
    ("2100", 365, D(2100, 12, 31)),
])
def test_period_lengths(text: str, days: int, end: dt.date) -> None:
    period = cal.parse_period(text, "period")
    assert (days, end) == (period.days, period.end)


@pytest.mark.parametrize(("text", "zh", "en"), [
    ("2026", "2026年", "2026"),
    ("2026-Q3", "2026年第3季度", "2026 Q3"),
    ("2026-07", "2026年7月", "2026-07"),
])
def test_labels(text: str, zh: str, en: str) -> None:
    period = cal.parse_period(text, "period")
    assert (zh, en) == (period.label("zh"), period.label("en"))


def test_week_labels_are_iso_weeks_cut_at_the_month() -> None:
    first = cal.subperiods(cal.month_period(2026, 8), "week")[0]
    assert "第31周（08-01–08-02）" == first.label("zh")
    assert "W31 (08-01–08-02)" == first.label("en")


@pytest.mark.parametrize(("text", "kind", "starts"), [
    ("2026", "quarter", [D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1)]),
    ("2026-Q3", "month", [D(2026, 7, 1), D(2026, 8, 1), D(2026, 9, 1)]),
    # July 2026 starts on a Wednesday: 1-5, 6-12, 13-19, 20-26, 27-31.
    ("2026-07", "week", [D(2026, 7, 1), D(2026, 7, 6), D(2026, 7, 13), D(2026, 7, 20),
                         D(2026, 7, 27)]),
    # August 2026 starts on a Saturday and ends on a Monday: six pieces of weeks.
    ("2026-08", "week", [D(2026, 8, 1), D(2026, 8, 3), D(2026, 8, 10), D(2026, 8, 17),
                         D(2026, 8, 24), D(2026, 8, 31)]),
    # February 2027 starts on a Monday and has exactly four weeks.
    ("2027-02", "week", [D(2027, 2, 1), D(2027, 2, 8), D(2027, 2, 15), D(2027, 2, 22)]),
])
def test_subperiods(text: str, kind: str, starts: list[dt.date]) -> None:
    parts = cal.subperiods(cal.parse_period(text, "period"), kind)
    assert starts == [p.start for p in parts]
    assert {kind} == {p.kind for p in parts}


def test_twelve_months_of_a_year() -> None:
    months = cal.subperiods(cal.year_period(2024), "month")
    assert [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] == [m.days for m in months]


@pytest.mark.parametrize(("text", "kind"), [("2026-07", "quarter"), ("2026-Q3", "week"),
                                            ("2026", "week"), ("2026-07", "month")])
def test_subperiods_only_split_downwards(text: str, kind: str) -> None:
    with pytest.raises(ValueError):
        cal.subperiods(cal.parse_period(text, "period"), kind)


@pytest.mark.parametrize(("kind", "day", "start", "end"), [
    ("month", D(2026, 2, 14), D(2026, 2, 1), D(2026, 2, 28)),
    ("quarter", D(2026, 8, 15), D(2026, 7, 1), D(2026, 9, 30)),
    ("quarter", D(2026, 12, 31), D(2026, 10, 1), D(2026, 12, 31)),
    ("year", D(2024, 2, 29), D(2024, 1, 1), D(2024, 12, 31)),
])
def test_containing(kind: str, day: dt.date, start: dt.date, end: dt.date) -> None:
    period = cal.containing(kind, day)
    assert (start, end) == (period.start, period.end)


# ------------------------------------------------- working days (fixture) ---

@pytest.mark.parametrize(("day", "working"), [
    (D(2026, 7, 3), True),     # Friday
    (D(2026, 7, 4), False),    # Saturday
    (D(2026, 7, 6), False),    # Monday, first day off
    (D(2026, 7, 8), False),    # Wednesday, last day off
    (D(2026, 7, 9), True),     # Thursday after the break
    (D(2026, 7, 11), True),    # Saturday worked in lieu (调休)
    (D(2026, 7, 12), False),   # Sunday
    (D(2026, 10, 3), False),   # Saturday inside the October break
    (D(2026, 10, 10), True),   # Saturday worked in lieu
])
def test_is_working_day(policy: Policy, day: dt.date, working: bool) -> None:
    assert working == cal.working_calendar(policy).is_working_day(day)


@pytest.mark.parametrize(("text", "days"), [
    ("2026-07", 21),   # 23 weekdays - 3 off + 1 Saturday worked
    ("2026-08", 21),   # no holiday
    ("2026-09", 22),
    ("2026-10", 21),   # 22 weekdays - 2 off (Thu, Fri) + 1 Saturday worked
    ("2026-Q3", 64),
    ("2026", 258),     # 261 weekdays - 5 off + 2 Saturdays worked
])
def test_working_days(policy: Policy, text: str, days: int) -> None:
    assert days == cal.working_calendar(policy).working_days(cal.parse_period(text, "p"), "p")


def test_a_year_without_data_is_an_error_naming_the_field(policy: Policy) -> None:
    with pytest.raises(CalculatorError) as info:
        cal.working_calendar(policy).working_days(cal.parse_period("2027-01", "p"), "basis")
    assert "basis" == info.value.field
    assert "2027" in info.value.en and "known: 2026" in info.value.en
    assert "2027" in info.value.zh


def test_the_calendar_is_built_once_per_policy(policy: Policy) -> None:
    assert cal.working_calendar(policy) is cal.working_calendar(policy)


# ---------------------------------------------------------------- properties ---

@given(typed=typed_periods())
def test_typed_periods_parse(typed: tuple[str, str, int, int]) -> None:
    text, kind, year, number = typed
    period = cal.parse_period(text, "period")
    assert (kind, year) == (period.kind, period.start.year)
    if kind == "quarter":
        assert (3 * number - 2, 1) == (period.start.month, period.start.day)
    if kind == "month":
        assert (number, 1) == (period.start.month, period.start.day)
    assert (period.end + dt.timedelta(days=1)).day == 1  # ends on a month end


@given(day=dates, kind=st.sampled_from(["year", "quarter", "month"]))
def test_the_containing_period_contains_the_day(day: dt.date, kind: str) -> None:
    period = cal.containing(kind, day)
    assert period.start <= day <= period.end
    assert period.kind == kind


@given(year=years, split=st.sampled_from([("year", "quarter"), ("year", "month"),
                                           ("quarter", "month"), ("month", "week")]),
       n=st.integers(1, 12))
def test_subperiods_tile_the_period(year: int, split: tuple[str, str], n: int) -> None:
    outer, inner = split
    period = {"year": cal.year_period(year),
              "quarter": cal.quarter_period(year, (n - 1) % 4 + 1),
              "month": cal.month_period(year, n)}[outer]
    parts = cal.subperiods(period, inner)
    assert parts[0].start == period.start and parts[-1].end == period.end
    for before, after in itertools.pairwise(parts):
        assert before.end + dt.timedelta(days=1) == after.start   # no gap, no overlap
    assert period.days == sum(p.days for p in parts)
    if inner == "week":
        assert all(p.start.weekday() == 0 for p in parts[1:])    # weeks start on Monday
        assert all(p.days <= 7 for p in parts)


@given(month=st.integers(1, 12))
def test_working_days_add_up_over_the_year(policy: Policy, month: int) -> None:
    calendar = cal.working_calendar(policy)
    months = [calendar.working_days(cal.month_period(2026, m), "p") for m in range(1, 13)]
    assert 258 == sum(months)
    assert months[month - 1] <= cal.month_period(2026, month).days

"""Robustness: the split's results pinned before it was made linear, and bounded fuzzing
of the browser entry point (web.handle) and of the command line (main([...]))."""

from __future__ import annotations

import datetime as dt
import hashlib
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import split

# ---------------------------------------------------- split: identical results ---
# Expected values written from the day-by-day implementation (before the ramp was
# counted per month in role): the linear version must give exactly the same parts.

PEOPLE_CASES = [
    (dict(total="1000", weights="2,1,1,1", labels="A,B,C,D",
          start_dates="2024-01-31,2023-11-30,2024-02-29,", period="2024-Q1"),
     ["216.28", "319.77", "40.70", "423.25"], ["25.55", "75.55", "9.62"]),
    (dict(total="1000", labels="A,B,C,D,E",
          start_dates="2026-01-31,2025-12-31,2026-03-15,2025-09-01,", period="2026"),
     ["183.05", "201.95", "155.01", "230.00", "229.99"], ["79.59", "87.81", "67.4", "100"]),
    (dict(total="5000万", weights="1.5,2.25,1", labels="甲,乙,丙",
          start_dates="2026-07-31,2026-06-30,2026-08-01", period="2026-07", unit="wan_yuan",
          decimals="2"),
     ["99.01", "4900.99", "0.00"], ["0.81", "26.61", "0"]),
    (dict(total="123457", labels="A,B,C", start_dates="2024-02-29,2026-05-31,2026-12-31",
          period="2026-Q2"),
     ["113767.97", "9689.03", "0.00"], ["100", "8.52", "0"]),
    (dict(total="999", parts="3", start_dates="2026-02-28,2026-01-29,2025-12-29",
          period="2026-03"),
     ["178.39", "331.30", "489.31"], ["28.23", "52.42", "77.42"]),
]


@pytest.mark.parametrize(("inputs", "parts", "pcts"), PEOPLE_CASES)
def test_people_split_unchanged(inputs: dict[str, str], parts: list[str],
                                pcts: list[str]) -> None:
    result = split.split(**inputs)
    assert parts == [str(p.value) for p in result.parts]
    shown = [s.en.split("counted at ")[1].split(" %")[0] for s in result.steps
             if "counted at" in s.en]
    assert pcts == shown


def _thousand() -> tuple[str, str]:
    labels = ",".join(f"p{i}" for i in range(1000))
    starts = ",".join("" if i % 5 == 0 else
                      (dt.date(2025, 10, 1) + dt.timedelta(days=i % 457)).isoformat()
                      for i in range(1000))
    return labels, starts


def test_thousand_people_unchanged() -> None:
    labels, starts = _thousand()
    result = split.split("1000000", labels=labels, start_dates=starts, period="2026")
    values = ";".join(str(p.value) for p in result.parts)
    steps = "\n".join(s.en + s.zh for s in result.steps)
    assert ["1580.35", "1579.26", "1578.18", "1577.10", "1576.02"] == values.split(";")[:5]
    assert hashlib.sha256(values.encode()).hexdigest() == \
        "6767493abcd62f53d7c03a42757257eb11e5431a8e55f87dfdfe6d1c23812f2c"
    assert hashlib.sha256(steps.encode()).hexdigest() == \
        "c9c201afe32e62e656331dfa108f073bdaf9da642a7af2c02d20dda10666a198"


def _ramp_days_reference(start: dt.date, first: dt.date, last: dt.date,
                         ramp: list[Fraction]) -> Fraction:
    """The former day-by-day count: each day in role at its month's ramp rate."""
    day, acc = first, Fraction(0)
    while day <= last:
        if day >= start:
            m = split._months_between(start, day)
            acc += ramp[m] if m < len(ramp) else 1
        day += dt.timedelta(days=1)
    return acc


_dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2028, 12, 31))


@given(_dates, _dates, st.integers(0, 400),
       st.lists(st.fractions(0, 1, max_denominator=8), max_size=5))
def test_ramp_days_matches_day_by_day(start: dt.date, first: dt.date, length: int,
                                      ramp: list[Fraction]) -> None:
    last = first + dt.timedelta(days=length)
    assert split._ramp_days(start, first, last, ramp) == \
        _ramp_days_reference(start, first, last, ramp)

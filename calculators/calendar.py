"""Periods (year, quarter, month, week) and working days from data/holidays.toml.

A working day is Monday to Friday, minus the statutory holidays, plus the make-up
working weekends (调休) of the State Council notices. A year that is not in the
data is an error naming the field (CalculatorError), never a silent weekend-only
guess: a plan weighted on a wrong calendar looks right and is not.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .errors import CalculatorError
from .i18n import Msg
from .numbers import cached_for_text, simplified
from .policy import Memo, Policy, get_policy

KINDS = ("year", "quarter", "month")
MIN_YEAR, MAX_YEAR = 1900, 2200

# Input vocabulary: the Chinese ways people write a period (2026年第三季度, 2026年7月).
_YEAR = re.compile(r"^(\d{4})年?(?:度)?$")
_QUARTER = re.compile(r"^(\d{4})(?:年)?[-/.]?(?:第)?(?:q([1-4])|([1-4一二三四])季度?)$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_CN_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class Period:
    kind: str  # year | quarter | month | week
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def label(self, lang: str) -> str:
        return _label(self.kind, self.start, self.end, lang)

    def name(self) -> Msg:
        """The period's name as a message (its words when a language asks)."""
        return _name(self.kind, self.start, self.end)


@lru_cache(maxsize=8192)  # batch splits label the same weeks over and over
def _name(kind: str, start: dt.date, end: dt.date) -> Msg:
    y, m = start.year, start.month
    if kind in ("year", "quarter", "month"):
        return Msg(f"calendar.{kind}", y=y, q=(m - 1) // 3 + 1, m=m)
    span = f"{start.month:02d}-{start.day:02d}–{end.month:02d}-{end.day:02d}"
    week = start.isocalendar()[1]
    return Msg("calendar.week", week=week, span=span)


@lru_cache(maxsize=8192)  # formatting is the slow part: cached per language
def _label(kind: str, start: dt.date, end: dt.date, lang: str) -> str:
    return _name(kind, start, end).text(lang)


def year_period(year: int) -> Period:
    return Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31))


def quarter_period(year: int, quarter: int) -> Period:
    first = dt.date(year, 3 * quarter - 2, 1)
    return Period("quarter", first, _month_end(year, 3 * quarter))


def month_period(year: int, month: int) -> Period:
    return Period("month", dt.date(year, month, 1), _month_end(year, month))


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def containing(kind: str, day: dt.date) -> Period:
    """The calendar month / quarter / year that contains the day."""
    if kind == "year":
        return year_period(day.year)
    if kind == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    return month_period(day.year, day.month)


def _bad_period(field: str, original: str) -> CalculatorError:
    return CalculatorError(field, Msg("calendar.bad_period", value=original[:40]))


def _check_year(year: int, field: str) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalculatorError(field, Msg("calendar.year_range", low=MIN_YEAR, high=MAX_YEAR))
    return year


@cached_for_text(4096)  # a batch file's period column repeats a few periods
def parse_period(value: object, field: str) -> Period:
    """A dated period as typed: 2026 / 2026年, 2026-Q3 / 2026Q3 / 2026年第三季度,
    2026-07 / 2026年7月."""
    original = "" if value is None else str(value)
    text = re.sub(r"\s+", "", simplified(unicodedata.normalize("NFKC", original))).lower()
    if match := _YEAR.match(text):
        return year_period(_check_year(int(match.group(1)), field))
    if match := _QUARTER.match(text):
        year = _check_year(int(match.group(1)), field)
        q = match.group(2) or match.group(3)
        return quarter_period(year, int(q) if q.isdigit() else _CN_DIGIT[q])
    if match := _MONTH.match(text):
        year, month = _check_year(int(match.group(1)), field), int(match.group(2))
        if 1 <= month <= 12:
            return month_period(year, month)
    raise _bad_period(field, original)


def subperiods(period: Period, kind: str) -> list[Period]:
    """Quarters of a year, months of a year or quarter, weeks of a month.

    Weeks are ISO weeks (Monday to Sunday) clipped to the month: a week that
    straddles a month boundary is split into its two months' days.
    """
    y = period.start.year
    if kind == "quarter" and period.kind == "year":
        return [quarter_period(y, q) for q in range(1, 5)]
    if kind == "month" and period.kind in ("year", "quarter"):
        return [month_period(y, m) for m in range(period.start.month, period.end.month + 1)]
    if kind == "week" and period.kind == "month":
        out, day = [], period.start
        while day <= period.end:
            end = min(day + dt.timedelta(days=6 - day.weekday()), period.end)
            out.append(Period("week", day, end))
            day = end + dt.timedelta(days=1)
        return out
    raise ValueError(f"cannot split a {period.kind} into {kind}s")  # caller checks first


# ----------------------------------------------------------- working days ---

@dataclass(frozen=True)
class Calendar:
    off: frozenset[dt.date]
    on: frozenset[dt.date]
    years: frozenset[int]

    def require(self, year: int, field: str) -> None:
        if year not in self.years:
            known = ", ".join(str(y) for y in sorted(self.years))
            raise CalculatorError(field, Msg("calendar.no_holidays", year=year, known=known))

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.on:
            return True
        return day.weekday() < 5 and day not in self.off

    def working_days(self, period: Period, field: str) -> int:
        for year in range(period.start.year, period.end.year + 1):
            self.require(year, field)
        return _count(self, period.start, period.end)


@lru_cache(maxsize=4096)
def _count(cal: Calendar, start: dt.date, end: dt.date) -> int:
    day, n = start, 0
    while day <= end:
        n += cal.is_working_day(day)
        day += dt.timedelta(days=1)
    return n


_calendars: Memo[Calendar] = Memo(size=64)


def working_calendar(policy: Policy | None = None) -> Calendar:
    """The working-day calendar of a policy (built once per policy object)."""
    policy = policy or get_policy()
    return _calendars.get(policy, None, _make_calendar, policy)


def _make_calendar(policy: Policy) -> Calendar:
    off: set[dt.date] = set()
    on: set[dt.date] = set()
    years: set[int] = set()
    for year in policy["holidays"]["years"]:
        years.add(year["year"])
        for holiday in year["holidays"]:
            day = holiday["first"]
            while day <= holiday["last"]:
                off.add(day)
                day += dt.timedelta(days=1)
            on.update(holiday["makeup_workdays"])
    return Calendar(frozenset(off), frozenset(on), frozenset(years))

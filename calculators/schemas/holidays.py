"""data/holidays.toml: China's statutory holidays and make-up working days (调休)."""

from __future__ import annotations

from typing import Any

from ..schema import Array, Ctx, Date, Label, Num, Table, document_fields, strictly_increasing


def _ordered(item: dict[str, Any], ctx: Ctx) -> None:
    if item["last"] < item["first"]:
        raise ctx.key("last").fail(f"{item['last']} is before the first day {item['first']}",
                                   "结束日期早于开始日期")


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五")


def _span(holiday: dict[str, Any]) -> str:
    return f"{holiday['name']['en']}, {holiday['first']} – {holiday['last']}"


def _in_year(year: dict[str, Any], ctx: Ctx) -> None:
    """Every day of a year's entry lies in that year; holidays do not overlap; a make-up
    working day is a weekend day outside every holiday, listed once."""
    holidays = year["holidays"]
    for i, holiday in enumerate(holidays):
        here = ctx.key("holidays").index(i)
        for key in ("first", "last"):
            if holiday[key].year != year["year"]:
                raise here.key(key).fail(
                    f"{holiday[key]} is not in {year['year']}", f"不在 {year['year']} 年内")
        for j, other in enumerate(holidays[:i]):
            if holiday["first"] <= other["last"] and other["first"] <= holiday["last"]:
                raise here.key("first").fail(
                    f"{holiday['first']} – {holiday['last']} overlaps {_span(other)} "
                    f"(holidays[{j}])",
                    f"与{other['name']['zh']}假期（{other['first']} – {other['last']}）重叠")
    seen: set[Any] = set()
    for i, holiday in enumerate(holidays):
        for k, day in enumerate(holiday["makeup_workdays"]):
            at = ctx.key("holidays").index(i).key("makeup_workdays").index(k)
            if day.year != year["year"]:
                raise at.fail(f"{day} is not in {year['year']}", f"不在 {year['year']} 年内")
            for other in holidays:
                if other["first"] <= day <= other["last"]:
                    raise at.fail(
                        f"{day} is a day off ({_span(other)}), not a make-up working day",
                        f"{day} 落在{other['name']['zh']}假期内，不能是调休上班日")
            if day.weekday() < 5:
                raise at.fail(
                    f"{day} is a {_WEEKDAYS[day.weekday()]}, already a working day: a make-up "
                    "working day is a Saturday or Sunday",
                    f"{day} 是{_WEEKDAYS_ZH[day.weekday()]}，本就是工作日："
                    "调休上班日应为周六或周日")
            if day in seen:
                raise at.fail(f"{day} is listed twice", f"{day} 重复")
            seen.add(day)


HOLIDAY = Table(
    {
        "name": Label("The holiday's name"),
        "first": Date("First day off"),
        "last": Date("Last day off"),
        "makeup_workdays": Array(Date(), "Weekend days worked in lieu (调休上班)"),
    },
    checks=(_ordered,),
)

YEAR = Table(
    {
        "year": Num("Calendar year", min=1900, max=2200, integer=True),
        "source": Label("The State Council notice the dates come from"),
        "holidays": Array(HOLIDAY, "The year's holidays", min_items=1),
    },
    checks=(_in_year,),
)

SCHEMA = Table(
    {
        **document_fields(),
        "years": Array(YEAR, "One entry per published year", min_items=1,
                       checks=(strictly_increasing("year", "year", "年份"),)),
    },
    description="Statutory holidays and make-up working days",
)

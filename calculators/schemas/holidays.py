"""data/holidays.toml: China's statutory holidays and make-up working days (调休)."""

from __future__ import annotations

from typing import Any

from ..schema import Array, Ctx, Date, Label, Num, Table, document_fields, strictly_increasing


def _ordered(item: dict[str, Any], ctx: Ctx) -> None:
    if item["last"] < item["first"]:
        raise ctx.key("last").fail(f"{item['last']} is before the first day {item['first']}",
                                   "结束日期早于开始日期")


def _in_year(year: dict[str, Any], ctx: Ctx) -> None:
    for i, holiday in enumerate(year["holidays"]):
        for key in ("first", "last"):
            if holiday[key].year != year["year"]:
                raise ctx.key("holidays").index(i).key(key).fail(
                    f"{holiday[key]} is not in {year['year']}", f"不在 {year['year']} 年内")


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

"""data/decomposition.toml: target split rules (目标拆解): buffer, ramp, units, ratio metrics."""

from __future__ import annotations

from typing import Any

from ..schema import Array, Ctx, Label, MapOf, Num, Str, Table, document_fields

SOURCE = Str("seed or company", choices=("seed", "company"))


def _range(table: dict[str, Any], ctx: Ctx) -> None:
    if table["max_pct"] < table["min_pct"]:
        raise ctx.key("max_pct").fail("below min_pct", "不能小于 min_pct")


SCHEMA = Table(
    {
        **document_fields(),
        "buffer": Table({
            "min_pct": Num("Smallest buffer (%) allowed when one is given", min=0, max=100),
            "max_pct": Num("Largest buffer (%) allowed", min=0, max=100),
            "source": SOURCE,
        }, description="Over-assignment range", checks=(_range,)),
        "ramp": Table({
            "months_pct": Array(Num("Capacity (%) in this month in role", min=0, max=100),
                                "A new hire's capacity by month in role; 100 % afterwards"),
            "source": SOURCE,
        }),
        "weeks_per_month": Num("Planning weeks in a month for an even week split",
                               min=4, max=5, integer=True),
        "tie_rule": Label("How equal remainders are ordered"),
        "units": MapOf(Table({
            "name": Label("Unit name"),
            "scale": Num("Base units (元 or count) per unit", min=1, max=10 ** 8),
            "decimals": Num("Decimal places the parts are rounded to", min=0, max=4,
                            integer=True),
        }), "Units a split may be expressed in"),
        "ratio_metrics": MapOf(Table(
            {"name": Label("Metric name")},
            optional={"aliases": Array(Str("Another name people type"))},
        ), "Rates and ratios that are copied down, never divided"),
    },
    description="Target split policy",
)

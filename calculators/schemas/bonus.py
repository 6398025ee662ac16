"""data/bonus.toml: the performance bonus ladder (绩效奖金)."""

from __future__ import annotations

from typing import Any

from ..schema import (
    Array,
    Ctx,
    Label,
    Num,
    Str,
    Table,
    document_fields,
    non_decreasing,
    strictly_increasing,
)

# Percentages of the bonus policy: completion and payout rates up to 1000 % (ten times
# the target), far above any real ladder, low enough that no figure can overflow.
PCT_MAX = 1000


def _cap_and_threshold(table: dict[str, Any], ctx: Ctx) -> None:
    """The cap pays no less than any tier, and the threshold is not above the first tier
    (a threshold above it would silently switch off the tiers below it)."""
    ladder = table["ladder"]
    for i, tier in enumerate(ladder):
        if table["cap_pct"] < tier["payout_pct"]:
            raise ctx.key("cap_pct").fail(
                f"{table['cap_pct']} is below the payout of ladder[{i}] "
                f"({tier['payout_pct']}): that tier could never be paid",
                f"低于第 {i + 1} 档的发放比例（{tier['payout_pct']}），该档永远无法足额发放")
    first = ladder[0]["completion_pct"]
    if table["threshold_pct"] > first:
        raise ctx.key("threshold_pct").fail(
            f"{table['threshold_pct']} is above the first tier's completion ({first}): "
            "the threshold must be at or below ladder[0].completion_pct",
            f"高于第一档的完成率（{first}）：门槛不能高于第一档")


TIER = Table(
    {
        "completion_pct": Num("KPI completion (%) from which this tier applies", min=0,
                              max=PCT_MAX),
        "payout_pct": Num("Share of the target bonus paid at this tier (%)", min=0,
                          max=PCT_MAX),
        "source": Str("Where the tier comes from: the source documents (seed) "
                      "or a documented company choice (company)", choices=("seed", "company")),
    },
    optional={"note": Label("Why this tier is set as it is")},
)

PRORATION = Table(
    {
        "month_days": Num("Days in a month when the period has no dates", min=28, max=31,
                          integer=True),
        "quarter_days": Num("Days in a quarter when the period has no dates", min=89, max=92,
                            integer=True),
    },
    optional={
        "without_period": Str("A start date or days in role given without a period: ask "
                              "for the period (ask), or prorate over the month or quarter "
                              "containing the start date, said prominently",
                              choices=("ask", "month", "quarter")),
        "source": Str("Where the rule comes from", choices=("seed", "company")),
    },
    description="Proration by calendar days in role",
)

SCHEMA = Table(
    {
        **document_fields(),
        "mode": Str("How the ladder maps completion to payout: step (阶梯) pays the rate of "
                    "the highest tier reached", choices=("step", "linear", "marginal")),
        "threshold_pct": Num("Completion (%) below which no bonus is paid", min=0,
                             max=PCT_MAX),
        "cap_pct": Num("Highest payout rate (%) ever paid", min=0, max=PCT_MAX),
        "ladder": Array(
            TIER,
            "Tiers in order of completion",
            min_items=2,
            checks=(
                strictly_increasing("completion_pct", "tier", "档"),
                non_decreasing("payout_pct", "tier", "档"),
            ),
        ),
    },
    optional={
        "kpi_cap_pct": Num("Highest completion (%) one KPI counts with when several KPIs "
                           "are weighted, so one KPI cannot carry the rest", min=100,
                           max=PCT_MAX),
        "proration": PRORATION,
    },
    description="Performance bonus policy",
    checks=(_cap_and_threshold,),
)

"""data/bonus.toml: the performance bonus ladder (绩效奖金)."""

from __future__ import annotations

from ..schema import (
    Array,
    Label,
    Num,
    Str,
    Table,
    document_fields,
    non_decreasing,
    strictly_increasing,
)

TIER = Table(
    {
        "completion_pct": Num("KPI completion (%) from which this tier applies", min=0),
        "payout_pct": Num("Share of the target bonus paid at this tier (%)", min=0),
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
    description="Proration by calendar days in role",
)

SCHEMA = Table(
    {
        **document_fields(),
        "mode": Str("How the ladder maps completion to payout: step (阶梯) pays the rate of "
                    "the highest tier reached", choices=("step", "linear", "marginal")),
        "threshold_pct": Num("Completion (%) below which no bonus is paid", min=0),
        "cap_pct": Num("Highest payout rate (%) ever paid", min=0),
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
                           "are weighted, so one KPI cannot carry the rest", min=100),
        "proration": PRORATION,
    },
    description="Performance bonus policy",
)

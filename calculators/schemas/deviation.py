"""data/deviation.toml: warning line, escalation and required actions (偏差预警)."""

from __future__ import annotations

from typing import Any

from ..schema import Array, Bool, Ctx, Label, MapOf, Num, Str, Table, document_fields

DIRECTIONS = ("higher", "lower", "both")
# Deviation lines in ± %: up to 1000 % (ten times the plan), beyond any real line.
PCT_MAX = 1000
# Deadlines in hours: up to a year.
HOURS_MAX = 366 * 24


def _escalate_above_warning(table: dict[str, Any], ctx: Ctx) -> None:
    if table["escalate_pct"] < table["warning_pct"]:
        raise ctx.key("escalate_pct").fail(
            f"{table['escalate_pct']} is below the warning line {table['warning_pct']}",
            "升级线不能低于预警线")


METRIC = Table(
    {
        "name": Label("The metric's name"),
        "direction": Str("Which way is good: higher, lower, or both (two-sided, e.g. budget)",
                         choices=DIRECTIONS),
        "owner": Label("Who answers for this metric"),
    },
    optional={
        "warning_pct": Num("This metric's own warning line (± %)", min=0, max=PCT_MAX),
        "escalate_pct": Num("This metric's own escalation line (± %)", min=0, max=PCT_MAX),
        "escalate_on_overrun": Bool("Any overrun beyond the warning line escalates (budget)"),
        "aliases": Array(Str("Another name people type for this metric")),
    },
)

ACTION = Table(
    {
        "action": Label("What must be done"),
        "source": Str("seed or company", choices=("seed", "company")),
    },
    optional={
        "owner": Label("Who does it (default: the metric's owner)"),
        "within_hours": Num("Deadline in hours", min=1, max=HOURS_MAX, integer=True),
    },
)

SCHEMA = Table(
    {
        **document_fields(),
        "warning_pct": Num("Deviation (± %) beyond which a warning is raised", min=0,
                           max=PCT_MAX),
        "escalate_pct": Num("Unfavourable deviation (%) beyond which it is escalated", min=0,
                            max=PCT_MAX),
        "escalate_to": Label("Who receives escalations"),
        "default_owner": Label("Owner when the metric names none"),
        "metrics": MapOf(METRIC, "Metrics with their own direction, owner or lines"),
        "actions": Table({
            "warning": Array(ACTION, "Required on a warning", min_items=1),
            "escalate": Array(ACTION, "Required on an escalation (in addition)", min_items=1),
        }),
    },
    description="Deviation check policy",
    checks=(_escalate_above_warning,),
)

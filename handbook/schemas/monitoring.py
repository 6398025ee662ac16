"""data/monitoring.toml: phase checkpoints, data collection and the metric limit."""

from __future__ import annotations

from typing import Any

from calculators.schema import Ctx, Label, Num, Table, document_fields

from ._common import criterion, items, label_list


def _shortfall_matches(table: dict[str, Any], ctx: Ctx) -> None:
    if table["completion_pct"] + table["shortfall_pct"] != 100:
        raise ctx.key("shortfall_pct").fail(
            f"{table['shortfall_pct']} does not match completion_pct "
            f"({table['completion_pct']}): together they must make 100",
            "与 completion_pct 之和应为 100")


SCHEMA = Table(
    {
        **document_fields(),
        "data_cadence": label_list("How often execution data is collected"),
        "data_sources": label_list("Where execution data comes from"),
        "max_core_metrics": Num("Most core metrics watched in one phase", min=1, integer=True),
        "focus": Label("Where control effort goes"),
        "launch": Table({
            "name": Label("Example project"),
            "phases": items("Phases of the example project", optional={
                "checkpoint": criterion("Quantified checkpoint of the phase",
                                        title={"zh": "检查点", "en": "Checkpoint"}),
            }),
        }),
        "comparison_example": Table({
            "metric": Label("Metric compared"),
            "completion_pct": Num("Completion (%)", min=0),
            "shortfall_pct": Num("Shortfall against plan (%)", min=0),
            "cause": Label("Cause found"),
        }, checks=(_shortfall_matches,)),
    },
    description="Process control",
)



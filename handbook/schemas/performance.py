"""data/performance.toml: principles, cycle, dimensions and the annual weights (sum 100 %)."""

from __future__ import annotations

from calculators.schema import Array, Num, Table, document_fields, sums_to, unique

from ._common import item, items, label_list, source, text

SCHEMA = Table(
    {
        **document_fields(),
        "principles": label_list("Principles of performance management"),
        "data_sources": label_list("Where performance data comes from"),
        "raters_360": label_list("Who gives 360-degree feedback"),
        "results_drive": label_list("What the results decide"),
        "underperformance": label_list("Steps for an under-performer, in order"),
        "cycle": items("The performance cycle", {
            "activity": text("What happens", "内容", "What happens"),
        }),
        "cadence": Array(Table({
            "roles": text("Roles", "岗位", "Roles"),
            "appraisal": text("How often they are appraised", "考核周期", "Appraisal"),
            "bonus": text("How often their performance bonus is paid", "绩效奖金发放",
                          "Performance bonus paid"),
            "source": source(),
        }), "Appraisal and bonus cycle by role", min_items=1),
        "dimensions": items("Review dimensions", {
            "examples": label_list("Examples", title={"zh": "示例", "en": "Examples"}),
        }),
        "annual_weights": Array(
            item("A part of the annual evaluation", {
                "weight_pct": Num("Weight (%)", min=0, max=100,
                                  title={"zh": "权重", "en": "Weight"}),
                "source": source(),
            }),
            "Weights of the annual evaluation",
            min_items=1,
            checks=(unique("id"), sums_to("weight_pct", 100)),
        ),
    },
    description="Performance management",
)

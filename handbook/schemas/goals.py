"""data/goals.toml: aims, the one-year targets and how goals are set and cascaded."""

from __future__ import annotations

from calculators.schema import Array, Label, MapOf, Num, Str, Table, document_fields

from ._common import criterion, label_list, text

AREAS = ("overall", "team", "performance", "process", "culture")

TARGET = criterion(
    "A one-year target",
    extra={"area": Str("Target area", choices=AREAS, title={"zh": "领域", "en": "Area"})},
)

SCHEMA = Table(
    {
        **document_fields(),
        "aims": label_list("What the management system is for"),
        "qualities": label_list("What the system should be like"),
        "culture": label_list("Culture words"),
        "audiences": label_list("Who uses the handbook"),
        "review_note": Label("When the handbook itself is revisited"),
        "areas": Table({a: Table({"name": Label("Area name")}) for a in AREAS},
                       description="Target areas"),
        "targets": MapOf(TARGET, "One-year targets by id"),
        "method": Table({
            "okr": Label("When OKRs are used"),
            "kpi": Label("When KPIs are used"),
            "smart": label_list("SMART criteria", min_items=5),
            "alignment": Str("How often progress is aligned",
                             choices=("weekly", "monthly", "quarterly")),
            "agreement": Label("How targets are agreed"),
            "sources": label_list("Where targets come from, top down"),
            "cascade": label_list("Cascade levels, top down", min_items=2),
            "basis": label_list("What targets are based on"),
            "briefing": Label("The meeting that presents the targets"),
            "confirmation_form": Label("The form each owner signs"),
        }),
        "ownership": Array(Table({
            "team": text("Team", "团队", "Team"),
            "owns": text("Target it owns", "负责的目标", "Owns"),
        }), "Which team owns which target", min_items=1),
        "okr_example": Table({
            "objective": Label("Objective"),
            "key_results": label_list("Key results"),
        }),
        "quarter_example": Table({
            "quarter": Label("Quarter"),
            "revenue_wan_yuan": Num("Quarter revenue target (万元)", min=0),
            "new_customers_growth_pct": Num("New-customer growth (%)", min=0),
        }),
        "phase_focus": Array(Table({
            "quarter": text("Quarter", "季度", "Quarter"),
            "focus": text("Focus", "重点", "Focus"),
        }), "Focus of each phase (example)"),
    },
    description="Goals of the management system",
)

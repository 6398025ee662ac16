"""data/approvals.toml: approval chains (drafted by, reviewed / approved / filed with)."""

from __future__ import annotations

from calculators.schema import Array, Label, Str, Table, document_fields

from ._common import items, label_list, source, text

ACTIONS = ("draft", "propose", "review", "approve", "file", "pay")

STEP = Table({
    "role": Label("Who acts"),
    "action": Str("What they do", choices=ACTIONS),
    "source": source(),
})

SCHEMA = Table(
    {
        **document_fields(),
        "expense_categories": label_list("Categories of the annual expense budget"),
        "chains": items("Approval chains", {
            "steps": Array(STEP, "Steps in order", min_items=2,
                           title={"zh": "流程", "en": "Steps"}),
        }, optional={"when": text("When", "时点", "When")}),
    },
    description="Approval chains",
)

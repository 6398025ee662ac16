"""data/incentives.toml: special bonuses, the marketing star and non-material rewards."""

from __future__ import annotations

from calculators.schema import Label, Str, Table, document_fields

from ._common import label_list

SCHEMA = Table(
    {
        **document_fields(),
        "non_material": label_list("Non-material rewards"),
        "reward_types": label_list("Kinds of reward"),
        "tie": Label("What rewards depend on"),
        "bonus": Table({"cadence": label_list("How often the performance bonus is paid")}),
        "special_bonus": Table({
            "name": Label("Name of the special bonus"),
            "for_projects": label_list("Core projects that earn it"),
            "paid": Str("How often it is paid", choices=("once",)),
        }),
        "star": Table({
            "name": Label("Name of the award"),
            "basis": Label("What the ranking is based on"),
            "announced": Label("How winners are announced"),
        }),
    },
    description="Incentives",
)

"""data/training.toml: training targets (coverage, hours, pass rate) and the training plan."""

from __future__ import annotations

from calculators.schema import Label, Num, Str, Table, document_fields

from ._common import label_list

SCHEMA = Table(
    {
        **document_fields(),
        "coverage_pct": Num("Share of the team trained each year (%)", min=0, max=100),
        "hours_per_person": Num("Training hours per person per year, at least", min=0),
        "assessment_pass_pct": Num("Competency assessment pass rate, at least (%)",
                                   min=0, max=100),
        "plan_contents": label_list("What the annual training plan states"),
        "formats": label_list("Training formats"),
        "plan_cadence": Str("How often the training plan is made", choices=("annual",)),
        "effectiveness": Label("How training is followed up"),
        "career_paths": Label("Career development"),
    },
    description="Training and development",
)

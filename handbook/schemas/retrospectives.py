"""data/retrospectives.toml: cadence, deadlines, meeting agenda and improvement items."""

from __future__ import annotations

from calculators.schema import Label, Num, Str, Table, document_fields

from ._common import label_list

CADENCES = ("weekly", "monthly", "quarterly")

SCHEMA = Table(
    {
        **document_fields(),
        "participants": label_list("Who attends"),
        "agenda": label_list("Steps of the meeting, in order", min_items=2),
        "ground_rule": Label("How the meeting is held"),
        "data_rule": Label("How the data is presented"),
        "cadence": Table({
            "monthly": Label("Monthly retrospective"),
            "quarterly": Label("Quarterly retrospective"),
            "project": Label("Project retrospective"),
        }),
        "deadlines": Table({
            "monthly_due_day_of_next_month": Num(
                "The monthly retrospective is finished by this day of the following month",
                min=1, max=28, integer=True),
            "project_within_days": Num("Days after a project ends to hold its retrospective",
                                       min=1, integer=True),
            "project_report": Label("What the project retrospective produces"),
        }),
        "improvements": Table({
            "fields": label_list("What an improvement item states"),
            "check": Str("How often improvement items are checked", choices=CADENCES),
            "lessons_to": Label("What lessons become"),
            "example": Table({
                "item": Label("Improvement item"),
                "load_seconds": Num("Target page load time (seconds)", min=0),
                "due": Label("Deadline"),
            }),
        }),
    },
    description="Retrospectives",
)

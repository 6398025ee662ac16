"""data/tasks.toml: priorities, statuses, tracking cadence and load limits."""

from __future__ import annotations

from calculators.schema import Label, Num, Str, Table, Time, document_fields

from ._common import items, label_list, source, text

SCHEMA = Table(
    {
        **document_fields(),
        "list_cadence": label_list("How often task lists are drawn up"),
        "list_fields": label_list("What a task list states"),
        "assignment": Label("How tasks are assigned"),
        "assignment_fields": label_list("What an assignment states"),
        "resources": label_list("Resources that come with a task"),
        "priorities": items("Priorities, highest first", min_items=2),
        "kinds": items("Kinds of task", {"example": text("Example", "示例", "Example")}),
        "statuses": items("Task statuses", optional={
            "needs": label_list("What this status must state",
                                title={"zh": "须注明", "en": "Must state"}),
        }),
        "tracking": Table({
            "standup_minutes": Num("Length of the daily stand-up (minutes)", min=1),
            "progress_sheet": Str("How often the progress sheet is updated",
                                  choices=("daily", "weekly")),
            "standup_time": Time("The daily stand-up starts at this time"),
            "standup_time_source": source("Where the stand-up time comes from"),
            "status_update_time": Time("Owners update the task status by this time every day"),
            "daily_tasks": Label("How often a daily task is checked"),
            "weekly_tasks_times_per_week": Num("Checks per week of a weekly task", min=1,
                                               max=7, integer=True),
        }),
        "load": Table({
            "max_p0_per_person": Num("P0 tasks one person may hold at once", min=1,
                                     integer=True),
            "first_owner": Label("Rule for shared tasks"),
        }),
    },
    description="Tasks and execution",
)

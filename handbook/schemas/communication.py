"""data/communication.toml: channels, meeting times, response times and requests."""

from __future__ import annotations

from typing import Any

from calculators.schema import Ctx, Label, Num, Str, Table, Time, document_fields

from ._common import label_list

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _response_before_solution(table: dict[str, Any], ctx: Ctx) -> None:
    if table["response_hours"] > table["solution_hours"]:
        raise ctx.key("response_hours").fail(
            f"{table['response_hours']} is later than solution_hours "
            f"({table['solution_hours']})", "响应时限不能晚于解决时限")


def hours(description: str) -> Num:
    return Num(description, min=0)


SCHEMA = Table(
    {
        **document_fields(),
        "chat_tools": label_list("Day-to-day chat tools"),
        "digital_tools": label_list("Digital tools the team uses"),
        "chat_groups": Label("How chat groups are organised"),
        "resource_priority": label_list("Rules for sharing resources"),
        "conflict_steps": label_list("Steps to resolve a conflict, in order", min_items=2),
        "weekly_meeting": Table({
            "weekday": Str("Day of the weekly meeting", choices=WEEKDAYS),
            "time": Time("Start time of the weekly meeting"),
            "content": Label("What the weekly meeting covers"),
        }),
        "monthly": Table({
            "review": Label("Monthly review meeting"),
            "cross_department": Label("Monthly cross-department meeting"),
        }),
        "urgent": Table({
            "response_hours": hours("Hours to answer an urgent matter"),
            "solution_hours": hours("Hours to propose a solution to an urgent matter"),
        }, checks=(_response_before_solution,)),
        "daily_report": Table({
            "due_time": Time("The daily report is in by this time"),
            "sections": label_list("Sections of the daily report"),
        }),
        "meetings": Table({
            "agenda": Label("Before a meeting"),
            "minutes_hours": hours("Hours after a meeting to send the minutes"),
            "minutes_fields": label_list("What the minutes record"),
        }),
        "cross_department": Table({
            "response_hours": hours("Hours to respond to a cross-department request"),
            "driver": Label("Who drives a cross-department issue"),
            "escalate_to": Label("Who it is escalated to"),
            "request_form": Label("Where requests are logged"),
            "request_fields": label_list("What a request states"),
            "closing": Label("How a request is closed"),
        }),
        "sharing": Table({
            "platform": Label("Where information is shared"),
            "open_data": label_list("Core data open to partner departments"),
            "agreed": label_list("What is agreed about shared data"),
        }),
    },
    description="Collaboration and communication",
)

"""data/templates.toml: the five working templates, their columns and example rows.

A row is checked against its template's columns: every column filled, no other key,
each cell of the column's kind (see KINDS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from calculators.schema import (
    Array,
    Ctx,
    Date,
    Label,
    Num,
    Spec,
    Str,
    Table,
    document_fields,
    strictly_increasing,
    unique,
)

from ._common import UNITS, criterion

PRIORITIES = ("P0", "P1", "P2", "P3")
STATUSES = ("not_started", "in_progress", "done", "blocked")

KINDS: dict[str, Spec] = {
    "text": Label("Text"),
    "number": Num("A number", min=0),
    "quantity": Table({"value": Num("Value", min=0),
                       "unit": Str("Unit", choices=UNITS)}),
    "pct": Num("A signed percentage"),
    "split": Array(Num("Month value", min=0), "Month 1 / 2 / 3", min_items=1),
    "criteria": Array(criterion("Completion standard"), "Standards", min_items=1),
    "day": Date("A date"),
    "priority": Str("Priority", choices=PRIORITIES),
    "status": Str("Status id from data/tasks.toml", choices=STATUSES),
    "plan_actual": Table({
        "metric": Label("Metric"),
        "plan": Num("Planned", min=0),
        "actual": Num("Actual", min=0),
        "unit": Str("Unit", choices=UNITS),
    }),
}


@dataclass
class Row(Spec):
    """One example row: a table keyed by column; its cells are checked by the template."""

    description: str = "Example row: one key per column"

    def check(self, value: Any, ctx: Ctx) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail("expected a table (one key per column)", "应为表（每列一个键）")
        return dict(value)

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({"type": "object"})


COLUMN = Table({
    "key": Str("Key of the column in the rows"),
    "kind": Str("How cells of this column are written and shown", choices=tuple(KINDS)),
    "title": Label("Column heading"),
})


def _rows_match_columns(template: dict[str, Any], ctx: Ctx) -> None:
    columns = {c["key"]: c["kind"] for c in template["columns"]}
    for i, row in enumerate(template["rows"]):
        here = ctx.key("rows").index(i)
        for key in row:
            if key not in columns:
                raise here.key(key).fail(
                    f"unknown column (expected one of: {', '.join(columns)})", "未知的列")
        for key, kind in columns.items():
            if key not in row:
                raise here.key(key).fail("missing cell for this column", "缺少该列的值")
            row[key] = KINDS[kind].check(row[key], here.key(key))


TEMPLATE = Table(
    {
        "number": Num("Table number in the handbook (1–5)", min=1, integer=True),
        "id": Str("Stable identifier"),
        "title": Label("Title of the template"),
        "columns": Array(COLUMN, "Columns, left to right", min_items=1,
                         checks=(unique("key"),)),
        "rows": Array(Row(), "Example rows from the source documents"),
    },
    checks=(_rows_match_columns,),
)

SCHEMA = Table(
    {
        **document_fields(),
        "templates": Array(TEMPLATE, "The templates, by number", min_items=5,
                           checks=(strictly_increasing("number", "template", "表"),
                                   unique("id"))),
    },
    description="Working templates",
)

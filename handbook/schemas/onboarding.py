"""data/onboarding.toml: the first-day / 30 / 60 / 90-day path through the handbook, per role.

Phases are listed once (id, day, name); items common to every role and items of each
role are keyed by phase id. An item is a bilingual label and the handbook page it
links to; its id names it in the reader's checklist (stored in the browser as page +
phase + id), so an item keeps its tick when its wording changes.
"""

from __future__ import annotations

import re
from typing import Any

from calculators.schema import (
    Array,
    Ctx,
    Label,
    MapOf,
    Num,
    Str,
    Table,
    document_fields,
    strictly_increasing,
    unique,
)

from ._common import source
from .procedures import KeyPath, Page, Text

LAYERS = ("management", "execution", "support")


class ItemId(Str):
    def check(self, value: Any, ctx: Ctx) -> str:
        text = super().check(value, ctx)
        if not re.fullmatch(r"[a-z0-9][a-z0-9\-]*", text):
            raise ctx.fail(f"{text!r}: use lower-case letters, digits and hyphens",
                           "只能使用小写字母、数字和连字符")
        return text


ITEM = Table({
    "id": ItemId("Stable id of the item in the reader's checklist"),
    "label": Text("What to do or read"),
    "page": Page("The handbook page the item links to"),
})

ITEMS = MapOf(Array(ITEM, "Items of one phase", min_items=1, checks=(unique("id"),)),
              "Items by phase id")

PHASE = Table({
    "id": ItemId("Phase id, used as the key of the items"),
    "day": Num("The phase ends on this day after joining", min=1, integer=True),
    "name": Label("What the phase is about"),
})

ROLE = Table({
    "page": Page("The role's onboarding page"),
    "name": Label("Name of the role"),
    "layer": Str("Layer of the role (data/roles.toml)", choices=LAYERS),
    "tools": Array(ITEM, "Accounts and tools of this role, set up on day 1", min_items=1,
                   checks=(unique("id"),)),
    "intro": Text("What the role does, in a sentence or two"),
    "ask": Array(Text("Someone to ask"), "Who to ask, besides the mentor", min_items=1),
    "items": ITEMS,
})


def _phases_known_and_ids_unique(doc: dict[str, Any], ctx: Ctx) -> None:
    phases = [p["id"] for p in doc["phases"]]
    for where, items in [("common", doc["common"])] + [
            (f"roles.{k}.items", r["items"]) for k, r in doc["roles"].items()]:
        here = ctx
        for part in where.split("."):
            here = here.key(part)
        for phase in items:
            if phase not in phases:
                raise here.key(phase).fail(
                    f"unknown phase (expected one of: {', '.join(phases)})", "未知的阶段")
    for key, role in doc["roles"].items():
        for phase, items in role["items"].items():
            common = {i["id"] for i in doc["common"].get(phase, [])}
            for i, item in enumerate(items):
                if item["id"] in common:
                    raise ctx.key("roles").key(key).key("items").key(phase).index(i).key(
                        "id").fail(f"{item['id']!r} is already a common item of {phase}",
                                   "与通用事项重复")


DAY = Table({
    "day": Num("Working day of the first week", min=1, max=7, integer=True),
    "focus": Label("What the day is about"),
    "items": Array(ITEM, "Items of the day", min_items=1, checks=(unique("id"),)),
})


def _first_week_ids_unique(days: list[dict[str, Any]], ctx: Ctx) -> None:
    seen: set[str] = set()
    for i, day in enumerate(days):
        for j, item in enumerate(day["items"]):
            if item["id"] in seen:
                raise ctx.index(i).key("items").index(j).key("id").fail(
                    f"{item['id']!r} is already an item of the first week", "第一周事项重复")
            seen.add(item["id"])


SCHEMA = Table(
    {
        **document_fields(),
        "mentor_months_from": KeyPath("Key path of the mentoring period in months"),
        "probation": Table({
            "months_from": KeyPath("Key path of the probation's length in months"),
            "source": source("Where the probation rule comes from"),
        }),
        "first_week": Array(DAY, "The first week, day by day (items common to every role)",
                            min_items=1, checks=(strictly_increasing("day", "day", "天"),
                                                 _first_week_ids_unique)),
        "phases": Array(PHASE, "The phases, in order", min_items=2,
                        checks=(unique("id"), strictly_increasing("day", "phase", "阶段"))),
        "common": ITEMS,
        "roles": MapOf(ROLE, "The roles, in the order of the handbook"),
    },
    description="Onboarding paths per role",
    checks=(_phases_known_and_ids_unique,),
)

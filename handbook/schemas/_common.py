"""Shapes shared by the policy schemas (no data file: the leading _ hides it from discovery)."""

from __future__ import annotations

from typing import Any

from calculators.schema import Array, Ctx, Label, Num, Spec, Str, Table, unique

# Units a figure may carry; macros/format.py renders each in the page's language.
UNITS = ("pct", "pct_points", "hours", "days", "minutes", "seconds", "months", "times_per_week",
         "yuan", "wan_yuan", "wan", "count", "customers", "items")

# How a target compares: at least, at most, exactly, an increase by, a decrease by, within ±.
OPS = (">=", "<=", "=", "+", "-", "±")

SOURCES = ("seed", "company")


def source(what: str = "Where this rule comes from") -> Str:
    return Str(f"{what}: the source documents (seed) or a documented company choice (company)",
               choices=SOURCES, title={"zh": "依据", "en": "Basis"})


def docs() -> Array:
    """Which source documents (000–004) state the fact: provenance, not rendered as a number."""
    return Array(Str("Source document id", choices=("000", "001", "002", "003", "004")),
                 "Source documents that state this", min_items=1)


def _value_or_ref(table: dict[str, Any], ctx: Ctx) -> None:
    if ("value" in table) == ("value_from" in table):
        raise ctx.key("value").fail("give exactly one of value and value_from",
                                    "value 与 value_from 须且只能填一个")


def criterion(description: str = "A measurable target", title: dict[str, str] | None = None,
              metric: bool = True, extra: dict[str, Spec] | None = None) -> Table:
    """A measurable figure: `{ metric = {…}, op = ">=", value = 85, unit = "pct" }`.

    `value_from = "training.hours_per_person"` instead of `value` reuses a figure kept
    in another file, so that one number lives in one place (resolved by the loader).
    """
    fields: dict[str, Spec] = {}
    if metric:
        fields["metric"] = Label("What is measured", title={"zh": "指标", "en": "Metric"})
    fields |= {
        "op": Str("How the figure compares", choices=OPS),
        "unit": Str("Unit of the figure", choices=UNITS),
        **(extra or {}),
    }
    return Table(fields, optional={
        "value": Num("The figure", min=0, title={"zh": "目标值", "en": "Target"}),
        "value_from": Str("Key path of a figure kept elsewhere, e.g. training.hours_per_person"),
    }, description=description, title=title, checks=(_value_or_ref,))


def label_list(description: str, title: dict[str, str] | None = None, min_items: int = 1) -> Array:
    return Array(Label(description), description, min_items=min_items, title=title)


def item(description: str, extra: dict[str, Spec] | None = None,
         optional: dict[str, Spec] | None = None) -> Table:
    """An identified, labelled entry: `{ id = "…", name = {…}, … }`."""
    return Table({"id": Str("Stable identifier (not shown)"),
                  "name": Label("Name", title={"zh": "名称", "en": "Name"}),
                  **(extra or {})}, optional=optional or {}, description=description)


def items(description: str, extra: dict[str, Spec] | None = None,
          optional: dict[str, Spec] | None = None, min_items: int = 1) -> Array:
    return Array(item(description, extra, optional), description, min_items=min_items,
                 checks=(unique("id"),))


def text(description: str, zh: str, en: str) -> Label:
    return Label(description, title={"zh": zh, "en": en})


def num(description: str, zh: str, en: str, **kw: object) -> Num:
    return Num(description, title={"zh": zh, "en": en}, **kw)  # type: ignore[arg-type]

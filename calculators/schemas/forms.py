"""data/forms.toml: the calculators' forms as data (fields, help, units, defaults, outputs).

macros/forms.py renders each form in the page's language; adding a field to a calculator
page is adding an entry here. That every field name is an input of its calculator and
every output a JSON field of its result is checked by tests/unit/test_render.py (the
calculators import this package, so the schema cannot import them).
"""

from __future__ import annotations

import re
from typing import Any

from ..schema import Array, Bool, Ctx, Label, MapOf, Str, Table, document_fields, unique
from .procedures import KeyPath

KINDS = ("text", "select", "date", "textarea")
INPUTMODES = ("decimal", "numeric", "text")
NAME = re.compile(r"[a-z][a-z0-9_]*")


class Name(Str):
    def check(self, value: Any, ctx: Ctx) -> str:
        text = super().check(value, ctx)
        if not NAME.fullmatch(text):
            raise ctx.fail(f"{text!r} is not an input name such as target_bonus",
                           "须为输入项名称（如 target_bonus）")
        return text


def _field_rules(field: dict[str, Any], ctx: Ctx) -> None:
    if "default" in field and "default_from" in field:
        raise ctx.key("default").fail("give default or default_from, not both",
                                      "default 与 default_from 只填一个")
    kind = field.get("kind", "text")
    has_options = "options" in field or "options_from" in field
    if (kind == "select") != has_options:
        raise ctx.key("kind").fail("a select needs options (and only a select has them)",
                                   "下拉框需要选项（只有下拉框有选项）")


class OptionValue(Str):
    """An option's value; "" (nothing chosen: the calculator's default) is allowed."""

    def check(self, value: Any, ctx: Ctx) -> str:
        if value == "":
            return value
        return super().check(value, ctx)

    def json_schema(self) -> dict[str, Any]:
        schema = super().json_schema()
        schema.pop("minLength", None)
        return schema


OPTION = Table({"value": OptionValue("The value sent to the calculator (\"\" for none)"),
                "label": Label("What the reader sees")})

FIELD = Table(
    {"name": Name("Input name: the CLI option with _ for -"),
     "label": Label("The field's label")},
    optional={
        "kind": Str("text (default), select, date or textarea", choices=KINDS),
        "help": Label("One line under the field: how to type the value"),
        "unit": Label("Unit shown after the label"),
        "default": Str("Example input, as a person types it"),
        "default_from": KeyPath("Policy key path of the default value"),
        "default_suffix": Str("Appended to default_from's number, e.g. % or 万"),
        "inputmode": Str("On-screen keyboard (default decimal)", choices=INPUTMODES),
        "options": Array(OPTION, "Choices of a select (first: the default unless `default`)"),
        "options_from": KeyPath("A policy table whose keys become options, named by `name`"),
        "more": Bool("Under \"more options\""),
    },
    checks=(_field_rules,),
)

OUTPUT = Table({"name": Name("A JSON field of the result"), "label": Label("Its label")},
               optional={"unit": Label("Unit shown after the figure")})

FORM = Table({
    "title": Label("The calculator's name"),
    "fields": Array(FIELD, "Inputs, in order", min_items=1, checks=(unique("name"),)),
    "outputs": Array(OUTPUT, "Key figures of the result", min_items=1, checks=(unique("name"),)),
})

SCHEMA = Table(
    {**document_fields(), "forms": MapOf(FORM, "Forms by calculator (bonus, split, deviation)")},
    description="The calculators' forms",
)

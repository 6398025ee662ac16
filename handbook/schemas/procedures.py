"""data/procedures.toml: the handbook's step-by-step procedures (who, when, steps, form).

Every procedure has the same shape: when it starts, who is responsible / approves /
is consulted, numbered steps, deadlines and limits, the form to use and, where one
applies, a calculator. Figures are never copied here: a label may name a policy value
as `{area.key.path}` (filled in by the macros in the page's language), and a deadline
is a key path into another data file (`path = "communication.urgent.response_hours"`)
or a short label with such placeholders. That the paths exist is checked against the
whole policy by tests/unit/test_procedures_data.py and by the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    unique,
)

# A key path into the policy: `area.key`, `area.key[2].key`…
KEY_PATH = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*|\[\d+\])+")
# `{key.path}`, or `{lower:key.path}` for a name inside an English sentence.
PLACEHOLDER = re.compile(r"\{(?P<lower>lower:)?(?P<path>[^{}]*)\}")
CALCULATORS = ("bonus", "split", "deviation")


def placeholders(text: str) -> list[str]:
    """The key paths a label names, in order: "within {a.b_hours}" -> ["a.b_hours"]."""
    return [m.group("path") for m in PLACEHOLDER.finditer(text)]


def fill(text: str, value: Any) -> str:
    """The label with its placeholders replaced by value(path) (lower-cased for
    `{lower:…}`)."""
    def one(m: re.Match[str]) -> str:
        shown = value(m.group("path"))
        return shown.lower() if m.group("lower") else shown
    return PLACEHOLDER.sub(one, text)


@dataclass
class Text(Label):
    """A bilingual label that may name policy values as {key.path} (the same in zh and en)."""

    def check(self, value: Any, ctx: Ctx) -> dict[str, str]:
        out = super().check(value, ctx)
        for lang, text in out.items():
            if text.count("{") != text.count("}"):
                raise ctx.key(lang).fail("unbalanced { } in the label", "标签中的 { } 不成对")
            for path in placeholders(text):
                if not KEY_PATH.fullmatch(path):
                    raise ctx.key(lang).fail(
                        f"{{{path}}} is not a key path such as {{communication.urgent."
                        "response_hours}", "占位符须为制度数据的键路径")
        if sorted(placeholders(out["zh"])) != sorted(placeholders(out["en"])):
            raise ctx.fail("zh and en name different policy values",
                           "中英文标签引用的制度数值不一致")
        return out


@dataclass
class KeyPath(Str):
    """A key path into the policy data (`area.key[0].key`), resolved by the macros."""

    def check(self, value: Any, ctx: Ctx) -> str:
        text = super().check(value, ctx)
        if not KEY_PATH.fullmatch(text):
            raise ctx.fail(f"{text!r} is not a key path such as communication.urgent."
                           "response_hours", "须为制度数据的键路径")
        return text


@dataclass
class Page(Str):
    """A handbook page: its source path under docs/ without the language suffix."""

    def check(self, value: Any, ctx: Ctx) -> str:
        text = super().check(value, ctx)
        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-/]*\.md", text) or text.endswith(".en.md"):
            raise ctx.fail(f"{text!r} is not a page path such as templates/task-tracking.md",
                           "须为页面路径（如 templates/task-tracking.md）")
        return text


def _one_of(first: str, second: str) -> Any:
    def rule(table: dict[str, Any], ctx: Ctx) -> None:
        if (first in table) == (second in table):
            raise ctx.key(first).fail(f"give exactly one of {first} and {second}",
                                      f"{first} 与 {second} 须且只能填一个")
    return rule


def _form_names_something(table: dict[str, Any], ctx: Ctx) -> None:
    if "template" not in table and "name" not in table:
        raise ctx.key("template").fail("give a template id or a form name",
                                       "须填写模板或表单名称")


DEADLINE = Table(
    {"what": Text("What the deadline or limit applies to", title={"zh": "事项", "en": "What"})},
    optional={
        "path": KeyPath("Key path of the value, e.g. communication.urgent.response_hours"),
        "text": Text("The value as a short label with {key.path} placeholders, e.g. ±{…}"),
        "choice": Str("Id of the company choice (data/choices.toml) this limit is, if any: "
                      "the page marks it as a company rule"),
    },
    checks=(_one_of("path", "text"),),
)

FORM = Table({}, optional={
    "template": Str("Id of a template in data/templates.toml (see template_pages)"),
    "name": Text("A form that is not one of the five templates"),
    "note": Text("How the form is used"),
}, checks=(_form_names_something,))

CALCULATOR_USE = Table({
    "id": Str("Which calculator", choices=CALCULATORS),
    "use": Text("What the calculator does in this procedure"),
})

PROCEDURE = Table(
    {
        "page": Page("The procedure's page"),
        "title": Label("Title of the procedure", title={"zh": "流程", "en": "Procedure"}),
        "when": Text("What starts the procedure", title={"zh": "何时启动", "en": "When"}),
        "responsible": Array(Text("Role"), "Who is responsible", min_items=1),
        "steps": Array(Text("One step"), "The steps, in order", min_items=2),
        "deadlines": Array(DEADLINE, "Deadlines and limits (SLAs)", min_items=1),
        "form": FORM,
    },
    optional={
        "approves": Array(Text("Role"), "Who approves", min_items=1),
        "consulted": Array(Text("Role"), "Who is consulted", min_items=1),
        "approval_chains": Array(Str("Id of a chain in data/approvals.toml"),
                                 "Approval chains that apply", min_items=1),
        "calculators": Array(CALCULATOR_USE, "Calculators used in the procedure", min_items=1,
                             checks=(unique("id"),)),
        "forms": Array(Str("Id of a further template in data/templates.toml the procedure "
                           "uses (see template_pages)"), "Further forms", min_items=1),
        "choices": Array(Str("Id of a company choice in data/choices.toml"),
                         "Company rules the procedure applies (listed on its page)",
                         min_items=1),
    },
)

CALCULATOR = Table({
    "name": Label("Name of the calculator"),
    "page": Page("The calculator's page (linked only once the page exists)"),
})


def _pages_unique(procedures: dict[str, Any], ctx: Ctx) -> None:
    seen: dict[str, str] = {}
    for key, proc in procedures.items():
        if proc["page"] in seen:
            raise ctx.key(key).key("page").fail(
                f"{proc['page']} is already the page of {seen[proc['page']]}", "页面重复")
        seen[proc["page"]] = key


def _references(doc: dict[str, Any], ctx: Ctx) -> None:
    """Form templates and calculators are ids listed in this file."""
    for key, proc in doc["procedures"].items():
        here = ctx.key("procedures").key(key)
        for i, form in enumerate(proc.get("forms", [])):
            if form not in doc["template_pages"]:
                raise here.key("forms").index(i).fail(
                    f"{form!r} is not in template_pages", "未知的模板")
        template = proc["form"].get("template")
        if template is not None and template not in doc["template_pages"]:
            raise here.key("form").key("template").fail(
                f"{template!r} is not in template_pages "
                f"(known: {', '.join(doc['template_pages'])})", "未知的模板")
        for i, use in enumerate(proc.get("calculators", [])):
            if use["id"] not in doc["calculators"]:
                raise here.key("calculators").index(i).key("id").fail(
                    f"{use['id']!r} is not in calculators", "未知的计算器")


@dataclass
class Procedures(MapOf):
    def check(self, value: Any, ctx: Ctx) -> dict[str, Any]:
        out = super().check(value, ctx)
        if not out:
            raise ctx.fail("expected at least one procedure", "至少需要一个流程")
        _pages_unique(out, ctx)
        return out


SCHEMA = Table(
    {
        **document_fields(),
        "template_pages": MapOf(Page("Page of the template"),
                                "Template id (data/templates.toml) -> its page"),
        "calculators": MapOf(CALCULATOR, "Calculators the procedures may point to"),
        "limits": Table({
            "source": Str("Where these limits come from", choices=("company",)),
            "targets_signed_workdays_before_quarter": Num(
                "Target confirmation forms signed this many working days before the quarter",
                min=0, integer=True),
            "quotation_approval_workdays": Num("Working days to decide on a quotation",
                                               min=1, integer=True),
            "expense_claim_within_days": Num("Days after spending to submit a claim",
                                             min=1, integer=True),
            "expense_approval_workdays": Num("Working days to approve a claim",
                                             min=1, integer=True),
            "expense_payment_workdays": Num("Working days from approval to payment",
                                            min=1, integer=True),
            "quarterly_retro_within_workdays": Num(
                "Working days after the quarter to finish its retrospective", min=1,
                integer=True),
            "contingency_plan_workdays": Num(
                "Working days to write down and share a started contingency plan", min=1,
                integer=True),
        }, description="Deadlines and turnaround times the sources leave open"),
        "procedures": Procedures(PROCEDURE, "The procedures, in the order of the handbook"),
    },
    description="Procedures: who, when, steps, deadlines, form",
    checks=(_references,),
)

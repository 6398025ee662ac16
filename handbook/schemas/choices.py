"""data/choices.toml: the company's own rules, where the source documents are silent.

Each choice names the policy values it covers (`paths`, key paths into the other data
files, whose nodes there carry `source = "company"` or are plain company values), says
what the rule is in the reader's words (`value`, with `{key.path}` placeholders filled in
from the data, so no figure is typed twice) and lists the pages that apply it. The page
docs/company-choices.md is generated from this file; every page that applies a choice
shows the same "公司规定 / Company rule" marker ({{ company_rule("<id>") }}).
tests/unit/test_choices.py checks that every `source = "company"` node of the policy is
covered by a choice, and that every path exists.
"""

from __future__ import annotations

from calculators.schema import Array, Str, Table, document_fields, unique

from .procedures import KeyPath, Page, Text

CHOICE = Table(
    {
        "id": Str("Stable id: the anchor on the company-choices page"),
        "name": Text("What the rule is about", title={"zh": "规定", "en": "Rule"}),
        "value": Text("The rule, with {key.path} placeholders for its figures",
                      title={"zh": "公司规定", "en": "Company rule"}),
        "pages": Array(Page("A page that applies the rule"), "Where the rule applies",
                       min_items=1),
    },
    optional={
        "paths": Array(KeyPath("Key path of a value this choice covers"),
                       "The policy values this choice covers", min_items=1),
        "why": Text("Why the company chose this (optional)"),
    },
    description="A company choice",
)

SCHEMA = Table(
    {
        **document_fields(),
        "choices": Array(CHOICE, "The company's choices, in reading order", min_items=1,
                         checks=(unique("id"),)),
    },
    description="Company choices: rules the handbook sets where the sources are silent",
)

"""data/glossary.toml: the glossary's terms, grouped, with short bilingual definitions."""

from __future__ import annotations

import re
from typing import Any

from calculators.schema import Array, Ctx, Label, Str, Table, document_fields

from ._common import items

LANGS = ("zh", "en")
# Policy values in a definition: {policy:<key path>}, {number:<key path>}, {lower:<key path>}.
PLACEHOLDER = re.compile(r"\{(policy|number|lower):([A-Za-z0-9_.\[\]]+)\}")


def _words(description: str) -> Table:
    return Table({lang: Array(Str(f"A word ({lang})"), description, min_items=1)
                  for lang in LANGS}, description=description)


def _groups_known(doc: dict[str, Any], ctx: Ctx) -> None:
    known = {g["id"] for g in doc["groups"]}
    for i, term in enumerate(doc["terms"]):
        if term["group"] not in known:
            raise ctx.key("terms").index(i).key("group").fail(
                f"unknown group {term['group']!r} (known: {', '.join(sorted(known))})",
                "未知的分组")


def _no_typed_numbers(doc: dict[str, Any], ctx: Ctx) -> None:
    """Definitions take their figures from the policy ({policy:…}), never typed."""
    for i, term in enumerate(doc["terms"]):
        for lang in LANGS:
            text = PLACEHOLDER.sub("", term["definition"][lang])
            text = re.sub(r"\[[^\]]*\]\([^)]*\)|P[0-3]|\d+ ?(度|-degree)", "", text)
            if re.search(r"\d", text):
                raise ctx.key("terms").index(i).key("definition").key(lang).fail(
                    "a number is typed in the definition: use {policy:<key path>}",
                    "释义中不得手写数字，请用 {policy:<键路径>}")


SCHEMA = Table(
    {
        **document_fields(),
        "groups": items("Groups of terms, in page order"),
        "terms": Array(Table(
            {
                "group": Str("Id of the group the term belongs to"),
                "term": Label("The term", title={"zh": "术语", "en": "Term"}),
                "counterpart": Label("Shown beside the term: the English name on the Chinese "
                                     "page (zh), the Chinese name on the English page (en)"),
                "definition": Label("Short definition (Markdown links allowed; policy values "
                                    "as {policy:<key path>})",
                                    title={"zh": "释义", "en": "Meaning"}),
            },
            optional={"match": _words("Words that get the hover explanation, if not the "
                                      "term itself")},
            description="A glossary term",
        ), "The terms", min_items=1),
    },
    description="Glossary",
    checks=(_groups_known, _no_typed_numbers),
)

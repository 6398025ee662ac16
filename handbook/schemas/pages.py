"""data/pages.toml: owner, effective date and review dates of every handbook page."""

from __future__ import annotations

from typing import Any

from calculators.schema import Ctx, Date, Label, MapOf, Table, document_fields


def _dates_in_order(page: dict[str, Any], ctx: Ctx) -> None:
    if page["last_reviewed"] < page["effective_from"]:
        raise ctx.key("last_reviewed").fail(
            f"{page['last_reviewed']} is before effective_from ({page['effective_from']})",
            "早于生效日期")
    if page["next_review"] <= page["last_reviewed"]:
        raise ctx.key("next_review").fail(
            f"{page['next_review']} is not after last_reviewed ({page['last_reviewed']})",
            "须晚于上次审阅日期")


PAGE = Table(
    {
        "owner": Label("Who owns the page", title={"zh": "负责人", "en": "Owner"}),
        "effective_from": Date("Date the page's rules apply from",
                               title={"zh": "生效日期", "en": "Effective"}),
        "last_reviewed": Date("Date of the last review",
                              title={"zh": "上次审阅", "en": "Last reviewed"}),
        "next_review": Date("Date the next review is due",
                            title={"zh": "下次审阅", "en": "Next review"}),
    },
    checks=(_dates_in_order,),
)

SCHEMA = Table(
    {
        **document_fields(),
        "pages": MapOf(PAGE, "Pages by source path without the language suffix"),
    },
    description="Page ownership and review dates",
)

"""data/company.toml: the company profile the pages read (name, tools, contacts).

A company fills this in once. The shipped values are placeholders in 〔 〕 / [ ], and
`placeholders = true` makes the onboarding pages say so; the chat tool is one of the
tools the source documents name or Feishu (飞书).
"""

from __future__ import annotations

from typing import Any

from calculators.schema import Array, Bool, Ctx, Label, Table, document_fields

from ._common import text

CHAT_TOOLS = ("企业微信", "钉钉", "飞书")


def _known_chat_tool(doc: dict[str, Any], ctx: Ctx) -> None:
    if doc["chat_tool"]["zh"] not in CHAT_TOOLS:
        raise ctx.key("chat_tool").key("zh").fail(
            f"{doc['chat_tool']['zh']!r}: expected one of {', '.join(CHAT_TOOLS)}",
            f"须为{'、'.join(CHAT_TOOLS)}之一")


SCHEMA = Table(
    {
        **document_fields(),
        "placeholders": Bool("The values below are still the shipped placeholders"),
        "name": Label("The company's name"),
        "chat_tool": Label("The chat tool the team uses (企业微信, 钉钉 or 飞书)"),
        "email": Label("The e-mail system"),
        "crm": Label("The CRM the team uses"),
        "docs_platform": Label("The shared document platform"),
        "analytics": Label("The data analysis platform"),
        "contacts": Array(Table({
            "function": text("Function", "职能", "Function"),
            "helps_with": text("What to ask them about", "可以咨询", "Ask about"),
            "contact": text("Who and how to reach them", "联系人", "Contact"),
        }), "Who to ask, per function", min_items=1),
    },
    description="Company profile",
    checks=(_known_chat_tool,),
)

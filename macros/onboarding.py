"""Onboarding pages (data/onboarding.toml) as Markdown checklists, in the page's language.

Formatting only. Each phase is a heading (#day-1, #day-30…) and a task list whose items
link to handbook pages; the list sits in `<div class="hb-checklist">` with the page key
and each link carries `data-item="<phase>.<id>"`. docs/assets/javascripts/checklist.js
turns the list into checkboxes the reader ticks, kept in the browser (localStorage),
keyed by page + item and shared by both languages of the page.
"""

from __future__ import annotations

import html
from typing import Any

from calculators.policy import Policy

from . import format as fmt
from .procedures import Context, fill

T: dict[str, dict[str, str]] = {
    "first": {"zh": "入职第一天", "en": "Day one"},
    "by": {"zh": "入职 {day} 天内", "en": "By day {day}"},
    "mentor_title": {"zh": "导师与求助", "en": "Your mentor, and who to ask"},
    "mentor": {"zh": "每位新同事都由一位骨干员工担任导师，带教期为 {months}。"
                     "有任何问题，先问导师。",
               "en": "Every new colleague has an experienced colleague as mentor for {months}. "
                     "Whatever the question, ask your mentor first."},
    "ask": {"zh": "其他可以求助的人：", "en": "You can also ask:"},
    "progress": {"zh": "已完成 {done} / {total} 项（只保存在本浏览器中）",
                 "en": "{done} of {total} done (kept in this browser only)"},
    "role": {"zh": "岗位", "en": "Role"},
    "layer": {"zh": "所在层级", "en": "Layer"},
    "path": {"zh": "入职路径", "en": "Onboarding path"},
    "items": {"zh": "{n} 项", "en": "{n} items"},
}


def role(policy: Policy, key: str) -> dict[str, Any]:
    roles = policy["onboarding"]["roles"]
    if key not in roles:
        raise KeyError(f"onboarding({key!r}): no such role (known: {', '.join(roles)})")
    return roles[key]


def phase_title(phase: dict[str, Any], lang: str) -> str:
    when = T["first"][lang] if phase["day"] == 1 else \
        T["by"][lang].format(day=fmt.number(phase["day"]))
    sep = "：" if lang == "zh" else ": "
    return f"{when}{sep}{fmt.label(phase['name'], lang)}"


def items(policy: Policy, key: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each phase with its items: the common ones first, then the role's own."""
    doc = policy["onboarding"]
    own = role(policy, key)["items"]
    return [(phase, [*doc["common"].get(phase["id"], []), *own.get(phase["id"], [])])
            for phase in doc["phases"]]


def page_key(page: str) -> str:
    """`onboarding/account-manager.md` -> `onboarding/account-manager` (the storage key)."""
    return page.removesuffix(".md")


def _mentor(policy: Policy, r: dict[str, Any], ctx: Context) -> list[str]:
    months = ctx.value(policy["onboarding"]["mentor_months_from"])
    ask = [f"    - {fill(a, ctx)}" for a in r["ask"]]
    return [f'!!! tip "{T["mentor_title"][ctx.lang]}"', "",
            f"    {T['mentor'][ctx.lang].format(months=months)}",
            f"    {T['ask'][ctx.lang]}", "", *ask, ""]


def render(policy: Policy, key: str, ctx: Context) -> str:
    """The role's intro, mentor note and one checklist per phase."""
    r = role(policy, key)
    pkey = page_key(r["page"])
    total = sum(len(its) for _, its in items(policy, key))
    progress = T["progress"][ctx.lang]
    out = [fill(r["intro"], ctx), "", *_mentor(policy, r, ctx),
           f'<p class="hb-checklist__progress" data-checklist-progress="{html.escape(pkey)}" '
           f'data-template="{html.escape(progress)}" hidden>'
           f"{html.escape(progress.format(done=0, total=total))}</p>", ""]
    for phase, its in items(policy, key):
        out += [f"## {phase_title(phase, ctx.lang)} {{#{phase['id']}}}", "",
                f'<div class="hb-checklist" data-checklist="{html.escape(pkey)}" markdown>', ""]
        for item in its:
            ident = f"{phase['id']}.{item['id']}"
            out.append(f"- [ ] [{fill(item['label'], ctx)}]({ctx.href(item['page'])})"
                       f'{{: data-item="{ident}" }}')
        out += ["", "</div>", ""]
    return "\n".join(out)


def index(policy: Policy, ctx: Context) -> str:
    """The roles as a table: role page (linked), layer, number of items."""
    layers = {layer["id"]: layer["name"] for layer in policy["roles"]["layers"]}
    rows = []
    for key, r in policy["onboarding"]["roles"].items():
        count = sum(len(its) for _, its in items(policy, key))
        rows.append({"role": f"[{fmt.label(r['name'], ctx.lang)}]({ctx.href(r['page'])})",
                     "layer": fmt.label(layers[r["layer"]], ctx.lang),
                     "path": T["items"][ctx.lang].format(n=count)})
    cols = [fmt.Column("role", T["role"]), fmt.Column("layer", T["layer"]),
            fmt.Column("path", T["path"])]
    return fmt.Table(cols, rows).as_markdown(ctx.lang)


def phases(policy: Policy, lang: str) -> str:
    """The phases as a Markdown list: "入职 30 天内：掌握日常工作方式"."""
    return "\n".join(f"- {phase_title(p, lang)}" for p in policy["onboarding"]["phases"])

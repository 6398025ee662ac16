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
    "first": {"zh": "入职第一周", "en": "Week one"},
    "day": {"zh": "第 {n} 天", "en": "Day {n}"},
    "role_week": {"zh": "本周内：{role}的事项", "en": "This week, as a {role}"},
    "probation_title": {"zh": "试用期与能力考核", "en": "Probation and the competency assessment"},
    "probation": {"zh": "试用期为 {months}，与导师带教期相同{badge}。"
                        "试用期结束前，您要参加一次能力考核，形式与招聘时相同：{assessment}。"
                        "团队的目标是考核通过率不低于 {pass_pct}。"
                        "考核由直属上级和导师共同评价，结果与{hr}确认。",
                  "en": "Probation lasts {months}, as long as the mentoring{badge}. "
                        "Before it ends you take a competency assessment in the same form "
                        "as at hiring: {assessment}. The team aims for a pass rate of at "
                        "least {pass_pct}. Your manager and your mentor assess you together, "
                        "and confirm the result with {hr}."},
    "contacts_title": {"zh": "遇到问题找谁", "en": "Who to ask"},
    "contacts": {"zh": "除了导师，下列同事也可以帮您：",
                 "en": "Besides your mentor, these colleagues can help:"},
    "placeholders": {"zh": "〔 〕中的内容由公司填写。",
                     "en": "Details in [ ] are filled in by the company."},
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
    when = T["first"][lang] if phase["day"] <= 7 else \
        T["by"][lang].format(day=fmt.number(phase["day"]))
    sep = "：" if lang == "zh" else ": "
    return f"{when}{sep}{fmt.label(phase['name'], lang)}"


FIRST = 0  # the first phase is the first week, laid out day by day


def week_groups(policy: Policy, key: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The first week's checklists: (anchor, heading, items) per day, the role's accounts
    and tools on day 1, and the role's own first-week items last."""
    doc = policy["onboarding"]
    r = role(policy, key)
    phase = doc["phases"][FIRST]
    groups = []
    for i, day in enumerate(doc["first_week"]):
        extra = r["tools"] if i == 0 else []
        groups.append((f"{phase['id']}-day-{day['day']}", str(day["day"]), day["focus"],
                       [*day["items"], *extra]))
    own = r["items"].get(phase["id"], [])
    out = [(anchor, {"zh": T["day"]["zh"].format(n=n) + "：" + focus["zh"],
                     "en": T["day"]["en"].format(n=n) + ": " + focus["en"]}, its)
           for anchor, n, focus, its in groups]
    if own:
        out.append((f"{phase['id']}-role",
                    {"zh": T["role_week"]["zh"].format(role=r["name"]["zh"]),
                     "en": T["role_week"]["en"].format(role=r["name"]["en"].lower())}, own))
    return out  # type: ignore[return-value]


def items(policy: Policy, key: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each phase with its items: the first week's days, then for the other phases the
    common items first and the role's own after them."""
    doc = policy["onboarding"]
    own = role(policy, key)["items"]
    out = [(doc["phases"][FIRST], [i for _, _, its in week_groups(policy, key) for i in its])]
    return out + [(phase, [*doc["common"].get(phase["id"], []), *own.get(phase["id"], [])])
                  for phase in doc["phases"][FIRST + 1:]]


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
    def checklist(phase_id: str, its: list[dict[str, Any]]) -> list[str]:
        lines = [f'<div class="hb-checklist" data-checklist="{html.escape(pkey)}" markdown>',
                 ""]
        for item in its:
            ident = f"{phase_id}.{item['id']}"
            lines.append(f"- [ ] [{fill(item['label'], ctx)}]({ctx.href(item['page'])})"
                         f'{{: data-item="{ident}" }}')
        return [*lines, "", "</div>", ""]

    for n, (phase, its) in enumerate(items(policy, key)):
        out += [f"## {phase_title(phase, ctx.lang)} {{#{phase['id']}}}", ""]
        if n == FIRST:
            for anchor, title, day_items in week_groups(policy, key):
                out += [f"### {fmt.label(title, ctx.lang)} {{#{anchor}}}", "",
                        *checklist(phase["id"], day_items)]
        else:
            out += checklist(phase["id"], its)
    out += probation(policy, ctx) + contacts(policy, ctx)
    return "\n".join(out)


def probation(policy: Policy, ctx: Context) -> list[str]:
    from .procedures import company_badge
    p = policy["onboarding"]["probation"]
    badge = f" {company_badge('probation', ctx)}" if p["source"] == "company" else ""
    hr = fmt.label(policy["company"]["contacts"][0]["function"], ctx.lang)
    text = T["probation"][ctx.lang].format(
        months=ctx.value(p["months_from"]), badge=badge, hr=hr,
        assessment=ctx.value("roles.hiring.assessment"),
        pass_pct=ctx.value("training.assessment_pass_pct"))
    return [f"## {T['probation_title'][ctx.lang]} {{#probation}}", "", text, ""]


def contacts(policy: Policy, ctx: Context) -> list[str]:
    company = policy["company"]
    cols = [fmt.Column("function", {"zh": "职能", "en": "Function"}),
            fmt.Column("helps_with", {"zh": "可以咨询", "en": "Ask about"}),
            fmt.Column("contact", {"zh": "联系人", "en": "Contact"})]
    rows = [{k: fmt.label(c[k], ctx.lang) for k in ("function", "helps_with", "contact")}
            for c in company["contacts"]]
    out = [f"## {T['contacts_title'][ctx.lang]} {{#contacts}}", "",
           T["contacts"][ctx.lang], "", fmt.Table(cols, rows).as_markdown(ctx.lang), ""]
    if company["placeholders"]:
        out += [T["placeholders"][ctx.lang], ""]
    return out


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

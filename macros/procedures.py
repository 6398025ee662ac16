"""Procedure pages (data/procedures.toml) as Markdown, in the page's language.

Formatting only: every figure is looked up through the `value` callable the macros
module passes in (macros.format_value: the same formats as {{ policy(...) }}), links
are made relative to the page by `href`, and a calculator is linked only when
`exists` says its page is in docs/. Every section heading carries a fixed id
(#when, #who, #steps, #deadlines, #form, #calculator) in both languages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from calculators.policy import Policy
from handbook.schemas.procedures import fill as fill_placeholders

from . import choices as choices_
from . import format as fmt
from . import tables

T: dict[str, dict[str, str]] = {
    "when": {"zh": "何时启动", "en": "When"},
    "who": {"zh": "谁来做", "en": "Who"},
    "steps": {"zh": "步骤", "en": "Steps"},
    "deadlines": {"zh": "时限与标准", "en": "Deadlines and limits"},
    "form": {"zh": "使用的表单", "en": "Form"},
    "calculator": {"zh": "计算器", "en": "Calculator"},
    "role": {"zh": "职责", "en": "Role"},
    "people": {"zh": "角色", "en": "Who"},
    "responsible": {"zh": "负责", "en": "Responsible"},
    "approves": {"zh": "审批", "en": "Approves"},
    "consulted": {"zh": "征询意见", "en": "Consulted"},
    "none": {"zh": "无需审批", "en": "No approval needed"},
    "nobody": {"zh": "—", "en": "—"},
    "chains": {"zh": "审批链", "en": "Approval chain"},
    "what": {"zh": "事项", "en": "What"},
    "limit": {"zh": "时限或标准", "en": "Deadline or limit"},
    "template": {"zh": "使用{title}。模板页面上有填写示例，并可下载空白模板。",
                 "en": "Use {title}. Its page has a filled-in example and blank copies "
                       "to download."},
    "soon": {"zh": "{name}即将上线，上线后会在这里给出链接。",
             "en": "The {name} is coming soon; this page will link to it once it is online."},
    "procedure": {"zh": "流程", "en": "Procedure"},
    "trigger": {"zh": "何时启动", "en": "When"},
    "form_short": {"zh": "表单", "en": "Form"},
    "company": {"zh": "公司规定", "en": "Company rules"},
    "also": {"zh": "另见{title}，页面上有填写示例和空白模板下载。",
             "en": "See also {title}, with a filled-in example and blank copies to download."},
    "company_intro": {"zh": "本流程中的以下做法，原始制度没有规定，由公司规定：",
                      "en": "The source rules leave these points open; the company sets them:"},
}


OWNERS = "procedure-owners"  # the company choice of who runs a procedure


@dataclass(frozen=True)
class Context:
    """What the renderer needs from the page: its language and three look-ups."""

    lang: str
    value: Callable[[str], str]   # key path -> the value as text in the page's language
    href: Callable[[str], str]    # docs page (e.g. templates/task-tracking.md) -> relative link
    exists: Callable[[str], bool]  # is this docs page in the site?


def fill(text: dict[str, str], ctx: Context) -> str:
    """A label in the page's language, with its {key.path} placeholders filled in."""
    return fill_placeholders(fmt.label(text, ctx.lang), ctx.value)


def procedure(policy: Policy, key: str) -> dict[str, Any]:
    procs = policy["procedures"]["procedures"]
    if key not in procs:
        raise KeyError(f"procedure({key!r}): no such procedure (known: {', '.join(procs)})")
    return procs[key]


def _heading(key: str, ctx: Context) -> str:
    return f"## {T[key][ctx.lang]} {{#{key}}}"


def _who(proc: dict[str, Any], ctx: Context) -> fmt.Table:
    sep = "；" if ctx.lang == "zh" else "; "
    rows = []
    for role in ("responsible", "approves", "consulted"):
        people = proc.get(role)
        if people:
            shown = sep.join(fill(p, ctx) for p in people)
        else:
            shown = T["none" if role == "approves" else "nobody"][ctx.lang]
        if role == "responsible" and OWNERS in proc.get("choices", []):
            shown += f" {company_badge(OWNERS, ctx)}"
        rows.append({"role": T[role][ctx.lang], "people": shown})
    return fmt.Table([fmt.Column("role", T["role"]), fmt.Column("people", T["people"])], rows)


def _chains(policy: Policy, proc: dict[str, Any], ctx: Context) -> list[str]:
    chains = {c["id"]: c for c in policy["approvals"]["chains"]}
    out = []
    for cid in proc.get("approval_chains", []):
        chain = chains[cid]
        colon = "：" if ctx.lang == "zh" else ": "
        out.append(f"- {fmt.label(chain['name'], ctx.lang)}{colon}"
                   f"{fmt.value('steps', chain['steps'], ctx.lang)}")
    return out


def company_badge(choice_id: str, ctx: Context) -> str:
    """The one company-rule marker (macros/choices.py), linking to the rule's entry."""
    return choices_.badge(ctx.lang, f"{ctx.href(choices_.PAGE)}#{choice_id}")


def _deadlines(proc: dict[str, Any], ctx: Context) -> fmt.Table:
    rows = [{"what": fill(d["what"], ctx),
             "limit": (ctx.value(d["path"]) if "path" in d else fill(d["text"], ctx))
             + (f" {company_badge(d['choice'], ctx)}" if "choice" in d else "")}
            for d in proc["deadlines"]]
    return fmt.Table([fmt.Column("what", T["what"]), fmt.Column("limit", T["limit"])], rows)


def template_link(policy: Policy, template_id: str, ctx: Context) -> str:
    """`[表 3：营销项目进度监控表](../templates/project-monitoring.md)`."""
    number = next(t["number"] for t in policy["templates"]["templates"]
                  if t["id"] == template_id)
    t = tables.template(policy, number)
    title = {"zh": f"表 {number}：{t['title']['zh']}",
             "en": f"Table {number}: {t['title']['en']}"}[ctx.lang]
    page = policy["procedures"]["template_pages"][template_id]
    return f"[{title}]({ctx.href(page)})"


def _form(policy: Policy, proc: dict[str, Any], ctx: Context) -> list[str]:
    form = proc["form"]
    out = []
    if "template" in form:
        out.append(T["template"][ctx.lang].format(
            title=template_link(policy, form["template"], ctx)))
    if "name" in form:
        out.append(fill(form["name"], ctx) + ("。" if ctx.lang == "zh" else "."))
    if "note" in form:
        out.append(fill(form["note"], ctx))
    for further in proc.get("forms", []):
        out.append(T["also"][ctx.lang].format(title=template_link(policy, further, ctx)))
    return out


def _calculators(policy: Policy, proc: dict[str, Any], ctx: Context) -> list[str]:
    out = []
    for use in proc.get("calculators", []):
        calc = policy["procedures"]["calculators"][use["id"]]
        name = fmt.label(calc["name"], ctx.lang)
        if ctx.exists(calc["page"]):
            colon = "：" if ctx.lang == "zh" else ": "
            out.append(f"- [{name}]({ctx.href(calc['page'])}){colon}{fill(use['use'], ctx)}")
        else:
            out.append(f"- {T['soon'][ctx.lang].format(name=name)}")
    return out


def render(policy: Policy, key: str, ctx: Context) -> str:
    """The procedure's sections: when, who, steps, deadlines, form, calculator."""
    proc = procedure(policy, key)
    parts = [_heading("when", ctx), "", fill(proc["when"], ctx), "",
             _heading("who", ctx), "", _who(proc, ctx).as_markdown(ctx.lang), ""]
    chains = _chains(policy, proc, ctx)
    if chains:
        parts += [f"**{T['chains'][ctx.lang]}**", "", *chains, ""]
    parts += [_heading("steps", ctx), ""]
    parts += [f"{i}. {fill(step, ctx)}" for i, step in enumerate(proc["steps"], 1)]
    parts += ["", _heading("deadlines", ctx), "", _deadlines(proc, ctx).as_markdown(ctx.lang), ""]
    if proc.get("choices"):
        parts += [_heading("company", ctx), "", T["company_intro"][ctx.lang], ""]
        parts += [f"- {choices_.fill(choices_.choice(policy, c)['value'], ctx.lang, ctx.value)}"
                  f" {company_badge(c, ctx)}" for c in proc["choices"]]
        parts.append("")
    parts += [_heading("form", ctx), "", "\n".join(_form(policy, proc, ctx)), ""]
    calculators = _calculators(policy, proc, ctx)
    if calculators:
        parts += [_heading("calculator", ctx), "", *calculators, ""]
    return "\n".join(parts)


def index(policy: Policy, ctx: Context) -> str:
    """All procedures as a table: the procedure (linked), when it starts, its form."""
    rows = []
    for proc in policy["procedures"]["procedures"].values():
        form = proc["form"]
        shown = template_link(policy, form["template"], ctx) if "template" in form \
            else fill(form["name"], ctx)
        rows.append({"procedure": f"[{fmt.label(proc['title'], ctx.lang)}]"
                                  f"({ctx.href(proc['page'])})",
                     "when": fill(proc["when"], ctx), "form": shown})
    cols = [fmt.Column("procedure", T["procedure"]), fmt.Column("when", T["trigger"]),
            fmt.Column("form", T["form_short"])]
    return fmt.Table(cols, rows).as_markdown(ctx.lang)


def page_context(src_uri: str, docs_dir: str, lang: str,
                 value: Callable[[str], str]) -> Context:
    """The Context of the page being rendered (src_uri as mkdocs gives it)."""
    here = posixpath.dirname(src_uri) or "."
    docs = Path(docs_dir)
    return Context(lang=lang, value=value,
                   href=lambda page: posixpath.relpath(page, here),
                   exists=lambda page: (docs / page).is_file())

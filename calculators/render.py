"""One renderer for every result a reader sees: the live calculators and the worked examples.

`render(calculator, result, lang)` turns a calculator's JSON result (the dict of
`as_json()`, exactly what the CLI's --json prints and the browser receives) into HTML:
the verdict (tier reached, status, parts), the figures, an SVG chart (calculators.charts)
and the numbered explanation. The browser worker returns this HTML and the page only
inserts it; the macros call the same function at build time for the handbook's worked
examples, so an example on a page and the live calculator cannot disagree.

`as_text(calculator, result, lang)` is the same result as plain text ("copy the result").
`render_batch(kind, reply, lang)` is the results table of a batch run (failing rows marked
and explained). `template_csv(kind)` is the empty CSV template of a calculator.

Rules: every piece of text from data or input goes through `html.escape`; no inline
`style=` (classes only, see handbook.css); no `<script>`; numbers are formatted by
calculators.display (thousands separators, U+2212 minus, 元/¥ per language) while the
JSON keeps plain strings. Rendering works on any valid result and never raises for one
(tests/unit/test_render.py). Standard library only: runs in Pyodide.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from html import escape
from typing import Any

from . import charts, display
from .policy import Policy, get_policy

T: dict[str, dict[str, str]] = {
    "steps": {"zh": "计算过程", "en": "How it was calculated"},
    "figures": {"zh": "计算结果", "en": "Result"},
    "chart": {"zh": "图示", "en": "Chart"},
    "bonus_tier": {"zh": "达到第 {tier} 档：发放比例 {rate}，奖金 {payout}。",
                   "en": "Tier {tier} reached: payout rate {rate}, bonus {payout}."},
    "bonus_none": {"zh": "未达到发放门槛：本期不发放绩效奖金。",
                   "en": "Below the threshold: no bonus this period."},
    "bonus_rate": {"zh": "发放比例 {rate}，奖金 {payout}。",
                   "en": "Payout rate {rate}, bonus {payout}."},
    "completion_pct": {"zh": "KPI 完成率", "en": "KPI completion"},
    "tier": {"zh": "档位", "en": "Tier"},
    "tier_n": {"zh": "第 {n} 档", "en": "tier {n}"},
    "tier_none": {"zh": "未达门槛", "en": "below the threshold"},
    "payout_pct": {"zh": "发放比例", "en": "Payout rate"},
    "payout": {"zh": "应发奖金", "en": "Bonus"},
    "proration_pct": {"zh": "在岗折算", "en": "Proration"},
    "prorated": {"zh": "折算后奖金", "en": "Prorated bonus"},
    "special_bonus": {"zh": "专项奖金", "en": "Special bonus"},
    "total": {"zh": "合计", "en": "Total"},
    "payable": {"zh": "应发奖金（折算及专项奖金后）",
                "en": "Bonus payable (after proration and special bonus)"},
    "no_proration": {"zh": "不折算", "en": "none"},
    "no_special": {"zh": "无", "en": "none"},
    "no_buffer": {"zh": "无（按原目标拆分）", "en": "none (exact split)"},
    "proration_days": {"zh": "{d}/{n} 天 = {pct}", "en": "{d}/{n} days = {pct}"},
    "proration_note": {"zh": "按在岗天数折算：{period}共 {n} 天，在岗 {d} 天（{pct}）。",
                       "en": "Prorated by days in role: {period} has {n} days, {d} in role "
                             "({pct})."},
    "split_parts": {"zh": "拆为 {n} 份，合计 {total}。", "en": "{n} parts adding up to {total}."},
    "split_buffer": {"zh": "（含 {pct} 弹性，原目标 {target}）",
                     "en": " (with a {pct} buffer on the target {target})"},
    "split_ratio": {"zh": "比率型指标不拆分：每一部分的目标都是 {value}。",
                    "en": "A ratio is not divided: every part carries {value}."},
    "part": {"zh": "部分", "en": "Part"},
    "parent": {"zh": "所属", "en": "Within"},
    "value": {"zh": "目标值", "en": "Target"},
    "status": {"zh": "状态", "en": "Status"},
    "dev_verdict": {"zh": "偏差 {pct}（{way}），{where}。",
                    "en": "Deviation {pct} ({way}); {where}."},
    "dev_none": {"zh": "计划值为 0，偏差率无法计算", "en": "the plan is zero: no percentage"},
    "favourable": {"zh": "有利", "en": "favourable"},
    "unfavourable": {"zh": "不利", "en": "unfavourable"},
    "neutral": {"zh": "双向指标", "en": "two-sided"},
    "on_plan": {"zh": "与计划一致", "en": "on plan"},
    "within": {"zh": "在 ±{w} 预警线以内", "en": "within the ±{w} warning line"},
    "beyond": {"zh": "超出 ±{w} 预警线", "en": "beyond the ±{w} warning line"},
    "plan_to_date": {"zh": "截至目前计划", "en": "Plan to date"},
    "actual": {"zh": "实际", "en": "Actual"},
    "deviation": {"zh": "偏差", "en": "Deviation"},
    "deviation_pct": {"zh": "偏差率", "en": "Deviation %"},
    "owner": {"zh": "负责人", "en": "Owner"},
    "actions": {"zh": "须办事项", "en": "Required actions"},
    "within_hours": {"zh": "{h} 小时内", "en": "within {h} h"},
    "batch_summary": {"zh": "共 {rows} 行，{errors} 行有错误。",
                      "en": "{rows} rows, {errors} with errors."},
    "batch_ok": {"zh": "共 {rows} 行，全部计算成功。", "en": "{rows} rows, all computed."},
    "batch_more": {"zh": "表中显示前 {n} 行，下载的文件包含全部结果。",
                   "en": "The table shows the first {n} rows; the download has them all."},
    "row": {"zh": "行", "en": "Row"},
    "error": {"zh": "错误", "en": "Error"},
    "batch_caption": {"zh": "批量计算结果", "en": "Batch results"},
    "parts_caption": {"zh": "各部分目标", "en": "The parts"},
    "level_caption": {"zh": "{level}：{n} 项，合计 {total}",
                      "en": "{level}: {n} parts, {total} in all"},
    "share": {"zh": "占比", "en": "Share"},
    "share_note": {"zh": "占比 = 目标值 ÷ 所属上级（或总数）", "en": "share = target ÷ the part "
                   "it is within (or the total)"},
}
STATUS = {"ok": {"zh": "正常", "en": "OK"}, "warning": {"zh": "预警", "en": "Warning"},
          "escalate": {"zh": "升级上报", "en": "Escalate"}}
COLON = {"zh": "：", "en": ": "}
MAX_ROWS = 200


def _t(key: str, lang: str, **kw: Any) -> str:
    return T[key][lang].format(**kw)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _steps(result: Mapping[str, Any], lang: str) -> str:
    items = "".join(f"<li>{_e(s.get(lang, ''))}</li>" for s in result.get("steps") or ())
    return (f'<details class="hb-result__steps" open=""><summary>{_e(_t("steps", lang))}</summary>'
            f'<ol data-result="steps">{items}</ol></details>')


def _figures(rows: list[tuple[str, str]], lang: str) -> str:
    cells = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in rows)
    return f'<dl class="hb-result__figures" aria-label="{_e(_t("figures", lang))}">{cells}</dl>'


def _figure(svg: str) -> str:
    return f'<figure class="hb-result__chart">{svg}</figure>'


def _wrap(kind: str, status: str, parts: list[str]) -> str:
    return (f'<div class="hb-result hb-result--{kind}" data-status="{_e(status)}">'
            + "".join(parts) + "</div>")


def _d(value: object) -> Decimal:
    return Decimal(str(value))


# ------------------------------------------------------------------ bonus ---

def _bonus_rows(r: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    tier = r.get("tier")
    rows = [
        (_t("completion_pct", lang), display.pct(r["completion_pct"], lang, 2)),
        (_t("tier", lang), _t("tier_n", lang, n=tier) if tier else _t("tier_none", lang)),
        (_t("payout_pct", lang), display.pct(r["payout_pct"], lang, 2)),
        (_t("payout", lang), display.yuan(r["payout"], lang, 2)),
    ]
    if r.get("days_in_role") is not None:
        rows.append((_t("proration_pct", lang),
                     f"{display.pct(r['proration_pct'], lang, 2)} "
                     f"({r['days_in_role']}/{r['period_days']})"))
        rows.append((_t("prorated", lang), display.yuan(r["prorated"], lang, 2)))
    if _d(r.get("special_bonus") or 0):
        rows.append((_t("special_bonus", lang), display.yuan(r["special_bonus"], lang, 2)))
    rows.append((_t("total", lang), display.yuan(r["total"], lang, 2)))
    return rows


def _bonus_verdict(r: Mapping[str, Any], lang: str) -> str:
    rate = display.pct(r["payout_pct"], lang, 2)
    payout = display.yuan(r["total"], lang, 2)
    if r.get("tier"):
        return _t("bonus_tier", lang, tier=r["tier"], rate=rate, payout=payout)
    if _d(r["payout_pct"]) == 0:
        return _t("bonus_none", lang)
    return _t("bonus_rate", lang, rate=rate, payout=payout)


def bonus_chart(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    rules = (policy or get_policy())["bonus"]
    return charts.bonus_curve(rules, _d(r["completion_pct"]), _d(r["payout_pct"]), lang)


def bonus_text(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> list[str]:
    return [_bonus_verdict(r, lang), *(f"{k}{COLON[lang]}{v}" for k, v in _bonus_rows(r, lang))]


def render_bonus(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    status = f"tier-{r['tier']}" if r.get("tier") else "none"
    return _wrap("bonus", status, [
        f'<p class="hb-result__verdict">{_e(_bonus_verdict(r, lang))}</p>',
        _figures(_bonus_rows(r, lang), lang), _figure(bonus_chart(r, lang, policy)),
        _steps(r, lang)])


def bonus_display(r: Mapping[str, Any], lang: str, policy: Policy | None = None
                  ) -> dict[str, str]:
    """The bonus's key figures as the reader sees them (see `display_outputs`)."""
    scale = str(r.get("scale") or "")
    if scale and display.amount(r["total"], "zh", scale=scale).endswith(" 元"):
        scale = ""  # the payable amount is shown to the fen: its components are too
    tier = r.get("tier")
    out = {
        "total": display.amount(r["total"], lang, scale=scale),
        "completion_pct": display.percent(r["completion_pct"], lang),
        "tier": _t("tier_n", lang, n=tier) if tier else _t("tier_none", lang),
        "payout_pct": display.percent(r["payout_pct"], lang),
        "payout": display.amount(r["payout"], lang, scale=scale),
        "proration_pct": _t("no_proration", lang),
        "special_bonus": _t("no_special", lang),
    }
    if r.get("days_in_role") is not None:
        out["proration_pct"] = _t("proration_days", lang, d=r["days_in_role"],
                                  n=r["period_days"],
                                  pct=display.percent(r["proration_pct"], lang))
    if _d(r.get("special_bonus") or 0):
        out["special_bonus"] = display.amount(r["special_bonus"], lang, scale=scale)
    return out


# ------------------------------------------------------------------ split ---

def _unit_text(r: Mapping[str, Any], lang: str, policy: Policy) -> str:
    unit = str(r.get("unit", ""))
    if unit == "pct":
        return "%"
    spec = policy["decomposition"]["units"].get(unit)
    return spec["name"][lang] if spec else ""


def _split_value(value: object, r: Mapping[str, Any], lang: str, policy: Policy) -> str:
    names = {k: v["name"] for k, v in policy["decomposition"]["units"].items()}
    return display.in_unit(value, str(r.get("unit", "")), lang, None, names)


def _places(value: object) -> int:
    text = str(value)
    return len(text.split(".", 1)[1]) if "." in text else 0


def split_display(r: Mapping[str, Any], lang: str, policy: Policy | None = None
                  ) -> dict[str, str]:
    """The split's key figures with their unit (see `display_outputs`)."""
    policy = policy or get_policy()
    buffer = _d(r.get("buffer_pct") or 0)
    return {
        "total": _split_value(r["total"], r, lang, policy),
        "target": _split_value(r["target"], r, lang, policy),
        "buffer_pct": display.percent(buffer, lang) if buffer else _t("no_buffer", lang),
    }


def _parent_names(r: Mapping[str, Any]) -> dict[str, str]:
    """A part's parent is named by its zh label; English pages show the parent's label_en."""
    return {q.get("label"): q.get("label_en") for level in (r.get("levels") or {}).values()
            for q in level}


def split_chart(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    parts = list(r.get("parts") or ())
    places = _places(parts[0]["value"]) if parts else 0
    names = _parent_names(r)
    shown = [{**p, "parent_zh": p.get("parent"), "parent_en": names.get(p.get("parent"))}
             if p.get("parent") else p for p in parts]
    return charts.split_bars(shown, _unit_text(r, lang, policy or get_policy()), lang, places)


def split_text(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> list[str]:
    policy = policy or get_policy()
    lines = []
    names = _parent_names(r)
    for p in r.get("parts") or ():
        name = p.get("label") if lang == "zh" else p.get("label_en") or p.get("label")
        parent = p.get("parent")
        if parent:
            name = f"{parent if lang == 'zh' else names.get(parent) or parent} · {name}"
        lines.append(f"{name}{COLON[lang]}{_split_value(p['value'], r, lang, policy)}")
    return lines


LEVEL_NAMES = {"quarters": {"zh": "季度", "en": "Quarters"}, "months": {"zh": "月", "en": "Months"},
               "weeks": {"zh": "周", "en": "Weeks"}, "people": {"zh": "人员", "en": "People"}}


def _level_table(title: str, parts: list[Mapping[str, Any]], r: Mapping[str, Any],
                 lang: str, policy: Policy, whole: Mapping[str, Decimal], places: int) -> str:
    """One level of the cascade: part, within, target (unit), share of the level above."""
    names = _parent_names(r)
    with_parent = any(p.get("parent") for p in parts)
    unit = _unit_text(r, lang, policy)
    unit_head = (f"（{unit}）" if lang == "zh" else f" ({unit})") if unit else ""
    head = f"<th scope=\"col\">{_e(_t('part', lang))}</th>"
    if with_parent:
        head += f"<th scope=\"col\">{_e(_t('parent', lang))}</th>"
    head += (f'<th scope="col" class="hb-num">{_e(_t("value", lang) + unit_head)}</th>'
             f'<th scope="col" class="hb-num">{_e(_t("share", lang))}</th>')
    body = []
    for p in parts[:MAX_ROWS]:
        name = p.get("label") if lang == "zh" else p.get("label_en") or p.get("label")
        row = f"<th scope=\"row\">{_e(name)}</th>"
        parent = p.get("parent") or ""
        if with_parent:
            row += f"<td>{_e(names.get(parent) or parent if lang == 'en' else parent)}</td>"
        above = whole.get(parent, whole[""])
        share = _d(p["value"]) / above * 100 if above else Decimal(0)
        row += (f'<td class="hb-num">{_e(display.num(p["value"], places))}</td>'
                f'<td class="hb-num">{_e(display.pct(share, lang, 2))}</td>')
        body.append(f"<tr>{row}</tr>")
    caption = f"{title}（{_t('share_note', lang)}）" if lang == "zh" else \
        f"{title} ({_t('share_note', lang)})"
    return (f'<div class="hb-result__table" tabindex="0" role="region" aria-label="{_e(title)}">'
            f'<table class="hb-table"><caption>{_e(caption)}</caption><thead><tr>{head}</tr>'
            f"</thead><tbody>{''.join(body)}</tbody></table></div>")


def render_split(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    policy = policy or get_policy()
    parts = list(r.get("parts") or ())
    places = _places(parts[0]["value"]) if parts else 0
    if r.get("ratio"):
        verdict = _t("split_ratio", lang, value=_split_value(r["total"], r, lang, policy))
    else:
        verdict = _t("split_parts", lang, n=len(parts),
                     total=_split_value(r["total"], r, lang, policy))
        if _d(r.get("buffer_pct") or 0):
            verdict += _t("split_buffer", lang, pct=display.pct(r["buffer_pct"], lang),
                          target=_split_value(r["target"], r, lang, policy))
    levels = {k: list(v) for k, v in (r.get("levels") or {}).items() if v}
    if not levels:
        levels = {"": parts}
    # What each part is a share of: its parent's value, or the whole total.
    whole: dict[str, Decimal] = {"": _d(r.get("total") or 0)}
    for level in levels.values():
        for q in level:
            whole.setdefault(str(q.get("label")), _d(q["value"]))
    tables = []
    for key, level in levels.items():
        name = LEVEL_NAMES.get(key, {}).get(lang) or _t("parts_caption", lang)
        total = sum((_d(q["value"]) for q in level), Decimal(0))
        title = _t("level_caption", lang, level=name, n=len(level),
                   total=_split_value(total, r, lang, policy)) if key else name
        if key:
            # a level's parts are shares of their parent: the level above (or the total)
            own = {**whole}
            if not any(q.get("parent") for q in level):
                own = {"": _d(r.get("total") or 0)}
        else:
            own = whole
        tables.append(_level_table(title, level, r, lang, policy, own, places))
    chart = split_chart(r, lang, policy)
    return _wrap("split", "ratio" if r.get("ratio") else "ok", [
        f'<p class="hb-result__verdict">{_e(verdict)}</p>', _figure(chart), *tables,
        _steps(r, lang)])


# -------------------------------------------------------------- deviation ---

def _deviation_verdict(r: Mapping[str, Any], lang: str) -> str:
    pct = r.get("deviation_pct")
    fav = r.get("favourable")
    way = _t("favourable" if fav else "unfavourable" if fav is False else
             "neutral" if r.get("direction") == "both" and _d(r["deviation"]) else "on_plan", lang)
    beyond = pct is None or abs(_d(pct)) > _d(r["warning_pct"])
    where = _t("beyond" if beyond else "within", lang,
               w=display.pct(r["warning_pct"], lang))
    shown = _t("dev_none", lang) if pct is None else display.pct(pct, lang, 2, sign=True)
    return _t("dev_verdict", lang, pct=shown, way=way, where=where)


def _deviation_rows(r: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    pct = r.get("deviation_pct")
    return [
        (_t("status", lang), STATUS[r["status"]][lang]),
        (_t("plan_to_date", lang), display.num(r["plan_to_date"], 2)),
        (_t("actual", lang), display.num(r["actual"], 2)),
        (_t("deviation", lang), display.num(r["deviation"], 2, sign=True)),
        (_t("deviation_pct", lang), "—" if pct is None else display.pct(pct, lang, 2, sign=True)),
        (_t("owner", lang), str((r.get("owner") or {}).get(lang, ""))),
    ]


def _signed(text: str, value: object) -> str:
    return "+" + text if _d(value) > 0 else text


def deviation_display(r: Mapping[str, Any], lang: str, policy: Policy | None = None
                      ) -> dict[str, str]:
    """The deviation's key figures, in 万 when the reader typed 万 (see `display_outputs`)."""
    scale = str(r.get("scale") or "")
    pct = r.get("deviation_pct")

    def fig(value: object) -> str:
        return display.amount(value, lang, money=False, scale=scale, places=None)

    return {
        "deviation_pct": "—" if pct is None else display.percent(pct, lang, sign=True),
        "plan_to_date": fig(r["plan_to_date"]),
        "actual": fig(r["actual"]),
        "deviation": _signed(fig(r["deviation"]), r["deviation"]),
    }


def deviation_chart(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    return charts.deviation_band(r, lang)


def deviation_text(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> list[str]:
    lines = [_deviation_verdict(r, lang)]
    lines += [f"{k}{COLON[lang]}{v}" for k, v in _deviation_rows(r, lang)]
    lines += [f"- {a.get(lang, '')}" for a in r.get("actions") or ()]
    return lines


def render_deviation(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    status = str(r["status"])
    parts = [f'<p class="hb-result__verdict"><span class="hb-status hb-status--{_e(status)}">'
             f"{_e(STATUS[status][lang])}</span> {_e(_deviation_verdict(r, lang))}</p>",
             _figures(_deviation_rows(r, lang), lang)]
    actions = r.get("actions") or ()
    if actions:
        items = []
        for a in actions:
            due = f"（{_t('within_hours', lang, h=a['within_hours'])}）" if lang == "zh" else \
                f" ({_t('within_hours', lang, h=a['within_hours'])})"
            owner = (a.get("owner") or {}).get(lang, "")
            items.append(f"<li>{_e(a.get(lang, ''))}{_e(due) if a.get('within_hours') else ''}"
                         f"{_e(COLON[lang] + owner) if owner else ''}</li>")
        parts.append(f'<p class="hb-result__subhead">{_e(_t("actions", lang))}</p>'
                     f'<ul class="hb-result__actions">{"".join(items)}</ul>')
    parts += [_figure(deviation_chart(r, lang, policy)), _steps(r, lang)]
    return _wrap("deviation", status, parts)


# ---------------------------------------------------------------- entries ---

def _lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def render(calculator: str, result: Mapping[str, Any], lang: str = "zh",
           policy: Policy | None = None) -> str:
    """The HTML of one result (as_json() dict) in zh or en, by the registry's renderer."""
    from .registry import CALCULATORS

    entry = CALCULATORS[calculator]
    html = entry.render(result, _lang(lang), policy)
    if entry.display is None:
        return html
    shown = json.dumps(display_outputs(calculator, result, lang, policy), ensure_ascii=False)
    # The key figures as the reader sees them, for the form's <output> elements (form.js
    # reads this and keeps the exact JSON value in each output's data-value).
    return f'{html}<div class="hb-result__display" hidden="" data-display="{_e(shown)}"></div>'


def display_outputs(calculator: str, result: Mapping[str, Any], lang: str = "zh",
                    policy: Policy | None = None) -> dict[str, str]:
    """{output name: the figure as the reader sees it}: thousands separators, U+2212,
    the unit (元 / ¥, 万 kept when typed), in the page's language. Every output of the
    calculator has an entry; figures the calculator does not format are the JSON value."""
    from .registry import CALCULATORS

    entry = CALCULATORS[calculator]
    lang = _lang(lang)
    shown = dict(entry.display(result, lang, policy or get_policy())) if entry.display else {}
    out = {}
    for o in entry.outputs:
        raw = result.get(o.name)
        out[o.name] = shown.get(o.name, "" if raw is None else str(raw))
    return out


def as_text(calculator: str, result: Mapping[str, Any], lang: str = "zh",
            policy: Policy | None = None) -> str:
    """The result as plain text, for "copy the result": title, figures, steps."""
    from .registry import CALCULATORS

    lang = _lang(lang)
    entry = CALCULATORS[calculator]
    lines = [entry.title[lang], *entry.text(result, lang, policy or get_policy())]
    steps = result.get("steps") or ()
    if steps:
        lines.append(_t("steps", lang) + COLON[lang].strip())
        lines += [f"{i}. {s.get(lang, '')}" for i, s in enumerate(steps, 1)]
    return "\n".join(lines)


# ------------------------------------------------------------------ batch ---

BATCH_T: dict[str, dict[str, str]] = {
    "skipped": {"zh": "跳过 {n} 行（不计入结果）：{lines}。",
                "en": "{n} line(s) skipped (not in the results): {lines}."},
    "line": {"zh": "第 {n} 行（{why}）", "en": "line {n} ({why})"},
    "blank": {"zh": "空行", "en": "blank"},
    "unreadable": {"zh": "无法读取", "en": "unreadable"},
    "read": {"zh": "读取为：{what}。", "en": "Read as: {what}."},
    "xlsx": {"zh": "Excel 工作簿（第一个工作表）", "en": "an Excel workbook (its first sheet)"},
    "csv": {"zh": "CSV，{encoding} 编码，{sep}分隔", "en": "CSV, {encoding}, {sep} separated"},
    "\t": {"zh": "制表符", "en": "tab"},
    ";": {"zh": "分号", "en": "semicolon"},
    ",": {"zh": "逗号", "en": "comma"},
}
SEP_LIST = {"zh": "、", "en": ", "}


def _batch_notes(reply: Mapping[str, Any], lang: str) -> str:
    """Which reading was used (file uploads) and the lines skipped, with their numbers."""
    notes = []
    source = reply.get("source")
    if source == "xlsx":
        notes.append(BATCH_T["read"][lang].format(what=BATCH_T["xlsx"][lang]))
    elif source == "csv":
        sep = BATCH_T.get(str(reply.get("separator")), BATCH_T[","])[lang]
        what = BATCH_T["csv"][lang].format(encoding=str(reply.get("encoding", "")).upper(),
                                           sep=sep)
        notes.append(BATCH_T["read"][lang].format(what=what))
    skipped = [s for s in reply.get("skipped") or () if isinstance(s, Mapping)]
    if skipped:
        lines = [BATCH_T["line"][lang].format(
            n=s.get("line"), why=BATCH_T.get(str(s.get("reason")), BATCH_T["unreadable"])[lang])
            for s in skipped[:20]]
        text = SEP_LIST[lang].join(lines) + ("…" if len(skipped) > 20 else "")
        notes.append(BATCH_T["skipped"][lang].format(n=len(skipped), lines=text))
    return "".join(f'<p class="hb-batch__note">{_e(n)}</p>' for n in notes)


def render_batch(kind: str, reply: Mapping[str, Any], lang: str = "zh") -> str:
    """A batch run's results as a table: every row, failing rows marked and explained;
    how the file was read and which lines were skipped (blank or unreadable)."""
    lang = "en" if lang == "en" else "zh"
    rows = list(csv.reader(io.StringIO(str(reply.get("csv", "")), newline="")))
    if not rows:
        return ""
    header, body = rows[0], rows[1:]
    errors = int(reply.get("errors", 0))
    key = "batch_summary" if errors else "batch_ok"
    summary = _t(key, lang, rows=reply.get("rows", len(body)), errors=errors)
    err_cols = {name: header.index(name) for name in ("error_field", "error_zh", "error_en")
                if name in header}
    shown_cols = [i for i, h in enumerate(header) if h not in err_cols]
    head = f'<th scope="col">{_e(_t("row", lang))}</th>' + "".join(
        f'<th scope="col">{_e(header[i])}</th>' for i in shown_cols) + \
        f'<th scope="col">{_e(_t("error", lang))}</th>'
    out = []
    for n, cells in enumerate(body[:MAX_ROWS], 1):
        cells = cells + [""] * (len(header) - len(cells))
        field = cells[err_cols["error_field"]] if "error_field" in err_cols else ""
        message = cells[err_cols[f"error_{lang}"]] if f"error_{lang}" in err_cols else ""
        bad = bool(field or message)
        tds = []
        for i in shown_cols:
            mark = ' class="hb-batch__bad"' if bad and header[i] == field else ""
            tds.append(f"<td{mark}>{_e(cells[i])}</td>")
        err = f'<td class="hb-batch__message">{_e(field)}{COLON[lang] if field else ""}' \
              f"{_e(message)}</td>" if bad else "<td></td>"
        cls = ' class="hb-batch__error"' if bad else ""
        out.append(f'<tr{cls}><th scope="row">{n}</th>{"".join(tds)}{err}</tr>')
    more = f'<p class="hb-batch__more">{_e(_t("batch_more", lang, n=MAX_ROWS))}</p>' \
        if len(body) > MAX_ROWS else ""
    status = "errors" if errors else "ok"
    return (f'<div class="hb-batch" data-status="{status}"><p class="hb-batch__summary" '
            f'role="status">{_e(summary)}</p>{_batch_notes(reply, lang)}'
            f'<div class="hb-result__table" tabindex="0" '
            f'role="region" aria-label="{_e(_t("batch_caption", lang))}"><table class="hb-table">'
            f'<caption>{_e(_t("batch_caption", lang))}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(out)}</tbody></table></div>"
            f"{more}</div>")


def template_csv(kind: str) -> str:
    """The empty batch template of a calculator: its input columns (CLI options, _ for -)."""
    from .registry import CALCULATORS

    return ",".join(CALCULATORS[kind].inputs) + "\r\n"

"""SVG charts of the calculator results, made in Python (no chart library, no download).

The same functions draw the live calculator's chart in the browser (Pyodide) and the
worked examples in the pages at build time. Every chart is an inline `<svg>` with
`role="img"`, an `aria-label` (its short title), a `<title>` and a `<desc>` (the text
alternative: what the chart shows, with the reader's figures), so a screen reader gets
the same facts as the picture. Colours come from classes (`hb-chart__…`, defined in
docs/assets/stylesheets/handbook.css, with light and dark schemes): no `style=`.
All text is escaped. Coordinates are user units in a fixed-width viewBox; the SVG
scales to the container's width (375 px screens included).

- `bonus_curve`: payout rate against completion from the policy ladder (step, linear or
  marginal, sampled through `bonus.payout_rate` itself, so the curve is the rule), the
  threshold and the cap, with the reader's point marked.
- `split_bars`: one horizontal bar per part (period or person), parts of the same parent
  period in alternating shades.
- `deviation_band`: plan to date vs actual, the warning band (± the warning line around
  the plan) and the escalation lines, the actual bar coloured by status.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape as _escape
from typing import Any

from . import display

WIDTH = 480
MAX_BARS = 60


# Characters XML 1.0 does not allow (control characters a pasted label may carry): the
# chart must stay well-formed SVG wherever it is used, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    return _escape(_NOT_XML.sub("", text))


def _f(x: float) -> str:
    """A coordinate: at most one decimal, no exponent."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(kind: str, height: float, title: str, desc: str, body: list[str]) -> str:
    t, d = escape(title), escape(desc)
    return (f'<svg class="hb-chart hb-chart--{kind}" viewBox="0 0 {WIDTH} {_f(height)}" '
            f'role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{t}</title><desc>{d}</desc>" + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, cls: str = "hb-chart__label",
          anchor: str = "start") -> str:
    return (f'<text x="{_f(x)}" y="{_f(y)}" class="{cls}" text-anchor="{anchor}">'
            f"{escape(text)}</text>")


def _line(x1: float, y1: float, x2: float, y2: float, cls: str) -> str:
    return f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" class="{cls}"/>'


def _rect(x: float, y: float, w: float, h: float, cls: str, tip: str = "") -> str:
    inner = f"<title>{escape(tip)}</title>" if tip else ""
    end = f">{inner}</rect>" if inner else "/>"
    return (f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(max(w, 0))}" height="{_f(max(h, 0))}" '
            f'class="{cls}"{end}')


def _short(text: str, limit: int = 11) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ bonus ---

T = {
    "bonus_title": {"zh": "奖金曲线：发放比例随 KPI 完成率变化",
                    "en": "Bonus curve: payout rate by KPI completion"},
    "bonus_x": {"zh": "KPI 完成率", "en": "KPI completion"},
    "bonus_y": {"zh": "发放比例", "en": "Payout rate"},
    "bonus_desc_below": {"zh": "完成率低于 {t} 不发放。",
                         "en": "Below {t} completion nothing is paid."},
    "bonus_desc_tier": {"zh": "完成率 {c} 起发放 {p}", "en": "from {c}: {p}"},
    "bonus_desc_cap": {"zh": "发放比例封顶 {cap}。", "en": "The rate is capped at {cap}."},
    "bonus_desc_you": {"zh": "您的完成率 {c}，发放比例 {p}。",
                       "en": "Your completion {c} gives a payout rate of {p}."},
    "split_title": {"zh": "目标拆解：各部分的目标值", "en": "Target split: the value of each part"},
    "split_more": {"zh": "（共 {n} 项，图中显示前 {m} 项）",
                   "en": " ({n} parts; the chart shows the first {m})"},
    "dev_title": {"zh": "计划与实际：偏差与预警范围",
                  "en": "Plan vs actual, with the warning band"},
    "dev_plan": {"zh": "计划（截至目前）", "en": "Plan to date"},
    "dev_actual": {"zh": "实际", "en": "Actual"},
    "dev_band": {"zh": "预警范围 ±{w}", "en": "Warning band ±{w}"},
    "dev_desc": {"zh": "截至目前计划 {plan}，实际 {actual}，偏差 {pct}；预警范围为 {lo} 至 {hi}"
                       "（计划 ±{w}），状态：{status}。",
                 "en": "Plan to date {plan}, actual {actual}, deviation {pct}; the warning band "
                       "is {lo} to {hi} (plan ±{w}); status: {status}."},
}


def bonus_curve(rules: Mapping[str, Any], completion_pct: Decimal, payout_pct: Decimal,
                lang: str) -> str:
    """The ladder as a curve, the reader's (completion, payout rate) marked."""
    from .bonus import payout_rate  # late: bonus imports the policy machinery

    ladder = rules["ladder"]
    threshold = Decimal(rules["threshold_pct"])
    cap = Decimal(rules["cap_pct"])
    last = Decimal(ladder[-1]["completion_pct"])
    x_lo = max(Decimal(0), min(threshold - 30, completion_pct - 10))
    x_hi = max(last + 30, min(completion_pct + 10, last * 3))
    y_hi = max(cap, Decimal(ladder[-1]["payout_pct"])) * Decimal("1.1")
    left, right, top, bottom = 52.0, WIDTH - 16.0, 16.0, 196.0
    height = bottom + 44

    def sx(c: Decimal) -> float:
        c = min(max(c, x_lo), x_hi)
        return left + float((c - x_lo) / (x_hi - x_lo)) * (right - left)

    def sy(p: Decimal) -> float:
        return bottom - float(min(p, y_hi) / y_hi) * (bottom - top)

    # Sample the rule itself: dense points plus both sides of every breakpoint.
    breaks = {threshold, *(Decimal(t["completion_pct"]) for t in ladder)}
    span = x_hi - x_lo
    samples = {x_lo + span * i / 160 for i in range(161)}
    for b in breaks:
        samples |= {b - Decimal("0.01"), b}
    points = []
    for c in sorted(s for s in samples if x_lo <= s <= x_hi):
        _, rate, _ = payout_rate(c, rules, explain=False)
        points.append(f"{_f(sx(c))},{_f(sy(rate))}")
    body = [_line(left, bottom, right, bottom, "hb-chart__axis"),
            _line(left, top, left, bottom, "hb-chart__axis")]
    for t in ladder:  # grid and ticks at the tiers
        c, p = Decimal(t["completion_pct"]), Decimal(t["payout_pct"])
        body.append(_line(left, sy(p), right, sy(p), "hb-chart__grid"))
        body.append(_text(left - 6, sy(p) + 4, display.pct(p, lang), "hb-chart__tick", "end"))
        if x_lo <= c <= x_hi:
            body.append(_line(sx(c), bottom, sx(c), bottom + 4, "hb-chart__axis"))
            body.append(_text(sx(c), bottom + 17, display.pct(c, lang), "hb-chart__tick",
                              "middle"))
    body.append(f'<polyline points="{" ".join(points)}" class="hb-chart__curve"/>')
    px, py = sx(completion_pct), sy(payout_pct)
    body.append(_line(px, py, px, bottom, "hb-chart__guide"))
    body.append(_line(left, py, px, py, "hb-chart__guide"))
    body.append(f'<circle cx="{_f(px)}" cy="{_f(py)}" r="6" class="hb-chart__point"/>')
    mark = f"{display.pct(completion_pct, lang)} → {display.pct(payout_pct, lang)}"
    anchor = "end" if px > (left + right) / 2 else "start"
    dx = -10 if anchor == "end" else 10
    body.append(_text(px + dx, max(py - 10, top + 10), mark, "hb-chart__mark", anchor))
    body.append(_text((left + right) / 2, bottom + 36, T["bonus_x"][lang], "hb-chart__title",
                      "middle"))
    body.append(_text(left, top - 4, T["bonus_y"][lang], "hb-chart__title", "start"))

    tiers = [T["bonus_desc_tier"][lang].format(c=display.pct(t["completion_pct"], lang),
                                               p=display.pct(t["payout_pct"], lang))
             for t in ladder]
    sep = "，" if lang == "zh" else "; "
    desc = (T["bonus_desc_below"][lang].format(t=display.pct(threshold, lang)) + " "
            + sep.join(tiers) + ("。" if lang == "zh" else ". ")
            + T["bonus_desc_cap"][lang].format(cap=display.pct(cap, lang)) + " "
            + T["bonus_desc_you"][lang].format(c=display.pct(completion_pct, lang, 2),
                                               p=display.pct(payout_pct, lang, 2)))
    return _svg("bonus", height, T["bonus_title"][lang], desc, body)


# ------------------------------------------------------------------ split ---

def split_bars(parts: Sequence[Mapping[str, Any]], unit_text: str, lang: str,
               places: int | None = None) -> str:
    """One bar per part: label, bar, value. `parts` are JSON parts (label, label_en, value)."""
    shown = list(parts[:MAX_BARS])
    values = [Decimal(str(p.get("value", "0"))) for p in shown]
    top_value = max([abs(v) for v in values] + [Decimal(1)])
    left, right, row = 132.0, WIDTH - 86.0, 24.0
    height = 12 + row * len(shown) + 8
    body = [_line(left, 8, left, height - 8, "hb-chart__axis")]
    parent, shade = None, 0
    for i, (p, v) in enumerate(zip(shown, values, strict=True)):
        name = str(p.get("label" if lang == "zh" else "label_en") or p.get("label") or "")
        name = _NOT_XML.sub("", name).strip() or str(i + 1)  # a blank label: the part's number
        if p.get("parent") != parent:
            parent, shade = p.get("parent"), shade + (parent is not None or i > 0)
        y = 10 + row * i
        w = float(abs(v) / top_value) * (right - left)
        value = display.num(v, places)
        body.append(_text(left - 6, y + 15, _short(name), "hb-chart__tick", "end"))
        cls = "hb-chart__bar" + (" hb-chart__bar--alt" if shade % 2 else "")
        body.append(_rect(left, y + 3, w, row - 7, cls, f"{name}: {value} {unit_text}".strip()))
        body.append(_text(left + w + 6, y + 15, value, "hb-chart__value"))
    sep = "；" if lang == "zh" else "; "
    listed = sep.join(
        f"{p.get('label' if lang == 'zh' else 'label_en') or p.get('label')} "
        f"{display.num(v, places)}" for p, v in zip(shown, values, strict=True))
    more = T["split_more"][lang].format(n=len(parts), m=MAX_BARS) if len(parts) > MAX_BARS else ""
    unit = f"（{unit_text}）" if lang == "zh" else f" ({unit_text})"
    desc = f"{listed}{unit if unit_text else ''}{more}"
    return _svg("split", height, T["split_title"][lang] + more, desc, body)


# -------------------------------------------------------------- deviation ---

STATUS_NAMES = {"ok": {"zh": "正常", "en": "OK"}, "warning": {"zh": "预警", "en": "Warning"},
                "escalate": {"zh": "升级上报", "en": "Escalate"}}


def deviation_band(result: Mapping[str, Any], lang: str) -> str:
    """Plan to date and actual as bars, the warning band around the plan."""
    plan = Decimal(str(result["plan_to_date"]))
    actual = Decimal(str(result["actual"]))
    warn = Decimal(str(result["warning_pct"])) / 100
    esc = Decimal(str(result["escalate_pct"])) / 100
    status = str(result.get("status", "ok"))
    lo, hi = plan * (1 - warn), plan * (1 + warn)
    top_value = max(plan * (1 + esc), actual, Decimal(1)) * Decimal("1.08")
    left, right = 120.0, WIDTH - 20.0

    def sx(v: Decimal) -> float:
        return left + float(max(v, Decimal(0)) / top_value) * (right - left)

    rows = ((T["dev_plan"][lang], plan, "hb-chart__bar hb-chart__bar--plan"),
            (T["dev_actual"][lang], actual, f"hb-chart__bar hb-chart__bar--{status}"))
    body = [_rect(sx(lo), 8, sx(hi) - sx(lo), 84, "hb-chart__band",
                  T["dev_band"][lang].format(w=display.pct(result["warning_pct"], lang)))]
    for v in (plan * (1 - esc), plan * (1 + esc)):
        if 0 <= v <= top_value:
            body.append(_line(sx(v), 8, sx(v), 92, "hb-chart__escalate"))
    for i, (name, value, cls) in enumerate(rows):
        y = 14 + 38 * i
        body.append(_text(left - 8, y + 19, name, "hb-chart__tick", "end"))
        body.append(_rect(left, y, sx(value) - left, 26, cls))
        shown = display.num(value, 2)
        inside = sx(value) - left > 90
        body.append(_text(sx(value) - 6 if inside else sx(value) + 6, y + 18, shown,
                          "hb-chart__value hb-chart__value--in" if inside else "hb-chart__value",
                          "end" if inside else "start"))
    body.append(_line(sx(plan), 6, sx(plan), 94, "hb-chart__planline"))
    body.append(_line(left, 8, left, 92, "hb-chart__axis"))
    body.append(_text(sx(lo), 112, display.num(lo, 2), "hb-chart__tick", "middle"))
    body.append(_text(sx(hi), 112, display.num(hi, 2), "hb-chart__tick", "middle"))
    pct = result.get("deviation_pct")
    desc = T["dev_desc"][lang].format(
        plan=display.num(plan, 2), actual=display.num(actual, 2),
        pct="—" if pct is None else display.pct(pct, lang, 2, sign=True),
        lo=display.num(lo, 2), hi=display.num(hi, 2),
        w=display.pct(result["warning_pct"], lang), status=STATUS_NAMES[status][lang])
    return _svg("deviation", 122, T["dev_title"][lang], desc, body)

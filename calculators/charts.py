"""SVG charts of the calculator results, made in Python (no chart library, no download).

The same functions draw the live calculator's chart in the browser (Pyodide) and the
worked examples in the pages at build time. Every chart is an inline `<svg>` with
`role="img"`, an `aria-label` (its short title), a `<title>` and a `<desc>` (the text
alternative: what the chart shows, with the reader's figures), so a screen reader gets
the same facts as the picture. Colours come from classes (`hb-chart__…`, defined in
docs/assets/stylesheets/handbook.css, with light and dark schemes): no `style=`.
The words are the message catalog's [chart] table (status names: [status]).
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
from .i18n import DEFAULT, Msg, t

WIDTH = 480  # the marketing star's chart (star.py scales its text itself)
# The bonus, split and deviation charts are drawn NARROW user units wide and shown at most
# MAX_PX px wide (handbook.css): on a 375 px phone the chart is ~295 px, a scale of ~0.87,
# so FONT-unit text is rendered at >= 12 px; on a desktop at most 440/340 = 1.3 x.
NARROW = 340
FONT = 14  # user units (handbook.css sets the same sizes)
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


def _svg(kind: str, height: float, title: str, desc: str, body: list[str],
         width: int = WIDTH) -> str:
    t, d = escape(title), escape(desc)
    return (f'<svg class="hb-chart hb-chart--{kind}" viewBox="0 0 {width} {_f(height)}" '
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

def text_width(text: str, font: float = FONT) -> float:
    """The width of a label in user units, estimated: CJK characters are one em, digits
    and Latin letters about 0.6 em (the estimate errs wide, so kept labels never touch)."""
    return sum(font * (1.0 if ord(c) > 0x2E7F else 0.62) for c in text)


def _box(x: float, y: float, text: str, anchor: str, font: float = FONT
         ) -> tuple[float, float, float, float]:
    w = text_width(text, font)
    x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    return (x0, y - font, x0 + w, y + font * 0.3)


def _clear(box: tuple[float, float, float, float],
           taken: list[tuple[float, float, float, float]], gap: float = 3) -> bool:
    return all(box[2] + gap <= b[0] or b[2] + gap <= box[0] or box[3] + gap <= b[1]
               or b[3] + gap <= box[1] for b in taken)


class Labels:
    """Text placed only where it overlaps no text already placed (ticks are dropped,
    never drawn on top of each other); `must` labels are placed first by the caller."""

    def __init__(self) -> None:
        self.taken: list[tuple[float, float, float, float]] = []
        self.out: list[str] = []

    def add(self, x: float, y: float, text: str, cls: str = "hb-chart__label",
            anchor: str = "start", force: bool = False) -> bool:
        box = _box(x, y, text, anchor)
        if not force and not _clear(box, self.taken):
            return False
        self.taken.append(box)
        self.out.append(_text(x, y, text, cls, anchor))
        return True


def _legend(items: list[tuple[str, str]], y: float, labels: Labels, body: list[str],
            width: float = NARROW) -> float:
    """Legend rows under a chart: (swatch kind, text); one item a row. Returns the bottom.
    Swatch kinds: "line:<class>", "rect:<class>", "dot:<class>"."""
    for kind, text in items:
        what, cls = kind.split(":", 1)
        if what == "rect":
            body.append(_rect(8, y - 11, 22, 12, cls + " hb-chart__swatch"))
        elif what == "dot":
            body.append(f'<circle cx="19" cy="{_f(y - 5)}" r="5" class="{cls}"/>')
        else:
            body.append(_line(8, y - 5, 30, y - 5, cls))
        for line in _wrap_text(text, width - 46):
            labels.add(38, y, line, "hb-chart__label", force=True)
            y += FONT + 6
        y += 4
    return y


def _wrap_text(text: str, room: float) -> list[str]:
    """Lines that fit `room` units: broken at spaces (English) or anywhere (Chinese)."""
    lines, line = [], ""
    tokens = re.findall(r"\S+\s*", text) if " " in text else list(text)
    for token in tokens:
        if line and text_width((line + token).rstrip()) > room:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _fit(text: str, room: float) -> str:
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def bonus_curve(rules: Mapping[str, Any], completion_pct: Decimal, payout_pct: Decimal,
                lang: str) -> str:
    """The ladder as a curve, the reader's (completion, payout rate) marked, a legend."""
    from .bonus import payout_rate  # late: bonus imports the policy machinery

    ladder = rules["ladder"]
    threshold = Decimal(rules["threshold_pct"])
    cap = Decimal(rules["cap_pct"])
    last = Decimal(ladder[-1]["completion_pct"])
    x_lo = max(Decimal(0), min(threshold - 30, completion_pct - 10))
    x_hi = max(last + 30, min(completion_pct + 10, last * 3))
    y_hi = max(cap, Decimal(ladder[-1]["payout_pct"])) * Decimal("1.1")
    left, right, top, bottom = 50.0, NARROW - 14.0, 30.0, 190.0

    def sx(c: Decimal) -> float:
        c = min(max(c, x_lo), x_hi)
        return left + float((c - x_lo) / (x_hi - x_lo)) * (right - left)

    def sy(p: Decimal) -> float:
        return bottom - float(min(p, y_hi) / y_hi) * (bottom - top)

    # Sample the rule itself: dense points plus both sides of every breakpoint.
    breaks = {threshold, *(Decimal(tier["completion_pct"]) for tier in ladder)}
    span = x_hi - x_lo
    samples = {x_lo + span * i / 160 for i in range(161)}
    for b in breaks:
        samples |= {b - Decimal("0.01"), b}
    points = []
    for c in sorted(s for s in samples if x_lo <= s <= x_hi):
        _, rate, _ = payout_rate(c, rules, explain=False)
        points.append(f"{_f(sx(c))},{_f(sy(rate))}")
    labels = Labels()
    labels.add(left - 4, top - 12, t("chart.bonus_y", lang), "hb-chart__title", "start",
               force=True)
    body = [_line(left, bottom, right, bottom, "hb-chart__axis"),
            _line(left, top, left, bottom, "hb-chart__axis")]
    # The reader's tier first, so it is the tick kept when two would collide.
    order = sorted(ladder, key=lambda tier: (Decimal(tier["payout_pct"]) != payout_pct,
                                             Decimal(tier["completion_pct"])))
    for tier in order:  # grid and ticks at the tiers
        c, p = Decimal(tier["completion_pct"]), Decimal(tier["payout_pct"])
        body.append(_line(left, sy(p), right, sy(p), "hb-chart__grid"))
        labels.add(left - 6, sy(p) + 5, display.pct(p, lang), "hb-chart__tick", "end")
        if x_lo <= c <= x_hi:
            body.append(_line(sx(c), bottom, sx(c), bottom + 4, "hb-chart__axis"))
            labels.add(sx(c), bottom + 20, display.pct(c, lang), "hb-chart__tick", "middle")
    body.append(f'<polyline points="{" ".join(points)}" class="hb-chart__curve"/>')
    px, py = sx(completion_pct), sy(payout_pct)
    body.append(_line(px, py, px, bottom, "hb-chart__guide"))
    body.append(_line(left, py, px, py, "hb-chart__guide"))
    body.append(f'<circle cx="{_f(px)}" cy="{_f(py)}" r="6" class="hb-chart__point"/>')
    labels.add((left + right) / 2, bottom + 42, t("chart.bonus_x", lang), "hb-chart__title",
               "middle", force=True)
    mark = f"{display.pct(completion_pct, lang)} → {display.pct(payout_pct, lang)}"
    end = _legend([("line:hb-chart__curve", t("chart.bonus_legend_curve", lang)),
                   ("dot:hb-chart__point", t("chart.bonus_legend_you", lang, m=mark))],
                  bottom + 70, labels, body)
    body += labels.out

    tiers = [t("chart.bonus_desc_tier", lang, c=display.pct(tier["completion_pct"], lang),
               p=display.pct(tier["payout_pct"], lang)) for tier in ladder]
    desc = t("chart.bonus_desc", lang,
             below=t("chart.bonus_desc_below", lang, threshold=display.pct(threshold, lang)),
             tiers=t("chart.bonus_tier_sep", lang).join(tiers),
             cap=t("chart.bonus_desc_cap", lang, cap=display.pct(cap, lang)),
             you=t("chart.bonus_desc_you", lang, c=display.pct(completion_pct, lang, 2),
                   p=display.pct(payout_pct, lang, 2)))
    return _svg("bonus", end, t("chart.bonus_title", lang), desc, body, NARROW)


# ------------------------------------------------------------------ split ---

def _in_lang(part: Mapping[str, Any], key: str, lang: str) -> object:
    """A part's text in `lang`: split.py gives `label` in the source language and
    `label_<lang>` in the others (label_en); a language it gives none for reads the
    source (the zh-Hant pages are converted from it)."""
    return part.get(key if lang == DEFAULT else f"{key}_{lang}") or part.get(key)


def _part_label(part: Mapping[str, Any], lang: str) -> str:
    return str(_in_lang(part, "label", lang) or "")


def split_bars(parts: Sequence[Mapping[str, Any]], unit_text: str, lang: str,
               places: int | None = None) -> str:
    """One bar per part: label, bar, value; parts of one parent share a shade, and the
    legend names the parents. `parts` are JSON parts (label, label_en, value, parent)."""
    shown = list(parts[:MAX_BARS])
    values = [Decimal(str(p.get("value", "0"))) for p in shown]
    top_value = max([abs(v) for v in values] + [Decimal(1)])
    left, row, head = 96.0, 28.0, 28.0
    texts = [display.num(v, places) for v in values]
    right = NARROW - 8.0 - max([text_width(t) for t in texts] + [0]) - 6
    labels = Labels()
    unit = t("chart.split_unit", lang, unit=unit_text) if unit_text else ""
    if unit:
        labels.add(8, 16, unit, "hb-chart__title", force=True)
    body = [_line(left, head - 4, left, head + row * len(shown), "hb-chart__axis")]
    parent, shade, groups = None, 0, []
    for i, (p, v, value) in enumerate(zip(shown, values, texts, strict=True)):
        name = _part_label(p, lang)
        name = _NOT_XML.sub("", name).strip() or str(i + 1)  # a blank label: the part's number
        if i == 0 or p.get("parent") != parent:
            shade = shade + 1 if i else 0
            parent = p.get("parent")
            if parent:
                groups.append((shade, str(_in_lang(p, "parent", lang) or parent)))
        y = head + row * i
        w = float(abs(v) / top_value) * (right - left)
        labels.add(left - 6, y + 18, _fit(name, left - 12), "hb-chart__tick", "end", force=True)
        cls = "hb-chart__bar" + (" hb-chart__bar--alt" if shade % 2 else "")
        body.append(_rect(left, y + 5, w, row - 10, cls, f"{name}: {value} {unit_text}".strip()))
        labels.add(left + w + 6, y + 18, value, "hb-chart__value", force=True)
    end = head + row * len(shown) + 24
    if len(groups) > 1:
        items = [(f"rect:hb-chart__bar{' hb-chart__bar--alt' if g % 2 else ''}", name)
                 for g, name in groups[:8]]
        end = _legend(items, end, labels, body)
    body += labels.out
    listed = t("chart.split_part_sep", lang).join(
        f"{_part_label(p, lang)} {display.num(v, places)}"
        for p, v in zip(shown, values, strict=True))
    more = (t("chart.split_more", lang, n=len(parts), m=MAX_BARS)
            if len(parts) > MAX_BARS else "")
    unit_desc = t("chart.split_unit_desc", lang, unit=unit_text) if unit_text else ""
    desc = f"{listed}{unit_desc}{more}"
    return _svg("split", end, t("chart.split_title", lang) + more, desc, body, NARROW)


# -------------------------------------------------------------- deviation ---

def deviation_band(result: Mapping[str, Any], lang: str) -> str:
    """Plan to date and actual as bars with their values above them, the warning band
    around the plan, the escalation lines, and a legend naming each; figures in 万 when
    the reader typed 万 (result "scale")."""
    plan = Decimal(str(result["plan_to_date"]))
    actual = Decimal(str(result["actual"]))
    warn = Decimal(str(result["warning_pct"])) / 100
    esc = Decimal(str(result["escalate_pct"])) / 100
    status = str(result.get("status", "ok"))
    status_name = Msg(f"status.{status}")  # the status names are the catalog's [status]
    scale = str(result.get("scale") or "")
    lo, hi = plan * (1 - warn), plan * (1 + warn)
    top_value = max(plan * (1 + esc), actual, Decimal(1)) * Decimal("1.05")
    left, right = 8.0, NARROW - 8.0

    def sx(v: Decimal) -> float:
        return left + float(max(v, Decimal(0)) / top_value) * (right - left)

    def fig(v: Decimal) -> str:
        return display.compact(v, lang, scale)

    labels = Labels()
    rows = ((t("outputs.deviation.plan_to_date", lang), plan, "hb-chart__bar hb-chart__bar--plan"),
            (t("outputs.deviation.actual", lang), actual, f"hb-chart__bar hb-chart__bar--{status}"))
    band_top, band_bottom = 24.0, 104.0
    body = [_rect(sx(lo), band_top, sx(hi) - sx(lo), band_bottom - band_top, "hb-chart__band",
                  t("chart.dev_band", lang, w=display.pct(result["warning_pct"], lang)))]
    for v in (plan * (1 - esc), plan * (1 + esc)):
        if 0 <= v <= top_value:
            body.append(_line(sx(v), band_top, sx(v), band_bottom, "hb-chart__escalate"))
    for i, (name, value, cls) in enumerate(rows):
        y = 20 + 44 * i
        labels.add(left, y, f"{name} {fig(value)}", "hb-chart__label", force=True)
        body.append(_rect(left, y + 8, sx(value) - left, 24, cls))
    body.append(_line(sx(plan), band_top - 2, sx(plan), band_bottom + 2, "hb-chart__planline"))
    body.append(_line(left, band_bottom + 2, right, band_bottom + 2, "hb-chart__axis"))
    for v in (Decimal(0), lo, hi):
        labels.add(sx(v), band_bottom + 20, fig(v), "hb-chart__tick",
                   "start" if v == 0 else "middle")
    w_text = display.pct(result["warning_pct"], lang)
    e_text = display.pct(result["escalate_pct"], lang)
    end = _legend([
        ("rect:hb-chart__band", t("chart.dev_legend_band", lang, w=w_text, lo=fig(lo), hi=fig(hi))),
        ("line:hb-chart__planline", t("outputs.deviation.plan_to_date", lang)),
        ("line:hb-chart__escalate", t("chart.dev_legend_escalate", lang, e=e_text)),
        (f"rect:hb-chart__bar hb-chart__bar--{status}",
         t("chart.dev_legend_actual", lang, s=status_name)),
    ], band_bottom + 48, labels, body)
    body += labels.out
    pct = result.get("deviation_pct")
    desc = t(
        "chart.dev_desc", lang,
        plan=fig(plan), actual=fig(actual),
        pct="—" if pct is None else display.pct(pct, lang, 2, sign=True),
        lo=fig(lo), hi=fig(hi),
        w=display.pct(result["warning_pct"], lang), status=status_name)
    return _svg("deviation", end, t("chart.dev_title", lang), desc, body, NARROW)

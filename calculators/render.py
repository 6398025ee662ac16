"""One renderer for every result a reader sees: the live calculators and the worked examples.

`render(calculator, result, lang)` turns a calculator's JSON result (the dict of
`as_json()`, exactly what the CLI's --json prints and the browser receives) into HTML:
the verdict (tier reached, status, parts), the figures, an SVG chart (calculators.charts)
and the numbered explanation. The browser worker returns this HTML and the page only
inserts it; the macros call the same function at build time for the handbook's worked
examples, so an example on a page and the live calculator cannot disagree.

`as_text(calculator, result, lang)` is the same result as plain text ("copy the result").
`render_batch(kind, reply, lang)` is a batch run as people read it on screen: the summary
and the skipped lines first, then the table with its key columns first (failing rows
marked and explained). `template_csv(kind)` is the empty CSV template of a calculator.

Words come from the message catalog (calculators/catalog/<lang>.toml: [render],
[batch_ui], status names from [status]), in any language it declares (`lang` is
normalised by calculators.i18n.language; zh-Hant is generated). Texts of the policy data
and of the result JSON carry their own languages and are picked with i18n.pick.

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
import re
from collections.abc import Mapping
from decimal import Decimal
from html import escape
from typing import Any

from . import charts, display
from .i18n import DEFAULT, Msg, catalog, language, pick, t
from .policy import Policy, get_policy

MAX_ROWS = 200


def _t(name: str, lang: str, /, **kw: Any) -> str:
    """A [render] catalog string (calculators/catalog/<lang>.toml) in `lang`."""
    return t(f"render.{name}", lang, **kw)


def _pair(key: str, value: object, lang: str) -> str:
    return _t("pair", lang, key=key, value=value)


def _pick(texts: object, lang: str) -> str:
    """A text of the result JSON or the policy data in `lang`: a message dict carries
    every language ({"id", "zh", "en", "zh-Hant"}); data texts carry zh and en only."""
    if isinstance(texts, Msg):
        return texts.text(lang)
    if not isinstance(texts, Mapping):
        return "" if texts is None else str(texts)
    if lang in texts:
        return str(texts[lang])
    return pick(texts, lang) if "zh" in texts else ""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _steps(result: Mapping[str, Any], lang: str) -> str:
    items = "".join(f"<li>{_e(_pick(s, lang))}</li>" for s in result.get("steps") or ())
    return (f'<details class="hb-result__steps" open=""><summary>{_e(t("common.steps", lang))}'
            '</summary>'
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
    return [_bonus_verdict(r, lang), *(_pair(k, v, lang) for k, v in _bonus_rows(r, lang))]


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
    if scale and display._scaled(_d(r["total"]), scale) is None:
        # the payable amount is not exact in the 万 typed, so it is shown to the fen:
        # its components are too (display.amount's own rule, asked directly)
        scale = ""
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
    return _pick(spec["name"], lang) if spec else ""


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
        name = _part_name(p.get("label"), p.get("label_en"), lang)
        parent = p.get("parent")
        if parent:
            name = f"{_part_name(parent, names.get(parent), lang)} · {name}"
        lines.append(_pair(name, _split_value(p["value"], r, lang, policy), lang))
    return lines


def _part_name(label: object, label_en: object, lang: str) -> str:
    """A part's name in `lang`: parts carry their zh label and an English one."""
    return _pick({"zh": str(label or ""), "en": str(label_en or label or "")}, lang)


LEVELS = ("quarters", "months", "weeks", "people")  # named by render.level.<key>


def _level_table(title: str, parts: list[Mapping[str, Any]], r: Mapping[str, Any],
                 lang: str, policy: Policy, whole: Mapping[str, Decimal], places: int) -> str:
    """One level of the cascade: part, within, target (unit), share of the level above."""
    names = _parent_names(r)
    with_parent = any(p.get("parent") for p in parts)
    unit = _unit_text(r, lang, policy)
    unit_head = _t("paren", lang, text=unit) if unit else ""
    head = f"<th scope=\"col\">{_e(_t('part', lang))}</th>"
    if with_parent:
        head += f"<th scope=\"col\">{_e(_t('parent', lang))}</th>"
    head += (f'<th scope="col" class="hb-num">{_e(_t("value", lang) + unit_head)}</th>'
             f'<th scope="col" class="hb-num">{_e(_t("share", lang))}</th>')
    body = []
    for p in parts[:MAX_ROWS]:
        name = _part_name(p.get("label"), p.get("label_en"), lang)
        row = f"<th scope=\"row\">{_e(name)}</th>"
        parent = p.get("parent") or ""
        if with_parent:
            row += f"<td>{_e(_part_name(parent, names.get(parent), lang))}</td>"
        above = whole.get(parent, whole[""])
        share = _d(p["value"]) / above * 100 if above else Decimal(0)
        row += (f'<td class="hb-num">{_e(display.num(p["value"], places))}</td>'
                f'<td class="hb-num">{_e(display.pct(share, lang, 2))}</td>')
        body.append(f"<tr>{row}</tr>")
    caption = title + _t("paren", lang, text=_t("share_note", lang))
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
        name = _t(f"level.{key}", lang) if key in LEVELS else _t("parts_caption", lang)
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
    way = t("status." + ("favourable" if fav else "unfavourable" if fav is False else
                         "neutral" if r.get("direction") == "both" and _d(r["deviation"])
                         else "on_plan"), lang)
    beyond = pct is None or abs(_d(pct)) > _d(r["warning_pct"])
    where = _t("beyond" if beyond else "within", lang,
               w=display.pct(r["warning_pct"], lang))
    shown = _t("dev_none", lang) if pct is None else display.pct(pct, lang, 2, sign=True)
    return _t("dev_verdict", lang, pct=shown, way=way, where=where)


def _deviation_rows(r: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    pct = r.get("deviation_pct")
    return [
        (_t("status", lang), t(f"status.{r['status']}", lang)),
        (_t("plan_to_date", lang), display.num(r["plan_to_date"], 2)),
        (_t("actual", lang), display.num(r["actual"], 2)),
        (_t("deviation", lang), display.num(r["deviation"], 2, sign=True)),
        (_t("deviation_pct", lang), "—" if pct is None else display.pct(pct, lang, 2, sign=True)),
        (_t("owner", lang), _pick(r.get("owner"), lang)),
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
    lines += [_pair(k, v, lang) for k, v in _deviation_rows(r, lang)]
    lines += [f"- {_pick(a, lang)}" for a in r.get("actions") or ()]
    return lines


def render_deviation(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    status = str(r["status"])
    parts = [f'<p class="hb-result__verdict"><span class="hb-status hb-status--{_e(status)}">'
             f"{_e(t(f'status.{status}', lang))}</span> {_e(_deviation_verdict(r, lang))}</p>",
             _figures(_deviation_rows(r, lang), lang)]
    actions = r.get("actions") or ()
    if actions:
        items = []
        for a in actions:
            due = _t("paren", lang, text=_t("within_hours", lang, h=a["within_hours"])) \
                if a.get("within_hours") else ""
            owner = _pick(a.get("owner"), lang)
            items.append(f"<li>{_e(_pick(a, lang))}{_e(due)}"
                         f"{_e(_t('owner_suffix', lang, owner=owner)) if owner else ''}</li>")
        parts.append(f'<p class="hb-result__subhead">{_e(_t("actions", lang))}</p>'
                     f'<ul class="hb-result__actions">{"".join(items)}</ul>')
    parts += [_figure(deviation_chart(r, lang, policy)), _steps(r, lang)]
    return _wrap("deviation", status, parts)


# ---------------------------------------------------------------- entries ---

def render(calculator: str, result: Mapping[str, Any], lang: str = DEFAULT,
           policy: Policy | None = None) -> str:
    """The HTML of one result (as_json() dict) in `lang` (any catalog language), by the
    registry's renderer."""
    from .registry import CALCULATORS

    entry = CALCULATORS[calculator]
    html = entry.render(result, language(lang), policy)
    if entry.display is None:
        return html
    shown = json.dumps(display_outputs(calculator, result, lang, policy), ensure_ascii=False)
    # The key figures as the reader sees them, for the form's <output> elements (form.js
    # reads this and keeps the exact JSON value in each output's data-value).
    return f'{html}<div class="hb-result__display" hidden="" data-display="{_e(shown)}"></div>'


def display_outputs(calculator: str, result: Mapping[str, Any], lang: str = DEFAULT,
                    policy: Policy | None = None) -> dict[str, str]:
    """{output name: the figure as the reader sees it}: thousands separators, U+2212,
    the unit (元 / ¥, 万 kept when typed), in the page's language. Every output of the
    calculator has an entry; figures the calculator does not format are the JSON value."""
    from .registry import CALCULATORS

    entry = CALCULATORS[calculator]
    lang = language(lang)
    shown = dict(entry.display(result, lang, policy or get_policy())) if entry.display else {}
    out = {}
    for o in entry.outputs:
        raw = result.get(o.name)
        out[o.name] = shown.get(o.name, "" if raw is None else str(raw))
    return out


def as_text(calculator: str, result: Mapping[str, Any], lang: str = DEFAULT,
            policy: Policy | None = None) -> str:
    """The result as plain text, for "copy the result": title, figures, steps."""
    from .registry import CALCULATORS

    lang = language(lang)
    entry = CALCULATORS[calculator]
    lines = [_pick(entry.title, lang), *entry.text(result, lang, policy or get_policy())]
    steps = result.get("steps") or ()
    if steps:
        lines.append(_t("heading", lang, text=t("common.steps", lang)))
        lines += [f"{i}. {_pick(s, lang)}" for i, s in enumerate(steps, 1)]
    return "\n".join(lines)


# ------------------------------------------------------------------ batch ---

SEPARATORS = {"\t": "tab", ";": "semicolon", ",": "comma"}  # -> batch_ui.<name>
MAX_SKIPPED = 20  # skipped lines listed by number; more are counted
LONG_CELL = 24  # characters: a longer cell wraps (handbook.css) instead of a wide column
# A figure as the batch writes it for the downloads (bonus.fixed2, split.fixed): plain
# digits, an optional "-" and decimals. On screen it is written as the single result
# writes it (calculators.display); the CSV and XLSX keep it plain.
PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# A column's unit: its output's, else the registry's batch_units. A column with neither
# is a plain number (grouped), or, for an output without a unit in a calculator with a
# "unit" column, in the row's unit.
ROW_UNIT = "unit"  # the batch column that names a row's unit (split)
_IN_ROW_UNIT = "row"  # (a column's unit: the row's)


def _b(name: str, lang: str, /, **kw: Any) -> str:
    """A [batch_ui] catalog string in `lang`."""
    return t(f"batch_ui.{name}", lang, **kw)


def _counted(name: str, n: int, lang: str, /, **kw: Any) -> str:
    """A [batch_ui] string that counts `n` things: English has a form for one
    (`<name>_one`) and one for any other count (`<name>`, or `<name>_many` when the plain
    id is not in the catalog); Chinese writes both the same."""
    if n == 1:
        return _b(f"{name}_one", lang, **kw)
    many = f"{name}_many"
    return _b(many if f"batch_ui.{many}" in catalog(lang) else name, lang, **kw)


def _batch_notes(reply: Mapping[str, Any], lang: str) -> str:
    """Which reading was used (file uploads) and the lines skipped, with their numbers."""
    notes = []
    source = reply.get("source")
    if source == "xlsx":
        notes.append(_b("read", lang, what=_b("xlsx", lang)))
    elif source == "csv":
        sep = _b(SEPARATORS.get(str(reply.get("separator")), "comma"), lang)
        what = _b("csv", lang, encoding=str(reply.get("encoding", "")).upper(), sep=sep)
        notes.append(_b("read", lang, what=what))
    skipped = [s for s in reply.get("skipped") or () if isinstance(s, Mapping)]
    if skipped:
        why = {"blank": _b("blank", lang), "unreadable": _b("unreadable", lang)}
        lines = [_b("line", lang, n=s.get("line"),
                    why=why.get(str(s.get("reason")), why["unreadable"]))
                 for s in skipped[:MAX_SKIPPED]]
        text = _b("list_sep", lang).join(lines) + ("…" if len(skipped) > MAX_SKIPPED else "")
        notes.append(_counted("skipped", len(skipped), lang, n=len(skipped), lines=text))
    return "".join(f'<p class="hb-batch__note">{_e(n)}</p>' for n in notes)


def _input_lines(reply: Mapping[str, Any], count: int) -> list[int]:
    """Each result row's line in the file: the reply's `lines` when it has them, else the
    lines after the header (line 1) that were not skipped."""
    given = reply.get("lines")
    if isinstance(given, list) and len(given) == count:
        return [int(n) for n in given]
    gone = {int(s["line"]) for s in reply.get("skipped") or ()
            if isinstance(s, Mapping) and str(s.get("line", "")).isdigit()}
    out: list[int] = []
    line = 2
    while len(out) < count:
        if line not in gone:
            out.append(line)
        line += 1
    return out


class _Columns:
    """The batch output's columns as the page shows them: titles in the page's language,
    the key columns (name, main result, status or error) first, the rest after."""

    def __init__(self, kind: str, header: list[str], lang: str) -> None:
        from .batch import _aliases, _key  # (batch imports the registry, which imports us)
        from .i18n import LANGUAGES
        from .registry import CALCULATORS

        entry = CALCULATORS.get(kind)
        errors = {"error_field", *(f"error_{code}" for code in LANGUAGES)}
        self.header = header
        self.index = {h: i for i, h in enumerate(header)}
        self.lang = lang
        self.fields = {}
        outputs: list[str] = []
        main = ""
        if entry is not None:
            aliases = _aliases(entry)
            self.fields = {h: entry.field(_key(h, aliases)) for h in header
                           if _key(h, aliases) in entry.inputs}
            outputs = [f"result_{n}" if n in entry.inputs else n for n in entry.batch_columns]
            headline = next((o.name for o in entry.outputs if o.headline), "")
            names = dict(zip(entry.batch_columns, outputs, strict=True))
            main = names.get(headline) or (outputs[0] if outputs else "")
        self.outputs = set(outputs)
        # Each output column's unit (see ROW_UNIT): from the registry's outputs first.
        self.units: dict[str, str] = {}
        self.signed: set[str] = set()
        self.row_unit = ""
        self.unit_names: dict[str, Any] = {}
        if entry is not None:
            in_row = ROW_UNIT in entry.batch_columns
            if in_row:
                self.row_unit = names[ROW_UNIT]
                units = get_policy()["decomposition"]["units"]
                self.unit_names = {k: v["name"] for k, v in units.items()}
            # display.unit.<unit> -> <unit>; an output without one: the row's, or none
            units = {o.name: o.unit.id.rsplit(".", 1)[-1] if o.unit else
                     _IN_ROW_UNIT if in_row else "" for o in entry.outputs}
            for n, h in names.items():
                self.units[h] = units[n] if n in units else entry.batch_units.get(n, "")
                if n in entry.batch_signed:
                    self.signed.add(h)
        self.figures: set[str] = set()  # the output columns of figures (set_figures)
        known = errors | self.outputs | set(self.fields) | {"extra"}
        self.name = next((h for h in header if h not in known), "")
        self.main = main if main in self.index else ""
        self.status = "status" if "status" in self.outputs and "status" in self.index else ""
        keys = {self.name, self.main, self.status}
        self.rest = [h for h in header if h not in errors and h not in keys]

    def title(self, h: str) -> str:
        if h in self.fields:
            return _pick(self.fields[h].label, self.lang)
        key = f"batch_ui.col.{h}"
        if (h in self.outputs or h == "extra") and key in catalog(self.lang):
            return t(key, self.lang)
        return h

    def field_title(self, name: str) -> str:
        """An error's field (an input name) titled as its column is on the page."""
        column = next((h for h, f in self.fields.items() if f.name == name), "")
        return self.title(column) if column else name

    def set_figures(self, body: list[list[str]]) -> None:
        """The output columns whose cells are all figures (or empty: a row with an error),
        in the rows shown: right-aligned, and each cell written as a single result writes
        it. Status words, owners, yes/no and the like are not figures."""
        for h in self.outputs:
            i = self.index.get(h)
            if i is None:
                continue
            cells = [row[i] for row in body if i < len(row) and row[i]]
            if cells and all(PLAIN.fullmatch(c) for c in cells):
                self.figures.add(h)

    def figure(self, h: str, raw: str, cells: list[str]) -> str:
        """A figure of an output column in the page's language, by the same calculators.display
        functions the single result uses (one formatter), to the places the batch wrote it
        (a table compares rows, so every row keeps them; nothing is rounded)."""
        places = _places(raw)
        unit = self.units.get(h, "")
        sign = h in self.signed
        if unit == "yuan":
            return display.yuan(raw, self.lang, places)
        if unit == "percent":
            return display.pct(raw, self.lang, places, sign=sign)
        if unit == _IN_ROW_UNIT and self.row_unit in self.index:
            row_unit = cells[self.index[self.row_unit]]
            return display.in_unit(raw, row_unit, self.lang, places, self.unit_names)
        return display.num(raw, places, sign=sign)

    def value(self, h: str, cells: list[str]) -> str:
        """A cell as the reader sees it: figures as single results write them, status and
        direction names, yes/no, unit names; input cells as the reader typed them."""
        raw = cells[self.index[h]] if h in self.index else ""
        if h not in self.outputs or not raw:
            return raw
        if h in self.figures and PLAIN.fullmatch(raw):
            return self.figure(h, raw, cells)
        labelled = _labelled_figures(raw)
        if labelled is not None:
            return labelled
        if h in ("status", "favourable") and f"status.{raw}" in catalog(self.lang):
            return t(f"status.{raw}", self.lang)
        if raw in ("true", "false"):
            return _b("yes" if raw == "true" else "no", self.lang)
        if h == "result_unit":  # split's unit: its name, as the single result names it
            return _unit_text({"unit": raw}, self.lang, get_policy()) or raw  # pct: %
        return raw


def _labelled_figures(raw: str) -> str | None:
    """A cell of "name=figure" pairs (a split's parts: "A=2500000.00; B=2500000.00")
    with each figure grouped as display.num writes it; None when the cell is not such a
    list (a name with "=" or "; " in it leaves the whole cell as it is)."""
    pairs = [part.rpartition("=") for part in raw.split("; ")]
    if not all(sep and name and PLAIN.fullmatch(value) for name, sep, value in pairs):
        return None
    return "; ".join(f"{name}={display.num(value, _places(value))}"
                     for name, _, value in pairs)


def render_batch(kind: str, reply: Mapping[str, Any], lang: str = DEFAULT) -> str:
    """A batch run's results as people read them on screen, in the page's language:
    first the summary (rows in, computed, with errors) and the lines skipped, with their
    numbers; then the table, its key columns first (line, name, main result, status or
    error: sticky on a phone, handbook.css), the other columns after. Titles and status
    names come from the catalog; the downloads keep the machine names and values."""
    lang = language(lang)
    rows = list(csv.reader(io.StringIO(str(reply.get("csv", "")), newline="")))
    if not rows:
        return ""
    header, body = rows[0], rows[1:]
    errors = int(reply.get("errors", 0))
    count = int(reply.get("rows", len(body)))
    summary = _counted("summary", count, lang, rows=count, computed=count - errors,
                       errors=errors) if errors else _counted("summary_ok", count, lang,
                                                             rows=count)
    cols = _Columns(kind, header, lang)
    cols.set_figures(body[:MAX_ROWS])
    message_col = next((c for c in (f"error_{lang}", "error_zh") if c in cols.index), "")

    def cell(h: str, cells: list[str]) -> str:
        return cells[cols.index[h]] if h in cols.index else ""

    named = bool(cols.name)
    key = ["line", *(["name"] if named else []), "main", "status"]
    heads = [_b("row", lang), *([cols.title(cols.name)] if named else []),
             cols.title(cols.main) if cols.main else "", _b("status_head", lang)]
    # figures right-aligned with tabular digits (handbook.css .hb-num), their heads too
    main_num = " hb-num" if cols.main in cols.figures else ""
    head = "".join(f'<th scope="col" class="hb-batch__key hb-batch__key--{k}'
                   f'{main_num if k == "main" else ""}">{_e(h)}</th>'
                   for k, h in zip(key, heads, strict=True))
    num = ' class="hb-num"'
    head += "".join(f'<th scope="col"{num if h in cols.figures else ""}>'
                    f"{_e(cols.title(h))}</th>" for h in cols.rest)
    out = []
    lines = _input_lines(reply, len(body[:MAX_ROWS]))
    for line, cells in zip(lines, body[:MAX_ROWS], strict=True):
        cells = cells + [""] * (len(header) - len(cells))
        field = cell("error_field", cells)
        message = cell(message_col, cells) if message_col else ""
        bad = bool(field or message)
        tds = [f'<th scope="row" class="hb-batch__key hb-batch__key--line">{line}</th>']
        if named:
            tds.append(f'<td class="hb-batch__key hb-batch__key--name">'
                       f"{_e(cell(cols.name, cells))}</td>")
        tds.append(f'<td class="hb-batch__key hb-batch__key--main hb-num">'
                   f"{_e(cols.value(cols.main, cells)) if cols.main else ''}</td>")
        if bad:
            where = cols.field_title(field)
            text = _t("pair", lang, key=where, value=message) if where else message
            tds.append(f'<td class="hb-batch__key hb-batch__key--status hb-batch__message">'
                       f"{_e(text)}</td>")
        elif cols.status:
            raw = cell(cols.status, cells)
            tds.append(f'<td class="hb-batch__key hb-batch__key--status"><span class="hb-status '
                       f'hb-status--{_e(raw)}">{_e(cols.value(cols.status, cells))}</span></td>')
        else:
            tds.append(f'<td class="hb-batch__key hb-batch__key--status">'
                       f"{_e(_b('result_ok', lang))}</td>")
        for h in cols.rest:
            value = cols.value(h, cells)
            marks = [*(["hb-batch__bad"] if bad and h in cols.fields
                       and cols.fields[h].name == field else []),
                     *(["hb-num"] if h in cols.figures else []),
                     *(["hb-batch__long"] if len(value) > LONG_CELL else [])]
            mark = f' class="{" ".join(marks)}"' if marks else ""
            tds.append(f"<td{mark}>{_e(value)}</td>")
        cls = ' class="hb-batch__error"' if bad else ""
        out.append(f'<tr{cls} data-line="{line}">{"".join(tds)}</tr>')
    more = f'<p class="hb-batch__more">{_e(_b("more", lang, n=MAX_ROWS))}</p>' \
        if len(body) > MAX_ROWS else ""
    status = "errors" if errors else "ok"
    table_cls = "hb-table hb-batch__table" + (" hb-batch__table--named" if named else "")
    caption = _b("caption", lang)
    return (f'<div class="hb-batch" data-status="{status}"><p class="hb-batch__summary" '
            f'role="status">{_e(summary)}</p>{_batch_notes(reply, lang)}{more}'
            f'<div class="hb-result__table hb-batch__scroll" tabindex="0" role="region" '
            f'aria-label="{_e(caption)}"><table class="{table_cls}">'
            f'<caption>{_e(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(out)}</tbody></table></div></div>")


def template_csv(kind: str) -> str:
    """The empty batch template of a calculator: its input columns (CLI options, _ for -)."""
    from .registry import CALCULATORS

    return ",".join(CALCULATORS[kind].inputs) + "\r\n"

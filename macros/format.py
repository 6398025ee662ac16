"""Formatting for the macros: values and tables in the page's language.

No arithmetic here: numbers come from the validated policy and the calculators;
this module only turns them into text, Markdown and HTML.

`value(key, v, lang)` picks the format from the value's type and its key's suffix:

| suffix / type            | zh            | en                     |
|--------------------------|---------------|------------------------|
| `_pct`                   | 10%           | 10 %                   |
| `_hours` `_days` `_minutes` `_seconds` `_months` | 24 小时 | 24 hours |
| `_times_per_week`        | 每周 3 次      | 3 times a week         |
| `_day_of_next_month`     | 次月 3 日      | the 3rd of the following month |
| `_yuan`                  | 1,000 元       | ¥1,000                 |
| `_wan_yuan`              | 5,000 万元     | ¥50 million            |
| `_wan` (a count)         | 500 万         | 5 million              |
| date                     | 2026年1月1日    | 1 January 2026         |
| time                     | 17:00         | 17:00                  |
| `{zh, en}` label         | the page's language                    |
| criterion `{op, value, unit}` | ≥ 85%    | ≥ 85 %                 |
| list                     | 甲、乙、丙      | A, B and C             |
| known words (`monday`, `monthly`, `seed`…) | 周一 | Monday           |
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calculators import display

LANGS = ("zh", "en")


def label(text: dict[str, str] | str, lang: str) -> str:
    return text[lang] if isinstance(text, dict) else str(text)


def is_label(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == set(LANGS)


# Numbers go through calculators.display, the one set of display rules shared with the
# calculators' explanations and charts (it runs in the browser too); these names are the
# macros' vocabulary for it.


def number(value: Decimal | int) -> str:
    """Plain number, no trailing zeros: 150, 12.5, 1,600 (thousands separated)."""
    return display.num(value)


def percent(value: Decimal | int, lang: str) -> str:
    return display.pct(value, lang)


def signed_percent(value: Decimal | int, lang: str) -> str:
    """A deviation: −24% / −24 %."""
    return display.pct(value, lang, sign=True)


def yuan(value: Decimal | int, lang: str) -> str:
    return display.yuan(value, lang)


def wan_yuan(value: Decimal | int, lang: str) -> str:
    """万元 amounts; English readers get millions (a decimal shift, not a computation)."""
    return display.wan_yuan(value, lang)


def wan(value: Decimal | int, lang: str) -> str:
    """A count in 万 (ten thousands), e.g. exposure."""
    return display.wan(value, lang)


def _plural(n: Decimal | int, one: str, many: str) -> str:
    return f"{number(n)} {one if n == 1 else many}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


DURATIONS: dict[str, tuple[str, str, str]] = {
    # unit: zh word, en singular, en plural
    "hours": ("小时", "hour", "hours"),
    "days": ("天", "day", "days"),
    "minutes": ("分钟", "minute", "minutes"),
    "seconds": ("秒", "second", "seconds"),
    "months": ("个月", "month", "months"),
}

COUNTS: dict[str, tuple[str, str, str]] = {
    "customers": ("家", "customer", "customers"),
    "items": ("项", "item", "items"),
}


def with_unit(value: Decimal | int, unit: str, lang: str) -> str:
    """A figure in one of the units of calculators.schemas._common.UNITS."""
    if unit == "pct":
        return percent(value, lang)
    if unit == "pct_points":
        return f"{number(value)} 个百分点" if lang == "zh" else _plural(value, "point", "points")
    if unit in DURATIONS:
        zh, one, many = DURATIONS[unit]
        return f"{number(value)} {zh}" if lang == "zh" else _plural(value, one, many)
    if unit in COUNTS:
        zh, one, many = COUNTS[unit]
        return f"{number(value)} {zh}" if lang == "zh" else _plural(value, one, many)
    if unit == "times_per_week":
        return f"每周 {number(value)} 次" if lang == "zh" else f"{number(value)} times a week"
    if unit == "yuan":
        return yuan(value, lang)
    if unit == "wan_yuan":
        return wan_yuan(value, lang)
    if unit == "wan":
        return wan(value, lang)
    return number(value)


OPS = {
    ">=": ("≥ {}", "≥ {}"),
    "<=": ("≤ {}", "≤ {}"),
    "=": ("{}", "{}"),
    "+": ("提升 {}", "+{}"),
    "-": ("降低 {}", "−{}"),
    "±": ("±{}", "±{}"),
}


def criterion(c: dict[str, Any], lang: str, with_metric: bool = False) -> str:
    """`{op = ">=", value = 85, unit = "pct"}` -> "≥ 85%"; with_metric prefixes the metric."""
    shown = OPS[c["op"]][LANGS.index(lang)].format(with_unit(c["value"], c["unit"], lang))
    if with_metric and "metric" in c:
        return f"{label(c['metric'], lang)} {shown}"
    return shown


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def date(d: dt.date, lang: str, year: bool = True) -> str:
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"
    day_month = f"{d.day} {MONTHS_EN[d.month - 1]}"
    return f"{day_month} {d.year}" if year else day_month


def time(t: dt.time) -> str:
    return t.strftime("%H:%M")


# Enumerated words used in the data files (weekdays, cadences, sources, actions…).
WORDS: dict[str, dict[str, str]] = {
    "monday": {"zh": "周一", "en": "Monday"},
    "tuesday": {"zh": "周二", "en": "Tuesday"},
    "wednesday": {"zh": "周三", "en": "Wednesday"},
    "thursday": {"zh": "周四", "en": "Thursday"},
    "friday": {"zh": "周五", "en": "Friday"},
    "saturday": {"zh": "周六", "en": "Saturday"},
    "sunday": {"zh": "周日", "en": "Sunday"},
    "daily": {"zh": "每日", "en": "daily"},
    "weekly": {"zh": "每周", "en": "weekly"},
    "monthly": {"zh": "每月", "en": "monthly"},
    "quarterly": {"zh": "每季度", "en": "quarterly"},
    "annual": {"zh": "每年", "en": "yearly"},
    "once": {"zh": "一次性", "en": "once"},
    "seed": {"zh": "原始制度", "en": "The source rules"},
    "company": {"zh": "公司规定", "en": "Company rule"},
    "draft": {"zh": "起草", "en": "drafts"},
    "propose": {"zh": "提出", "en": "proposes"},
    "review": {"zh": "审核", "en": "reviews"},
    "approve": {"zh": "审批", "en": "approves"},
    "file": {"zh": "备案", "en": "files"},
    "pay": {"zh": "付款", "en": "pays"},
    "step": {"zh": "阶梯式", "en": "step"},
    "linear": {"zh": "线性", "en": "linear"},
    "marginal": {"zh": "超额累进", "en": "marginal"},
}


def word(text: str, lang: str) -> str:
    return WORDS[text][lang] if text in WORDS else text


def join(items: Sequence[str], lang: str) -> str:
    """甲、乙和丙 / A, B and C."""
    items = list(items)
    if lang == "zh":
        return "、".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def value(key: str, v: Any, lang: str) -> str:
    """Any policy value as text in the page's language, chosen by type and key suffix."""
    if isinstance(v, bool):
        return {"zh": "是", "en": "yes"}[lang] if v else {"zh": "否", "en": "no"}[lang]
    if isinstance(v, (int, Decimal)):
        return _number_by_key(key, v, lang)
    if isinstance(v, dt.datetime):
        return date(v.date(), lang)
    if isinstance(v, dt.date):
        return date(v, lang)
    if isinstance(v, dt.time):
        return time(v)
    if isinstance(v, str):
        return word(v, lang)
    if isinstance(v, dict):
        if is_label(v):
            return v[lang]
        if {"op", "unit", "value"} <= set(v):
            return criterion(v, lang)
        if {"value", "unit"} <= set(v):
            return with_unit(v["value"], v["unit"], lang)
        if {"role", "action"} <= set(v):
            return f"{label(v['role'], lang)}（{word(v['action'], lang)}）" if lang == "zh" \
                else f"{label(v['role'], lang)} ({word(v['action'], lang)})"
        if "name" in v and is_label(v["name"]):
            return v["name"][lang]
        raise ValueError(f"{key}: a table has no single-value form; use policy_table()")
    if isinstance(v, list):
        parts = [value(key, item, lang) for item in v]
        if v and isinstance(v[0], dict) and {"role", "action"} <= set(v[0]):
            return " → ".join(parts)
        return join(parts, lang)
    raise ValueError(f"{key}: cannot format {type(v).__name__}")


def _number_by_key(key: str, v: Decimal | int, lang: str) -> str:
    for suffix, unit in (("_wan_yuan", "wan_yuan"), ("_wan", "wan"), ("_yuan", "yuan"),
                         ("_pct", "pct"), ("_hours", "hours"), ("_days", "days"),
                         ("_minutes", "minutes"), ("_seconds", "seconds"),
                         ("_months", "months"), ("_times_per_week", "times_per_week")):
        if key.endswith(suffix):
            return with_unit(v, unit, lang)
    if key.endswith("_day_of_next_month"):
        return f"次月 {number(v)} 日" if lang == "zh" else \
            f"the {_ordinal(int(v))} of the following month"
    return number(v)


@dataclass(frozen=True)
class Column:
    key: str
    title: dict[str, str]
    align: str = "left"  # left | right | center


@dataclass(frozen=True)
class Table:
    """A Markdown table as plain data: tested without mkdocs."""

    columns: Sequence[Column]
    rows: Sequence[dict[str, str]]

    def as_markdown(self, lang: str) -> str:
        rule = {"left": ":--", "right": "--:", "center": ":-:"}
        head = "| " + " | ".join(label(c.title, lang) for c in self.columns) + " |"
        sep = "| " + " | ".join(rule[c.align] for c in self.columns) + " |"
        body = [
            "| " + " | ".join(_cell(row.get(c.key, "")) for c in self.columns) + " |"
            for row in self.rows
        ]
        return "\n".join([head, sep, *body])


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def attrs(**values: Any) -> str:
    """HTML attributes from keyword arguments (trailing _ dropped, None skipped)."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{html.escape(str(value), quote=True)}"')
    return " ".join(parts)

"""Downloadable copies of the five working templates (CSV and XLSX), as plain data.

`sheet(policy, number, lang)` gives a template's headers and its example rows twice:
as the text shown on the page (CSV) and as typed spreadsheet cells (XLSX: numbers stay
numbers, a signed percentage becomes a fraction shown as a percentage, a day becomes a
date). hooks/templates.py writes the files into the built site; `links()` renders the
download links of a template page. No arithmetic beyond the percent-to-fraction shift.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calculators.policy import Policy

from . import format as fmt
from . import tables

# Where the generated files live inside the built site (both languages side by side).
FOLDER = "assets/templates"
FORMATS = ("xlsx", "csv")

T = {
    "download": {"zh": "下载模板", "en": "Download the template"},
    "xlsx": {"zh": "Excel 工作簿（.xlsx，含“example”示例页和“blank”空白页）",
             "en": "Excel workbook (.xlsx, with an “example” sheet and a “blank” sheet)"},
    "csv": {"zh": "CSV 表格（.csv，UTF-8，含示例行）",
            "en": "CSV file (.csv, UTF-8, with the example rows)"},
    "file": {"zh": "表{n}-{title}", "en": "table-{n}-{title}"},
}


@dataclass(frozen=True)
class Sheet:
    """One template in one language: what the CSV and the workbook contain."""

    number: int
    title: str
    headers: list[str]
    text_rows: list[list[str]]      # as on the page: the CSV rows
    typed_rows: list[list[Any]]     # spreadsheet cells: str, int, Decimal or date
    formats: list[str | None]       # an Excel number format per column (None: general)


def file_name(number: int, lang: str, ext: str) -> str:
    """`table-1.zh.csv`: the name inside the site (stable, ASCII)."""
    return f"table-{number}.{lang}.{ext}"


def _typed(kind: str, value: Any, shown: str) -> Any:
    if kind == "number":
        return value
    if kind == "pct":
        return Decimal(value).scaleb(-2)  # −24 -> −0.24, shown as −24% by the cell format
    if kind == "day":
        return value
    return shown


def _format(kind: str) -> str | None:
    return {"number": "#,##0", "pct": "+0%;-0%;0%", "day": "yyyy-mm-dd"}.get(kind)


def sheet(policy: Policy, number: int, lang: str) -> Sheet:
    t = tables.template(policy, number)
    shown = tables.template_table(policy, number, lang)
    keys = [c["key"] for c in t["columns"]]
    kinds = [c["kind"] for c in t["columns"]]
    text_rows = [[row[k] for k in keys] for row in shown.rows]
    typed_rows = [[_typed(kind, raw[k], shown_cell)
                   for k, kind, shown_cell in zip(keys, kinds, text, strict=True)]
                  for raw, text in zip(t["rows"], text_rows, strict=True)]
    return Sheet(number=number, title=fmt.label(t["title"], lang),
                 headers=[fmt.label(c["title"], lang) for c in t["columns"]],
                 text_rows=text_rows, typed_rows=typed_rows,
                 formats=[_format(kind) for kind in kinds])


def links(number: int, title: dict[str, str], lang: str, base: str) -> str:
    """The download links of one template as HTML (relative URLs from `base`, the way
    from the page to the site root, so they work in both languages and under a version
    sub-path; the generated files are not in docs/, so they are not Markdown links)."""
    suggested = T["file"][lang].format(n=number, title=fmt.label(title, lang))
    if lang == "en":
        suggested = suggested.lower().replace(" ", "-")
    items = []
    for ext in FORMATS:
        href = f"{base}{FOLDER}/{file_name(number, lang, ext)}"
        attrs = fmt.attrs(href=href, download=f"{suggested}.{ext}", data_format=ext)
        items.append(f"<li><a {attrs}>{html.escape(T[ext][lang])}</a></li>")
    return (f'<div class="hb-downloads" data-template-downloads="{number}">'
            f'<p><strong>{html.escape(T["download"][lang])}</strong></p>'
            f'<ul>{"".join(items)}</ul></div>')

"""Downloadable copies of the five working templates (CSV and XLSX), as plain data.

`sheet(policy, number, lang)` gives a template's headers and its example rows twice:
as the text shown on the page (CSV) and as typed spreadsheet cells (XLSX: numbers stay
numbers, a quantity is a number shown with its unit, a signed percentage becomes a
fraction shown as a percentage, a day becomes a date in the current year: the source gives
days without a year). Per column, what a person fills in: a drop-down list where the policy
has a closed set (priority P0–P3, status, any column whose policy table is named in
CHOICES), and the formula the table implies (a deviation column next to plan and actual:
(actual − plan) / plan). hooks/templates.py writes the files into the built site; `links()`
renders the download links of a template page. No arithmetic beyond the percent-to-fraction
shift.

The zh-Hant edition's downloads (`sheet(policy, number, "zh-Hant")`) are the zh sheet with
every text a reader sees run through handbook.hant.convert, the converter that makes the
edition's pages, so the workbook reads as the page around its link does.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from calculators.policy import Policy
from handbook import hant

from . import format as fmt
from . import tables

# Where the generated files live inside the built site (every edition's side by side).
FOLDER = "assets/templates"
FORMATS = ("xlsx", "csv")

T = {
    "download": {"zh": "下载模板", "en": "Download the template"},
    "xlsx": {"zh": "Excel 工作簿（.xlsx，含“示例”页和可填写的“空白”页）",
             "en": "Excel workbook (.xlsx, with an “Example” sheet and a “Blank” sheet to "
                   "fill in)"},
    "csv": {"zh": "CSV 表格（.csv，UTF-8，含示例行）",
            "en": "CSV file (.csv, UTF-8, with the example rows)"},
    "file": {"zh": "表{n}-{title}", "en": "table-{n}-{title}"},
}


# The two sheets of a template workbook, in the workbook's language (zh-Hant: zh's, converted).
SHEETS = {"zh": ("示例", "空白"), "en": ("Example", "Blank")}

# Column kinds with a closed set of values: (policy area, list, the value shown).
CHOICES = {"priority": ("tasks", "priorities", "id"), "status": ("tasks", "statuses", "name"),
           "direction": ("deviation", "directions", "name")}


@dataclass(frozen=True)
class Sheet:
    """One template in one language: what the CSV and the workbook contain."""

    number: int
    title: str
    headers: list[str]
    text_rows: list[list[str]]      # as on the page: the CSV rows
    typed_rows: list[list[Any]]     # spreadsheet cells: str, int, Decimal or date
    formats: list[str | None]       # an Excel number format per column (None: general)
    lang: str = "zh"
    cell_formats: list[list[str | None]] = field(default_factory=list)  # per example cell
    choices: list[list[str] | None] = field(default_factory=list)  # a drop-down per column
    formulas: list[str | None] = field(default_factory=list)  # "=...{row}..." per column

    @property
    def sheet_names(self) -> tuple[str, str]:
        example, blank = SHEETS["en" if self.lang == "en" else "zh"]
        if self.lang == hant.LANG:
            return hant.convert(example), hant.convert(blank)
        return example, blank


def file_name(number: int, lang: str, ext: str) -> str:
    """`table-1.zh.csv`: the name inside the site (stable, ASCII)."""
    return f"table-{number}.{lang}.{ext}"


def file_lang(lang: str, edition: str) -> str:
    """The language of the files a page links to: its edition's. A zh-Hant page is its zh
    page (the i18n fallback, lang "zh") built in the edition whose theme language is
    zh-Hant."""
    return hant.LANG if lang == "zh" and edition == hant.LANG else lang


def _this_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _typed(kind: str, value: Any, shown: str, year: int) -> Any:
    if kind == "number":
        return value
    if kind == "quantity" and isinstance(value, dict):
        return value["value"] if _unit_format(value, shown) else shown
    if kind == "pct":
        return Decimal(value).scaleb(-2)  # −24 -> −0.24, shown as −24% by the cell format
    if kind == "day":
        return _this_year(value, year)
    return shown


def _unit_format(value: dict[str, Any], shown: str) -> str | None:
    """A quantity's number format: the figure, then its unit as literal text ("500万元")."""
    number = fmt.number(value["value"])
    if not shown.startswith(number):
        return None
    suffix = shown[len(number):].replace('"', "")
    digits = "#,##0" if Decimal(value["value"]) == Decimal(value["value"]).to_integral() \
        else "#,##0.0#"
    return f'{digits}"{suffix}"' if suffix else digits


def _format(kind: str) -> str | None:
    return {"number": "#,##0", "pct": "+0%;-0%;0%", "day": "yyyy-mm-dd"}.get(kind)


def _choices(policy: Policy, kind: str, lang: str) -> list[str] | None:
    where = CHOICES.get(kind)
    if where is None:
        return None
    area, key, shown = where
    try:
        items = policy[area][key]
    except (KeyError, TypeError):
        return None
    return [fmt.label(item[shown], lang) if isinstance(item[shown], dict) else str(item[shown])
            for item in items]


def _formulas(keys: list[str], kinds: list[str]) -> list[str | None]:
    """The formula a column implies: a deviation (pct) next to plan and actual."""
    out: list[str | None] = [None] * len(keys)
    if "plan" in keys and "actual" in keys:
        plan = _letter(keys.index("plan"))
        actual = _letter(keys.index("actual"))
        for i, (key, kind) in enumerate(zip(keys, kinds, strict=True)):
            if key == "deviation" and kind == "pct":
                out[i] = (f"=IF(AND(ISNUMBER({plan}{{row}}),ISNUMBER({actual}{{row}}),"
                          f"{plan}{{row}}<>0),({actual}{{row}}-{plan}{{row}})/{plan}{{row}},\"\")")
    return out


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value: Any) -> Any:
    """A cell's Traditional form: text converted, numbers and dates as they are."""
    return hant.convert(value) if isinstance(value, str) else value


def to_hant(zh: Sheet) -> Sheet:
    """The zh-Hant sheet: the zh one with every shown text converted.

    Each text is converted on its own, as a cell: a drop-down value and an example cell
    holding the same zh text then come out the same, so the example still passes the
    list's validation. The example cells' number formats are converted too: a quantity's
    unit is literal text in its format (万 in `#,##0" 万"`), shown in the cell. The
    formulas and the column formats are ASCII code, kept as they are.
    """
    return dataclasses.replace(
        zh, lang=hant.LANG, title=hant.convert(zh.title),
        headers=[hant.convert(h) for h in zh.headers],
        text_rows=[[hant.convert(c) for c in row] for row in zh.text_rows],
        typed_rows=[[_text(c) for c in row] for row in zh.typed_rows],
        cell_formats=[[_text(f) for f in row] for row in zh.cell_formats],
        choices=[None if c is None else [hant.convert(v) for v in c] for c in zh.choices])


def sheet(policy: Policy, number: int, lang: str, year: int | None = None) -> Sheet:
    """A template in one language (zh, en, or zh-Hant: zh converted); `year` (default:
    this year) dates the example days."""
    if lang == hant.LANG:
        return to_hant(sheet(policy, number, "zh", year))
    year = year or date.today().year
    t = tables.template(policy, number)
    shown = tables.template_table(policy, number, lang)
    keys = [c["key"] for c in t["columns"]]
    kinds = [c["kind"] for c in t["columns"]]
    text_rows = [[row[k] for k in keys] for row in shown.rows]
    typed_rows = [[_typed(kind, raw[k], shown_cell, year)
                   for k, kind, shown_cell in zip(keys, kinds, text, strict=True)]
                  for raw, text in zip(t["rows"], text_rows, strict=True)]
    cell_formats = [[_unit_format(raw[k], shown_cell)
                     if kind == "quantity" and isinstance(raw[k], dict) else None
                     for k, kind, shown_cell in zip(keys, kinds, text, strict=True)]
                    for raw, text in zip(t["rows"], text_rows, strict=True)]
    return Sheet(number=number, title=fmt.label(t["title"], lang),
                 headers=[fmt.label(c["title"], lang) for c in t["columns"]],
                 text_rows=text_rows, typed_rows=typed_rows,
                 formats=[_format(kind) for kind in kinds], lang=lang,
                 cell_formats=cell_formats,
                 choices=[_choices(policy, kind, lang) for kind in kinds],
                 formulas=_formulas(keys, kinds))


def links(number: int, title: dict[str, str], lang: str, base: str,
          file_lang: str | None = None) -> str:
    """The download links of one template as HTML (relative URLs from `base`, the way
    from the page to the site root, so they work in both languages and under a version
    sub-path; the generated files are not in docs/, so they are not Markdown links).

    `lang` is the wording's language, `file_lang` (default: `lang`) the files'. A zh-Hant
    page is written in zh and converted afterwards by hooks/hant.py, wording included,
    so it passes lang "zh" and file_lang "zh-Hant"."""
    suggested = T["file"][lang].format(n=number, title=fmt.label(title, lang))
    if lang == "en":
        suggested = suggested.lower().replace(" ", "-")
    items = []
    for ext in FORMATS:
        href = f"{base}{FOLDER}/{file_name(number, file_lang or lang, ext)}"
        attrs = fmt.attrs(href=href, download=f"{suggested}.{ext}", data_format=ext)
        items.append(f"<li><a {attrs}>{html.escape(T[ext][lang])}</a></li>")
    return (f'<div class="hb-downloads" data-template-downloads="{number}">'
            f'<p><strong>{html.escape(T["download"][lang])}</strong></p>'
            f'<ul>{"".join(items)}</ul></div>')

"""mkdocs hook: the working templates as downloads, generated at build time.

At the end of each build it writes into <site>/assets/templates/, for every template
in data/templates.toml and every edition (zh, en, and zh-Hant: the zh files with every
shown text converted by handbook.hant, as the edition's pages are):
  - table-<n>.<lang>.csv   the headers and the example rows as shown on the page,
                           UTF-8 with a byte-order mark (Excel then reads Chinese right)
  - table-<n>.<lang>.xlsx  a workbook with an example sheet (示例 / Example: headers +
                           example rows, numbers and dates as real cells, dates in the
                           current year) and a blank sheet (空白 / Blank: headers, and
                           for 200 rows the drop-down lists and formulas of the table),
                           columns as wide as their text, printed landscape when wide,
                           every column on the page width
The template pages link to them through {{ template_downloads(n) }}.
Nothing generated lives in the repository.

On paper, a template page's table with more than LANDSCAPE_COLUMNS columns is marked
data-hb-print="landscape": assets/stylesheets/print.css then prints that page (alone, or
as a chapter of the print book) on A4 turned sideways, as the workbook's sheets are.

It also keeps the template pages in the site: mkdocs 1.6 excludes a docs/templates/
folder by default (`exclude_docs` always starts with `/templates/`, meant for theme
templates), which would silently drop the handbook's "表单模板" section from the build.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from handbook import hant
from handbook.plugins.policy.plugin import plugin_of
from macros import downloads

log = logging.getLogger("mkdocs.hooks.templates")
# Every build of mkdocs-static-i18n writes into the same site directory, and a page of
# any edition links there (macros/downloads.links), so each build writes all of them.
LANGS = ("zh", "en", hant.LANG)


def csv_bytes(sheet: downloads.Sheet) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    writer.writerows(sheet.text_rows)
    return buf.getvalue().encode("utf-8-sig")


BLANK_ROWS = 200  # rows of the blank sheet prepared with drop-downs and formulas
# A portrait A4 page leaves room to write in five columns of a form; a wider one prints
# landscape, on the page (print.css) as in the workbook.
LANDSCAPE_COLUMNS = 5


def _width(text: object) -> float:
    """Excel column width of a text: a CJK character is two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text))


def xlsx_bytes(sheet: downloads.Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    example = wb.active
    example_name, blank_name = sheet.sheet_names
    example.title = example_name
    blank = wb.create_sheet(blank_name)
    widths = [max([_width(h) * 0.8, *(_width(r[i]) for r in sheet.text_rows)], default=8)
              for i, h in enumerate(sheet.headers)]
    for ws, rows in ((example, sheet.typed_rows), (blank, [])):
        ws.append(sheet.headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(row)
        last = ws.max_row if rows else BLANK_ROWS + 1
        for col, number_format in enumerate(sheet.formats, start=1):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = min(max(widths[col - 1] + 2, 10), 48)
            for r in range(2, last + 1):
                cell = ws[f"{letter}{r}"]
                if number_format:
                    cell.number_format = number_format
                if widths[col - 1] > 46:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r, formats in enumerate(sheet.cell_formats if rows else [], start=2):
            for col, number_format in enumerate(formats, start=1):
                if number_format:
                    ws.cell(row=r, column=col).number_format = number_format
        for col, choices in enumerate(sheet.choices, start=1):
            if not choices:
                continue
            letter = get_column_letter(col)
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                allow_blank=True, showErrorMessage=True)
            dv.add(f"{letter}2:{letter}{max(last, BLANK_ROWS + 1)}")
            ws.add_data_validation(dv)
        if not rows:  # the blank sheet: the formulas the table implies, ready to fill
            for col, formula in enumerate(sheet.formulas, start=1):
                if formula:
                    for r in range(2, last + 1):
                        ws.cell(row=r, column=col).value = formula.format(row=r)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"  # the header on every printed page
        ws.page_setup.orientation = "landscape" if len(sheet.headers) > LANDSCAPE_COLUMNS \
            else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1  # every column on the page, however wide
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.calculation.fullCalcOnLoad = True
    wb.properties.title = sheet.title
    wb.properties.creator = "Marketing team handbook"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.is_file() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Keep docs/templates/*.md (the handbook's template pages) in the build."""
    for file in files:
        if file.src_uri.startswith("templates/") and file.src_uri.endswith(".md") \
                and file.inclusion == InclusionLevel.EXCLUDED:
            file.inclusion = InclusionLevel.INCLUDED
    return files


TABLE = re.compile(r"<table>(\s*<thead>\s*<tr>(.*?)</tr>)", flags=re.S)


def mark_wide_tables(html: str) -> str:
    """data-hb-print="landscape" on each table whose header has too many columns."""
    def mark(match: re.Match[str]) -> str:
        if match.group(2).count("<th") <= LANDSCAPE_COLUMNS:
            return match.group(0)
        return f'<table data-hb-print="landscape">{match.group(1)}'
    return TABLE.sub(mark, html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.startswith("templates/"):
        return mark_wide_tables(html)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    policy = plugin_of(config).policy  # loaded once per build by the handbook plugin
    out = Path(config.site_dir) / downloads.FOLDER
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for template in policy["templates"]["templates"]:
        for lang in LANGS:
            sheet = downloads.sheet(policy, template["number"], lang)
            _write_if_changed(out / downloads.file_name(sheet.number, lang, "csv"),
                              csv_bytes(sheet))
            _write_if_changed(out / downloads.file_name(sheet.number, lang, "xlsx"),
                              xlsx_bytes(sheet))
            count += 2
    log.debug("Wrote %d template downloads to %s", count, out)

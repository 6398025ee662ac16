"""mkdocs hook: the five working templates as downloads, generated at build time.

At the end of each build it writes into <site>/assets/templates/, for every template
in data/templates.toml and both languages:
  - table-<n>.<lang>.csv   the headers and the example rows as shown on the page,
                           UTF-8 with a byte-order mark (Excel then reads Chinese right)
  - table-<n>.<lang>.xlsx  a workbook with an "example" sheet (headers + example rows,
                           numbers and dates as real cells) and a "blank" sheet (headers)
The template pages link to them through {{ template_downloads(n) }}.
Nothing generated lives in the repository.

It also keeps the template pages in the site: mkdocs 1.6 excludes a docs/templates/
folder by default (`exclude_docs` always starts with `/templates/`, meant for theme
templates), which would silently drop the handbook's "表单模板" section from the build.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from handbook.plugins.policy.plugin import plugin_of
from macros import downloads

log = logging.getLogger("mkdocs.hooks.templates")
LANGS = ("zh", "en")


def csv_bytes(sheet: downloads.Sheet) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    writer.writerows(sheet.text_rows)
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheet: downloads.Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    example = wb.active
    example.title = "example"
    blank = wb.create_sheet("blank")
    for ws, rows in ((example, sheet.typed_rows), (blank, [])):
        ws.append(sheet.headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(row)
        for col, number_format in enumerate(sheet.formats, start=1):
            letter = get_column_letter(col)
            ws.column_dimensions[letter].width = 24
            if number_format:
                for r in range(2, ws.max_row + 1):
                    ws[f"{letter}{r}"].number_format = number_format
        ws.freeze_panes = "A2"
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

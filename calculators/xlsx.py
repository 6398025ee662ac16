"""Excel workbooks (.xlsx) with the standard library only: read the first sheet, write one.

An .xlsx is a zip of XML files. `read(data)` gives the first sheet's rows as text, the
way a person sees them: shared, inline and rich strings; numbers to 15 significant
digits (Excel's precision); a cell shown as a percentage as "120%"; a date cell as
"2026-07-01" (1900 and 1904 date systems); TRUE/FALSE; error values as written. Only the
workbook, its relationships, the shared strings, the styles and the first sheet are
parsed (iterparse: a 50,000-row sheet is not held as a tree).

`write(header, rows, ...)` makes a minimal valid workbook (content types, workbook,
styles, one sheet): numbers as numeric cells (a percentage as a fraction shown as %),
every other cell an inline string neutralised against formula injection (tables.neutral),
a bold frozen header, column widths that fit, optional drop-down lists.

Imported only when a workbook is read or written (calculators.tables, calculators.batch).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .errors import CalculatorError
from .tables import neutral, refuse

if TYPE_CHECKING:
    import zipfile

# zipfile and xml.etree (with pyexpat, bz2, lzma, shutil, threading...) are imported in
# the functions that need them, not here: the browser's memory snapshot imports every
# module of the package, and these would cost it megabytes of heap it does not have.


def escape(text: str, entities: Mapping[str, str] | None = None) -> str:
    """XML text: & < > escaped (and `entities`), as xml.sax.saxutils.escape does."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for key, value in (entities or {}).items():
        text = text.replace(key, value)
    return text

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_PCT_IDS = {9, 10}
_LETTERS = re.compile(r"[A-Z]+")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(elem: Any) -> str:
    """A string item's text (<si> or <is>): its <t> and rich-text runs, not the phonetic
    guide (<rPh>) Japanese and Chinese Excel may add."""
    parts = []
    for child in elem:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def _column(ref: str) -> int:
    letters = _LETTERS.match(ref.upper())
    n = 0
    for ch in letters.group(0) if letters else "":
        n = n * 26 + ord(ch) - 64
    return n - 1


def _number(value: str, style: str) -> str:
    try:
        x = float(value)
    except ValueError:
        return value
    if style == "pct":
        return f"{x * 100:.15g}%"
    if style == "date" and 0 <= x < 2958466:
        return "__date__"
    return f"{x:.15g}" if "e" not in f"{x:.15g}" else f"{x:.15f}".rstrip("0").rstrip(".")


def _styles(z: zipfile.ZipFile, names: set[str]) -> list[str]:
    """Per cell style index: "pct", "date" or ""."""
    from xml.etree.ElementTree import iterparse

    if "xl/styles.xml" not in names:
        return []
    custom: dict[int, str] = {}
    kinds: list[str] = []
    in_xfs = False
    for event, elem in iterparse(io.BytesIO(z.read("xl/styles.xml")), ("start", "end")):
        name = _local(elem.tag)
        if event == "start" and name == "cellXfs":
            in_xfs = True
        elif event == "end" and name == "cellXfs":
            in_xfs = False
        elif event == "end" and name == "numFmt":
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", elem.get("formatCode", "")).lower()
            custom[int(elem.get("numFmtId", "0"))] = "pct" if "%" in code else \
                "date" if re.search(r"[ymd]", code) else ""
        elif event == "end" and name == "xf" and in_xfs:
            fid = int(elem.get("numFmtId", "0"))
            kinds.append(custom.get(fid, "pct" if fid in _PCT_IDS
                                    else "date" if fid in _DATE_IDS else ""))
    return kinds


def _first_sheet(z: zipfile.ZipFile, names: set[str]) -> tuple[str, bool]:
    """The first sheet's part name and whether the workbook uses the 1904 date system."""
    from xml.etree.ElementTree import iterparse

    target, rid, date1904 = "xl/worksheets/sheet1.xml", None, False
    if "xl/workbook.xml" in names:
        for _, elem in iterparse(io.BytesIO(z.read("xl/workbook.xml"))):
            name = _local(elem.tag)
            if name == "workbookPr" and elem.get("date1904") in ("1", "true"):
                date1904 = True
            elif name == "sheet" and rid is None:
                rid = elem.get(f"{{{_REL}}}id") or next(
                    (v for k, v in elem.attrib.items() if _local(k) == "id"), None)
    rels = "xl/_rels/workbook.xml.rels"
    if rid and rels in names:
        for _, elem in iterparse(io.BytesIO(z.read(rels))):
            if _local(elem.tag) == "Relationship" and elem.get("Id") == rid:
                t = elem.get("Target", "")
                target = t.lstrip("/") if t.startswith("/") else f"xl/{t}"
                break
    return target, date1904


def read(data: bytes) -> tuple[list[list[str]], list[int], list[dict[str, object]]]:
    """(non-blank rows as text, their sheet row numbers, blank rows skipped)."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
        sheet, date1904 = _first_sheet(z, names)
        if sheet not in names:
            raise KeyError(sheet)
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for _, elem in iterparse(io.BytesIO(z.read("xl/sharedStrings.xml"))):
                if _local(elem.tag) == "si":
                    shared.append(_text(elem))
                    elem.clear()
        styles = _styles(z, names)
        epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
        records: list[list[str]] = []
        lines: list[int] = []
        skipped: list[dict[str, object]] = []
        row_no = 0
        with z.open(sheet) as part:
            for _, elem in iterparse(part):
                name = _local(elem.tag)
                if name != "row":
                    continue
                row_no = int(elem.get("r") or row_no + 1)
                cells: list[str] = []
                for c in elem:
                    if _local(c.tag) != "c":
                        continue
                    col = _column(c.get("r", "")) if c.get("r") else len(cells)
                    kind = c.get("t", "n")
                    v = next((x.text or "" for x in c if _local(x.tag) == "v"), "")
                    if kind == "s":
                        value = shared[int(v)] if v.strip().isdigit() and int(v) < len(shared) \
                            else ""
                    elif kind == "inlineStr":
                        value = "".join(_text(x) for x in c if _local(x.tag) == "is")
                    elif kind == "b":
                        value = "TRUE" if v.strip() == "1" else "FALSE"
                    elif kind in ("str", "e"):
                        value = v
                    else:
                        s = int(c.get("s", "0") or 0)
                        style = styles[s] if s < len(styles) else ""
                        value = _number(v, style) if v else ""
                        if value == "__date__":
                            value = (epoch + timedelta(days=int(float(v)))).isoformat()
                    cells += [""] * (col - len(cells))
                    if col == len(cells):
                        cells.append(value)
                elem.clear()
                if any(x.strip() for x in cells):
                    records.append(cells)
                    lines.append(row_no)
                elif records:
                    skipped.append({"line": row_no, "reason": "blank"})
        return records, lines, skipped
    except CalculatorError:
        raise
    except Exception:  # a damaged or foreign zip: one line, never a traceback
        raise refuse("tables.bad_workbook") from None


# ----------------------------------------------------------------- writing ---

_SAFE_INT = re.compile(r"[+-]?(?:0|[1-9]\d{0,14}|[1-9]\d{0,2}(?:,\d{3}){1,4})")
_SAFE_DEC = re.compile(r"[+-]?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)\.(\d+)")
# Cell styles of the written workbook (styles.xml below), by index.
GENERAL, BOLD, FIXED2, PCT2, PCT0, THOUSANDS, THOUSANDS2, PCT1, FIXED1, DATE = range(10)


def number_cell(text: str) -> tuple[float | int, int] | None:
    """A cell's (value, style) when the text is a number Excel should see as one; None
    keeps it text (leading zeros, more than 15 digits: codes and IDs, not amounts)."""
    t = re.sub(r"[ \u00a0\u2009\u202f]%$", "%", text.strip().replace("\u2212", "-"))
    pct = t.endswith("%")
    core = t[:-1] if pct else t
    if _SAFE_INT.fullmatch(core):
        value: float | int = int(core.replace(",", ""))
        decimals = 0
    else:
        m = _SAFE_DEC.fullmatch(core)
        if not m or len(core.replace(",", "").lstrip("+-").replace(".", "")) > 15:
            return None
        value, decimals = float(core.replace(",", "")), len(m.group(1))
    if pct:
        return value / 100, {0: PCT0, 1: PCT1}.get(decimals, PCT2)
    if "," in core:
        return value, THOUSANDS if decimals == 0 else THOUSANDS2
    return value, {0: GENERAL, 1: FIXED1, 2: FIXED2}.get(decimals, GENERAL)


def _ref(col: int, row: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _width(text: str) -> float:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="10"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1">\
<alignment wrapText="1" vertical="top"/></xf>\
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _sheet_xml(header: Sequence[str], rows: Iterable[Sequence[object]],
               lists: Mapping[int, Sequence[str]], widths: Sequence[float] | None) -> str:
    out: list[str] = []
    measured = [_width(h) for h in header]
    n = 1
    for r, cells in enumerate([header, *rows], 1):
        n = r
        parts = []
        for c, value in enumerate(cells):
            if value is None or value == "":
                continue
            ref = _ref(c, r)
            if isinstance(value, bool):
                parts.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                continue
            if isinstance(value, datetime | date):
                serial = (value if isinstance(value, date) and not isinstance(value, datetime)
                          else value.date()) - date(1899, 12, 30)
                parts.append(f'<c r="{ref}" s="{DATE}"><v>{serial.days}</v></c>')
                continue
            if isinstance(value, int | float):
                parts.append(f'<c r="{ref}"><v>{value!r}</v></c>')
                continue
            text = str(value)
            typed = None if r == 1 else number_cell(text)
            if typed is not None:
                parts.append(f'<c r="{ref}" s="{typed[1]}"><v>{typed[0]!r}</v></c>')
            else:
                text = neutral(text)
                style = f' s="{BOLD}"' if r == 1 else ""
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
                             f"{escape(_clean(text))}</t></is></c>")
            if c < len(measured) and r <= 200:
                measured[c] = max(measured[c], _width(text))
        out.append(f'<row r="{r}">{"".join(parts)}</row>')
    fits = widths or [min(max(w + 2, 8), 60) for w in measured]
    cols = "".join(f'<col min="{i}" max="{i}" width="{w:.1f}" customWidth="1"/>'
                   for i, w in enumerate(fits, 1))
    valid = ""
    if lists:
        items = "".join(
            f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
            f'sqref="{_ref(c, 2)}:{_ref(c, 1000)}"><formula1>"{escape(",".join(opts))}"'
            f"</formula1></dataValidation>" for c, opts in lists.items())
        valid = f'<dataValidations count="{len(lists)}">{items}</dataValidations>'
    dim = f"A1:{_ref(max(len(header), 1) - 1, max(n, 1))}"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dim}"/><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            f'</sheetView></sheetViews><cols>{cols}</cols><sheetData>{"".join(out)}</sheetData>'
            f'{valid}<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" '
            'header="0.3" footer="0.3"/><pageSetup orientation="landscape" fitToWidth="1" '
            'fitToHeight="0"/></worksheet>')


_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_BAD.sub("\ufffd", text)


def write(header: Sequence[str], rows: Iterable[Sequence[object]], sheet: str = "Sheet1",
          lists: Mapping[int, Sequence[str]] | None = None, title: str = "") -> bytes:
    """A one-sheet workbook; text cells are neutralised, number texts become numbers."""
    import zipfile

    sheet_name = escape(re.sub(r"[\\/?*\[\]:]", " ", sheet)[:31] or "Sheet1", {'"': "&quot;"})
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
            'package.core-properties+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        "docProps/core.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>Marketing team handbook"
            "</dc:creator></cp:coreProperties>",
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{_REL}"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": _sheet_xml(header, rows, lists or {}, None),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()

"""Batch files as offices make them: bytes in, a header and rows out; rows out, CSV bytes.

Reading (`read_bytes`, `read_text`) is the ONE decoding used by the CLI and the browser
(the browser sends the file's bytes to the worker, never text decoded by JavaScript):

1. An XLSX (a zip: starts with ``PK\\x03\\x04``) is read by calculators.xlsx (imported
   only then). An old binary .xls (``D0 CF 11 E0``) is refused.
2. The encoding, in this order, first match wins: a byte-order mark (UTF-8, UTF-16 LE,
   UTF-16 BE); UTF-16 without a mark (a NUL in every other byte of the first 200);
   strict UTF-8; GB18030 (a superset of GBK and GB2312: Chinese Excel and WPS); else
   refused with one line in every language ("save it as CSV UTF-8 or XLSX"). A decoded text with
   NUL or other control characters (a binary file) is refused the same way.
3. The separator: the first non-blank line is sniffed: tab, ";" and "," counted outside
   quotes; the most frequent wins, ties in that order (tab, ";", ","), none: ",".
4. CSV records: CR, LF and CRLF line ends; quoting as Excel writes it. A quote that is
   never closed (or closed in the middle of a cell) is an error naming the line where the
   record starts. Blank lines (nothing but separators and spaces) are skipped and reported
   with their line numbers; so are lines with a NUL. Trailing empty header columns (Excel
   writes them) are dropped with their empty cells; an unnamed column in the middle is
   called column_<n>.

Writing: `neutral(cell)` applies OWASP's rule against formula injection: a text cell that
starts with = + - @ (or their full-width forms), a tab or a CR gets a leading apostrophe;
a number ("-24.00", "1,234", "-5%") stays a number, its minus written as an ASCII "-"
and a space before its % dropped ("−24 %" is written "-24%", which Excel reads as -0.24).
`csv_text(rows)` writes neutralised CSV (CRLF).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from .errors import CalculatorError
from .i18n import Msg

# What to do with a file that cannot be read (tables.save_as), for refuse() messages.
SAVE_AS = Msg("tables.save_as")

SEPARATORS = ("\t", ";", ",")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A number as the calculators write it (and as people type it): an optional sign, digits
# with optional thousands commas, optional decimals, optional %.
NUMBER = re.compile(r"[+\-\u2212]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
                    r"(?:[ \u00a0\u2009\u202f]?%)?")
_PCT_SPACE = re.compile(r"[ \u00a0\u2009\u202f]%$")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\u2212")
_FIRST = frozenset(_DANGEROUS)


@dataclass
class Table:
    """A read file: the header as written, the rows keyed by header, what was skipped."""

    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int] = field(default_factory=list)  # each row's first line (or sheet row)
    skipped: list[dict[str, object]] = field(default_factory=list)  # {"line", "reason"}
    encoding: str = "utf-8"
    separator: str = ","
    source: str = "csv"  # csv | xlsx | text


def refuse(what: str) -> CalculatorError:
    """A file refused: what is wrong (a tables.* id), then how to save it instead."""
    return CalculatorError("csv", Msg("tables.refused", what=Msg(what), save_as=SAVE_AS))


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) by the order in the module docstring, or a CalculatorError."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    elif len(data) >= 4 and data[1:200:2].count(0) > len(data[1:200:2]) // 2 \
            and data[0:200:2].count(0) == 0:
        candidates = ("utf-16-le",)
    elif len(data) >= 4 and data[0:200:2].count(0) > len(data[0:200:2]) // 2 \
            and data[1:200:2].count(0) == 0:
        candidates = ("utf-16-be",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) * 100 > len(text) or _CONTROL.search(text[:200]):
            raise refuse("tables.not_text")
        return text, encoding.replace("-sig", "")
    raise refuse("tables.unknown_encoding")


def sniff(line: str) -> str:
    """The separator of a header line: tab, ";" or "," (see the module docstring)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {sep: outside.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: (counts[sep], -SEPARATORS.index(sep)))
    return best if counts[best] else ","


def _unclosed(line: int) -> CalculatorError:
    return CalculatorError("csv", Msg("tables.unclosed_quote", line=line))


def read_text(text: str, source: str = "text", encoding: str = "utf-8") -> Table:
    """A CSV text (decoded, or pasted) as a Table; see the module docstring."""
    if text.startswith("\ufeff"):
        text = text[1:]
    unreadable: set[int] = set()
    if _CONTROL.search(text):  # a damaged line: reported, not computed
        physical = io.StringIO(text, newline="").readlines()
        for n, ln in enumerate(physical, 1):
            if _CONTROL.search(ln):
                unreadable.add(n)
                physical[n - 1] = ln[len(ln.rstrip("\r\n")):]  # keep the line end
        text = "".join(physical)
    first = next((ln for ln in io.StringIO(text, newline="") if ln.strip(" \t,;\r\n")), "")
    sep = sniff(first)
    quick = None if unreadable else _one_line_records(text, sep)
    if quick is not None:
        return _table(quick, list(range(1, len(quick) + 1)), [], source=source,
                      encoding=encoding, separator=sep)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []  # each record's first line
    skipped: list[dict[str, object]] = []
    line = 1
    try:
        for cells in reader:
            if "".join(cells).strip():  # (some cell is not blank: faster than any() per cell)
                records.append(cells)
                lines.append(line)
            elif records or line in unreadable:  # counted and reported, not computed
                skipped.append({"line": line, "reason": "unreadable" if line in unreadable
                                else "blank"})
            line = reader.line_num + 1
    except csv.Error:
        raise _unclosed(line) from None
    if not records:
        raise CalculatorError("csv", Msg("tables.no_header"))
    return _table(records, lines, skipped, source=source, encoding=encoding, separator=sep)


def _one_line_records(text: str, sep: str) -> list[list[str]] | None:
    """The records of the usual file, read in one go: every record on a line of its own and
    none blank, so record n is on line n. None for any other file (a blank line, a cell
    over several lines, a quote left open), which the loop in read_text reads record by
    record to number its lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        records = list(reader)
    except csv.Error:
        return None
    # (map() runs these checks in C: a loop over 50,000 records in Python was most of the
    # reading time once the csv module had done its part)
    if not records or reader.line_num != len(records) \
            or not all(map(str.strip, map("".join, records))):
        return None
    return records


def _table(records: list[list[str]], lines: list[int], skipped: list[dict[str, object]],
           **meta: str) -> Table:
    header = [h.strip() for h in records[0]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise CalculatorError("csv", Msg("tables.no_column_names"))
    header = [h or f"column_{i}" for i, h in enumerate(header, 1)]
    width = len(header)
    body = records[1:]
    if all(map(width.__eq__, map(len, body))):  # the usual file: one cell per column
        return Table(header, list(map(dict, map(zip, repeat(header), body))), lines[1:],
                     skipped, **meta)  # type: ignore[arg-type]
    rows = []
    for cells in records[1:]:
        if len(cells) == width:  # the usual row: one cell per column
            # (lengths checked just above: zip's strict=True would double the row's cost)
            rows.append(dict(zip(header, cells, strict=False)))
            continue
        extra = cells[width:]
        while extra and not extra[-1].strip():
            extra.pop()
        row = dict(zip(header, cells[:width] + [""] * (width - len(cells)), strict=True))
        if extra:  # keep extra cells rather than lose them
            row["extra"] = ",".join(extra)
        rows.append(row)
    return Table(header, rows, lines[1:], skipped, **meta)  # type: ignore[arg-type]


def read_bytes(data: bytes, name: str = "") -> Table:
    """A file's bytes (CSV in any encoding above, or XLSX) as a Table."""
    if data.startswith(b"PK\x03\x04"):
        from . import xlsx  # only for workbooks: not loaded otherwise

        records, lines, skipped = xlsx.read(data)
        if not records:
            raise CalculatorError("csv", Msg("tables.empty_sheet"))
        return _table(records, lines, skipped, source="xlsx", encoding="xlsx", separator="")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse("tables.old_xls")
    if not data.strip():
        raise CalculatorError("csv", Msg("tables.empty"))
    text, encoding = decode(data)
    return read_text(text, source="csv", encoding=encoding)


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text))


def neutral(cell: str) -> str:
    """OWASP's rule (see the module docstring): numbers kept, formulas made text."""
    if not cell:
        return cell
    if cell[0] in "+-\u2212" and NUMBER.fullmatch(cell):  # −24 % -> -24%: Excel's number
        return _PCT_SPACE.sub("%", "-" + cell[1:] if cell[0] == "\u2212" else cell)
    if cell.startswith(_DANGEROUS):
        return "'" + cell
    return cell


# A row written by a join alone: no cell needs quoting (a comma, a quote or a line end,
# which is when csv.writer's minimal quoting quotes) or neutral() (a cell starting with
# one of _DANGEROUS: found by searching the joined line, commas in front, at once in C).
# Any other row (a comma inside a cell, a minus in front of a figure) is written the
# careful way, by csv.writer, as every row was before.
_RISKY = re.compile(",[" + re.escape("".join(_DANGEROUS)) + "]")
# The same, in a line whose commas all separate cells, with a plain signed figure ("-24.00",
# "+5", "-3%": what neutral() leaves as it is) let through: deviations are often negative.
_RISKY_IN_PLAIN = re.compile(
    ",(?:[" + re.escape("".join(c for c in _DANGEROUS if c not in "+-")) + "]"
    r"|[+-](?!(?:\d+(?:\.\d+)?|\.\d+)%?(?:,|$)))")


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Neutralised CSV, CRLF line ends (the BOM is the writer's business): what csv.writer
    writes, byte for byte (tests/unit/test_batch_files.py), at a fraction of its cost for
    a large batch, whose rows mostly need no quoting at all."""
    buffer = io.StringIO()
    write = buffer.write
    writer = csv.writer(buffer, lineterminator="\r\n")
    first = _FIRST  # only a cell that starts with one of these needs a closer look
    risky, risky_in_plain = _RISKY.search, _RISKY_IN_PLAIN.search
    for row in rows:
        line = ",".join(row)
        plain = line.count(",") == len(row) - 1  # no comma inside a cell
        if (risky_in_plain if plain else risky)("," + line):
            writer.writerow([neutral(c) if c and c[0] in first else c for c in row])
        # (an empty line is a lone empty cell, or no cell: csv writes "" and nothing)
        elif line and '"' not in line and "\n" not in line and "\r" not in line:
            # csv.writer's minimal quoting, where the only thing to quote is a comma (a
            # split's weights "16,25"): those cells in quotes, no quote inside to double
            write(line + "\r\n" if plain else
                  ",".join([f'"{c}"' if "," in c else c for c in row]) + "\r\n")
        else:  # a quote or a line end in a cell, or an empty line: csv.writer writes it
            writer.writerow(row)
    return buffer.getvalue()

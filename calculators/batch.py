"""Batch mode: a CSV in (one row per person, KPI line or plan line), a CSV out.

Every input row comes out, in order, with all its input columns, then its results
or its error (error_field, then error_<language> for each of i18n.LANGUAGES: error_zh,
error_en, error_zh-Hant): no row is lost. Column names are the
input names (CLI options with _ for -); a few Chinese headers people use in the
handbook's tables are accepted too (计划值, 实际值, …). An output column whose name is
also an input name is written as result_<name> (split: result_total). Columns the
calculator does not know (a name, a project) are passed through untouched; result and
error columns of an earlier run are overwritten, so an output file can be fixed and re-run.
"""

from __future__ import annotations

import gc
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from . import tables
from .errors import CalculatorError
from .i18n import DEFAULT, LANGUAGES, Msg, language, pick, t
from .numbers import simplified
from .policy import Policy, get_policy
from .registry import CALCULATORS, Calculator

Row = dict[str, str]
# The error's words in every language: a batch file has no page language, and the
# browser shows the column of its own (error_zh, error_en, error_zh-Hant).
ERROR_TEXT = {code: f"error_{code}" for code in LANGUAGES}
ERROR_COLUMNS = ("error_field", *ERROR_TEXT.values())


def _normal(header: str) -> str:
    text = simplified(unicodedata.normalize("NFKC", header or "")).strip().lower().lstrip("\ufeff")
    return text.replace("-", "_").replace(" ", "_")


def _aliases(entry: Calculator) -> dict[str, str]:
    """Headers as they appear in the handbook's tables (Table 1, Table 3): the registry's."""
    return {_normal(alias): f.name for f in entry.fields for alias in f.aliases}


def _key(header: str, aliases: Mapping[str, str] | None = None) -> str:
    text = _normal(header)
    return (aliases or {}).get(text, text)


def read_csv(text: str) -> tuple[list[str], list[Row]]:
    """(header as written, rows keyed by header) of a CSV text (calculators.tables)."""
    table = tables.read_text(text)
    return table.header, table.rows


def read_file(data: bytes, name: str = "") -> tables.Table:
    """A file's bytes, CSV in any encoding an office writes or XLSX (calculators.tables)."""
    return tables.read_bytes(data, name)


def check_columns(kind: str, header: list[str]) -> None:
    """Two columns that mean the same input (completion and 完成率), or the same name
    twice: an error naming both, rather than silently using one."""
    aliases = _aliases(_entry(kind))
    seen: dict[str, str] = {}
    for h in header:
        key = _key(h, aliases)
        if key in seen:
            first = seen[key]
            if _normal(first) == _normal(h):
                raise CalculatorError("csv", Msg("batch.column_twice", column=h))
            raise CalculatorError("csv", Msg("batch.columns_same", first=first, second=h,
                                             name=key))
        seen[key] = h


def _entry(kind: str) -> Calculator:
    entry = CALCULATORS.get(kind)
    if entry is None or (entry.batch_cells is None and entry.batch_table is None):
        raise CalculatorError("calculator", Msg("batch.unknown_calculator", name=kind))
    return entry


def _results(entry: Calculator, rows: list[dict[str, Any]], policy: Policy,
             lang: str = DEFAULT) -> Iterator[dict[str, str] | CalculatorError]:
    if entry.batch_table is not None:  # ranks the rows against each other
        yield from entry.batch_table(rows, policy)
        return
    if entry.batch_row is not None:  # the calculator's quicker way to the same cells
        row_cells = entry.batch_row
        for inputs in rows:
            try:
                yield row_cells(inputs, policy, lang)
            except CalculatorError as exc:
                yield exc
        return
    assert entry.batch_cells is not None
    for inputs in rows:
        try:
            yield entry.batch_cells(entry.compute(inputs, policy, False), lang)
        except CalculatorError as exc:
            yield exc


def _inputs(entry: Calculator, header: list[str], rows: list[Row]) -> list[Row]:
    """The rows keyed by input name. A header already written with the input names (the
    template's, the benchmark's) maps to itself: the rows are used as they are, not copied
    (the calculators only read their rows)."""
    aliases = _aliases(entry)
    keys = {h: _key(h, aliases) for h in header}
    keys["extra"] = "extra"
    if all(k == v for k, v in keys.items()):
        same = keys.keys()
        if all(row.keys() <= same for row in rows):
            return rows
    return [{keys[k] if k in keys else _key(k, aliases): v for k, v in row.items()}
            for row in rows]


def run_rows(kind: str, header: list[str], rows: Iterable[Row],
             policy: Policy | None = None, lang: str = DEFAULT) -> Iterator[Row]:
    """Each input row with its results or its error, in order."""
    entry = _entry(kind)
    policy = policy or get_policy()
    rows = list(rows)
    names = [(name, _out_name(entry, name)) for name in entry.batch_columns]  # once
    words = _ErrorWords()
    # A re-run of an output file: old errors do not stick (rows are keyed by the header).
    stale = [name for name in ERROR_COLUMNS if name in header]
    for row, result in zip(rows, _results(entry, _inputs(entry, header, rows), policy, lang),
                           strict=True):
        out: Row = dict(row)
        for name in stale:
            out.pop(name, None)
        if isinstance(result, CalculatorError):
            out["error_field"] = result.field
            out.update(words(result))
        else:
            for name, column in names:
                out[column] = result[name]
        yield out


class _ErrorWords:
    """An error's words in every language, worded once per distinct message: a file's
    bad rows mostly repeat a few errors (the same missing column, the same bad word), and
    wording each in three languages was most of the work of an all-errors file. Only
    messages whose parameters are plain text or whole numbers are kept (their words are
    a function of id and parameters); any other is worded afresh."""

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], dict[str, str]] = {}

    def __call__(self, error: CalculatorError) -> dict[str, str]:
        msg = error.msg
        key: tuple[object, ...] | None = None
        if msg is not None and all(type(v) in (str, int) for v in msg.params.values()):
            key = (msg.id, *((k, type(v), v) for k, v in msg.params.items()))
            cached = self._seen.get(key)
            if cached is not None:
                return cached
        words = {column: error.message(code) for code, column in ERROR_TEXT.items()}
        if key is not None and len(self._seen) < 10_000:
            self._seen[key] = words
        return words


def _out_name(entry: Calculator, name: str) -> str:
    """An output that is also an input name (split's total) is written as result_<name>."""
    return f"result_{name}" if name in entry.inputs else name


def output_header(kind: str, header: list[str], extra: bool = False) -> list[str]:
    entry = _entry(kind)
    cols = [*header, *(["extra"] if extra else [])]
    cols += [_out_name(entry, n) for n in entry.batch_columns]
    return list(dict.fromkeys([*cols, *ERROR_COLUMNS]))


@dataclass
class Output:
    """A batch run: the output table (header, rows of text), counts, lines skipped."""

    header: list[str]
    rows: list[list[str]]
    errors: int
    skipped: list[dict[str, object]] = field(default_factory=list)
    source: str = "csv"
    encoding: str = "utf-8"
    separator: str = ","

    @property
    def count(self) -> int:
        return len(self.rows)

    def csv(self) -> str:
        """CSV text, cells neutralised against formula injection (no BOM)."""
        return tables.csv_text([self.header, *self.rows])

    def xlsx(self, sheet: str = "Sheet1") -> bytes:
        """An Excel workbook: numbers as numbers, text cells neutralised."""
        from . import xlsx  # only when a workbook is asked for

        return xlsx.write(self.header, self.rows, sheet=sheet)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A file's rows and results are plain values that form no cycles: pausing the cycle
    collector while they are read and computed saves its repeated scans of every row
    already made (a tenth of a large file's time). Nested pauses leave it to the outer one."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def run_table(kind: str, table: tables.Table, policy: Policy | None = None,
              lang: str = DEFAULT) -> Output:
    """A read file -> the output table: every row in, in order, with results or error."""
    entry = _entry(kind)
    check_columns(kind, table.header)
    extra = any("extra" in r for r in table.rows)
    columns = output_header(kind, table.header, extra)
    inputs = [*table.header, *(["extra"] if extra else [])]
    results = [_out_name(entry, n) for n in entry.batch_columns]
    errors = 0
    with _collector_paused():
        if columns != [*inputs, *results, *ERROR_COLUMNS]:
            # An output file read back in (its result or error columns are input columns
            # now): each row as run_rows gives it, cell by cell.
            out_rows = []
            for out in run_rows(kind, table.header, table.rows, policy, lang):
                out_rows.append([out.get(c, "") for c in columns])
                errors += "error_field" in out
        else:
            out_rows, errors = _table_rows(entry, table, inputs, policy or get_policy(), lang)
    return Output(columns, out_rows, errors, table.skipped, table.source, table.encoding,
                  table.separator)


def _table_rows(entry: Calculator, table: tables.Table, inputs: list[str], policy: Policy,
                lang: str) -> tuple[list[list[str]], int]:
    """(output rows, rows with an error) of a file whose header has none of the output
    columns (the usual case): each row is its input cells, then its result cells and four
    empty error cells, or empty result cells and its error; the same cells as run_rows
    gives, without a dict per row."""
    names = entry.batch_columns
    no_error = [""] * len(ERROR_COLUMNS)
    no_result = [""] * len(names)
    words = _ErrorWords()
    text_columns = ERROR_COLUMNS[1:]
    out_rows = []
    errors = 0
    rows = table.rows
    # The cells picked in C (itemgetter), not one get() a cell: every row of a read file
    # has every header key; a row without one (an "extra" column only some rows have, a
    # hand-made table) is picked cell by cell instead.
    pick_inputs = _getter(inputs)
    pick_results = _getter(names)
    for row, result in zip(rows, _results(entry, _inputs(entry, table.header, rows), policy,
                                          lang), strict=True):
        try:
            cells = pick_inputs(row)
        except KeyError:
            cells = [row.get(c, "") for c in inputs]
        if isinstance(result, CalculatorError):
            errors += 1
            worded = words(result)
            cells += no_result
            cells.append(result.field)
            cells += [worded[c] for c in text_columns]
        else:
            cells += pick_results(result)
            cells += no_error
        out_rows.append(cells)
    return out_rows, errors


def _getter(keys: Sequence[str]) -> Callable[[Mapping[str, str]], list[str]]:
    """A function giving a mapping's values for `keys`, in order, as a new list."""
    if not keys:
        return lambda mapping: []
    pick = itemgetter(*keys)
    if len(keys) == 1:  # (itemgetter of one key gives the value, not a tuple)
        return lambda mapping: [pick(mapping)]
    return lambda mapping: list(pick(mapping))


def run_bytes(kind: str, data: bytes, name: str = "", policy: Policy | None = None,
              lang: str = DEFAULT) -> Output:
    """A file's bytes (CSV in any office encoding, or XLSX) -> the output table; texts
    from the policy (a deviation's owner and actions) in `lang`, the page's language."""
    _entry(kind)
    with _collector_paused():
        return run_table(kind, read_file(data, name), policy, lang)


def run_text(kind: str, text: str, policy: Policy | None = None,
             lang: str = DEFAULT) -> Output:
    """A CSV text (pasted: tab, ";" or "," separated) -> the output table."""
    _entry(kind)
    with _collector_paused():
        return run_table(kind, tables.read_text(text), policy, lang)


def run_csv(kind: str, text: str, policy: Policy | None = None) -> tuple[str, int, int]:
    """CSV text in -> (CSV text out, rows, rows with an error)."""
    out = run_text(kind, text, policy)
    return out.csv(), out.count, out.errors


def template_header(kind: str, lang: str = "en") -> list[str]:
    """The template's columns: the input names, or, when the catalog says the language
    uses them (batch.header_aliases), the Chinese header people use in the handbook's
    tables where the registry has one; both read back the same. (zh-Hant keeps the
    Simplified headers: they are the input vocabulary the reader accepts.)"""
    entry = _entry(kind)
    if t("batch.header_aliases", language(lang)) != "yes":
        return list(entry.inputs)
    return [f.aliases[0] if f.aliases else f.name for f in entry.fields]


def template_xlsx(kind: str, lang: str = "zh") -> bytes:
    """The empty batch template as a workbook: a sheet named in the page's language, a
    header in its language, drop-down lists where the input has a closed set of values."""
    from . import xlsx

    entry = _entry(kind)
    lists = {i: [o.value for o in f.options if o.value]
             for i, f in enumerate(entry.fields) if f.options}
    code = language(lang)
    return xlsx.write(template_header(kind, code), [], sheet=t("batch.template_sheet", code),
                      lists=lists, title=pick(entry.title, code))

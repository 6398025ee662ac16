"""Batch mode: a CSV in (one row per person, KPI line or plan line), a CSV out.

Every input row comes out, in order, with all its input columns, then its results
or its error (error_field, error_zh, error_en): no row is lost. Column names are the
input names (CLI options with _ for -); a few Chinese headers people use in the
handbook's tables are accepted too (计划值, 实际值, …). An output column whose name is
also an input name is written as result_<name> (split: result_total). Columns the
calculator does not know (a name, a project) are passed through untouched; result and
error columns of an earlier run are overwritten, so an output file can be fixed and re-run.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .errors import CalculatorError
from .policy import Policy, get_policy
from .registry import CALCULATORS, Calculator

Row = dict[str, str]
ERROR_COLUMNS = ("error_field", "error_zh", "error_en")


def _normal(header: str) -> str:
    text = unicodedata.normalize("NFKC", header or "").strip().lower().lstrip("\ufeff")
    return text.replace("-", "_").replace(" ", "_")


def _aliases(entry: Calculator) -> dict[str, str]:
    """Headers as they appear in the handbook's tables (Table 1, Table 3): the registry's."""
    return {_normal(alias): f.name for f in entry.fields for alias in f.aliases}


def _key(header: str, aliases: Mapping[str, str] | None = None) -> str:
    text = _normal(header)
    return (aliases or {}).get(text, text)


def read_csv(text: str) -> tuple[list[str], list[Row]]:
    """(header as written, rows keyed by header). Ragged rows are padded or kept whole."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        table = [r for r in reader if any(cell.strip() for cell in r)]
    except csv.Error as exc:
        raise CalculatorError("csv", f"the CSV file cannot be read: {exc}",
                              f"无法读取 CSV 文件：{exc}") from None
    if not table:
        raise CalculatorError("csv", "the CSV file is empty", "CSV 文件为空")
    header = [h.strip() for h in table[0]]
    if len(set(header)) != len(header):
        raise CalculatorError("csv", "the CSV header repeats a column name",
                              "CSV 表头中有重复的列名")
    width = len(header)
    rows = []
    for cells in table[1:]:
        row = dict(zip(header, cells + [""] * (width - len(cells)), strict=False))
        if len(cells) > width:  # keep extra cells rather than lose them
            row["extra"] = ",".join(cells[width:])
        rows.append(row)
    return header, rows


def _entry(kind: str) -> Calculator:
    entry = CALCULATORS.get(kind)
    if entry is None or (entry.batch_cells is None and entry.batch_table is None):
        raise CalculatorError("calculator", f"unknown calculator {kind!r}", f"没有计算器“{kind}”")
    return entry


def _results(entry: Calculator, rows: list[dict[str, Any]],
             policy: Policy) -> Iterator[dict[str, str] | CalculatorError]:
    if entry.batch_table is not None:  # ranks the rows against each other
        yield from entry.batch_table(rows, policy)
        return
    assert entry.batch_cells is not None
    for inputs in rows:
        try:
            yield entry.batch_cells(entry.compute(inputs, policy, False))
        except CalculatorError as exc:
            yield exc


def run_rows(kind: str, header: list[str], rows: Iterable[Row],
             policy: Policy | None = None) -> Iterator[Row]:
    """Each input row with its results or its error, in order."""
    entry = _entry(kind)
    policy = policy or get_policy()
    aliases = _aliases(entry)
    keys = {h: _key(h, aliases) for h in header}
    keys["extra"] = "extra"
    rows = list(rows)
    inputs = [{keys[k] if k in keys else _key(k, aliases): v for k, v in row.items()}
              for row in rows]
    for row, result in zip(rows, _results(entry, inputs, policy), strict=True):
        out: Row = dict(row)
        for name in ERROR_COLUMNS:  # a re-run of an output file: old errors do not stick
            out.pop(name, None)
        if isinstance(result, CalculatorError):
            out.update({"error_field": result.field, "error_zh": result.zh,
                        "error_en": result.en})
        else:
            for name in entry.batch_columns:
                out[_out_name(entry, name)] = result[name]
        yield out


def _out_name(entry: Calculator, name: str) -> str:
    """An output that is also an input name (split's total) is written as result_<name>."""
    return f"result_{name}" if name in entry.inputs else name


def output_header(kind: str, header: list[str], extra: bool = False) -> list[str]:
    entry = _entry(kind)
    cols = [*header, *(["extra"] if extra else [])]
    cols += [_out_name(entry, n) for n in entry.batch_columns]
    return list(dict.fromkeys([*cols, *ERROR_COLUMNS]))


def run_csv(kind: str, text: str, policy: Policy | None = None) -> tuple[str, int, int]:
    """CSV text in -> (CSV text out, rows, rows with an error)."""
    _entry(kind)
    header, rows = read_csv(text)
    buffer = io.StringIO()
    columns = output_header(kind, header, any("extra" in r for r in rows))
    writer = csv.writer(buffer, lineterminator="\r\n")  # not DictWriter: it is slow per row
    writer.writerow(columns)
    count = errors = 0
    for out in run_rows(kind, header, rows, policy):
        writer.writerow([out.get(c, "") for c in columns])
        count += 1
        errors += "error_field" in out
    return buffer.getvalue(), count, errors

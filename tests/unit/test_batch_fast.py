"""The batch fast path gives, cell for cell, what the plain per-row path gives.

The reference below is the straightforward batch: each row computed on its own with its
explanation (explain=True, as the web and the CLI compute a single result), its error
worded by CalculatorError.message in every language, no caches. The file is the
benchmark's generated mix (bench/batch.py: 万 amounts, proration, KPIs, cascades,
ratio splits, bad rows) plus hand-made rows, for every calculator.
"""

from __future__ import annotations

import random

import pytest

from bench.batch import RICH, _from_samples, _rows
from calculators import batch, tables
from calculators.errors import CalculatorError
from calculators.policy import Policy, get_policy
from calculators.registry import CALCULATORS

EXTRA = {
    "bonus": ["Z1,1.3,1万,,,,", "Z2,,10000,,,,", "Z3,20.000,10000,,,,", "Z4,１２０％,\"1,000\",,,,",
              "Z5,1.2,1e9,,,,", "Z6,130%,-5,,,,"],
    "split": ["Z1,5000万,,,,,2026-Q3,week,days,", "Z2,80%,\"1,2,3\",,,,,,",
              "Z3,1000,,3,5%,yuan,,,", "Z4,1000,,,,,2026,month,working",
              "Z5,abc,,,,,,,", "Z6,100,\"1,2\",3,,,,,"],
    "deviation": ["Z1,0,0,,,", "Z2,100,,higher,,", "Z3,1万,9000,lower,,50%", "Z4,x,1,,,"],
}


def reference(kind: str, table: tables.Table, policy: Policy) -> list[list[str]]:
    """The plain path: one row at a time, explanation built, nothing cached."""
    entry = CALCULATORS[kind]
    aliases = batch._aliases(entry)
    inputs = [{batch._key(k, aliases): v for k, v in row.items()} for row in table.rows]
    if entry.batch_table is not None:
        results = list(entry.batch_table(inputs, policy))
    else:
        assert entry.batch_cells is not None
        results = []
        for row in inputs:
            try:
                results.append(entry.batch_cells(entry.compute(row, policy, True)))
            except CalculatorError as exc:
                results.append(exc)
    columns = batch.output_header(kind, table.header, any("extra" in r for r in table.rows))
    out = []
    for row, result in zip(table.rows, results, strict=True):
        cells = {k: v for k, v in row.items() if k not in batch.ERROR_COLUMNS}
        if isinstance(result, CalculatorError):
            cells["error_field"] = result.field
            for code, column in batch.ERROR_TEXT.items():
                cells[column] = result.message(code)
        else:
            for name in entry.batch_columns:
                cells[batch._out_name(entry, name)] = result[name]
        out.append([cells.get(c, "") for c in columns])
    return out


@pytest.mark.parametrize("kind", list(CALCULATORS))
def test_fast_batch_equals_the_per_row_path(kind: str) -> None:
    policy = get_policy()
    entry = CALCULATORS[kind]
    text = _rows(kind, 3000, random.Random(7)) if kind in RICH else _from_samples(entry, 300)
    text += "\n".join(EXTRA.get(kind, [])) + "\n"
    table = tables.read_text(text)
    fast = batch.run_table(kind, table, policy)
    expected = reference(kind, table, policy)
    assert len(expected) == fast.count
    errors = sum(1 for row in expected if row[fast.header.index("error_field")])
    assert errors == fast.errors
    assert 0 < errors < fast.count or kind == "star"  # both kinds of row are compared
    for i, (got, want) in enumerate(zip(fast.rows, expected, strict=True)):
        assert got == want, f"{kind} row {i}: {table.rows[i]}"


@pytest.mark.parametrize("kind", ["bonus", "deviation"])
def test_a_rerun_output_file_equals_the_per_row_path(kind: str) -> None:
    """An output file read back in (old result and error columns present) as well."""
    policy = get_policy()
    text = _rows(kind, 400, random.Random(9)) + "\n".join(EXTRA[kind]) + "\n"
    again = tables.read_text(batch.run_text(kind, text, policy).csv())
    assert "error_en" in again.header
    for row in again.rows:  # a row fixed since: its old error must not stick
        row.setdefault("error_en", "")
        row["error_en"] = row["error_en"] or "an old error"
    fast = batch.run_table(kind, again, policy)
    assert reference(kind, again, policy) == fast.rows

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
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from . import bonus, deviation, split
from .errors import CalculatorError
from .numbers import fixed, fixed2
from .policy import Policy, get_policy

Row = dict[str, str]


# The runners read result fields directly, not as_json(): the CSV carries no steps.
def _bonus_out(row: Mapping[str, Any], policy: Policy) -> dict[str, str]:
    r = bonus.compute_row(row, policy, explain=False)
    return {
        "completion_pct": fixed2(r.completion_pct),
        "tier": "" if r.tier is None else str(r.tier + 1),
        "payout_pct": fixed2(r.payout_pct),
        "payout": fixed2(r.payout),
        "proration_pct": fixed2(r.proration_pct),
        "prorated": fixed2(r.payout if r.prorated is None else r.prorated),
        "special_bonus": fixed2(r.special_bonus),
        "total": fixed2(r.total),
    }


def _split_out(row: Mapping[str, Any], policy: Policy) -> dict[str, str]:
    result = split.split_row(row, policy, explain=False)  # the CSV has no room for steps
    places = result.decimals
    return {
        "total": fixed(result.total, places),
        "parts": "; ".join(f"{p.label}={fixed(p.value, places)}" for p in result.parts),
        "unit": result.unit,
        "ratio": "true" if result.ratio else "false",
    }


def _deviation_out(row: Mapping[str, Any], policy: Policy) -> dict[str, str]:
    r = deviation.check_row(row, policy, explain=False)
    return {
        "plan_to_date": fixed2(r.plan_to_date),
        "deviation": fixed2(r.deviation),
        "deviation_pct": "" if r.deviation_pct is None else fixed2(r.deviation_pct),
        "favourable": {True: "favourable", False: "unfavourable", None: ""}[r.favourable],
        "status": r.status,
        "owner": r.owner["zh"],
        "actions": "；".join(a.zh for a in r.actions),
    }


RUNNERS: dict[str, tuple[Callable[[Mapping[str, Any], Policy], dict[str, str]], tuple[str, ...],
                         tuple[str, ...]]] = {
    "bonus": (_bonus_out, bonus.INPUTS, bonus.OUTPUTS),
    "split": (_split_out, split.INPUTS, ("total", "parts", "unit", "ratio")),
    "deviation": (_deviation_out, deviation.INPUTS,
                  ("plan_to_date", "deviation", "deviation_pct", "favourable", "status", "owner",
                   "actions")),
}
ERROR_COLUMNS = ("error_field", "error_zh", "error_en")

# Headers as they appear in the handbook's tables (Table 1, Table 3) and common variants.
ALIASES = {
    "完成率": "completion", "kpi完成率": "completion", "目标奖金": "target_bonus",
    "专项奖金": "special_bonus", "入职日期": "start_date", "在岗天数": "days_in_role",
    "周期": "period", "期间": "period",
    "目标": "total", "目标值": "total", "季度目标值": "total", "权重": "weights",
    "份数": "parts", "弹性": "buffer", "名称": "labels",
    "计划值": "plan", "计划": "plan", "实际值": "actual", "实际": "actual", "方向": "direction",
    "指标": "metric", "进度": "progress",
}


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKC", header or "").strip().lower().lstrip("\ufeff")
    text = text.replace("-", "_").replace(" ", "_")
    return ALIASES.get(text, text)


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


def run_rows(kind: str, header: list[str], rows: Iterable[Row],
             policy: Policy | None = None) -> Iterator[Row]:
    """Each input row with its results or its error, in order."""
    policy = policy or get_policy()
    runner, _, outputs = RUNNERS[kind]
    keys = {h: _key(h) for h in header}
    keys["extra"] = "extra"
    for row in rows:
        inputs = {keys[k] if k in keys else _key(k): v for k, v in row.items()}
        out: Row = dict(row)
        for name in ERROR_COLUMNS:  # a re-run of an output file: old errors do not stick
            out.pop(name, None)
        try:
            results = runner(inputs, policy)
        except CalculatorError as exc:
            out.update({"error_field": exc.field, "error_zh": exc.zh, "error_en": exc.en})
        else:
            for name in outputs:
                out[_out_name(kind, name)] = results[name]
        yield out


def _out_name(kind: str, name: str) -> str:
    """An output that is also an input name (split's total) is written as result_<name>."""
    return f"result_{name}" if name in RUNNERS[kind][1] else name


def output_header(kind: str, header: list[str], extra: bool = False) -> list[str]:
    _, _, outputs = RUNNERS[kind]
    cols = [*header, *(["extra"] if extra else [])]
    cols += [_out_name(kind, n) for n in outputs]
    return list(dict.fromkeys([*cols, *ERROR_COLUMNS]))


def run_csv(kind: str, text: str, policy: Policy | None = None) -> tuple[str, int, int]:
    """CSV text in -> (CSV text out, rows, rows with an error)."""
    if kind not in RUNNERS:
        raise CalculatorError("calculator", f"unknown calculator {kind!r}", f"没有计算器“{kind}”")
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

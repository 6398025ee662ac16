"""Command line, run from the repository root:

    python -m calculators bonus --completion 120% --target-bonus 10000 [--json]
    python -m calculators split --total 5000万 --period 2026-Q3 --into month
    python -m calculators deviation --plan 500 --actual 380 --direction higher
    python -m calculators deviation --csv rows.csv [--out results.csv]

Options are the form input names with - for _. Exit status 2 with a one-line error on
bad input; batch mode (--csv) reports bad rows inside the output CSV instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from . import batch, bonus, deviation, split
from .errors import CalculatorError, PolicyError


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)


def _options(parser: argparse.ArgumentParser, names: tuple[str, ...],
             helps: dict[str, str]) -> None:
    for name in names:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None,
                            help=helps.get(name, ""))
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="explanation language")
    parser.add_argument("--csv", metavar="FILE", help="batch mode: one row per line (- = stdin)")
    parser.add_argument("--out", metavar="FILE", help="batch mode: write the CSV here (default "
                        "stdout)")


HELP = {
    "bonus": {
        "completion": "KPI completion: 120%%, 1.2 or 120",
        "target_bonus": "target bonus in yuan: 10000, 1万, 1,000",
        "kpis": "several KPIs instead: 'name:target:actual:weight[:higher|lower]; ...'",
        "period": "month, quarter, or a dated period: 2026-07, 2026-Q3",
        "start_date": "start date in role, for proration: 2026-07-16",
        "days_in_role": "days in role this period, for proration",
        "special_bonus": "special project bonus in yuan (paid once, in full)",
    },
    "split": {
        "total": "the target: 5000, 5000万, 1.5亿, or a rate such as 25%%",
        "weights": "comma-separated relative weights: 16,17,17 (omitted = even)",
        "parts": "number of parts when no weights are given",
        "buffer": "over-assignment 10%%-15%% (empty = exact split)",
        "labels": "names of the parts (people): 张三,李四,王五",
        "unit": "yuan, wan_yuan, customers, exposures, wan",
        "decimals": "decimal places of the parts (default: the unit's)",
        "metric": "a ratio metric (conversion_rate, cac, roi, ...) is copied, not divided",
        "period": "split a period: 2026, 2026-Q3, 2026-07",
        "into": "quarter, month or week",
        "basis": "even, days, working (holiday calendar) or weighted",
        "start_dates": "people mode: start dates in the order of the labels (empty = in role)",
    },
    "deviation": {
        "plan": "planned value", "actual": "actual value",
        "direction": "higher, lower or both", "metric": "a metric id or name from the policy",
        "progress": "share of the period elapsed: 50%%",
        "elapsed_days": "days elapsed", "period_days": "days in the period",
        "period": "dated period for progress: 2026-07", "as_of": "date of the actual: 2026-07-15",
        "basis": "calendar or working days for progress",
    },
}

RUN: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], Any]]] = {
    "bonus": (bonus.INPUTS, bonus.compute_row),
    "split": (split.INPUTS, split.split_row),
    "deviation": (deviation.INPUTS, deviation.check_row),
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _print_result(command: str, result: Any, lang: str) -> None:
    for i, step in enumerate(result.steps, 1):
        print(f"{i}. {getattr(step, lang)}")
    if command == "split":
        for part in result.as_json()["parts"]:
            print(f"{part['label'] if lang == 'zh' else part['label_en']}\t{part['value']}")


def _batch(command: str, args: argparse.Namespace) -> int:
    source = sys.stdin.read() if args.csv == "-" else \
        Path(args.csv).read_text(encoding="utf-8-sig")
    if args.json:
        header, rows = batch.read_csv(source)
        print(json.dumps(list(batch.run_rows(command, header, rows)), ensure_ascii=False,
                         indent=2))
        return 0
    text, count, errors = batch.run_csv(command, source)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8-sig", newline="")  # BOM: Excel reads it
    else:
        sys.stdout.write(text)
    print(f"{count} rows, {errors} with errors / 共 {count} 行，{errors} 行有错误",
          file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m calculators",
                     description="Handbook calculators: bonus tiers, target splits, deviation "
                                 "checks")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    titles = {"bonus": "bonus tiers (绩效奖金)", "split": "target split (目标拆解)",
              "deviation": "deviation check (偏差预警)"}
    for name, (inputs, _) in RUN.items():
        _options(sub.add_parser(name, help=titles[name]), inputs, HELP[name])
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    inputs, runner = RUN[args.command]
    try:
        if args.csv:
            return _batch(args.command, args)
        result = runner({name: getattr(args, name) for name in inputs})
    except (CalculatorError, PolicyError) as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: csv: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_result(args.command, result, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())

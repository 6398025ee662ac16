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
from pathlib import Path
from typing import Any, NoReturn

from . import batch
from .errors import CalculatorError, PolicyError
from .registry import CALCULATORS, Calculator


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)


def _options(parser: argparse.ArgumentParser, entry: Calculator) -> None:
    for f in entry.fields:
        parser.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, default=None,
                            help=f.cli.replace("%", "%%"))
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="explanation language")
    parser.add_argument("--csv", metavar="FILE", help="batch mode: one row per line (- = stdin)")
    parser.add_argument("--out", metavar="FILE", help="batch mode: write the CSV here (default "
                        "stdout)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _print_result(entry: Calculator, result: Any, lang: str) -> None:
    """The explanation, then the result's figures: the same lines as "copy the result"."""
    for i, step in enumerate(result.steps, 1):
        print(f"{i}. {getattr(step, lang)}")
    for line in entry.text(result.as_json(), lang, None):
        print(line)


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
    for name, entry in CALCULATORS.items():
        _options(sub.add_parser(name, help=f"{entry.title['en']} ({entry.title['zh']})"), entry)
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    entry = CALCULATORS[args.command]
    try:
        if args.csv:
            return _batch(args.command, args)
        result = entry.run({name: getattr(args, name) for name in entry.inputs})
    except (CalculatorError, PolicyError) as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: csv: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_result(entry, result, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())

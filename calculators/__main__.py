"""Command line: python -m calculators bonus --completion 120% --target-bonus 10000 [--json]."""

from __future__ import annotations

import argparse
import json
import sys

from . import bonus
from .errors import CalculatorError, PolicyError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators")
    sub = parser.add_subparsers(dest="command", required=True)
    p_bonus = sub.add_parser("bonus", help="bonus tiers (绩效奖金)")
    p_bonus.add_argument("--completion", required=True, help="KPI completion: 120%%, 1.2 or 120")
    p_bonus.add_argument("--target-bonus", required=True, help="target bonus in yuan: 10000, 1万")
    p_bonus.add_argument("--json", action="store_true", help="print the result as JSON")
    p_bonus.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args(argv)

    try:
        result = bonus.compute(args.completion, args.target_bonus)
    except (CalculatorError, PolicyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        for step in result.steps:
            print(getattr(step, args.lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())

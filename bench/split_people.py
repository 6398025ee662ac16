"""Split timing: a year's team target among 1,000 people, median of 5 runs.

    .venv/bin/python bench/split_people.py [--people 1000] [--repeats 5]

Three shapes: 1,000 people by labels only; the same with start dates (people mode:
each person's mentoring-month ramp over the year, 4 in 5 with a start date); and
1,000 weighted parts. The target (issue "Data and engine that cannot lie or break"):
under 0.2 s in CPython for 1,000 people over a year. A benchmark: it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calculators.policy import get_policy
from calculators.registry import CALCULATORS


def cases(people: int) -> dict[str, dict[str, str]]:
    labels = ",".join(f"p{i}" for i in range(people))
    starts = ",".join("" if i % 5 == 0 else
                      (dt.date(2025, 10, 1) + dt.timedelta(days=i % 457)).isoformat()
                      for i in range(people))
    return {
        "labels (even parts)": {"total": "1000000", "labels": labels},
        "people over 2026 (start dates)": {"total": "1000000", "labels": labels,
                                           "period": "2026", "start_dates": starts},
        "weights": {"total": "1000000",
                    "weights": ",".join(f"{i % 9 + 1}.5" for i in range(people))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    get_policy()  # loaded once per process, as in the browser worker
    split = CALCULATORS["split"]
    for name, inputs in cases(args.people).items():
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            split.run(inputs).as_json()
            times.append(time.perf_counter() - t0)
        print(f"{name:32} {args.people} people: median {statistics.median(times):.3f} s "
              f"(of {args.repeats})")


if __name__ == "__main__":
    main()

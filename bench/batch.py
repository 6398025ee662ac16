"""Batch-mode benchmark: a generated file per calculator, median of 5 runs.

    .venv/bin/python bench/batch.py [--rows 50000] [--repeats 5] [--no-memory]

Each run reads a generated CSV file's bytes from a temporary directory (GB18030 for
every other calculator, so the decoding is timed too), computes every row and produces
the output CSV (calculators.batch.run_bytes + Output.csv), as the CLI's --in does.
After the timed runs, one more run per calculator under tracemalloc gives the peak of
Python's allocations (memory). The targets: 50,000 rows per calculator in under 2 s in
CPython and under 6 s inside Pyodide. `run(rows, repeats)` is importable so the same
benchmark runs inside Pyodide (bench/run.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calculators import batch
from calculators.policy import get_policy
from calculators.registry import CALCULATORS, Calculator

RICH = ("bonus", "split", "deviation", "star")  # calculators with a hand-made realistic mix


def _rows(kind: str, n: int, rng: random.Random) -> str:
    """A realistic mix: typed formats, proration, KPIs, cascades, a few bad rows."""
    lines: list[str] = []
    if kind == "bonus":
        lines.append("name,completion,target_bonus,kpis,period,start_date,special_bonus")
        for i in range(n):
            if i % 10 == 0:
                lines.append(f'P{i},,1.5万,"营收:5000万:{rng.randint(3000, 7000)}万:60%;'
                             f'获客成本:200:{rng.randint(150, 300)}:40%:lower",2026-Q3,,')
            elif i % 10 == 1:
                lines.append(f"P{i},{rng.randint(60, 180)}%,10000,,2026-07,2026-07-"
                             f"{rng.randint(1, 31):02d},500")
            elif i % 100 == 2:
                lines.append(f"P{i},abc,10000,,,,")
            else:
                lines.append(f"P{i},{rng.uniform(0.6, 1.8):.4f},\"{rng.randint(1, 50)},000\","
                             ",,,")
    elif kind == "split":
        lines.append("line,total,weights,parts,buffer,unit,period,into,basis")
        for i in range(n):
            if i % 20 == 0:
                lines.append(f"L{i},{rng.randint(1000, 9000)}万,,,,wan_yuan,2026-Q3,week,"
                             "working")
            elif i % 20 == 1:
                quarter = rng.randint(1, 4)
                lines.append(f"L{i},{rng.randint(1000, 9000)}万,,,10%,wan_yuan,2026-Q{quarter},"
                             "month,")
            else:
                w = ",".join(str(rng.randint(1, 30)) for _ in range(rng.randint(2, 8)))
                lines.append(f'L{i},{rng.randint(100, 10**7)},"{w}",,,yuan,,,')
    elif kind == "star":
        # One person a row, ranked within their team (teams of 5-40): every other team
        # ranks on three weighted metrics (one "lower is better"), the rest on one result;
        # a person's name in its own column or at the start of the result cell.
        lines.append("team,name,results,metrics,month")
        metrics = '"营收:50%, 新客户:30%, 获客成本:20%:lower"'
        i, team = 0, 0
        while i < n:
            size = min(rng.randint(5, 40), n - i)
            weighted = team % 2 == 1
            for j in range(size):
                if i % 100 == 2:
                    cell, name = "abc", f"P{i}"  # not a number
                elif i % 100 == 3:
                    cell, name = "", f"P{i}"  # no result
                elif weighted:
                    cell = (f'"{rng.randint(1000, 9000)}万, {rng.randint(0, 60)}, '
                            f'{rng.randint(300, 1200)}"')
                    name = f"P{i}"
                elif j % 2:
                    cell, name = f"P{i} {rng.randint(1000, 9000)}万", ""
                else:
                    cell, name = f"{rng.randint(1000, 9000)}万", f"P{i}"
                lines.append(f"T{team},{name},{cell},{metrics if weighted else ''},2026-07")
                i += 1
            team += 1
    else:
        lines.append("project,plan,actual,direction,metric,progress")
        for i in range(n):
            plan = rng.randint(0, 1000)
            actual = max(0, int(plan * rng.uniform(0.5, 1.5)))
            direction = rng.choice(["higher", "lower", "both", ""])
            metric = rng.choice(["", "", "brand_exposure", "budget_spend", "revenue"])
            progress = rng.choice(["", "", "50%", "0.8"])
            lines.append(f"X{i},{plan}万,{actual}万,{direction if not metric else ''},"
                         f"{metric},{progress}")
    return "\n".join(lines) + "\n"


def _from_samples(entry: Calculator, n: int) -> str:
    """Any registered calculator without a richer mix above: its sample inputs, cycled."""
    columns = list(dict.fromkeys(k for sample in entry.samples for k in sample))

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = [",".join(["row", *columns])]
    for i in range(n):
        sample = entry.samples[i % len(entry.samples)]
        lines.append(",".join([f"R{i}", *(cell(sample.get(c, "")) for c in columns)]))
    return "\n".join(lines) + "\n"


def run(rows: int = 50_000, repeats: int = 5, memory: bool = True) -> list[dict[str, object]]:
    """Time each calculator's batch run; one dict per calculator."""
    get_policy()  # load and validate the policy once, as a long-running worker does
    rng = random.Random(4)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, entry in CALCULATORS.items():
            path = Path(tmp) / f"{kind}.csv"
            text = _rows(kind, rows, rng) if kind in RICH else _from_samples(entry, rows)
            encoding = "gb18030" if len(results) % 2 else "utf-8"
            path.write_bytes(text.encode(encoding))
            times, cpu, count, errors = [], [], 0, 0
            for _ in range(repeats):
                start, start_cpu = time.perf_counter(), time.process_time()
                out = batch.run_bytes(kind, path.read_bytes(), path.name)
                out.csv()
                count, errors = out.count, out.errors
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            peak = _peak(kind, path) if memory else None
            median = statistics.median(times)
            results.append({"calculator": kind, "rows": count, "errors": errors,
                            "median_s": median, "cpu_median_s": statistics.median(cpu),
                            "rows_per_s": count / median, "encoding": encoding,
                            "peak_mb": peak,
                            "runtime": f"{sys.implementation.name} {sys.version.split()[0]} "
                                       f"({sys.platform})"})
    return results


def _peak(kind: str, path: Path) -> float | None:
    """The peak of Python's allocations (MB) during one run: tracemalloc, not timed."""
    try:
        import tracemalloc
    except ImportError:  # pragma: no cover - a runtime without it
        return None
    tracemalloc.start()
    try:
        batch.run_bytes(kind, path.read_bytes(), path.name).csv()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def markdown(results: list[dict[str, object]]) -> str:
    # CPU time too: on a busy machine wall time includes waiting for a core.
    out = ["| calculator | file | rows | rows with errors | median (s) | median CPU (s) "
           "| rows / s | peak memory (MB) |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        peak = r.get("peak_mb")
        out.append(f"| {r['calculator']} | {r.get('encoding', '')} | {r['rows']:,} | "
                   f"{r['errors']:,} | {r['median_s']:.3f} | {r['cpu_median_s']:.3f} | "
                   f"{r['rows_per_s']:,.0f} | {'—' if peak is None else f'{peak:.1f}'} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    args = parser.parse_args()
    results = run(args.rows, args.repeats, not args.no_memory)
    print(f"{results[0]['runtime']}, median of {args.repeats}\n")
    print(markdown(results))


if __name__ == "__main__":
    main()

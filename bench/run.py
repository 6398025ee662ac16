"""`make bench`: the handbook's performance, measured, written as a Markdown table.

    .venv/bin/python bench/run.py [--runs 5] [--scales 10,100] [--skip-build-scaling]

Everything runs on this machine against real components: the real site behind the
production nginx configuration (deploy/nginx), Debian's Chromium, Pyodide under node.
Times are medians of --runs; the bare-Pyodide baseline (loadPyodide() + one runPython()
from the same server) is measured in the same run, so ratios compare like with like.
Results go to stdout and build/bench/results.md. A benchmark, not a test: it asserts
nothing and never fails on a slow number.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    NginxServer,
    build_site,
    copy_project,
    free_port,
)

BASELINE_HTML = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module" src="./bench-baseline.js"></script>"""
BASELINE_JS = """import { loadPyodide } from "./assets/engine/pyodide/pyodide.mjs";
const py = await loadPyodide({ packages: [] });
py.runPython("1 + 1");
window.__done = performance.now();
"""
LONG_TASKS = """window.__long = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__long.push(e.duration);
}).observe({ type: "longtask", buffered: true });"""
# The page notes when the first result appears (init scripts are exempt from the CSP,
# which forbids the eval that Playwright's wait_for_function would need).
FIRST_RESULT = """window.__firstResult = undefined;
new MutationObserver(() => {
  if (window.__firstResult !== undefined) return;
  const out = document.querySelector("form[data-calculator] output[name]");
  if (out && out.value !== "") window.__firstResult = performance.now();
}).observe(document, { subtree: true, childList: true, characterData: true });"""


def wait_for(page, expression: str, timeout_s: float = 60) -> float:  # type: ignore[no-untyped-def]
    """Poll a page value (evaluate is allowed under the CSP) until it is a number."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(expression)
        if isinstance(value, (int, float)):
            return float(value)
        page.wait_for_timeout(20)
    raise TimeoutError(expression)
CALC_PAGE = "calculators/bonus/"
PLAIN_PAGE = "team/"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ---------------------------------------------------------------- browser ---

def log_bytes(log: Path, start: int) -> int:
    """Body bytes nginx sent since byte offset `start` of its access log (combined format)."""
    total = 0
    with log.open() as f:
        f.seek(start)
        for line in f:
            m = re.search(r'" (\d{3}) (\d+) "', line)
            if m:
                total += int(m.group(2))
    return total


def browser_measures(runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    build_site(site, f"http://127.0.0.1:{port}/")
    (site / "bench-baseline.html").write_text(BASELINE_HTML)
    (site / "bench-baseline.js").write_text(BASELINE_JS)
    nginx = NginxServer(site, port, Path(tempfile.mkdtemp(prefix="bench-nginx-"))).start()
    log = nginx.tmp / "access.log"
    out: dict[str, list[float]] = {k: [] for k in (
        "cold", "warm", "after_navigation", "baseline", "calc_bytes", "plain_bytes",
        "calc_long_task", "plain_long_task", "plain_engine_requests", "boots_after_navigation")}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                # Cold, then warm (same profile: HTTP cache and compiled-wasm cache primed).
                ctx = browser.new_context()
                ctx.add_init_script(LONG_TASKS)
                ctx.add_init_script(FIRST_RESULT)
                page = ctx.new_page()
                mark = log.stat().st_size
                page.goto(nginx.url(CALC_PAGE))
                out["cold"].append(wait_for(page, "window.__firstResult"))
                page.wait_for_load_state("networkidle")
                out["calc_bytes"].append(log_bytes(log, mark))
                out["calc_long_task"].append(max(page.evaluate("window.__long") or [0]))
                page.goto(nginx.url(CALC_PAGE))
                out["warm"].append(wait_for(page, "window.__firstResult"))
                # After instant navigation away and back: no second boot.
                page.locator(".md-tabs a").first.click()
                page.wait_for_url(nginx.url(""))
                t0 = page.evaluate("window.__firstResult = undefined; performance.now()")
                page.locator(".md-tabs a[href$='calculators/bonus/']").first.click()
                out["after_navigation"].append(wait_for(page, "window.__firstResult") - t0)
                out["boots_after_navigation"].append(int(  # the status box's count
                    page.locator("[data-engine-status]").first.get_attribute("data-boots") or 0))
                ctx.close()
                # A plain page in a fresh profile: bytes, long tasks, engine requests.
                ctx = browser.new_context()
                ctx.add_init_script(LONG_TASKS)
                page = ctx.new_page()
                mark = log.stat().st_size
                page.goto(nginx.url(PLAIN_PAGE))
                page.wait_for_load_state("networkidle")
                out["plain_bytes"].append(log_bytes(log, mark))
                out["plain_long_task"].append(max(page.evaluate("window.__long") or [0]))
                with log.open() as f:
                    f.seek(mark)
                    out["plain_engine_requests"].append(
                        sum(1 for line in f if "/assets/engine/pyodide/" in line
                            or "snapshot-" in line or ".whl" in line))
                ctx.close()
                # Baseline: bare Pyodide from the same server, fresh profile.
                ctx = browser.new_context()
                page = ctx.new_page()
                page.goto(nginx.url("bench-baseline.html"))
                out["baseline"].append(wait_for(page, "window.__done"))
                ctx.close()
            browser.close()
    finally:
        nginx.stop()
        shutil.rmtree(site, ignore_errors=True)
    return out


# ------------------------------------------------------------------ builds ---

def _scale(project: Path, factor: int) -> None:
    """factor x the pages (copies of every page, both languages) and the policy data
    (copies of every data file, each validated by its own schema module)."""
    docs = project / "docs"
    pages = [p for p in docs.rglob("*.md") if "print" not in p.name]
    for k in range(1, factor):
        for page in pages:
            target = docs / "scaled" / f"s{k}" / page.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, target)
    schemas = project / "calculators" / "schemas"
    for data in list((project / "data").glob("*.toml")):
        for k in range(1, factor):
            shutil.copy2(data, data.with_name(f"{data.stem}_s{k}.toml"))
            (schemas / f"{data.stem}_s{k}.py").write_text(f"from .{data.stem} import SCHEMA\n")


def build_seconds(factor: int, timeout: int) -> float | None:
    project = Path(tempfile.mkdtemp(prefix=f"bench-build-{factor}x-"))
    try:
        copy_project(project)
        if factor > 1:
            _scale(project, factor)
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(project / "site")]
        if factor == 1:
            cmd.append("--strict")
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            print(f"build {factor}x failed:\n{done.stderr[-1500:]}", file=sys.stderr)
            return None
        return elapsed
    except subprocess.TimeoutExpired:
        return None
    finally:
        shutil.rmtree(project, ignore_errors=True)


# ------------------------------------------------------------------- batch ---

BATCH_ROWS = 50_000  # per calculator: under 2 s in CPython, under 6 s in Pyodide


def batch_rates(rows: int, repeats: int) -> dict[str, dict[str, float]]:
    from bench import batch
    from hooks.engine import build_wheel

    rates: dict[str, dict[str, float]] = {}
    for r in batch.run(rows, repeats):
        rates.setdefault(str(r["calculator"]), {})["cpython"] = rows / float(r["median_s"])
    wheel, _ = build_wheel()
    code = (
        "import json\n"
        f"src = {json.dumps((ROOT / 'bench' / 'batch.py').read_text())}\n"
        "ns = {'__name__': 'bench_batch', '__package__': 'bench'}\n"
        "exec(compile(src, 'bench/batch.py', 'exec'), ns)\n"
        f"json.dumps(ns['run']({rows}, {repeats}, False))\n"
    )
    done = subprocess.run(
        ["node", str(ROOT / "tests/pyodide/run.mjs"), "--wheel", str(wheel), "--eval", code],
        capture_output=True, text=True, timeout=1800, cwd=ROOT)
    if done.returncode == 0:
        for r in json.loads(done.stdout.strip().splitlines()[-1]):
            rates.setdefault(str(r["calculator"]), {})["pyodide"] = rows / float(r["median_s"])
    else:
        print(f"Pyodide batch failed: {done.stderr[-1000:]}", file=sys.stderr)
    return rates


# ------------------------------------------------------------------ report ---

def report(m: dict[str, list[float]], builds: dict[str, float | None],
           rates: dict[str, dict[str, float]], runs: int) -> str:
    base = median(m["baseline"])
    lines = [f"## First result on a calculator page (median of {runs}, nginx, headless Chromium)",
             "", "| measure | ms | ratio to bare Pyodide | target |", "|---|--:|--:|---|"]
    targets = {"cold": "≤ 1500 ms and ≤ 0.6x", "warm": "≤ 800 ms",
               "after_navigation": "< 100 ms, no second boot", "baseline": "—"}
    for key in ("cold", "warm", "after_navigation", "baseline"):
        v = median(m[key])
        lines.append(f"| {key.replace('_', ' ')} | {v:.0f} | {v / base:.2f} | {targets[key]} |")
    lines += ["", "## Pages", "", "| measure | calculator page | plain page |", "|---|--:|--:|",
              f"| bytes transferred (cold) | {median(m['calc_bytes']) / 1e6:.2f} MB "
              f"| {median(m['plain_bytes']) / 1e3:.0f} kB |",
              f"| longest main-thread task | {median(m['calc_long_task']):.0f} ms "
              f"| {median(m['plain_long_task']):.0f} ms |",
              f"| Pyodide requests | — | {max(m['plain_engine_requests'] or [0]):.0f} |",
              f"| engine boots after instant navigation | "
              f"{max(m['boots_after_navigation'] or [0]):.0f} | — |"]
    lines += ["", "## Site build", "", "| site | seconds |", "|---|--:|"]
    for label, secs in builds.items():
        lines.append(f"| {label} | {'did not finish' if secs is None else f'{secs:.1f}'} |")
    lines += ["", f"## Batch throughput ({BATCH_ROWS:,}-row CSV, rows per second)", "",
              "| calculator | CPython | Pyodide (node) |", "|---|--:|--:|"]
    for calc, r in rates.items():
        py = r.get("pyodide")
        lines.append(f"| {calc} | {r.get('cpython', 0):,.0f} | "
                     f"{'failed' if py is None else f'{py:,.0f}'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", default="10,100")
    parser.add_argument("--skip-build-scaling", action="store_true")
    parser.add_argument("--build-timeout", type=int, default=1800)
    args = parser.parse_args()

    measures = browser_measures(args.runs)
    builds = {"real site": build_seconds(1, args.build_timeout)}
    if not args.skip_build_scaling:
        for factor in (int(f) for f in args.scales.split(",") if f):
            builds[f"{factor}x pages and data"] = build_seconds(factor, args.build_timeout)
    rates = batch_rates(BATCH_ROWS, args.runs)
    text = report(measures, builds, rates, args.runs)
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

"""Time from page load to the calculator's first result in headless Chromium.

  .venv/bin/python bench/first_result.py [--runs 5]

Builds the real site, serves it on a loopback port, and measures (median of --runs):
- cold: a fresh browser profile (empty HTTP cache) opens the bonus calculator page;
- warm: the same profile opens it again (HTTP cache primed);
- baseline: a bare page that does loadPyodide() + one runPython() from the same
  server, measured in the same run, so the ratios mean something on any machine.
Times are the page's own performance.now() at the moment the result is shown.
Prints a Markdown table. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support import CHROMIUM, CHROMIUM_ARGS, StaticServer, build_site, free_port  # noqa: E402

BASELINE_HTML = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
import { loadPyodide } from "./assets/engine/pyodide/pyodide.mjs";
const py = await loadPyodide({ packages: [] });
py.runPython("1 + 1");
window.__done = performance.now();
</script>"""

RESULT_SHOWN = "document.querySelector('output[name=payout_pct]')?.value !== ''" \
               " && document.querySelector('output[name=payout_pct]')?.value !== undefined"


def measure(runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    build_site(site, f"http://127.0.0.1:{port}/")
    (site / "bench-baseline.html").write_text(BASELINE_HTML)
    server = StaticServer(site, port)
    httpd = server.serve()
    times: dict[str, list[float]] = {"cold": [], "warm": [], "baseline": []}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                ctx = browser.new_context()
                page = ctx.new_page()
                for label in ("cold", "warm"):
                    page.goto(server.url("calculators/bonus/"))
                    page.wait_for_function(RESULT_SHOWN, timeout=60_000)
                    times[label].append(page.evaluate("performance.now()"))
                ctx.close()
                ctx = browser.new_context()
                page = ctx.new_page()
                page.goto(server.url("bench-baseline.html"))
                page.wait_for_function("window.__done !== undefined", timeout=60_000)
                times["baseline"].append(page.evaluate("window.__done"))
                ctx.close()
            browser.close()
    finally:
        httpd.shutdown()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = measure(args.runs)
    base = statistics.median(times["baseline"])
    print(f"| measure (median of {args.runs}) | ms | ratio to bare Pyodide |")
    print("|---|--:|--:|")
    for label in ("cold", "warm", "baseline"):
        med = statistics.median(times[label])
        print(f"| {label} | {med:.0f} | {med / base:.2f} |")


if __name__ == "__main__":
    main()

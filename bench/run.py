"""`make bench`: the handbook's performance, measured, written as a Markdown table.

    .venv/bin/python bench/run.py [--runs 5] [--scales 10,100] [--skip-build-scaling]
                                  [--skip-versions] [--browser-only]

Everything runs on this machine against real components: the real site behind the
production nginx configuration (deploy/nginx), Debian's Chromium, Pyodide under node.
Times are medians of --runs; the bare-Pyodide baseline (loadPyodide() + one runPython()
from the same server) is measured in the same run, so ratios compare like with like.
Last, what publishing a second version adds to gh-pages (bench/versions.py).
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
    NO_SHARED_WORKER,
    NginxServer,
    build_site,
    copy_project,
    end_shared_engines,
    free_port,
)

from calculators.registry import SCHEMAS as CALCULATOR_SCHEMAS  # noqa: E402

BASELINE_HTML = """<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module" src="./bench-baseline.js"></script>"""
# The bare-Pyodide baseline boots in a module worker, as the calculators do, so that
# both are measured on the same kind of thread under the same profile (Chromium's CPU
# throttling slows the page's main thread only: "only supported for pages, not workers").
BASELINE_JS = """const w = new Worker(new URL("./bench-baseline-worker.js", import.meta.url),
                   { type: "module" });
w.onmessage = () => { window.__done = performance.now(); };
"""
BASELINE_WORKER_JS = """import { loadPyodide } from "./assets/engine/pyodide/pyodide.mjs";
const py = await loadPyodide({ packages: [] });
py.runPython("1 + 1");
postMessage("done");
"""
LONG_TASKS = """window.__long = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__long.push(e.duration);
}).observe({ type: "longtask", buffered: true });"""
# The page notes when the first result appears (init scripts are exempt from the CSP,
# which forbids the eval that Playwright's wait_for_function would need): __firstResult
# when a figure is shown (the example's, which the page is served with, while the engine
# loads), and __engineResult when the engine's own reply is in the form (its data-result
# "ok"). Each is the time of the first animation frame after the change: the frame that
# paints it (a figure parsed while the page cannot yet paint is not yet seen).
FIRST_RESULT = """window.__firstResult = undefined;
window.__engineResult = undefined;
let seenFirst = false, seenEngine = false;
const painted = (key) => requestAnimationFrame(() => { window[key] = performance.now(); });
new MutationObserver(() => {
  const form = document.querySelector("form[data-calculator]");
  if (!form) return;
  const out = form.querySelector("output[name]");
  if (!seenFirst && out && out.value !== "") { seenFirst = true; painted("__firstResult"); }
  if (!seenEngine && form.dataset.result === "ok") { seenEngine = true; painted("__engineResult"); }
}).observe(document, { subtree: true, childList: true, characterData: true,
                       attributes: true, attributeFilter: ["data-result"] });
// After instant navigation the bench starts again: it sets both back to undefined.
window.__again = () => { seenFirst = seenEngine = false;
  window.__firstResult = window.__engineResult = undefined; };"""


def wait_for(page, expression: str, timeout_s: float = 120) -> float:  # type: ignore[no-untyped-def]
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

# The profiles. "mobile": a mid-range phone on 4G as Chromium's DevTools emulate it:
# 4x CPU slowdown (main thread), about 10 Mbit/s down, 40 ms round trip, 375 px viewport.
PROFILES: dict[str, dict[str, object]] = {
    "desktop": {},
    "mobile": {
        # Service workers blocked: Chromium's emulated network applies to the page and its
        # worker, not to a service worker's own fetches, so with one the engine would
        # download unthrottled. Blocked, cold is an honest first visit on 4G and warm a
        # repeat visit with the HTTP cache only (the service worker's repeat visit and
        # offline use are measured in the desktop profile).
        # For the same reason the engine is a dedicated worker here (no SharedWorker): a
        # shared worker is a target of its own, which the page's emulation does not reach.
        # (What a shared engine still running saves is measured in the desktop profile.)
        "context": {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2,
                    "is_mobile": True, "has_touch": True, "service_workers": "block"},
        "scripts": (NO_SHARED_WORKER,),
        "cpu": 4,
        "network": {"offline": False, "latency": 40, "downloadThroughput": 10_000_000 / 8,
                    "uploadThroughput": 5_000_000 / 8},
    },
}


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


def open_page(browser, profile: dict[str, object], *scripts: str):  # type: ignore[no-untyped-def]
    """A fresh browser profile (empty caches) under `profile`, and its page."""
    ctx = browser.new_context(**profile.get("context", {}))  # type: ignore[arg-type]
    for script in (*profile.get("scripts", ()), *scripts):  # type: ignore[misc]
        ctx.add_init_script(script)
    page = ctx.new_page()
    emulate(ctx, page, profile)
    return ctx, page


def emulate(ctx, page, profile: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    if not profile.get("cpu") and not profile.get("network"):
        return
    cdp = ctx.new_cdp_session(page)
    if profile.get("cpu"):
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    if profile.get("network"):
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", profile["network"])


def browser_measures(runs: int, site: Path | None = None, port: int | None = None,
                     profiles: tuple[str, ...] = ("desktop", "mobile"),
                     ) -> dict[str, dict[str, list[float]]]:
    """Per profile: first-result times, the baseline, bytes on the wire per page kind."""
    from playwright.sync_api import sync_playwright

    own_site = site is None
    port = port or free_port()
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="bench-site-"))
        build_site(site, f"http://127.0.0.1:{port}/")
    (site / "bench-baseline.html").write_text(BASELINE_HTML)
    (site / "bench-baseline.js").write_text(BASELINE_JS)
    (site / "bench-baseline-worker.js").write_text(BASELINE_WORKER_JS)
    nginx = NginxServer(site, port, Path(tempfile.mkdtemp(prefix="bench-nginx-"))).start()
    log = nginx.tmp / "access.log"
    keys = ("cold", "warm", "warm_ended", "after_navigation", "offline", "cold_engine",
            "warm_engine", "warm_ended_engine",
            "after_navigation_engine", "offline_engine", "baseline", "calc_bytes",
            "warm_bytes", "plain_bytes", "calc_long_task", "plain_long_task",
            "plain_engine_requests", "boots_after_navigation")
    results: dict[str, dict[str, list[float]]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in profiles:
                profile = PROFILES[name]
                out = results[name] = {k: [] for k in keys}
                for _ in range(runs):
                    _calculator_visits(browser, profile, nginx, log, out)
                    # A plain page in a fresh profile: bytes, long tasks, engine requests.
                    ctx, page = open_page(browser, profile, LONG_TASKS)
                    mark = log.stat().st_size
                    page.goto(nginx.url(PLAIN_PAGE))
                    page.wait_for_load_state("networkidle")
                    out["plain_bytes"].append(log_bytes(log, mark))
                    out["plain_long_task"].append(max(page.evaluate("window.__long") or [0]))
                    with log.open() as f:
                        f.seek(mark)
                        out["plain_engine_requests"].append(
                            sum(1 for line in f if "/assets/engine/pyodide/" in line
                                or "snapshot-" in line or "/assets/engine/stdlib-" in line
                                or ".whl" in line))
                    ctx.close()
                    # Baseline: bare Pyodide from the same server, fresh profile, same
                    # emulation.
                    ctx, page = open_page(browser, profile)
                    page.goto(nginx.url("bench-baseline.html"))
                    out["baseline"].append(wait_for(page, "window.__done"))
                    ctx.close()
            browser.close()
    finally:
        nginx.stop()
        if own_site:
            shutil.rmtree(site, ignore_errors=True)
    return results


def settle(log: Path, quiet_s: float = 0.5, timeout_s: float = 30) -> None:
    """Until nginx has answered nothing for `quiet_s`. (Not Playwright's "networkidle":
    it counts a shared worker's script, asked for by the page, as never finished.)"""
    deadline = time.monotonic() + timeout_s
    size, since = log.stat().st_size, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = log.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


def _calculator_visits(browser, profile, nginx, log, out) -> None:  # type: ignore[no-untyped-def]
    """Cold; warm (same browser profile), with the engine still running (where the browser
    keeps it: a shared worker) and once it has ended (from the service worker's cache);
    after instant navigation; then offline."""
    ctx, page = open_page(browser, profile, LONG_TASKS, FIRST_RESULT)
    mark = log.stat().st_size
    page.goto(nginx.url(CALC_PAGE))
    out["cold"].append(wait_for(page, "window.__firstResult"))
    out["cold_engine"].append(wait_for(page, "window.__engineResult"))
    settle(log)
    out["calc_bytes"].append(log_bytes(log, mark))
    out["calc_long_task"].append(max(page.evaluate("window.__long") or [0]))
    page.wait_for_timeout(500)  # let a service worker finish storing what it keeps
    mark = log.stat().st_size
    page.goto(nginx.url(CALC_PAGE))
    out["warm"].append(wait_for(page, "window.__firstResult"))
    out["warm_engine"].append(wait_for(page, "window.__engineResult"))
    settle(log)
    if NO_SHARED_WORKER not in profile.get("scripts", ()):  # type: ignore[operator]
        # The same repeat visit once the shared engine has ended (its kept lifetime over,
        # or the browser closed): it boots from the service worker's cache.
        page.wait_for_timeout(500)
        end_shared_engines(browser, nginx.url(""))
        page.goto(nginx.url(CALC_PAGE))
        out["warm_ended"].append(wait_for(page, "window.__firstResult"))
        out["warm_ended_engine"].append(wait_for(page, "window.__engineResult"))
        settle(log)
    out["warm_bytes"].append(log_bytes(log, mark))
    # After instant navigation away and back: no second boot. (A scripted click: the
    # tabs are hidden in the mobile viewport; instant navigation handles it the same.)
    page.evaluate("document.querySelector('.md-tabs a').click()")
    page.wait_for_url(nginx.url(""))
    # A reader clicks back once the home page is there: its content shown (Material
    # changes the address before it has fetched the page; a click then would time the
    # rest of that navigation too) and a moment to read.
    wait_for(page, "document.querySelector('form[data-calculator]') ? null : 1", 30)
    page.wait_for_timeout(500)
    t0 = page.evaluate("window.__again(); "
                       "document.querySelector(\".md-tabs a[href$='calculators/bonus/']\")"
                       ".click(); performance.now()")
    out["after_navigation"].append(wait_for(page, "window.__firstResult") - t0)
    out["after_navigation_engine"].append(wait_for(page, "window.__engineResult") - t0)
    out["boots_after_navigation"].append(int(  # the status box's count
        page.locator("[data-engine-status]").first.get_attribute("data-boots") or 0))
    # Offline repeat visit: the network cut, a new page load in the same profile. (Only
    # without network emulation: that one's conditions would override the cut.)
    if profile.get("network"):
        ctx.close()
        return
    # Offline from the cache: a running engine would need no network at all.
    end_shared_engines(browser, nginx.url(""))
    ctx.set_offline(True)
    try:
        page.goto(nginx.url(CALC_PAGE))
        out["offline"].append(wait_for(page, "window.__firstResult", 30))
        out["offline_engine"].append(wait_for(page, "window.__engineResult", 30))
    except Exception:  # no offline support: reported as "fails"
        out["offline"].append(float("nan"))
        out["offline_engine"].append(float("nan"))
    ctx.close()


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
    # Each copy's schema module goes with the build-only content schemas (handbook/schemas/,
    # discovered by name): the calculators' areas' schemas are taken from the registry, the
    # content areas' from their own module. (Not into calculators/schemas/: the content
    # areas' schemas moved out of it, and the copies broke the 10x and 100x builds.)
    schemas = project / "handbook" / "schemas"
    calculator_areas = set(CALCULATOR_SCHEMAS)
    for data in list((project / "data").glob("*.toml")):
        for k in range(1, factor):
            shutil.copy2(data, data.with_name(f"{data.stem}_s{k}.toml"))
            source = (
                f"from calculators.registry import SCHEMAS\n\nSCHEMA = SCHEMAS[{data.stem!r}]\n"
                if data.stem in calculator_areas else f"from .{data.stem} import SCHEMA\n")
            (schemas / f"{data.stem}_s{k}.py").write_text(source)


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

def _ms(v: float) -> str:
    return "fails" if v != v else f"{v:.0f}"  # NaN: did not work


def profile_report(name: str, m: dict[str, list[float]], runs: int) -> list[str]:
    base = median(m["baseline"])
    targets = {
        "desktop": {"cold": "≤ 1500 ms and ≤ 0.5x", "warm": "≤ 600 ms",
                    "warm_ended": "≤ 600 ms",
                    "after_navigation": "≤ 100 ms, no second boot",
                    "offline": "≤ 1000 ms"},
        "mobile": {"cold": "≤ 6000 ms and ≤ 0.6x"},
    }[name]
    lines = [f"## First result on a calculator page: {name} profile (median of {runs}, "
             "nginx, headless Chromium)", ""]
    if name == "mobile":
        lines += ["4x CPU slowdown (page main thread), 10 Mbit/s down, 40 ms round trip, "
                  "375 px viewport (Chromium emulation).", ""]
    lines += ["First result shown: a figure in the form (before the engine is ready, the "
              "reply made at build time for the form's defaults). Engine's answer: the "
              "engine's own reply in the form, what a reader's own figures wait for.", "",
              "| measure | first result shown, ms | ratio to bare | engine's answer, ms "
              "| ratio to bare | target |", "|---|--:|--:|--:|--:|---|"]

    def med(key: str) -> float:
        values = m.get(key) or []
        return median(values) if all(x == x for x in values) else float("nan")  # NaN: failed

    for key in ("cold", "warm", "warm_ended", "after_navigation", "offline", "baseline"):
        if not m[key]:
            continue
        v, e = med(key), med(f"{key}_engine")
        label = {"offline": "offline repeat visit (engine ended)",
                 "warm": "warm, engine still running" if name == "desktop" else "warm",
                 "warm_ended": "warm, engine ended (from the cache)",
                 "baseline": "bare Pyodide (worker)"}.get(key, key.replace("_", " "))
        engine = f"{_ms(e)} | {e / base:.2f}" if m.get(f"{key}_engine") else "— | —"
        lines.append(f"| {label} | {_ms(v)} | {v / base:.2f} | {engine} "
                     f"| {targets.get(key, '—')} |")
    lines += ["", f"## Pages: {name} profile", "", "| measure | calculator page | plain page |",
              "|---|--:|--:|",
              f"| bytes on the wire, cold | {median(m['calc_bytes']) / 1e6:.2f} MB "
              f"| {median(m['plain_bytes']) / 1e3:.0f} kB |",
              "| bytes on the wire, repeat visits "
              f"| {median(m['warm_bytes']) / 1e3:.0f} kB | — |",
              f"| longest main-thread task | {median(m['calc_long_task']):.0f} ms "
              f"| {median(m['plain_long_task']):.0f} ms |",
              f"| Pyodide requests | — | {max(m['plain_engine_requests'] or [0]):.0f} |",
              f"| engine boots after instant navigation | "
              f"{max(m['boots_after_navigation'] or [0]):.0f} | — |", ""]
    return lines


def report(measures: dict[str, dict[str, list[float]]], builds: dict[str, float | None],
           rates: dict[str, dict[str, float]], runs: int) -> str:
    lines: list[str] = []
    for name, m in measures.items():
        lines += profile_report(name, m, runs)
    if builds:
        lines += ["## Site build", "", "| site | seconds |", "|---|--:|"]
        for label, secs in builds.items():
            lines.append(f"| {label} | {'did not finish' if secs is None else f'{secs:.1f}'} |")
        lines.append("")
    if rates:
        lines += [f"## Batch throughput ({BATCH_ROWS:,}-row CSV, rows per second)", "",
                  "| calculator | CPython | Pyodide (node) |", "|---|--:|--:|"]
        for calc, r in rates.items():
            py = r.get("pyodide")
            lines.append(f"| {calc} | {r.get('cpython', 0):,.0f} | "
                         f"{'failed' if py is None else f'{py:,.0f}'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profiles", default="desktop,mobile")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--port", type=int, help="the port its site_url names (with --site)")
    parser.add_argument("--scales", default="10,100")
    parser.add_argument("--skip-build-scaling", action="store_true")
    parser.add_argument("--browser-only", action="store_true",
                        help="only the first-result and bytes tables")
    parser.add_argument("--build-timeout", type=int, default=1800)
    parser.add_argument("--skip-versions", action="store_true",
                        help="skip publishing two versions (what a new version adds)")
    args = parser.parse_args()

    measures = browser_measures(args.runs, args.site, args.port,
                                tuple(p for p in args.profiles.split(",") if p))
    builds: dict[str, float | None] = {}
    rates: dict[str, dict[str, float]] = {}
    if not args.browser_only:
        builds["real site"] = build_seconds(1, args.build_timeout)
        if not args.skip_build_scaling:
            for factor in (int(f) for f in args.scales.split(",") if f):
                builds[f"{factor}x pages and data"] = build_seconds(factor, args.build_timeout)
        rates = batch_rates(BATCH_ROWS, args.runs)
    text = report(measures, builds, rates, args.runs)
    if not args.browser_only and not args.skip_versions:
        from bench import versions

        text += "\n" + versions.measure()
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

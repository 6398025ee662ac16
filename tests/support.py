"""Real site components shared by the site tests and the benchmarks: a strict mkdocs
build with a given site_url, a static file server on a loopback port that records what
it served, and the Chromium flags this machine needs."""

from __future__ import annotations

import datetime as dt
import functools
import getpass
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# The flags this machine needs: no sandbox as root, no background traffic to Google.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
ARTIFACTS = ROOT / "test-artifacts"


# What `mkdocs build` needs from the repository; node_modules is linked, not copied.
BUILD_INPUTS = ("mkdocs.yml", "pyproject.toml", "docs", "data", "calculators", "handbook",
                "macros", "hooks", "overrides", "config")


def copy_project(dest: Path, extra: tuple[str, ...] = ()) -> Path:
    """A buildable copy of the project in dest (created if needed), plus `extra` paths."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in (*BUILD_INPUTS, *extra):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    # The engine's caches are shared with this checkout: a copy whose calculators code is
    # the same reuses the stdlib list and the memory snapshot (made from code only), and
    # every cache entry is named by its inputs and written by an atomic rename.
    for cache in ("wheel-cache", "gz-cache"):
        (ROOT / "build" / cache).mkdir(parents=True, exist_ok=True)
        (dest / "build").mkdir(exist_ok=True)
        (dest / "build" / cache).symlink_to(ROOT / "build" / cache)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(dest: Path, site_url: str, config: Path | None = None) -> str:
    """mkdocs build --strict into dest with the given site_url (as `make build` does):
    the production build, Brotli at its real quality (the tests' other, throw-away builds
    use a low one: tests/conftest.py)."""
    env = {**os.environ, "SITE_URL": site_url}
    env.pop("HANDBOOK_BROTLI_QUALITY", None)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    if config is not None:
        cmd += ["--config-file", str(config)]
    done = subprocess.run(cmd, cwd=config.parent if config else ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stderr[-4000:]}"
    return done.stderr  # the build log


@dataclass
class StaticServer:
    """A plain static file server, recording every path it was asked for."""

    root: Path
    port: int
    requests: list[str] = field(default_factory=list)
    build_log: str = ""

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def count(self, suffix: str) -> int:
        return sum(1 for p in self.requests if urlsplit(p).path.endswith(suffix))

    def serve(self) -> ThreadingHTTPServer:
        log = self.requests

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                log.append(self.path)

        handler = functools.partial(Handler, directory=str(self.root))
        httpd = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        return httpd


# ------------------------------------------------- expected values from data ---

def cli_json(calculator: str, inputs: dict[str, str]) -> dict:
    """The CLI's --json for the same inputs (options are input names with - for _; a
    blank field is an option not given, as the form treats it)."""
    import json

    args = [sys.executable, "-m", "calculators", calculator, "--json"]
    for name, value in inputs.items():
        if value:
            args += [f"--{name.replace('_', '-')}", value]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    return json.loads(done.stdout)


def engine_answered(page, calculator: str = "bonus", timeout: int = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait for the engine's own reply in a calculator form (its `data-result` "ok"), not
    the reply made at build time that the form shows while the engine loads ("built"):
    figures read after this are the engine's, with the policy it installed."""
    from playwright.sync_api import expect

    form = page.locator(f'form[data-calculator="{calculator}"]')
    expect(form).to_have_attribute("data-result", "ok", timeout=timeout)


# An init script: the page's browser has no SharedWorker (as older WebViews), so the engine
# is a dedicated worker. For tests that route the engine's own requests (a blocked wasm, no
# snapshot): Playwright's routes do not see a shared worker's requests.
NO_SHARED_WORKER = "delete globalThis.SharedWorker;"


def _shared_workers(cdp, under: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return [t for t in cdp.send("Target.getTargets")["targetInfos"]
            if t["type"] == "shared_worker" and t["url"].startswith(under)]


def shared_engines(browser, under: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    """The addresses of the shared workers running in `browser` whose address starts with
    `under` (the engine, where the browser keeps it across page loads:
    assets/engine/boot.js)."""
    cdp = browser.new_browser_cdp_session()
    try:
        return [t["url"] for t in _shared_workers(cdp, under)]
    finally:
        cdp.detach()


def end_shared_engines(browser, under: str = "") -> int:  # type: ignore[no-untyped-def]
    """End the shared workers in `browser` whose address starts with `under`, as when their
    kept lifetime is over or the browser was closed: the next page boots an engine again
    (from the service worker's cache, on a repeat visit). Returns how many were ended."""
    cdp = browser.new_browser_cdp_session()
    try:
        targets = _shared_workers(cdp, under)
        for target in targets:
            cdp.send("Target.closeTarget", {"targetId": target["targetId"]})
        return len(targets)
    finally:
        cdp.detach()


def squash(text: str) -> str:
    """No whitespace, no thousands separators, one kind of dash, one case."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return re.sub(r"\s+", "", text).replace("\u2212", "-").casefold()


# How the pages spell a number by its key's suffix, and the few codes and phrases the
# data stores as words (zh, en): literal here, independent of macros/format.py.
UNITS = {"_pct": ("{v}%", "{v}%"), "_hours": ("{v}小时", "{v}hours"),
         "_days": ("{v}天", "{v}days"), "_minutes": ("{v}分钟", "{v}minutes"),
         "_seconds": ("{v}秒", "{v}seconds"), "_months": ("{v}个月", "{v}months"),
         "_wan_yuan": ("{v}万元", "¥{million}million")}
PHRASES = {
    "retrospectives.deadlines.monthly_due_day_of_next_month":
        ("次月{v}日", "the{ordinal}ofthefollowingmonth"),
    "tasks.tracking.weekly_tasks_times_per_week": ("每周{v}次", "{v}timesaweek"),
}
CODES = {"monthly": ("每月", "monthly"), "monday": ("周一", "Monday"), "once": ("一次性", "once"),
         "draft": ("起草", "draft"), "review": ("审核", "review")}


def plain_number(value: Decimal | int) -> str:
    return f"{Decimal(value).normalize():f}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def spell(key: str, value: object, lang: str, policy: Any) -> list[str]:
    """What a page must contain for a data value (`policy.value(key)`): every part, in the
    page's language, to compare after `squash`. Literal rules, independent of the macros
    that format the value on the page, so a test checks them instead of trusting them."""
    i = 0 if lang == "zh" else 1
    if isinstance(value, dict) and {"zh", "en"} <= set(value):
        return [value[lang]]
    if isinstance(value, dict) and "role" in value:           # an approval step
        return [value["role"][lang], CODES[value["action"]][i]]
    if isinstance(value, list):
        return [text for item in value for text in spell(key, item, lang, policy)]
    if isinstance(value, dt.time):
        return [f"{value.hour:02d}:{value.minute:02d}"]
    if isinstance(value, str):
        return [CODES[value][i]]
    number = plain_number(value)  # type: ignore[arg-type]
    if key in PHRASES:
        return [PHRASES[key][i].format(v=number, ordinal=_ordinal(int(value)))]  # type: ignore[call-overload]
    if key.endswith("checkpoint.value"):                      # its unit is its sibling
        unit = policy.value(key.removesuffix(".value") + ".unit")
        if unit != "wan":
            return [number]
        million = plain_number(Decimal(value) / 100)  # type: ignore[arg-type]
        return [f"{number}万" if lang == "zh" else f"{million}million"]
    for suffix, forms in UNITS.items():
        if key.endswith(suffix):
            return [forms[i].format(v=number, million=plain_number(Decimal(value) / 100))]  # type: ignore[arg-type]
    return [number]


NGINX = "/usr/sbin/nginx"
NGINX_MODULES = "/usr/lib/nginx/modules"
NGINX_MAIN = """# Workers run as the test's own user: the site sits in a private temporary folder.
# Production needs the same load_module line (Debian's libnginx-mod-http-brotli-static
# adds it under /etc/nginx/modules-enabled/): the configuration uses brotli_static.
load_module {modules}/ngx_http_brotli_static_module.so;
user {user};
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/handbook.conf;
}}
"""


@dataclass
class NginxServer:
    """Debian's nginx serving a built site with the production configuration
    (deploy/nginx/handbook.conf.template), as a foreground process on a loopback port."""

    root: Path
    port: int
    tmp: Path
    process: subprocess.Popen[bytes] | None = None

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self) -> NginxServer:
        sys.path.insert(0, str(ROOT / "deploy" / "nginx"))
        from render import render

        self.tmp.mkdir(parents=True, exist_ok=True)
        (self.tmp / "handbook.conf").write_text(render(self.root, f"127.0.0.1:{self.port}"))
        user = getpass.getuser()
        (self.tmp / "nginx.conf").write_text(NGINX_MAIN.format(
            tmp=self.tmp, user=user, modules=NGINX_MODULES))
        self.process = subprocess.Popen(
            [NGINX, "-c", str(self.tmp / "nginx.conf"), "-p", str(self.tmp)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    err = self.process.stderr.read().decode() if self.process.stderr else ""
                    raise RuntimeError(f"nginx did not start: {err}") from None
                time.sleep(0.05)
        raise RuntimeError("nginx did not open its port")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

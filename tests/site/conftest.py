"""Real components for the site tests: a real mkdocs build, a real static server
on a loopback port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# The flags this machine needs: no sandbox as root, no background traffic to Google.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(dest: Path, site_url: str, config: Path | None = None) -> None:
    """mkdocs build --strict into dest with the given site_url (as `make build` does)."""
    env = {**os.environ, "SITE_URL": site_url}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)]
    if config is not None:
        cmd += ["--config-file", str(config)]
    done = subprocess.run(cmd, cwd=config.parent if config else ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"mkdocs build failed:\n{done.stderr[-4000:]}"


@dataclass
class StaticServer:
    """A plain static file server, recording every path it was asked for."""

    root: Path
    port: int
    requests: list[str] = field(default_factory=list)

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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The real handbook, built once for this session and served on a loopback port."""
    port = free_port()
    dest = tmp_path_factory.mktemp("site")
    build_site(dest, f"http://127.0.0.1:{port}/")
    server = StaticServer(dest, port)
    httpd = server.serve()
    yield server
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that it must not: third-party requests, uncaught errors."""

    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def context(browser, watch: Watch):  # type: ignore[no-untyped-def]
    """A fresh browser profile (empty cache) that blocks and records non-local requests."""
    ctx = browser.new_context()

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("http:", "https:", "ws:", "wss:")) \
                and host not in LOCAL_HOSTS:
            watch.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    ctx.route("**/*", guard)
    yield ctx
    ctx.close()
    assert watch.foreign == [], f"requests to non-localhost origins: {watch.foreign}"


@pytest.fixture
def page(context, watch: Watch):  # type: ignore[no-untyped-def]
    pg = context.new_page()
    pg.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    pg.on("console", lambda msg: msg.type == "error" and watch.errors.append(msg.text))
    yield pg
    assert watch.errors == [], f"errors in the page: {watch.errors}"

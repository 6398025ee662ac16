"""Real site components shared by the site tests and the benchmarks: a strict mkdocs
build with a given site_url, a static file server on a loopback port that records what
it served, and the Chromium flags this machine needs."""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
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

"""Real site components shared by the site tests and the benchmarks: a strict mkdocs
build with a given site_url, a static file server on a loopback port that records what
it served, and the Chromium flags this machine needs."""

from __future__ import annotations

import functools
import getpass
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
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
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(dest: Path, site_url: str, config: Path | None = None) -> str:
    """mkdocs build --strict into dest with the given site_url (as `make build` does)."""
    env = {**os.environ, "SITE_URL": site_url}
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

"""Real components for the site tests: a real mkdocs build, a real static server
on a loopback port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_HOSTS,
    NGINX,
    NGINX_MODULES,
    NginxServer,
    StaticServer,
    build_site,
    free_port,
)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticServer]:
    """The real handbook, built once for this session and served on a loopback port."""
    port = free_port()
    dest = tmp_path_factory.mktemp("site")
    log = build_site(dest, f"http://127.0.0.1:{port}/")
    server = StaticServer(dest, port, build_log=log)
    httpd = server.serve()
    yield server
    httpd.shutdown()


@pytest.fixture(scope="module")
def nginx(site: StaticServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxServer]:
    """The session's site behind Debian's nginx with the production configuration
    (deploy/nginx/handbook.conf.template, Brotli module loaded)."""
    import shutil

    if shutil.which(NGINX) is None:
        pytest.fail(f"{NGINX} is missing: `make test` installs Debian's nginx")
    module = Path(NGINX_MODULES) / "ngx_http_brotli_static_module.so"
    if not module.exists():
        pytest.fail(f"{module} is missing: `make test` installs libnginx-mod-http-brotli-static")
    server = NginxServer(site.root, free_port(), tmp_path_factory.mktemp("nginx")).start()
    yield server
    server.stop()


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
def context(browser, watch: Watch, request):  # type: ignore[no-untyped-def]
    """A fresh browser profile (empty cache) that blocks and records non-local requests;
    with no service worker for a test marked `no_service_worker`."""
    blocked = request.node.get_closest_marker("no_service_worker") is not None
    ctx = browser.new_context(service_workers="block" if blocked else "allow")

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

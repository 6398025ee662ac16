"""The site behind the production nginx configuration: headers that matter, and the
calculators working under the Content-Security-Policy without a single violation."""

from __future__ import annotations

import gzip
import http.client
import json
import urllib.request

import pytest
from playwright.sync_api import expect
from support import NginxServer, engine_answered

pytestmark = pytest.mark.browser

# Recorded in the page before any of its scripts run (CDP init scripts bypass CSP).
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""




def head(url: str, gzip_ok: bool = False) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def test_headers_that_matter(nginx: NginxServer) -> None:
    page, _ = head(nginx.url(""))
    csp = page["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in csp
    assert "worker-src 'self'" in csp and "connect-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert page["cache-control"] == "no-cache"
    assert page["x-content-type-options"] == "nosniff"

    wasm, body = head(nginx.url("assets/engine/pyodide/pyodide.asm.wasm"), gzip_ok=True)
    assert wasm["content-type"] == "application/wasm"
    assert wasm["content-encoding"] == "gzip"
    assert gzip.decompress(body)[:4] == b"\0asm"

    module, _ = head(nginx.url("assets/engine/engine.js"))
    assert module["content-type"].startswith("text/javascript")

    manifest_headers, raw = head(nginx.url("assets/engine/manifest.json"))
    assert manifest_headers["cache-control"] == "no-cache"  # names the current release
    manifest = json.loads(raw)
    snap, _ = head(nginx.url(f"assets/engine/{manifest['snapshot']}"), gzip_ok=True)
    assert snap["cache-control"] == "public, max-age=31536000, immutable"
    assert snap["content-encoding"] == "gzip"
    stdlib, _ = head(nginx.url(f"assets/engine/{manifest['snapshot_stdlib']}"), gzip_ok=True)
    assert stdlib["cache-control"] == "public, max-age=31536000, immutable"
    # The policy file is named by its content too: a new policy is a new name.
    policy, body = head(nginx.url(f"assets/engine/{manifest['policy']}"))
    assert policy["cache-control"] == "public, max-age=31536000, immutable"
    assert json.loads(body)["areas"]["bonus"]["ladder"]


def raw_get(nginx: NginxServer, path: str, headers: dict[str, str] | None = None
            ) -> tuple[int, dict[str, str], bytes]:
    """One request, redirects not followed, any Host header."""
    conn = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, \
            response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/calculators/bonus", "/en/team"])
def test_trailing_slash_redirect_is_relative_whatever_the_host(nginx: NginxServer,
                                                               path: str) -> None:
    status, headers, _ = raw_get(nginx, path, {"Host": "evil.example"})
    assert status == 301
    assert headers["location"] == path + "/"  # not http://evil.example/...
    status, _, _ = raw_get(nginx, headers["location"])
    assert status == 200


@pytest.mark.parametrize("path", ["/", "/calculators/bonus", "/no-such-page/"])
def test_server_header_names_no_version(nginx: NginxServer, path: str) -> None:
    status, headers, body = raw_get(nginx, path)
    assert status in (200, 301, 404)
    assert headers["server"] == "nginx"
    assert b"nginx/" not in body


@pytest.mark.parametrize("path", ["/assets/engine/engine.js.gz", "/sitemap.xml.gz"])
def test_a_gz_asked_for_directly_is_a_gzip_file_sent_as_stored(nginx: NginxServer,
                                                               path: str) -> None:
    status, headers, body = raw_get(nginx, path, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-type"] == "application/gzip"
    assert "content-encoding" not in headers  # not compressed a second time
    stored = (nginx.root / path.lstrip("/")).read_bytes()
    assert body == stored and body[:2] == b"\x1f\x8b"
    if path.endswith(".js.gz"):  # a pre-compressed copy: exactly its file
        plain = nginx.root / path.lstrip("/").removesuffix(".gz")
        assert gzip.decompress(body) == plain.read_bytes()
    else:
        assert gzip.decompress(body).startswith(b"<?xml")


@pytest.mark.parametrize("path", ["calculators/bonus/", "en/calculators/bonus/"])
def test_calculator_works_under_the_csp(page, nginx: NginxServer, path: str) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script(COLLECT_VIOLATIONS)
    page.goto(nginx.url(path))
    payout = page.locator('form[data-calculator="bonus"] output[name="payout_pct"]')
    engine_answered(page, timeout=30_000)  # the engine's own answer, under the CSP
    expect(payout).to_have_attribute("data-value", "100.00")
    field = page.locator('form[data-calculator="bonus"] input[name="completion"]')
    field.click()
    field.press("Control+A")
    field.press_sequentially("120%")
    expect(payout).to_have_attribute("data-value", "150.00")
    assert page.evaluate("window.__csp") == []


def test_plain_pages_have_no_violations(page, nginx: NginxServer) -> None:  # type: ignore[no-untyped-def]
    page.add_init_script(COLLECT_VIOLATIONS)
    for path in ("", "team/", "en/goals/", "templates/task-tracking/"):
        page.goto(nginx.url(path))
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], path

"""Brotli on the wire: the build writes a .br beside every compressible file
(hooks/precompress.py) and the production nginx configuration sends it to browsers that
accept Brotli (Debian's libnginx-mod-http-brotli-static), gzip to the others."""

from __future__ import annotations

import gzip
import http.client
import json
import zipfile

import brotli
import pytest
from support import NginxServer

pytestmark = pytest.mark.browser




def get(nginx: NginxServer, path: str, encoding: str) -> tuple[dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": encoding})
        response = conn.getresponse()
        assert response.status == 200, path
        return {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def engine_paths(nginx: NginxServer) -> list[str]:
    _, raw = get(nginx, "/assets/engine/manifest.json", "identity")
    snapshot = json.loads(raw)["snapshot"]
    return [f"/assets/engine/{snapshot}", "/assets/engine/pyodide/pyodide.asm.wasm",
            "/assets/engine/pyodide/python_stdlib.zip", "/assets/engine/pyodide/pyodide.asm.mjs",
            "/calculators/bonus/"]


def test_brotli_is_sent_to_browsers_that_accept_it(nginx: NginxServer) -> None:
    for path in engine_paths(nginx):
        headers, body = get(nginx, path, "gzip, deflate, br")
        assert headers.get("content-encoding") == "br", path
        assert "Accept-Encoding" in headers.get("vary", ""), path
        plain = nginx.root / path.lstrip("/")
        plain = plain / "index.html" if plain.is_dir() else plain
        assert brotli.decompress(body) == plain.read_bytes(), path
        if path.endswith(".wasm"):
            assert headers["content-type"] == "application/wasm"


def test_gzip_is_the_fallback_and_identity_is_plain(nginx: NginxServer) -> None:
    path = "/assets/engine/pyodide/pyodide.asm.wasm"
    headers, body = get(nginx, path, "gzip")
    assert headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body)[:4] == b"\0asm"
    headers, body = get(nginx, path, "identity")
    assert "content-encoding" not in headers and body[:4] == b"\0asm"


def test_brotli_is_smaller_than_gzip_for_the_engine(nginx: NginxServer) -> None:
    total = {"br": 0, "gzip": 0}
    for path in engine_paths(nginx):
        for enc in total:
            total[enc] += len(get(nginx, path, enc)[1])
    assert total["br"] < 0.85 * total["gzip"], total


def test_a_br_asked_for_directly_is_sent_as_stored(nginx: NginxServer) -> None:
    path = "/assets/engine/engine.js.br"
    headers, body = get(nginx, path, "br")
    assert "content-encoding" not in headers
    assert body == (nginx.root / path.lstrip("/")).read_bytes()


def test_every_brotli_file_matches_its_original(site) -> None:  # type: ignore[no-untyped-def]
    found = list(site.root.rglob("*.br"))
    assert len(found) > 50
    for br in found:
        original = br.with_name(br.name.removesuffix(".br"))
        assert brotli.decompress(br.read_bytes()) == original.read_bytes(), br


def test_the_standard_library_archive_is_stored_so_that_it_compresses(site) -> None:  # type: ignore[no-untyped-def]
    stdlib = site.root / "assets/engine/pyodide/python_stdlib.zip"
    with zipfile.ZipFile(stdlib) as z:
        names = z.namelist()
        assert all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
    tops = {n.split("/")[0] for n in names}
    assert {"decimal.py", "json", "csv.py", "tomllib", "encodings", "pyodide"} <= tops
    assert not {"unittest", "_pyrepl", "idlelib", "tkinter", "email", "http"} & tops
    wire = (stdlib.parent / "python_stdlib.zip.br").stat().st_size
    # The stock archive is 2.5 MB, deflated; all of it stored is 1.2 MB with Brotli; only
    # the modules the calculators use (hooks/engine.py, stdlib_needs) about 0.6 MB.
    assert wire < 800_000, wire

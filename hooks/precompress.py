"""mkdocs hook: write a .gz and a .br beside every compressible file of the built site.

Servers that can send pre-compressed files (nginx `gzip_static on` and, with Debian's
libnginx-mod-http-brotli-static, `brotli_static on`) then never compress on the fly:
the Pyodide runtime and the memory snapshot shrink 4-6x on the wire at no CPU cost per
request. Browsers send `Accept-Encoding: br` over https and to localhost; gzip is the
fallback for everything else.

Brotli runs at quality 11 (10 for files of 16 MB or more) with a 16 MB window (the engine
files are large and repetitive: the snapshot is 4.6 MB with gzip -9, 3.1 MB with Brotli).
That is slow (half a minute for the snapshot), so compressed copies of large files are
cached by content hash: in build/gz-cache (gzip) and in a per-user, content-addressed
cache shared by every checkout and test build (Brotli: ~/.cache/handbook-precompress, or
$HANDBOOK_PRECOMPRESS_CACHE). A content hash names exactly one output, so sharing is safe.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

import brotli
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "gz-cache"
BR_CACHE = Path(os.environ.get("HANDBOOK_PRECOMPRESS_CACHE")
                or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "handbook-precompress")
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv",
            ".wasm", ".bin", ".zip"}
# Archives are compressed only if their entries are stored: a deflated zip (a wheel, the
# stock python_stdlib.zip) compresses no further. hooks/engine.py stores the stdlib's.
MIN_BYTES = 1024
CACHE_FROM = 1_000_000  # cache compressed copies of files this large
BROTLI_QUALITY = 11
BROTLI_LGWIN = 24
# Quality 10 for huge files: the memory snapshot, when it was shipped whole (31 MB), took
# 5 min at 11 on a busy 2-core machine (2 min at 10). Every release has a new snapshot, so
# this is paid on each `make publish` (and on the release tests, which run it under a
# time limit). Stored sparse it is 12 MB: 27 s at 11 on a quiet one (3.13 MB; 14 s and
# 3.23 MB at 10).
HUGE_FROM, HUGE_QUALITY = 16_000_000, 10


def _quality(size: int = 0) -> int:
    """Brotli quality: 11 (10 for huge files), or HANDBOOK_BROTLI_QUALITY for throw-away
    test builds whose subject is not the bytes on the wire (as correct, only larger)."""
    if os.environ.get("HANDBOOK_BROTLI_QUALITY"):
        return int(os.environ["HANDBOOK_BROTLI_QUALITY"])
    return HUGE_QUALITY if size >= HUGE_FROM else BROTLI_QUALITY


def _gzip(src: Path, dest: Path) -> None:
    with src.open("rb") as fin, gzip.GzipFile(dest, "wb", compresslevel=9, mtime=0) as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)


def _brotli(src: Path, dest: Path) -> None:
    data = src.read_bytes()
    dest.write_bytes(brotli.compress(data, quality=_quality(len(data)), lgwin=BROTLI_LGWIN))


def _worth_it(path: Path) -> bool:
    if path.suffix not in SUFFIXES or not path.is_file() or path.stat().st_size < MIN_BYTES:
        return False
    if path.suffix == ".zip":  # only a stored archive compresses
        import zipfile

        with zipfile.ZipFile(path) as z:
            return all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist())
    return True


def _cached(path: Path, cache: Path, suffix: str, compress) -> Path:  # type: ignore[no-untyped-def]
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    if suffix == ".br":
        key += f"-q{_quality(path.stat().st_size)}"
    cached = cache / f"{key}{suffix}"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cache / f"{key}{suffix}.{os.getpid()}.tmp"
        compress(path, partial)
        partial.replace(cached)  # atomic: a concurrent build never reads half a file
    return cached


def precompress(path: Path) -> None:
    """Write path.gz and path.br unless they are newer than path."""
    for suffix, compress, cache in ((".gz", _gzip, CACHE), (".br", _brotli, BR_CACHE)):
        target = path.with_name(path.name + suffix)
        if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
            continue
        if path.stat().st_size < CACHE_FROM:
            compress(path, target)
        else:
            shutil.copyfile(_cached(path, cache, suffix, compress), target)


# Runs after mkdocs-static-i18n (priority -100) has written the merged zh + en search
# index and everything else: a .gz made earlier would be stale (it was: English-only search).
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    for path in Path(config.site_dir).rglob("*"):
        if _worth_it(path):
            precompress(path)

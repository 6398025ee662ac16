"""mkdocs hook: write a .gz beside every compressible file of the built site.

Servers that can send pre-compressed files (nginx `gzip_static on`) then never
compress on the fly: the Pyodide runtime and the memory snapshot shrink about 4x on
the wire at no CPU cost per request. Compressed copies of large files are cached in
build/gz-cache by content hash, so `mkdocs serve` rebuilds stay fast.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "gz-cache"
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv",
            ".wasm", ".bin"}
MIN_BYTES = 1024
CACHE_FROM = 1_000_000  # cache compressed copies of files this large


def _compress(src: Path, dest: Path) -> None:
    with src.open("rb") as fin, gzip.GzipFile(dest, "wb", compresslevel=9, mtime=0) as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)


# Runs after mkdocs-static-i18n (priority -100) has written the merged zh + en search
# index and everything else: a .gz made earlier would be stale (it was: English-only search).
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    for path in Path(config.site_dir).rglob("*"):
        if path.suffix not in SUFFIXES or not path.is_file() or path.stat().st_size < MIN_BYTES:
            continue
        target = path.with_name(path.name + ".gz")
        if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
            continue
        if path.stat().st_size < CACHE_FROM:
            _compress(path, target)
            continue
        key = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        cached = CACHE / f"{key}.gz"
        if not cached.exists():
            CACHE.mkdir(parents=True, exist_ok=True)
            # A private temporary name: two builds at once (tests, mike) never share it.
            partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            _compress(path, partial)
            partial.replace(cached)
        shutil.copyfile(cached, target)

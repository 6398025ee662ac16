"""mkdocs hook: put the calculator engine inside every built site.

At the end of each build (mkdocs build, mkdocs serve, mike deploy) it writes
into <site>/assets/engine/:
  - pyodide/      the minimum Pyodide runtime, copied from node_modules, except
                  python_stdlib.zip: repacked with only the modules the calculators
                  use (stdlib_needs) and with its entries stored, not deflated, so that
                  the site's Brotli/gzip copies (hooks/precompress.py) compress it as a
                  whole: 2.5 MB deflated -> about 0.6 MB with Brotli on the wire
  - <wheel>       the calculators wheel (PyPA build, py3-none-any) with the calculators'
                  own policy areas inside (calculators.registry.SCHEMAS), nothing else
  - snapshot-<hash>.bin  Pyodide's memory with the calculators already imported,
                  made under node (hooks/make_snapshot.mjs); restoring it skips
                  Python's start-up in the browser. Shipped as a delta against the
                  wasm's data segments, without its pages of zeros (snapshot_delta;
                  the manifest's snapshot_base names the wasm, which the worker
                  downloads anyway, and assets/engine/snapdelta.js undoes it: 12 MB of
                  its 31 MB are left). It holds code only, no policy, and
                  is made deterministically and named by its content: every published
                  version with the same calculators code has the same file, byte for
                  byte, which git (mike's gh-pages) stores once
  - stdlib-<hash>.zip  the standard library a restored snapshot is given: only the
                  modules the snapshot has not imported (snapshot_stdlib; the
                  manifest's snapshot_stdlib names it), 113 kB, where a boot without
                  the snapshot gets the whole python_stdlib.zip
  - policy-<hash>.json  this build's validated policy (calculators.web.policy_bundle),
                  which the worker installs after restoring the snapshot
  - manifest.json what the worker needs to find them (names + content hashes)
Nothing generated lives in the repository.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.engine")

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
# The minimum runtime loadPyodide() fetches for a pure-Python, no-package boot.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
WHEEL_CACHE = ROOT / "build" / "wheel-cache"
# The standard library archive the site ships holds only the modules the calculators use
# in the browser: found by running them under Pyodide with the whole archive
# (hooks/stdlib_needs.mjs runs hooks/exercise_engine.py: every calculator, batch from CSV in
# each accepted encoding and from XLSX, templates, catalogs, refusals) and recording
# sys.modules. 158 of Pyodide's 614 files; 0.6 MB on the wire instead of 1.2 (Brotli).
# tests/pyodide/test_stdlib_archive.py runs the same exercise on the trimmed archive.
# Kept besides what the run records: codecs a reader's file may name that the exercise's
# files reach through CPython's built-in fast paths today (small; a change of those
# paths must not break an upload).
STDLIB_KEEP = frozenset({
    "encodings/utf_16.py", "encodings/utf_32.py", "encodings/latin_1.py", "encodings/ascii.py",
})
# The browser wheel: the calculators package and, as calculators/policy_data, the data
# files of the calculators' own policy areas. The build side (handbook/, macros/, the
# content areas of data/) never reaches the browser.
WHEEL_PYPROJECT = """\
[build-system]
requires = ["setuptools>=69", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "handbook-calculators"
version = "0.1.0"
description = "Self-service calculators of the marketing team handbook"
requires-python = ">=3.11"
dependencies = []

[tool.setuptools]
packages = ["calculators", "calculators.catalog", "calculators.schemas", "calculators.policy_data"]
include-package-data = false

[tool.setuptools.package-data]
"calculators.policy_data" = ["*.toml"]
"calculators.catalog" = ["*.toml"]
"""


def wheel_areas() -> list[str]:
    """The policy areas the calculators read (their data files ship in the wheel)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from calculators.registry import SCHEMAS

    return sorted(SCHEMAS)


def _wheel_sources() -> list[Path]:
    code = [p for p in sorted((ROOT / "calculators").rglob("*.py"))
            if "__pycache__" not in p.parts and "policy_data" not in p.parts]
    # The snapshot is cached beside the wheel: the scripts that make and check it count too.
    scripts = [ROOT / "hooks" / "make_snapshot.mjs", ROOT / "hooks" / "check_snapshot.mjs"]
    catalogs = sorted((ROOT / "calculators" / "catalog").glob("*.toml"))
    return (code + catalogs + [ROOT / "data" / f"{area}.toml" for area in wheel_areas()]
            + scripts)


def _hash_sources(policy: bool) -> str:
    digest = hashlib.sha256(WHEEL_PYPROJECT.encode())
    for path in _wheel_sources():
        if not policy and (path.parent.name == "data" or path.name == "zh-Hant-data.toml"):
            continue
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def code_key() -> str:
    """The calculators' code and catalogs and the scripts that make and check the engine;
    not the policy (its data files and the zh-Hant forms of their texts), so that a policy
    change reuses what depends on code only: the standard library the calculators use and
    the memory snapshot."""
    return _hash_sources(policy=False)


def _source_hash() -> str:
    """Everything the wheel is built from, the policy included."""
    return _hash_sources(policy=True)


def _prune_cache(keep: Path) -> None:
    """Drop old cache entries (wheels; snapshots, 12 MB each); never the one in use, and
    never a recent one another build running at the same time may still be copying."""
    for folder in (WHEEL_CACHE, WHEEL_CACHE / "snapshots"):
        if not folder.is_dir():
            continue
        entries = sorted((d for d in folder.iterdir() if d.is_dir() and d != keep
                          and len(d.name) == 16), key=lambda d: d.stat().st_mtime,
                         reverse=True)
        for old in entries[3:]:
            if time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)


def build_wheel() -> tuple[Path, str]:
    """Build (or reuse) the calculators wheel for the current sources.

    The wheel is built from a private copy of the package sources (so builds running
    at the same time never share setuptools' build/ folder) and published into the
    cache by an atomic rename.
    """
    key = _source_hash()
    out = WHEEL_CACHE / key[:16]
    wheels = sorted(out.glob("*.whl"))
    if wheels:
        return wheels[0], key
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WHEEL_CACHE, prefix="tmp-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (src / "pyproject.toml").write_text(WHEEL_PYPROJECT)
        shutil.copytree(ROOT / "calculators", src / "calculators",
                        ignore=shutil.ignore_patterns("__pycache__", "policy_data"))
        data = src / "calculators" / "policy_data"
        data.mkdir()
        for area in wheel_areas():
            shutil.copy2(ROOT / "data" / f"{area}.toml", data / f"{area}.toml")
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}  # reproducible zip timestamps
        cmd = [sys.executable, "-m", "build", "--wheel", "--no-isolation",
               "--outdir", str(Path(tmp) / "dist"), str(src)]
        done = subprocess.run(cmd, cwd=src, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise PluginError(f"building the calculators wheel failed:\n{done.stderr[-2000:]}")
        staged = Path(tmp) / key[:16]
        staged.mkdir()
        for wheel in (Path(tmp) / "dist").glob("*.whl"):
            wheel.replace(staged / wheel.name)
        try:
            staged.replace(out)  # atomic; loses harmlessly to a build that got there first
        except OSError:
            pass
    _prune_cache(out)
    wheels = sorted(out.glob("*.whl"))
    log.info("Calculators wheel %s", wheels[0].name)
    return wheels[0], key


def stdlib_needs(wheel: Path) -> frozenset[str]:
    """The archive paths of the standard library modules the calculators load (cached by
    code: the policy's figures do not change which modules run)."""
    source = PYODIDE_DIR / "python_stdlib.zip"
    digest = hashlib.sha256(source.read_bytes())
    digest.update(code_key().encode())
    for script in ("stdlib_needs.mjs", "exercise_engine.py"):
        digest.update((ROOT / "hooks" / script).read_bytes())
    out = WHEEL_CACHE / "stdlib" / f"needs-{digest.hexdigest()[:16]}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.is_file():
        done = subprocess.run(["node", str(ROOT / "hooks" / "stdlib_needs.mjs"), str(wheel)],
                              cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise PluginError(f"Finding the standard library the calculators use failed: "
                              f"{done.stdout.strip()[-1500:] or done.stderr.strip()[-1500:]}")
        partial = out.with_name(f"{out.name}.{os.getpid()}.tmp")
        partial.write_text(done.stdout.strip().splitlines()[-1] + "\n")
        partial.replace(out)
    return frozenset(json.loads(out.read_text())["used"]) | STDLIB_KEEP


def build_stdlib(keep: frozenset[str]) -> Path:
    """Pyodide's standard library archive with only `keep`, entries stored (cached).

    Stored, so that the site's Brotli/gzip copies compress it as a whole. Deterministic
    (same entries, order and timestamps as Pyodide's), so the same inputs always give the
    same file, and the same name: the whole archive (pyodide/python_stdlib.zip) and the
    restored snapshot's (stdlib-<hash>.zip) are both made here, and shared by versions.
    """
    import zipfile

    source = PYODIDE_DIR / "python_stdlib.zip"
    digest = hashlib.sha256(source.read_bytes())
    digest.update(repr(sorted(keep)).encode())
    out = WHEEL_CACHE / "stdlib" / f"python_stdlib-{digest.hexdigest()[:16]}.zip"
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(partial, "w") as dest:
        for info in src.infolist():
            if info.filename not in keep:
                continue
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.external_attr = info.external_attr
            dest.writestr(entry, src.read(info), compress_type=zipfile.ZIP_STORED)
    partial.replace(out)
    return out


def build_snapshot(wheel: Path, pyodide_version: str, stdlib: Path, bundle: str) -> Path:
    """Make (or reuse) the memory snapshot for this code and Pyodide build, and prove it.

    The snapshot is checked by restoring it in a fresh Pyodide under node, installing this
    build's policy (`bundle`) and running the calculators' sample inputs
    (hooks/check_snapshot.mjs). If it cannot be made or does not restore (it outgrew the
    initial heap, say), the build fails and says why: a snapshot the browser silently
    skips would only show up as a slow boot.
    """
    key = hashlib.sha256(f"{code_key()}:{pyodide_version}:{stdlib.name}:{DELTA_MAGIC!r}"
                         .encode()).hexdigest()
    out = WHEEL_CACHE / "snapshots" / key[:16] / "snapshot.bin"
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HANDBOOK_STDLIB": str(stdlib)}
    partial = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    code = code_wheel(wheel, out.with_name(f"code.{os.getpid()}.whl"))
    try:
        made = subprocess.run(["node", str(ROOT / "hooks" / "make_snapshot.mjs"), str(code),
                               str(partial)], cwd=ROOT, capture_output=True, text=True,
                              env=env)
    finally:
        code.unlink()
    if made.returncode != 0 or not partial.is_file():
        lines = made.stderr.strip().splitlines()
        # node ends with its version line; the error is the last line naming one.
        reason = next((x for x in reversed(lines) if "Error" in x), lines[-1] if lines else
                      "node failed")
        raise PluginError(f"The Pyodide memory snapshot could not be made: {reason}")
    stats = json.loads(Path(f"{partial}.json").read_text())
    lazy = snapshot_stdlib(stats)
    # Shipped as a delta against the runtime's wasm (1.3 MB less on the wire), without its
    # pages of zeros (19 MB less stored, in the site and on a reader's device); the check
    # below restores it as the worker does.
    partial.write_bytes(snapshot_delta(partial.read_bytes(),
                                       (PYODIDE_DIR / "pyodide.asm.wasm").read_bytes()))
    policy_file = out.with_name(f"policy.{os.getpid()}.json")
    policy_file.write_text(bundle, encoding="utf-8")
    try:
        modules = ",".join(module_name(entry) for entry in stats["lazy_stdlib"])
        checked = subprocess.run(["node", str(ROOT / "hooks" / "check_snapshot.mjs"),
                                  str(partial), str(policy_file)],
                                 cwd=ROOT, capture_output=True, text=True,
                                 env={**env, "HANDBOOK_STDLIB": str(lazy),
                                      "HANDBOOK_STDLIB_MODULES": modules})
    finally:
        policy_file.unlink()
    if checked.returncode != 0:
        raise PluginError(
            "The Pyodide memory snapshot does not restore, so the browser would fall back "
            f"to a slow boot: {checked.stdout.strip() or checked.stderr.strip()[-500:]} "
            f"(heap top {stats['heap_top']:,} bytes of {stats['memory']:,}: the calculators "
            "must fit Pyodide's initial heap; see README, Performance)")
    Path(f"{partial}.json").replace(f"{out}.json")
    partial.replace(out)  # atomic: a concurrent build never reads half a snapshot
    log.info("Made and checked the Pyodide memory snapshot (%d MB, heap headroom %.1f MB)",
             out.stat().st_size // 1_000_000, headroom(out) / 1_048_576)
    return out


def snapshot_stdlib(stats: dict[str, Any]) -> Path:
    """The standard library archive a restored snapshot is given: only the entries the
    snapshot has not imported (`stats` is its make_snapshot.mjs record), stored. The
    snapshot holds no index of the archive it was made with, so the restored engine reads
    this one's when it first imports from it: a CSV's codec, an XLSX's XML (113 kB
    instead of 3.2 MB; the worker's boot without a snapshot gets the whole archive)."""
    return build_stdlib(frozenset(stats["lazy_stdlib"]))


def module_name(entry: str) -> str:
    """"encodings/gbk.py" -> "encodings.gbk"; "xml/etree/__init__.py" -> "xml.etree"."""
    parts = entry.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# The snapshot ships as a delta against pyodide.asm.wasm's data segments, with the memory
# pages that are then all zeros left out (see docs/assets/engine/snapdelta.js, which
# undoes both in the worker and under node).
DELTA_MAGIC = b"HBXW0002"
DELTA_BASE = "pyodide/pyodide.asm.wasm"  # relative to assets/engine/, as the manifest says
DELTA_PAGE = 4096  # the unit of memory a delta keeps or leaves out


def _leb(data: bytes, at: int, signed: bool = False) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                value -= 1 << shift
            return value, at


def wasm_data_segments(wasm: bytes) -> list[tuple[int, int, int]]:
    """The module's active data segments at constant addresses: (address, start in
    `wasm`, length). Raises ValueError on a kind it does not know (snapdelta.js too)."""
    if wasm[:4] != b"\0asm":
        raise ValueError("not a WebAssembly module")
    out = []
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, at = _leb(wasm, at + 1)
        end = at + size
        if section == 11:
            count, p = _leb(wasm, at)
            for i in range(count):
                flag, p = _leb(wasm, p)
                if flag == 1:  # passive: copied by the program, not at an address
                    length, p = _leb(wasm, p)
                    p += length
                    continue
                if flag != 0 or wasm[p] != 0x41:
                    raise ValueError(f"data segment {i}: kind {flag}")
                address, p = _leb(wasm, p + 1, signed=True)
                if wasm[p] != 0x0B:
                    raise ValueError(f"data segment {i}: offset expression")
                length, p = _leb(wasm, p + 1)
                out.append((address, p, length))
                p += length
        at = end
    return out


def snapshot_delta(snapshot: bytes, wasm: bytes) -> bytes:
    """The snapshot as shipped: each data segment XORed into the memory at the segment's
    address (Python's static data, which the wasm carries too, becomes zeros), then the
    memory stored sparse, without its pages of zeros (about 60 % of it: what is not yet
    used of the heap, the stack, the static data): a reader's browser stores 12 MB for it
    instead of 31 MB (the speed of a restore measured the same).

    Layout: DELTA_MAGIC; Pyodide's own head (its header and JSON, up to the memory's
    offset, which the header gives at bytes 4-8); the memory's length (u32, little-
    endian); one bit per DELTA_PAGE of memory, set where the page is kept (bit i & 7 of
    byte i >> 3); the kept pages in order (the last may be short). snapdelta.js's
    undoDelta reverses it.
    """
    memory_at = int.from_bytes(snapshot[4:8], "little")
    memory = bytearray(snapshot[memory_at:])
    for address, start, length in wasm_data_segments(wasm):
        if address + length > len(memory):
            raise ValueError("a data segment past the snapshot")
        mixed = int.from_bytes(memory[address:address + length], "little") ^ int.from_bytes(
            wasm[start:start + length], "little")
        memory[address:address + length] = mixed.to_bytes(length, "little")
    pages = -(-len(memory) // DELTA_PAGE)
    bitmap = bytearray(-(-pages // 8))
    kept = []
    zeros = bytes(DELTA_PAGE)
    for i in range(pages):
        page = bytes(memory[i * DELTA_PAGE:(i + 1) * DELTA_PAGE])
        if page != zeros[:len(page)]:
            bitmap[i >> 3] |= 1 << (i & 7)
            kept.append(page)
    return b"".join([DELTA_MAGIC, snapshot[:memory_at], len(memory).to_bytes(4, "little"),
                     bytes(bitmap), *kept])


# What a wheel holds of the policy: its data files, their zh-Hant texts, and the RECORD
# that lists both with their hashes.
POLICY_ENTRIES = ("calculators/policy_data/", "calculators/catalog/zh-Hant-data.toml")


def code_wheel(wheel: Path, dest: Path) -> Path:
    """The wheel without the policy (POLICY_ENTRIES, RECORD): what the snapshot is made
    from, so that not even the size of a policy file shapes Python's memory (Pyodide
    unpacks a wheel in Python). Same entries, order and dates otherwise: deterministic."""
    import zipfile

    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            if info.filename.startswith(POLICY_ENTRIES) or info.filename.endswith(
                    ".dist-info/RECORD"):
                continue
            out.writestr(info, src.read(info))
    return dest


def policy_bundle() -> str:
    """This project's policy for the browser: read from ROOT's data files (the project
    being built, which need not be the checkout the calculators were imported from)."""
    wheel_areas()  # ROOT on sys.path
    import tomllib

    from calculators import policy, web

    hant = ROOT / "calculators" / "catalog" / "zh-Hant-data.toml"
    return web.policy_bundle(policy.load_policy(ROOT / "data"),
                             tomllib.loads(hant.read_text("utf-8")).get("text", {}))


def content_name(path: Path, prefix: str, suffix: str) -> str:
    """`<prefix>-<first 16 hex digits of the content's SHA-256><suffix>`."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"{prefix}-{digest.hexdigest()[:16]}{suffix}"


def headroom(snapshot: Path) -> int:
    """Bytes left between the heap's top and the memory the snapshot restores into."""
    stats = json.loads(Path(f"{snapshot}.json").read_text())
    return int(stats["memory"]) - int(stats["heap_top"])


def _copy_if_changed(src: Path, dest: Path) -> None:
    if dest.exists() and dest.stat().st_size == src.stat().st_size \
            and dest.stat().st_mtime >= src.stat().st_mtime:
        return
    shutil.copy2(src, dest)


# The scripts that run in the engine's worker: a page of one release must not talk to a
# worker of another (engine_id).
WORKER_SCRIPTS = ("worker.js", "snapdelta.js")


def engine_id() -> str:
    """What a running engine is: everything the wheel and snapshot are made from, the
    policy the worker installs (the bundle itself, whatever data files it is read from),
    the Pyodide version and the worker's own scripts. Every page carries
    it (overrides/main.html, `hb-engine-id`), and the browser keeps one engine per id
    alive across page loads (assets/engine/boot.js): a release that changes any of these
    gets a new engine, never the previous policy; one that changes only pages keeps it."""
    digest = hashlib.sha256(_source_hash().encode())
    digest.update(policy_bundle().encode())
    digest.update((PYODIDE_DIR / "package.json").read_bytes())
    for name in WORKER_SCRIPTS:
        digest.update((ROOT / "docs" / "assets" / "engine" / name).read_bytes())
    return digest.hexdigest()[:16]


def on_config(config: MkDocsConfig) -> None:
    config.extra["engine_id"] = engine_id()


def on_post_build(config: MkDocsConfig) -> None:
    engine = Path(config.site_dir) / "assets" / "engine"
    runtime = engine / "pyodide"
    runtime.mkdir(parents=True, exist_ok=True)
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_DIR / name).is_file()]
    if missing:
        raise PluginError(
            f"Pyodide runtime not found in {PYODIDE_DIR} (missing {', '.join(missing)}): "
            "run `npm ci` (or `make setup`) first."
        )
    wheel, key = build_wheel()
    stdlib = build_stdlib(stdlib_needs(wheel))
    for name in PYODIDE_FILES:
        _copy_if_changed(stdlib if name == "python_stdlib.zip" else PYODIDE_DIR / name,
                         runtime / name)
    pyodide_version = json.loads((PYODIDE_DIR / "package.json").read_text())["version"]
    bundle = policy_bundle()
    snapshot = build_snapshot(wheel, pyodide_version, stdlib, bundle)
    # Named by content: the same code gives the same name, and the same bytes, in every
    # version (the snapshot is made deterministically: hooks/make_snapshot.mjs).
    snapshot_name = content_name(snapshot, "snapshot", ".bin")
    lazy = snapshot_stdlib(json.loads(Path(f"{snapshot}.json").read_text()))
    lazy_name = content_name(lazy, "stdlib", ".zip")
    policy_name = f"policy-{hashlib.sha256(bundle.encode()).hexdigest()[:16]}.json"
    for old in [*engine.glob("*.whl"), *engine.glob("snapshot-*.bin"),
                *engine.glob("stdlib-*.zip"), *engine.glob("policy-*.json")]:
        if old.name not in (wheel.name, snapshot_name, lazy_name, policy_name):
            old.unlink()
    _copy_if_changed(wheel, engine / wheel.name)
    _copy_if_changed(snapshot, engine / snapshot_name)
    _copy_if_changed(lazy, engine / lazy_name)
    (engine / policy_name).write_text(bundle, encoding="utf-8")
    manifest = {"wheel": wheel.name, "hash": key[:16], "pyodide": pyodide_version,
                "snapshot": snapshot_name, "snapshot_base": DELTA_BASE,
                "snapshot_stdlib": lazy_name, "policy": policy_name,
                # What a boot reads as it downloads (the runtime and the snapshot, as the
                # worker's streams give them: not compressed), for its progress bar.
                "boot_bytes": (engine / DELTA_BASE).stat().st_size + snapshot.stat().st_size}
    (engine / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def on_serve(server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
    # The site depends on the calculators and the policy data too: rebuild on change.
    for extra in ("calculators", "handbook", "data", "macros"):
        server.watch(str(ROOT / extra))
    return server


if __name__ == "__main__":  # `make wheel`: python hooks/engine.py DIR
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    target.mkdir(parents=True, exist_ok=True)
    built, _ = build_wheel()
    shutil.copy2(built, target / built.name)
    print(target / built.name)

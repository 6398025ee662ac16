"""The fast boot survives growth: the build proves the memory snapshot restores, and a
heap grown past Pyodide's initial memory fails the build with the reason instead of
shipping a snapshot the browser would silently skip. And the snapshot is a function of
the calculators' code alone, so that published versions share it byte for byte."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.build


def _engine():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("engine_hook", ROOT / "hooks" / "engine.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["engine_hook"] = module
    spec.loader.exec_module(module)
    return module


def _make(wheel: Path, out: Path, ballast_mb: float) -> dict[str, int]:
    env = {**os.environ, "HANDBOOK_SNAPSHOT_BALLAST_MB": str(ballast_mb)}
    done = subprocess.run(["node", str(ROOT / "hooks" / "make_snapshot.mjs"), str(wheel),
                           str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(Path(f"{out}.json").read_text())


def _built_snapshot(engine):  # type: ignore[no-untyped-def]
    """The snapshot the build ships (made, or reused from the build's cache), and the
    standard library archive it was made with."""
    wheel, _ = engine.build_wheel()
    stdlib = engine.build_stdlib(engine.stdlib_needs(wheel))
    version = json.loads((engine.PYODIDE_DIR / "package.json").read_text())["version"]
    return engine.build_snapshot(wheel, version, stdlib, engine.policy_bundle()), stdlib


def _check(snapshot: Path, env: dict[str, str] | None = None,
           policy: Path | None = None) -> subprocess.CompletedProcess[str]:
    policy = policy or snapshot.with_suffix(".policy.json")
    policy.write_text(_engine().policy_bundle(), encoding="utf-8")
    return subprocess.run(["node", str(ROOT / "hooks" / "check_snapshot.mjs"), str(snapshot),
                           str(policy)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_the_snapshot_restores_and_a_grown_heap_is_refused(tmp_path: Path) -> None:
    engine = _engine()
    wheel = engine.code_wheel(engine.build_wheel()[0], tmp_path / "code.whl")
    stats = _make(wheel, tmp_path / "ok.bin", 0)
    headroom = stats["memory"] - stats["heap_top"]
    assert headroom > 1_000_000, f"less than 1 MB of heap headroom left: {headroom:,} bytes"
    # The heap's free memory is zeroed before saving (so that the snapshot compresses).
    assert stats["zeroed_free_bytes"] > 1_000_000, stats
    ok = _check(tmp_path / "ok.bin")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    reply = json.loads(ok.stdout.strip().splitlines()[-1])
    assert reply["ok"] and reply["answers"] >= 2

    # Grow the heap past the headroom (as more policy data or a new language would):
    # the snapshot outgrows the initial memory and no longer restores.
    grown = _make(wheel, tmp_path / "grown.bin", headroom / 1_048_576 + 2)
    assert grown["memory"] > stats["memory"]
    refused = _check(tmp_path / "grown.bin")
    assert refused.returncode == 1
    assert "snapshot does not restore" in refused.stdout


def test_the_build_hook_fails_loudly_on_a_snapshot_that_does_not_restore(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.exceptions import PluginError

    engine = _engine()
    wheel, _ = engine.build_wheel()
    stdlib = engine.build_stdlib(engine.stdlib_needs(wheel))
    monkeypatch.setattr(engine, "WHEEL_CACHE", tmp_path / "cache")
    monkeypatch.setenv("HANDBOOK_SNAPSHOT_BALLAST_MB", "8")
    with pytest.raises(PluginError, match=r"does not restore.*initial heap"):
        engine.build_snapshot(wheel, "test", stdlib, engine.policy_bundle())


def test_the_snapshot_depends_on_the_code_only(tmp_path: Path) -> None:
    """Made twice, from files of other names in other folders (the build's are temporary),
    from wheels whose policy differs in size and figures: the same bytes."""
    import zipfile

    engine = _engine()
    wheel, _ = engine.build_wheel()
    grown = tmp_path / "grown" / "handbook_calculators-0.1.0-py3-none-any.whl"
    grown.parent.mkdir()
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(grown, "w") as dest:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "calculators/policy_data/bonus.toml":
                data = data.replace(b"payout_pct = 80", b"payout_pct = 85.5") + b"#" * 5000
            dest.writestr(info, data)
    first = engine.code_wheel(wheel, tmp_path / "code.1.whl")
    second = engine.code_wheel(grown, tmp_path / "grown" / "another-name.whl")
    _make(first, tmp_path / "a.bin", 0)
    _make(second, tmp_path / "grown" / "snapshot.bin.4321.tmp", 0)
    assert (tmp_path / "a.bin").read_bytes() == (tmp_path / "grown" /
                                                  "snapshot.bin.4321.tmp").read_bytes()


DELTA_UNDO = """
import { readFileSync, writeFileSync } from "node:fs";
import { undoDelta } from "%s";
const [file, wasm, out] = process.argv.slice(2);
writeFileSync(out, undoDelta(new Uint8Array(readFileSync(file)), readFileSync(wasm)));
"""


def test_the_shipped_delta_is_undone_by_the_workers_code(tmp_path: Path) -> None:
    """hooks/engine.py's snapshot_delta (Python, at build time) and snapdelta.js's
    undoDelta (the worker's, under node here) are inverses on the real runtime's wasm;
    where memory holds the wasm's own bytes, or nothing, the file holds no page."""
    engine = _engine()
    wasm = (engine.PYODIDE_DIR / "pyodide.asm.wasm").read_bytes()
    segments = engine.wasm_data_segments(wasm)
    assert len(segments) > 1000
    # A snapshot-shaped file: Pyodide's header, then memory holding the wasm's static
    # data at its addresses (as a started Pyodide does), a heap of other bytes past it,
    # and zeros (the heap not yet used).
    page = engine.DELTA_PAGE
    top = max(address + length for address, _, length in segments)
    heap = -(-top // page) * page
    memory = bytearray(heap + 5 * page)
    for address, start, length in segments:
        memory[address:address + length] = wasm[start:start + length]
    memory[heap:heap + 2 * page] = bytes((i * 7919) % 251 for i in range(2 * page))
    changed = segments[len(segments) // 2][0]  # static data Python changed as it ran
    memory[changed] ^= 0xFF
    head = (0x706E7900).to_bytes(4, "little") + (16).to_bytes(4, "little") + bytes(8)
    snapshot = head + bytes(memory)
    delta = engine.snapshot_delta(snapshot, wasm)
    assert delta.startswith(engine.DELTA_MAGIC) and delta[8:24] == head
    # Kept: the page Python changed and the two heap pages; the rest were zeros or the
    # wasm's own bytes, which the worker has anyway.
    pages = -(-len(memory) // page)
    assert len(delta) == 8 + 16 + 4 + -(-pages // 8) + 3 * page
    assert delta[-2 * page:] == bytes(memory[heap:heap + 2 * page])
    (tmp_path / "delta.bin").write_bytes(delta)
    (tmp_path / "undo.mjs").write_text(
        DELTA_UNDO % (ROOT / "docs" / "assets" / "engine" / "snapdelta.js").as_uri())
    done = subprocess.run(["node", str(tmp_path / "undo.mjs"), str(tmp_path / "delta.bin"),
                           str(engine.PYODIDE_DIR / "pyodide.asm.wasm"),
                           str(tmp_path / "back.bin")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "back.bin").read_bytes() == snapshot


def test_a_wasm_it_does_not_know_is_refused() -> None:
    engine = _engine()
    with pytest.raises(ValueError, match="not a WebAssembly module"):
        engine.wasm_data_segments(b"\x7fELF" + bytes(12))
    # One data section with one segment whose address is a global (kind 0, global.get).
    section = bytes([1, 0, 0x23, 0, 0x0B, 0])
    module = b"\0asm\x01\0\0\0" + bytes([11, len(section)]) + section
    with pytest.raises(ValueError, match="kind 0"):
        engine.wasm_data_segments(module)


def test_a_restored_snapshot_gets_only_the_standard_library_it_has_not_imported(
        tmp_path: Path) -> None:
    """The snapshot has already imported most of the standard library archive it was made
    with (3.2 MB). The browser restores it with an archive of the rest only (a CSV's
    codecs, an XLSX's XML: 0.6 MB less on the wire); the build proves that each of those
    modules imports after a restore, and fails when one is missing."""
    import zipfile

    engine = _engine()
    snapshot, stdlib = _built_snapshot(engine)
    stats = json.loads(Path(f"{snapshot}.json").read_text())
    lazy = stats["lazy_stdlib"]
    assert {"encodings/gb18030.py", "encodings/utf_16.py", "xml/etree/ElementTree.py"} <= set(lazy)
    assert not {"json/__init__.py", "decimal.py", "zipfile/__init__.py"} & set(lazy)
    small = engine.snapshot_stdlib(stats)
    with zipfile.ZipFile(small) as archive:
        assert sorted(archive.namelist()) == lazy
    assert small.stat().st_size * 10 < stdlib.stat().st_size
    modules = [engine.module_name(entry) for entry in lazy]
    assert "xml.etree.ElementTree" in modules and "xml.etree" in modules
    given = {"HANDBOOK_STDLIB": str(small), "HANDBOOK_STDLIB_MODULES": ",".join(modules)}
    ok = _check(snapshot, given, tmp_path / "policy.json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # A module the archive does not hold fails the check (as it would fail a reader).
    missing = _check(snapshot, {**given, "HANDBOOK_STDLIB_MODULES": ",".join(
        [*modules, "xml.dom"])}, tmp_path / "policy.json")
    assert missing.returncode == 1 and "xml.dom" in missing.stdout


RESTORE_AND_ASK = """
import { readFileSync } from "node:fs";
import { loadPyodide } from "%s";
import { undoDelta } from "%s";
const [file, wasm, question] = process.argv.slice(2);
const py = await loadPyodide({ packages: [],
  _loadSnapshot: undoDelta(new Uint8Array(readFileSync(file)), readFileSync(wasm)) });
console.log(py.runPython(question));
"""


def test_the_snapshot_holds_only_what_a_readers_engine_runs(tmp_path: Path) -> None:
    """Every byte of the snapshot crosses a reader's phone link (2.9 MB with Brotli was
    most of a calculator page's 6 MB). So it holds no command line (`calculators.__main__`,
    argparse, gettext: the browser never parses one) and its code keeps no column
    positions (PYTHONNODEBUGRANGES: only a traceback's ^^^ markers use them), while every
    module the browser runs is there, and line numbers still are."""
    engine = _engine()
    snapshot, _ = _built_snapshot(engine)
    (tmp_path / "ask.mjs").write_text(RESTORE_AND_ASK % (
        (engine.PYODIDE_DIR / "pyodide.mjs").as_uri(),
        (ROOT / "docs" / "assets" / "engine" / "snapdelta.js").as_uri()))
    question = """
import json, sys
from calculators import bonus
code = next(v.__code__ for v in vars(bonus).values()
            if getattr(v, "__module__", "") == "calculators.bonus" and hasattr(v, "__code__"))
json.dumps({"modules": sorted(m for m in sys.modules
                              if m.startswith("calculators") or m in ("argparse", "gettext")),
            "columns": sorted({p[2] for p in code.co_positions()}, key=str),
            "lines": sorted({p[0] for p in code.co_positions() if p[0] is not None})})
"""
    done = subprocess.run(["node", str(tmp_path / "ask.mjs"), str(snapshot),
                           str(engine.PYODIDE_DIR / "pyodide.asm.wasm"), question],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert "calculators.__main__" not in found["modules"]
    assert not {"argparse", "gettext"} & set(found["modules"])
    assert {"calculators.web", "calculators.batch", "calculators.xlsx",
            "calculators.bonus"} <= set(found["modules"])
    assert found["columns"] == [None], found["columns"]
    assert len(found["lines"]) > 1

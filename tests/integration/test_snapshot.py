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


def _check(snapshot: Path) -> subprocess.CompletedProcess[str]:
    policy = snapshot.with_suffix(".policy.json")
    policy.write_text(_engine().policy_bundle(), encoding="utf-8")
    return subprocess.run(["node", str(ROOT / "hooks" / "check_snapshot.mjs"), str(snapshot),
                           str(policy)], cwd=ROOT, capture_output=True, text=True, timeout=300)


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

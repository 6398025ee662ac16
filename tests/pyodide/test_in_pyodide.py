"""The calculator unit tests, run again inside Pyodide under node.

Same tests, same calculators wheel the browser installs: a failure inside Pyodide
fails this test. Parity: the same requests give byte-identical JSON in both runtimes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run.mjs"
WHEELS = ROOT / "build" / "pyodide-wheels"

sys.path.insert(0, str(ROOT))
from calculators.registry import CALCULATORS  # noqa: E402
from hooks.engine import build_wheel  # noqa: E402

# Requests as the browser sends them: strings exactly as typed.
PARITY_REQUESTS = [
    {"calculator": "bonus", "inputs": {"completion": "120%", "target_bonus": "10000"}},
    {"calculator": "bonus", "inputs": {"completion": "１１０％", "target_bonus": "1.5万"}},
    {"calculator": "bonus", "inputs": {"completion": "79.99", "target_bonus": "8,000"}},
    {"calculator": "bonus", "inputs": {"completion": "abc", "target_bonus": "8000"}},
    {"calculator": "nope", "inputs": {}},
    # html and text come from calculators.render: the same bytes in both runtimes too.
    {"calculator": "bonus", "inputs": {"completion": "95%", "target_bonus": "8000",
                                       "days_in_role": "20", "special_bonus": "500"},
     "lang": "en"},
    {"calculator": "split", "inputs": {"total": "5000万", "period": "2026-Q3", "into": "week"}},
    {"calculator": "split", "inputs": {"total": "100", "weights": "1,1,1", "labels": "a,b,<c>",
                                       "buffer": "10%"}, "lang": "en"},
    {"calculator": "split", "inputs": {"total": "1", "buffer": "99%", "parts": "2"}},
    {"calculator": "deviation", "inputs": {"plan": "500", "actual": "380",
                                           "direction": "higher"}},
    {"calculator": "deviation", "inputs": {"plan": "5000万", "actual": "3800万",
                                           "metric": "budget_spend", "progress": "50%"},
     "lang": "en"},
    {"calculator": "deviation", "inputs": {"plan": "0", "actual": "3"}},
    {"calculator": "batch", "inputs": {"calculator": "deviation",
                                       "csv": "计划值,实际值\n500,380\nx,1\n"}},
    {"calculator": "batch", "inputs": {"calculator": "split", "template": True}},
    # Every registered calculator's samples, both languages: a new one is covered too.
    *({"calculator": name, "inputs": dict(sample), "lang": lang}
      for name, entry in CALCULATORS.items() for sample in entry.samples
      for lang in ("zh", "en")),
]


@pytest.fixture(scope="module")
def node_args() -> list[str]:
    if shutil.which("node") is None:
        pytest.fail("node is required for the Pyodide tests (Node.js 20+)")
    if not (ROOT / "node_modules" / "pyodide").is_dir():
        pytest.fail("node_modules/pyodide is missing: run `make setup`")
    if not (WHEELS / ".downloaded").exists():
        pytest.fail(f"{WHEELS} is missing: run `make test` (it downloads the pytest wheels)")
    wheel, _ = build_wheel()
    return ["node", str(RUNNER), "--wheels", str(WHEELS), "--wheel", str(wheel)]


def test_unit_suite_passes_inside_pyodide(node_args: list[str]) -> None:
    done = subprocess.run(
        [*node_args, "--", "/repo/tests/unit", "-q", "-p", "no:cacheprovider",
         "--rootdir=/repo/tests/unit", "--confcutdir=/repo/tests/unit"],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )
    tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
    assert done.returncode == 0, f"unit tests failed inside Pyodide:\n{tail}"
    assert " passed" in done.stdout, tail


def test_same_answers_in_cpython_and_pyodide(node_args: list[str]) -> None:
    from calculators import web

    code = (
        "import json, sys\n"
        "from calculators import web\n"
        f"requests = json.loads({json.dumps(json.dumps(PARITY_REQUESTS))})\n"
        "assert sys.platform == 'emscripten'\n"
        "json.dumps([web.handle(json.dumps(r)) for r in requests])\n"
    )
    done = subprocess.run([*node_args, "--eval", code], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    in_pyodide = json.loads(done.stdout.strip().splitlines()[-1])
    in_cpython = [web.handle(json.dumps(r)) for r in PARITY_REQUESTS]
    assert in_pyodide == in_cpython

"""The site's trimmed standard library archive holds everything the calculators use.

hooks/engine.py ships only the modules a run of hooks/exercise_engine.py loads (every
calculator, batch from CSV in each accepted encoding and from XLSX, templates, catalogs,
refusals). Here Pyodide boots under node with that trimmed archive, as the worker's
fallback boot does, and the same exercise runs again: any module it lacks is an
ImportError (a request answered "internal error"), which fails the run. The lazy modules
a reader reaches only with a file (zipfile and xml.etree for XLSX, the GB18030 codec) are
checked by name too, and an archive without xml.etree is shown to fail the run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from hooks import engine  # noqa: E402

# What the calculators import, lazily or not, and what Pyodide needs to boot and install
# the wheel (the fallback boot): each must be in the archive.
NEEDED = (
    "zipfile/__init__.py", "xml/etree/ElementTree.py", "tomllib/__init__.py", "decimal.py",
    "csv.py", "json/__init__.py", "importlib/resources/__init__.py", "fractions.py",
    "encodings/gb18030.py", "encodings/utf_8_sig.py", "encodings/cp437.py", "base64.py",
    "sysconfig/__init__.py", "pyodide/__init__.py", "_pyodide/__init__.py",
)


def _exercise(wheel: Path, archive: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None:
        pytest.fail("node is required for the Pyodide tests (Node.js 20+)")
    return subprocess.run(["node", str(ROOT / "hooks" / "stdlib_needs.mjs"), str(wheel)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "HANDBOOK_STDLIB": str(archive)})


@pytest.fixture(scope="module")
def built() -> tuple[Path, Path]:
    wheel, _ = engine.build_wheel()
    return wheel, engine.build_stdlib(engine.stdlib_needs(wheel))


def test_the_calculators_run_from_the_trimmed_archive(built: tuple[Path, Path]) -> None:
    wheel, archive = built
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
    with zipfile.ZipFile(engine.PYODIDE_DIR / "python_stdlib.zip") as z:
        stock = set(z.namelist())
    assert set(NEEDED) <= names, sorted(set(NEEDED) - names)
    assert len(names) < len(stock) / 2, (len(names), len(stock))  # it is trimmed
    done = _exercise(wheel, archive)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["answers"] > 20
    assert set(result["used"]) <= names  # the run found everything it loaded in there


def test_an_archive_without_a_lazy_module_fails_the_run(built: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    wheel, archive = built
    short = tmp_path / "python_stdlib.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(short, "w") as dest:
        for info in src.infolist():
            if not info.filename.startswith("xml/etree/"):  # read only for XLSX uploads
                dest.writestr(info, src.read(info))
    done = _exercise(wheel, short)
    assert done.returncode == 1, done.stdout[-2000:]
    assert "failed" in done.stdout and "Internal error" in done.stdout, done.stdout[-2000:]

"""`make bench` builds the handbook at 10x and 100x its pages and data (bench/run.py
_scale): a scaled copy must load, every copied data file checked by its own schema.
(The copies' schemas once went to a folder the content schemas had left, and the scaled
builds failed with ModuleNotFoundError, which the benchmark reported as "did not finish".)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import ROOT, copy_project

sys.path.insert(0, str(ROOT / "bench"))
import run as bench

# In the copy: its own handbook package, its own data/.
LOAD = """
import handbook
from handbook.policy import load
from handbook.schemas import SCHEMAS
load()
print(handbook.__file__)
print(" ".join(sorted(SCHEMAS)))
"""


def test_a_scaled_copy_loads_every_data_file_with_its_schema(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    bench._scale(project, 3)
    stems = sorted(p.stem for p in (ROOT / "data").glob("*.toml"))
    copies = sorted(p.stem for p in (project / "data").glob("*.toml"))
    assert copies == sorted([*stems, *(f"{s}_s{k}" for s in stems for k in (1, 2))])
    done = subprocess.run([sys.executable, "-c", LOAD], cwd=project, capture_output=True,
                          text=True, env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-1500:]
    where, schemas = done.stdout.splitlines()
    assert Path(where).is_relative_to(project)
    assert sorted(schemas.split()) == copies

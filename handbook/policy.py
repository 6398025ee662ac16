"""The whole handbook policy: every data file, calculators' areas and content areas alike.

The calculators load only their own areas (calculators.policy); the build loads all of
them through here, once per build (the handbook plugin), and checks the change log
against the data.
"""

from __future__ import annotations

from pathlib import Path

from calculators.errors import PolicyError
from calculators.policy import Policy, load_policy

from .schemas import SCHEMAS
from .schemas.changelog import check_against

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load(data_dir: Path | str | None = None) -> Policy:
    """Load and validate every data file of `data_dir` (default: the repository's data/)."""
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    for path in sorted(directory.glob("*.toml")):
        if path.stem not in SCHEMAS:
            raise PolicyError(f"data/{path.name}", "", "no schema for this file "
                              f"(known: {', '.join(SCHEMAS)})", "没有对应的数据结构定义")
    policy = load_policy(directory, schemas=SCHEMAS)
    check_against(policy["changelog"], policy)
    return policy


_cache: dict[Path, Policy] = {}


def get(data_dir: Path | str | None = None) -> Policy:
    """`load()`, once per process and directory (tests and tools call it often)."""
    key = Path(data_dir) if data_dir is not None else DATA_DIR
    if key not in _cache:
        _cache[key] = load(key)
    return _cache[key]

"""Shared test settings: runs under CPython and inside Pyodide (no network).

HYPOTHESIS_PROFILE picks the profile: `handbook` (the default, `make test`) or `fast`
(`make test-fast`: fewer examples per property, the same properties).

The calculator tests compute with `policy`, the small fixture policy in
tests/fixtures/policy/ (simple numbers unlike data/'s); only test_facts.py pins the
figures of the real data/.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from calculators.policy import Policy, load_policy

FIXTURE_POLICY = Path(__file__).resolve().parents[1] / "fixtures" / "policy"

# Pyodide is several times slower than CPython: no per-example deadline there or here.
settings.register_profile(
    "handbook", deadline=None, max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fast", deadline=None, max_examples=10,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "handbook"))


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The fixture policy (tests/fixtures/policy/): calculator areas only."""
    return load_policy(FIXTURE_POLICY)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Inside Pyodide only the browser layer exists (the calculators wheel): the tests of
    the build layer (they import `handbook`) and those that import the benchmark's data
    generator (`bench`, not in the wheel) run under CPython only."""
    if sys.platform != "emscripten" or collection_path.suffix != ".py":
        return None
    text = collection_path.read_text(encoding="utf-8")
    needs = ("from handbook", "import handbook", "from bench", "import bench")
    return True if any(word in text for word in needs) else None

"""Markers follow from what a test uses, so `-m "not build"` and friends never lie.

- `build`: the test builds the site, through the session `site` fixture (directly or
  through a fixture that needs it) or on its own (the files in BUILDS_ON_ITS_OWN);
- `browser`: the test drives Chromium (the `browser`, `context` or `page` fixtures);
- `pyodide`: the test runs Python inside Pyodide under node (tests/pyodide/).

Nothing here imports more than pytest: `make test-fast` loads this file from a venv that
has only pytest and hypothesis.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

# Most test builds are thrown away: Brotli at a low quality keeps them fast (quality 10
# on the 31 MB snapshot takes about two minutes, for each new snapshot the tests make).
# The session's site (tests/support.build_site) is built as in production (11, 10 for
# huge files): test_brotli.py checks what that saves.
os.environ.setdefault("HANDBOOK_BROTLI_QUALITY", "5")

BUILD_FIXTURES = {"site"}
BROWSER_FIXTURES = {"browser", "context", "page"}

# Test files that build a site without the `site` fixture: a fixture site with
# `python -m mkdocs` (test_macros), releases with mike (test_versions), the site with
# ProperDocs and MkDocs side by side (test_properdocs).
BUILDS_ON_ITS_OWN = {
    "integration/test_macros.py",
    "integration/test_versions.py",
    "integration/test_properdocs.py",
}
PYODIDE_DIR = "pyodide"


def markers_for(relative: str, fixturenames: set[str]) -> set[str]:
    """The markers a test at `relative` (to tests/, posix) with these fixtures gets."""
    marks = set()
    if fixturenames & BUILD_FIXTURES or relative in BUILDS_ON_ITS_OWN:
        marks.add("build")
    if fixturenames & BROWSER_FIXTURES:
        marks.add("browser")
    if relative.split("/", 1)[0] == PYODIDE_DIR:
        marks.add("pyodide")
    return marks


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        try:
            relative = Path(str(item.path)).resolve().relative_to(TESTS).as_posix()
        except ValueError:  # a test outside tests/ (none today)
            continue
        # A parameter that shares a fixture's name (`page` in test_no_typed_numbers) is a
        # value, not the fixture.
        callspec = getattr(item, "callspec", None)
        direct = set(callspec.params) if callspec is not None else set()
        fixtures = set(getattr(item, "fixturenames", ())) - direct
        for name in sorted(markers_for(relative, fixtures)):
            item.add_marker(getattr(pytest.mark, name))

"""Shared test settings: runs under CPython and inside Pyodide (no files, no network).

HYPOTHESIS_PROFILE picks the profile: `handbook` (the default, `make test`) or `fast`
(`make test-fast`: fewer examples per property, the same properties).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Pyodide is several times slower than CPython: no per-example deadline there or here.
settings.register_profile(
    "handbook", deadline=None, max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fast", deadline=None, max_examples=25,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "handbook"))

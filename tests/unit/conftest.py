"""Shared test settings: runs under CPython and inside Pyodide (no files, no network)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Pyodide is several times slower than CPython: no per-example deadline there or here.
settings.register_profile(
    "handbook", deadline=None, max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("handbook")

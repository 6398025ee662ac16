"""Schemas of the content areas: module handbook/schemas/<stem>.py checks data/<stem>.toml.

Modules are discovered, not listed. `SCHEMAS` is every data file of the handbook: the
calculators' own areas (calculators.registry.SCHEMAS, shipped to the browser) plus these
content areas (build only).
"""

from __future__ import annotations

import importlib
import pkgutil

from calculators.registry import SCHEMAS as CALCULATOR_SCHEMAS
from calculators.schema import Spec

CONTENT_SCHEMAS: dict[str, Spec] = {
    info.name: importlib.import_module(f"{__name__}.{info.name}").SCHEMA
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if not info.name.startswith("_")
}

SCHEMAS: dict[str, Spec] = dict(sorted({**CALCULATOR_SCHEMAS, **CONTENT_SCHEMAS}.items()))

"""One schema per policy data file: module calculators/schemas/<stem>.py checks data/<stem>.toml.

Modules are discovered, not listed, so adding a policy area is adding two files.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..schema import Spec

SCHEMAS: dict[str, Spec] = {
    info.name: importlib.import_module(f"{__name__}.{info.name}").SCHEMA
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if not info.name.startswith("_")
}

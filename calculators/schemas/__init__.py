"""One schema per policy data file, keyed by the file's stem (data/<stem>.toml)."""

from __future__ import annotations

from ..schema import Spec
from . import bonus

SCHEMAS: dict[str, Spec] = {
    "bonus": bonus.SCHEMA,
}

"""Typed configuration of the handbook plugin (`plugins: - handbook:` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicyConfig(base.Config):
    # The policy data: one TOML file per area (relative to mkdocs.yml). Fixture sites in
    # the tests point it at their own small data directory.
    data_dir = c.Dir(exists=True, default="data")
    # The nav section whose pages are the calculators: filled from the calculator
    # registry, one page per entry (calculators/<name>.md), so a new calculator needs no
    # nav edit. Empty: leave the nav alone.
    calculators_section = c.Type(str, default="")

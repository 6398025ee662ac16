"""The handbook plugin: loads and validates the policy once per build.

Every reader of the policy during a build (the macros, the hooks that write the
template downloads and the glossary hovers) asks this plugin for it:

    policy = config.plugins["handbook"].policy          # hooks
    policy = env.conf.plugins["handbook"].policy        # macros (define_env)

A broken data file stops the build with the loader's one line naming the file and the
key. The plugin also fills the calculators' nav section from the calculator registry.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from calculators.errors import PolicyError
from calculators.policy import Policy
from calculators.registry import CALCULATORS
from handbook import policy as handbook_policy
from handbook import review

from .config import PolicyConfig

log = logging.getLogger("mkdocs.plugins.handbook")


class PolicyPlugin(BasePlugin[PolicyConfig]):
    """Loads `data_dir` once (on_config) and hands the same Policy to every reader."""

    def __init__(self) -> None:
        self._policy: Policy | None = None
        self._signature: tuple[tuple[str, int, int], ...] = ()

    @property
    def policy(self) -> Policy:
        if self._policy is None:
            raise PluginError("handbook plugin: the policy is read before on_config; list "
                              "`handbook` before the plugins that read it in mkdocs.yml")
        return self._policy

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # mkdocs-static-i18n runs on_config again for each further language of the same
        # build: the files have not changed, so the loaded policy stands.
        signature = _signature(Path(self.config.data_dir))
        if self._policy is None or signature != self._signature:
            self._load(signature)
        if self.config.calculators_section:
            _fill_calculators(config, self.config.calculators_section)
        return config

    def _load(self, signature: tuple[tuple[str, int, int], ...]) -> None:
        try:
            self._policy = handbook_policy.load(self.config.data_dir)
        except PolicyError as exc:
            raise PluginError(str(exc)) from None
        self._signature = signature
        log.info("Loaded the policy from %s (%d areas)", self.config.data_dir,
                  len(self._policy))
        # An overdue review is reported, never a failure: --strict turns warnings into
        # errors, and a published version must rebuild whatever the date (make review).
        for line in review.report(self._policy, review.today()):
            log.info(line)


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every data file: what a reload would see differently."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted(directory.glob("*.toml")))


def _fill_calculators(config: MkDocsConfig, title: str) -> None:
    """Replace the children of nav section `title` by one page per registered calculator."""
    for item in config.nav or ():
        if isinstance(item, dict) and title in item:
            item[title] = [f"calculators/{name}.md" for name in CALCULATORS]
            return
    raise PluginError(f"handbook plugin: calculators_section {title!r} is not a section of "
                      "the nav in mkdocs.yml")


def plugin_of(config: Any) -> PolicyPlugin:
    """The handbook plugin of a config, or a clear error naming what is missing."""
    plugin = config.plugins.get("handbook") if getattr(config, "plugins", None) else None
    if not isinstance(plugin, PolicyPlugin):
        raise PluginError("the handbook plugin is not configured: add `- handbook` to "
                          "`plugins:` in mkdocs.yml (before `macros`)")
    return plugin

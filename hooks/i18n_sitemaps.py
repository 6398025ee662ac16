"""mkdocs hook: give every alternate language folder its sitemap.

Material's language selector fetches sitemap.xml under each `link[rel=alternate]`
(en/sitemap.xml for /en/). mkdocs-static-i18n writes one sitemap at the root that
already lists every language, so the same file is placed under each language folder;
without it every page logs a 404.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


# Runs after mkdocs-static-i18n (priority -100) has written the final root sitemap.
@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for alternate in config.extra.get("alternate") or []:
        folder = str(alternate.get("link", "")).removeprefix("./").strip("/")
        if not folder or "://" in folder:
            continue
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site / name).is_file() and (site / folder).is_dir():
                shutil.copyfile(site / name, site / folder / name)

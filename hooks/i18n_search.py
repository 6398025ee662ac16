"""mkdocs hook: one search index per language.

mkdocs-static-i18n merges every language's pages into the one search index at the site
root, so a Chinese page's search listed English pages and the other way round. After
the last language's build this hook splits it: the root index keeps the default
language's pages, and each other language gets `<lang>/search/search_index.json` with
its own pages (locations unchanged: they stay relative to the site root, which is what
Material resolves them against). docs/assets/javascripts/search_language.js makes the
pages of that language ask for their index.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority


def split(index: dict, folders: list[str]) -> dict[str, dict]:
    """{"": default language's index, folder: that language's index} by location prefix."""
    def folder_of(location: str) -> str:
        head = location.split("/", 1)[0]
        return head if head in folders else ""

    out: dict[str, dict] = {"": {**index, "docs": []}}
    out.update({f: {**index, "docs": []} for f in folders})
    for doc in index.get("docs", []):
        out[folder_of(str(doc.get("location", "")))]["docs"].append(doc)
    return out


# After mkdocs-static-i18n (priority -100) has written the merged index, before the
# precompression hook (-200) writes its .gz.
@event_priority(-150)
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    source = site / "search" / "search_index.json"
    if not source.is_file():
        return
    folders = [str(a.get("link", "")).removeprefix("./").strip("/")
               for a in config.extra.get("alternate") or []]
    folders = [f for f in folders if f and "://" not in f and (site / f).is_dir()]
    parts = split(json.loads(source.read_text(encoding="utf-8")), folders)
    for folder, index in parts.items():
        target = site / folder / "search" / "search_index.json" if folder else source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")

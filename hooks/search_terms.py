"""Search: also index the sub-words of long Chinese words.

The search plugin segments Chinese with `jieba.cut` (zero-width spaces mark the cuts),
which keeps a long word whole: 营销之星 is one token. Material's search segments a
Chinese query by the words of the index, and never by the whole query (its
`segment()` only looks at the query's shorter substrings), so 营销之星 is searched as
`营销* 之*`, and a query never finds a word in the middle or at the end of a longer one
(奖金 in 绩效奖金). This hook appends, to each section's title and text, the sub-words
jieba's search-engine mode finds in its long words (`cut_for_search`: 营销之星 ->
营销, 之星) that the section does not already contain, in a hidden span: lunr indexes
them, the search results do not show them. The index grows by about 5 %.

Works on the search plugin's entries in memory, before it writes
search/search_index.json and before mkdocs-static-i18n merges the languages' entries
into the one index. jieba is the one the search plugin set up in this process (with
config/jieba_userdict.txt).
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import event_priority

from handbook import hant

TAG = re.compile(r"<[^>]*>")
LONG_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}$")
FIELDS = ("title", "text")


def sub_words(words: list[str], cut_for_search: Any) -> list[str]:
    """The sub-words (two characters or more) of the long Chinese words in `words`
    that are not words of their own there, in order of first appearance."""
    have = set(words)
    new: list[str] = []
    for word in dict.fromkeys(words):
        if not LONG_HAN.match(word):
            continue
        for sub in cut_for_search(word):
            if len(sub) >= 2 and sub not in have:
                have.add(sub)
                new.append(sub)
    return new


def add_sub_words(entries: list[dict[str, Any]], separator: str,
                  cut_for_search: Any) -> int:
    """Append the hidden sub-words to each entry's fields (idempotent: the words
    already there are not added again); returns how many were added."""
    split = re.compile(separator)
    added = 0
    for entry in entries:
        for field in FIELDS:
            value = entry.get(field)
            if not isinstance(value, str):
                continue
            words = [w for w in split.split(TAG.sub(" ", value)) if w]
            new = sub_words(words, cut_for_search)
            if new:
                entry[field] = value + "<span hidden>" + "\u200b".join(new) + "</span>"
                added += len(new)
    return added


@event_priority(10)
def on_post_build(config: Any, **kwargs: Any) -> None:
    """Before the search plugin writes the index (and before mkdocs-static-i18n, at
    priority -100, collects each language's entries into the one index)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is None:
        return
    try:
        import jieba
    except ImportError:
        return
    cut_for_search = jieba.cut_for_search
    if config.theme.get("language") == hant.LANG:
        # Traditional words are cut where jieba cuts their Simplified form (hooks/hant.py).
        def cut_for_search(word: str) -> list[str]:
            return hant.cut_as_simplified(word, jieba.cut_for_search)
    add_sub_words(index.entries, plugin.config.separator, cut_for_search)

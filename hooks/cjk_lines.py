"""mkdocs hook: no space at a source line break inside Chinese text (handbook/cjk.py).

On the page's HTML, before the search plugin indexes it and the print book copies it.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority

from handbook.cjk import join_lines


@event_priority(100)  # first: every later reader of the page's HTML gets it joined
def on_page_content(html: str, **kwargs: Any) -> str:
    return join_lines(html)

"""Message parameters that depend on the language but are not one catalog id.

A `Msg` parameter that is itself a `Msg` is rendered in the same language
(calculators.i18n). These two subclasses use that: `Join` is a list of items joined with
a separator in the asking language (the parts of a split, the terms of a sum), and `Lazy`
is a text a function writes per language (an amount typed with 万, a period's label).
Both stay cheap to create: nothing is formatted until a language asks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .i18n import DEFAULT, Msg, language


def _words(value: object, lang: str) -> str:
    return value.text(lang) if isinstance(value, Msg) else str(value)


class Join(Msg):
    """Items (text or messages) joined by `sep` (text, or a message such as
    `Msg("split.sep")` for a separator that differs by language)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Sequence[object], sep: object) -> None:
        super().__init__("join")
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)

    def text(self, lang: str = DEFAULT) -> str:
        return _words(self.sep, lang).join(_words(i, lang) for i in self.items)


class Lazy(Msg):
    """A text made by `fn(lang)` when a language asks (a figure written per language)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__("lazy")
        object.__setattr__(self, "fn", fn)

    def text(self, lang: str = DEFAULT) -> str:
        return self.fn(language(lang))

"""Message parameters that depend on the language but are not one catalog id.

A `Msg` parameter that is itself a `Msg` is rendered in the same language
(calculators.i18n). These two subclasses use that: `Join` is a list of messages joined
with a catalog separator (the parts of a split: "，" in Chinese, ", " in English), and
`Lazy` is a figure whose writing differs by language (an amount typed with 万). Both
stay cheap to create: nothing is formatted until a language asks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .i18n import Msg, t


class Join(Msg):
    """Messages joined with the separator `sep` (a catalog id)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Sequence[object], sep: str) -> None:
        super().__init__(sep)
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "sep", sep)

    def text(self, lang: str = "zh") -> str:
        return t(self.sep, lang).join(
            i.text(lang) if isinstance(i, Msg) else str(i) for i in self.items)


class Lazy(Msg):
    """A text made by `fn(lang)` when a language asks (a figure written per language)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[str], str]) -> None:
        super().__init__("lazy")
        object.__setattr__(self, "fn", fn)

    def text(self, lang: str = "zh") -> str:
        return self.fn(lang)

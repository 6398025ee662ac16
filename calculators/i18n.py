"""Languages and the message catalog: the one place the calculators' words come from.

The calculators emit message ids with parameters (`Msg("bonus.threshold_miss",
completion="85", threshold="90")`); one catalog file per language
(calculators/catalog/<lang>.toml) turns an id into words. The same catalogs feed the
browser's JavaScript strings (generated at build time), so no string is typed twice.

    from calculators.i18n import Msg, t, LANGUAGES
    t("common.steps", "en")                      # 'How it was calculated'
    Msg("bonus.tier", tier=2).text("zh")         # '达到第 2 档…'

Placeholders are `{name}` (str.format_map); a parameter that is itself a `Msg` is
rendered in the same language first, so status names and units nest. A missing id or
parameter raises KeyError: that is a bug caught by tests/unit/test_catalog.py (every
language has the same ids with the same placeholders), never a reader's problem.

zh-Hant's catalog is generated from zh's with OpenCC (handbook/hant.py) by
`python -m handbook.hant catalog`; the test above fails when it is stale.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

# The languages, declared once: (code, html lang, name shown in the switcher).
# The first is the default and the source the others are checked against.
LANGUAGES: tuple[str, ...] = ("zh", "en", "zh-Hant")
DEFAULT = LANGUAGES[0]


def language(value: object) -> str:
    """A request's language, normalised; anything unknown falls back to the default."""
    if isinstance(value, str):
        if value in LANGUAGES:
            return value
        low = value.replace("_", "-").lower()
        for code in LANGUAGES:
            if code.lower() == low:
                return code
        if low in ("zh-tw", "zh-hk", "zh-mo"):
            return "zh-Hant" if "zh-Hant" in LANGUAGES else DEFAULT
        base = low.split("-")[0]
        if base in LANGUAGES:
            return base
    return DEFAULT


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@cache
def catalog(lang: str) -> dict[str, str]:
    """id -> template for one language (flattened dotted ids)."""
    text = resources.files("calculators.catalog").joinpath(f"{lang}.toml").read_text("utf-8")
    return _flatten(tomllib.loads(text))


def placeholders(template: str) -> frozenset[str]:
    """The `{name}` fields of a template (for the parity test)."""
    return frozenset(f for _, f, _, _ in string.Formatter().parse(template) if f)


def t(msg_id: str, lang: str = DEFAULT, /, **params: object) -> str:
    """The words for `msg_id` in `lang`, with its parameters filled in."""
    template = catalog(language(lang))[msg_id]
    if not params:
        return template
    return template.format_map({k: _text(v, lang) for k, v in params.items()})


def pick(texts: Mapping[str, str], lang: str = DEFAULT) -> str:
    """A bilingual text from the policy data ({"zh": ..., "en": ...}) in `lang`.

    Policy owners write zh and en only; zh-Hant comes from catalog/zh-Hant-data.toml,
    generated from the calculators' data files with the catalog (stale = test failure).
    """
    code = language(lang)
    if code in texts:
        return texts[code]
    if code == "zh-Hant":
        return hant_data().get(texts["zh"], texts["zh"])
    return texts[DEFAULT]


# The generated zh-Hant forms of the policy's texts belong to the policy, not to the code:
# in the browser they arrive with the policy (web.install_policy), after a restored
# memory snapshot that has no files to read them from.
_hant: dict[str, str] | None = None


def hant_data() -> dict[str, str]:
    """zh text of the calculators' policy data -> its generated zh-Hant form."""
    global _hant
    if _hant is None:
        path = resources.files("calculators.catalog").joinpath("zh-Hant-data.toml")
        _hant = dict(tomllib.loads(path.read_text("utf-8")).get("text", {}))
    return _hant


def install_hant_data(texts: Mapping[str, str]) -> None:
    """Use `texts` (zh -> zh-Hant) as hant_data() from now on."""
    global _hant
    _hant = dict(texts)


def _text(value: object, lang: str) -> object:
    return value.text(lang) if isinstance(value, Msg) else value


@dataclass(frozen=True, slots=True)
class Msg:
    """A message id with its parameters; words only when a language asks for them."""

    id: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __init__(self, msg_id: str, /, **params: object) -> None:
        object.__setattr__(self, "id", msg_id)
        object.__setattr__(self, "params", params)

    def text(self, lang: str = DEFAULT) -> str:
        return t(self.id, lang, **self.params)

    def texts(self) -> dict[str, str]:
        """Every language's words, keyed by language code (the JSON shape callers read)."""
        return {code: self.text(code) for code in LANGUAGES}


def as_json(message: Msg) -> dict[str, str]:
    """A message as the result JSON carries it: {"id", "zh", "en", "zh-Hant"}."""
    return {"id": message.id, **message.texts()}

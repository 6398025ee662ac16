"""繁體中文 (zh-Hant) from the Simplified Chinese source, at build time.

The zh-Hant edition is never typed: every page, catalog string and data text is the
Chinese source run through OpenCC's phrase-level Simplified -> Traditional conversion
(`s2tw`: Taiwan's standard character forms, 為/裡/啟/群, which the Traditional source
documents use and Hong Kong readers share; vocabulary is left as the source has it, no
Taiwan idiom swaps like 軟體 for 軟件, so Hong Kong readers read the same words), then a short
reviewed list of policy terms OpenCC gets wrong for this handbook (handbook/hant_terms.toml;
复盘 -> 復盤, as the Traditional source documents write it, where plain s2tw gives 覆盤).

    from handbook.hant import convert
    convert("营销之星")  # '營銷之星'

The override terms are swapped for private-use placeholders before OpenCC runs, so the
converter cannot split or re-convert them, and restored afterwards.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

LANG = "zh-Hant"  # the edition's code, one of calculators.i18n.LANGUAGES
TERMS_FILE = Path(__file__).with_name("hant_terms.toml")
CONFIG = "s2tw"
_BASE = 0xF0000  # Supplementary Private Use Area-A: never in the handbook's text


@lru_cache(maxsize=1)
def terms() -> tuple[tuple[str, str], ...]:
    """The reviewed overrides, (Simplified, Traditional), longest first."""
    with TERMS_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    pairs = []
    for i, entry in enumerate(data.get("terms", [])):
        zh, hant = entry.get("zh"), entry.get("hant")
        if not (isinstance(zh, str) and zh and isinstance(hant, str) and hant):
            raise ValueError(f"{TERMS_FILE.name}: terms[{i}]: needs non-empty zh and hant")
        pairs.append((zh, hant))
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # build-time only: the browser layer never converts

    return opencc.OpenCC(CONFIG)


@lru_cache(maxsize=8192)
def convert(text: str) -> str:
    """Simplified Chinese text -> Traditional, overrides applied; ASCII is left alone."""
    if not text or text.isascii():
        return text
    held: list[str] = []
    for zh, hant in terms():
        if zh in text:
            text = text.replace(zh, chr(_BASE + len(held)))
            held.append(hant)
    out = _converter().convert(text)
    for i, hant in enumerate(held):
        out = out.replace(chr(_BASE + i), hant)
    return out


@lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def reconvert(text: str) -> str:
    """Text that may be Traditional already (Material's zh-Hant strings, titles converted
    with their page), converted once: back to Simplified, then `convert`. Converting
    Traditional text again is not harmless (OpenCC reads 體系 as a Simplified 体 + 系 and
    gives 體係; 干預 becomes 幹預); the round trip gives every text of the handbook back
    unchanged (measured on every page) and mends a half-Simplified one (頁脚 -> 頁腳)."""
    if not text or text.isascii():
        return text
    return convert(_to_simplified().convert(text))


def is_traditional(text: str) -> bool:
    """Whether `text` has nothing Simplified left (the tests' check of a zh-Hant page)."""
    return reconvert(text) == text


def cut_as_simplified(text: str, cut: Callable[[str], Iterable[str]]) -> list[str]:
    """Traditional `text` cut into words where `cut` (jieba's, which knows Simplified
    words) cuts its Simplified form: 營銷之星 is cut like 营销之星. The words are slices
    of `text`. When the Simplified form has another length (a phrase converted to one of
    another length) `text` is cut as it is."""
    simple = _to_simplified().convert(text)
    if len(simple) != len(text):
        return [w for w in cut(text) if w]
    words: list[str] = []
    pos = 0
    for word in cut(simple):
        if not word:
            continue
        # jieba.cut gives consecutive words; cut_for_search also gives a long word after
        # its parts, so a word not found from `pos` on is looked for from the start.
        at = simple.find(word, pos)
        if at < 0:
            at = simple.find(word)
        if at < 0:
            continue
        words.append(text[at:at + len(word)])
        pos = at + len(word)
    return words


CATALOG_DIR = Path(__file__).resolve().parent.parent / "calculators" / "catalog"
GENERATED = (
    "# GENERATED from zh.toml by `python -m handbook.hant catalog` (OpenCC s2tw plus\n"
    "# handbook/hant_terms.toml). Do not edit: change the source and regenerate;\n"
    "# tests/unit/test_catalog.py fails while this file is stale.\n"
)


def catalog_text() -> str:
    """zh-Hant.toml's text: zh.toml converted (ids and placeholders are ASCII, untouched)."""
    source = (CATALOG_DIR / "zh.toml").read_text("utf-8")
    body = "\n".join(line for line in source.splitlines() if not line.startswith("#"))
    return GENERATED + convert(body.strip("\n")) + "\n"


def data_texts() -> list[str]:
    """Every Chinese text in the calculators' policy data (the wheel's areas), sorted."""
    import re

    from calculators.registry import SCHEMAS

    cjk = re.compile(r"[\u4e00-\u9fff]")
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and cjk.search(node):
            found.add(node)

    data_dir = CATALOG_DIR.parent.parent / "data"
    for area in sorted(SCHEMAS):
        with (data_dir / f"{area}.toml").open("rb") as fh:
            walk(tomllib.load(fh))
    return sorted(found)


def data_catalog_text() -> str:
    """zh-Hant-data.toml's text: each Chinese data text and its Traditional form."""
    import json

    lines = [GENERATED.replace("from zh.toml", "from the calculators' data files"), "[text]"]
    # JSON string syntax is valid TOML basic-string syntax for these texts.
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines += [f"{q(zh)} = {q(convert(zh))}" for zh in data_texts()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args != ["catalog"]:
        print("usage: python -m handbook.hant catalog", file=sys.stderr)
        return 2
    for name, text in (("zh-Hant.toml", catalog_text()),
                       ("zh-Hant-data.toml", data_catalog_text())):
        (CATALOG_DIR / name).write_text(text, "utf-8")
        print(f"wrote {CATALOG_DIR / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

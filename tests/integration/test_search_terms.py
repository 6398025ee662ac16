"""Search finds the right page for the handbook's key terms, in Chinese and in English.

Two ways:
- against the built search index (fast), with a small Python model of Material's
  search (Material 9.x, src/templates/assets/javascripts/integrations/search): the
  index's text is split on the configured `separator` (which includes the zero-width
  space jieba's cuts are marked with) and lower-cased; a Chinese query is first cut into
  words of the index (`segment()`: only substrings shorter than the query are looked
  up), then every term gets a trailing wildcard (`transform()`), so a term matches every
  token that starts with it; each matching token is scored as lunr does (idf, tf
  saturation, field boosts: title 1000, text 1, no length normalisation), and Material
  boosts page-level documents and documents matching more of the terms. Results are
  grouped by page, ordered by the page's best document;
- in the real search box of the built site, in Chromium (one page, all queries).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook.hant import convert, is_traditional

TOP = 5

# (query, language start page, accepted pages: at least one must be in the top 5)
QUERIES = [
    ("绩效", "", ["performance/"]),
    ("奖金", "", ["incentives/", "calculators/bonus/"]),
    ("偏差", "", ["process-control/", "procedures/raise-deviation-warning/",
                  "calculators/deviation/"]),
    ("复盘", "", ["retrospectives/"]),
    ("营销之星", "", ["incentives/", "calculators/star/"]),
    ("目标拆解", "", ["goals/", "calculators/split/"]),
    ("协作", "", ["collaboration/"]),
    ("报销", "", ["expenses/", "procedures/submit-expense/"]),
    ("bonus", "en/", ["en/incentives/", "en/calculators/bonus/"]),
    ("deviation", "en/", ["en/process-control/"]),
    ("retrospective", "en/", ["en/retrospectives/"]),
    ("onboarding", "en/", ["en/onboarding/"]),
]
# zh-Hant (generated from zh): the same queries typed in Traditional find the same pages
# of the zh-Hant edition.
QUERIES += [(convert(query), "zh-Hant/", [f"zh-Hant/{p}" for p in pages])
            for query, start, pages in QUERIES if start == ""]

# JavaScript's \b is ASCII-only.
JS_WORD_BOUNDARY = r"(?:(?<=\w)(?!\w)|(?<!\w)(?=\w))".replace(r"\w", "[A-Za-z0-9_]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAG = re.compile(r"<[^>]*>")
K1 = 1.2


def split(text: str, separator: re.Pattern[str]) -> list[str]:
    """Material's split(): the non-empty pieces between separator matches."""
    pieces, index = [], 0
    for match in separator.finditer(text):
        if index < match.start():
            pieces.append(text[index:match.start()])
        index = max(index, match.end())
    if index < len(text):
        pieces.append(text[index:])
    return pieces


def segment(query: str, vocabulary: Counter[str]) -> list[str]:
    """Material's segment(): cut a run of Han characters into words of the index."""
    n = len(query)
    cuts = [0] * n
    for i in range(n):
        for j in range(i + 1, n):      # sic: never the whole query
            if query[i:j] in vocabulary:
                cuts[i] = j - i
    segments: list[str] = []
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, cuts[p]):
            if cuts[p + q] > cuts[p] - q:
                segments.append(query[p:p + q])
                stack.append(p + q)
        q = p + cuts[p]
        if q < n - 1 and cuts[q]:
            stack.append(q)
        segments.append(query[p:q])
    return [query] if "" in segments else list(dict.fromkeys(segments))


@dataclass
class Index:
    separator: re.Pattern[str]
    boosts: dict[str, float]
    docs: list[tuple[str, dict[str, Counter[str]]]]
    df: Counter[str]

    @classmethod
    def load(cls, path: Path) -> Index:
        data = json.loads(path.read_text(encoding="utf-8"))
        separator = re.compile(data["config"]["separator"].replace(r"\b", JS_WORD_BOUNDARY))
        boosts = {f: spec["boost"] for f, spec in data["config"]["fields"].items()
                  if f in ("title", "text")}
        docs = []
        for doc in data["docs"]:
            fields = {f: Counter(t.lower() for t in split(TAG.sub(" ", doc.get(f, "")),
                                                          separator))
                      for f in boosts}
            docs.append((doc["location"], fields))
        df: Counter[str] = Counter()
        for _, fields in docs:
            df.update(set().union(*fields.values()))
        return cls(separator, boosts, docs, df)

    def terms(self, query: str) -> list[str]:
        query = HAN.sub(lambda m: "* ".join(segment(m.group(0), self.df)), query)
        return list(dict.fromkeys(
            t.rstrip("*").lower() for part in query.split()
            for t in split(part, self.separator) if t.rstrip("*")))

    def search(self, query: str) -> list[str]:
        """The pages (locations without #), best first."""
        terms = self.terms(query)
        n = len(self.docs)
        expanded = {t: [v for v in self.df if v.startswith(t)] for t in terms}

        def idf(v: str) -> float:
            return math.log(1 + abs((n - self.df[v] + 0.5) / (self.df[v] + 0.5)))

        in_field = {f: {v for _, fields in self.docs for v in fields[f]} for f in self.boosts}
        norm = {f: math.sqrt(len({v for t in terms for v in expanded[t]
                                  if v in in_field[f]}) or 1) for f in self.boosts}
        pages: dict[str, float] = {}
        for location, fields in self.docs:
            score, matched = 0.0, 0
            for t in terms:
                hit = False
                for v in expanded[t]:
                    for f, boost in self.boosts.items():
                        tf = fields[f][v]
                        if tf:
                            hit = True
                            score += idf(v) * (K1 + 1) * tf / (K1 + tf) * boost / norm[f]
                matched += hit
            if score:
                boost = (0 if "#" in location else 1) + matched / len(terms)
                score *= 1 + boost ** 2
                page = location.split("#")[0]
                pages[page] = max(pages.get(page, 0.0), score)
        return sorted(pages, key=lambda p: -pages[p])


@pytest.fixture(scope="module")
def indexes(site) -> dict[str, Index]:  # type: ignore[no-untyped-def]
    """One index per language (hooks/i18n_search.py): "" Chinese, "en/" English,
    "zh-Hant/" 繁體中文."""
    return {start: Index.load(site.root / start / "search" / "search_index.json")
            for start in ("", "en/", "zh-Hant/")}


@pytest.fixture(scope="module")
def index(indexes: dict[str, Index]) -> Index:
    return indexes[""]


@pytest.mark.parametrize(("query", "start", "expected"), QUERIES,
                         ids=[f"{q}->{e[0]}" for q, _, e in QUERIES])
def test_index_finds_the_page(indexes: dict[str, Index], query: str, start: str,
                              expected: list[str]) -> None:
    top = indexes[start].search(query)[:TOP]
    assert set(expected) & set(top), f"{query}: top {TOP} are {top}"


def test_segment_matches_material() -> None:
    vocabulary = Counter({"营销": 1, "之": 1, "营销之星": 1, "绩效": 1})
    assert segment("营销之星", vocabulary) == ["营销", "之"]
    assert segment("绩效", vocabulary) == ["绩效"]


def test_long_words_are_indexed_with_their_sub_words(index: Index) -> None:
    """hooks/search_terms.py: 绩效奖金 stays one token, 奖金 is a token too."""
    assert index.df["绩效奖金"] and index.df["奖金"]


def test_traditional_text_is_cut_like_the_simplified(indexes: dict[str, Index]) -> None:
    """hooks/hant.py: jieba knows Simplified words; the zh-Hant index has the zh index's
    words in Traditional (營銷之星 and its sub-words, 偏差 and 預警 apart)."""
    hant = indexes["zh-Hant/"]
    for word in ("绩效奖金", "奖金", "营销之星", "偏差", "预警", "复盘", "目标", "拆解"):
        assert indexes[""].df[word], word
        assert hant.df[convert(word)], convert(word)
    # No Simplified word in the zh-Hant index (it would match nothing a reader types).
    # (convert() alone would take the Traditional 干預 for Simplified: see is_traditional)
    simplified = [w for w in hant.df
                  if HAN.fullmatch(w) and convert(w) != w and not is_traditional(w)]
    assert not simplified, simplified[:20]


def test_search_box_finds_the_pages(page, site) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    misses = []
    items = page.locator("li.md-search-result__item > a")
    opened = None
    for query, start, expected in QUERIES:
        if start != opened:  # one page load per edition: its search index is loaded once
            page.goto(site.url(start))
            page.locator("label.md-search__icon, .md-search__input").first.click()
            opened = start
        box = page.locator("input.md-search__input")
        box.fill("")
        expect(items).to_have_count(0)  # the last query's results are gone
        box.press_sequentially(query, delay=20)
        # Playwright inserts CJK text without key events (see test_search_browser.py).
        box.press("End")
        expect(items.first).to_be_visible(timeout=15_000)
        # The results of the last keystroke: wait until they stop changing.
        hrefs, previous = None, []
        while hrefs != previous:
            previous = hrefs
            page.wait_for_timeout(250)
            hrefs = items.evaluate_all("els => els.map(e => e.href)")[:TOP]
        pages = [h.split("#")[0].split("?")[0] for h in hrefs]
        if not {site.url(e) for e in expected} & set(pages):
            misses.append((query, pages))
    assert misses == []

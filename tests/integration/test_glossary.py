"""The glossary: rendered from data/glossary.toml, and hover explanations (<abbr title>)
on the first use of each term on every other page, in the page's language."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
from support import spell, squash

from calculators.policy import Policy
from handbook.policy import load as load_policy
from macros import format as fmt
from macros import format_value
from macros.glossary import Hover, hovers, plain, wrap_first

ROOT = Path(__file__).resolve().parents[2]
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)

OKR = Hover(("OKR",), "目标与关键结果")
STAR = Hover(("营销之星",), "每月评选的荣誉")
DEV = Hover(("偏差率", "偏差"), "偏差的释义")
CHECK = Hover(("checkpoint",), "A phase's standard")


# ------------------------------------------------------------ wrap_first ---

def test_wraps_a_chinese_term_inside_a_chinese_sentence() -> None:
    out = wrap_first("<p>每月评出营销之星并公开表彰。</p>", [STAR])
    assert out == '<p>每月评出<abbr title="每月评选的荣誉">营销之星</abbr>并公开表彰。</p>'


def test_only_the_first_use_on_the_page() -> None:
    out = wrap_first("<p>营销之星</p><p>又是营销之星</p>", [STAR])
    assert out.count("<abbr") == 1 and out.startswith("<p><abbr")


def test_the_longer_word_wins_at_the_same_place() -> None:
    out = wrap_first("<p>偏差率超过预警线</p>", [DEV])
    assert '<abbr title="偏差的释义">偏差率</abbr>超过' in out


def test_several_terms_in_one_text() -> None:
    out = wrap_first("<p>OKR 与营销之星</p>", [STAR, OKR])
    assert len(ABBR.findall(out)) == 2


@pytest.mark.parametrize("snippet", [
    "<h2>OKR 与 KPI</h2>",
    '<h3 id="x">OKR<a class="headerlink" href="#x">¶</a></h3>',
    '<p><a href="goals/">OKR</a></p>',
    "<p><code>OKR</code></p>",
    "<pre><code>OKR</code></pre>",
    '<p><abbr title="x">OKR</abbr></p>',
    "<button>OKR</button>",
    '<select><option value="a">OKR</option></select>',
    "<label>OKR <input name=x></label>",
    '<svg viewBox="0 0 1 1"><text>OKR</text></svg>',
    '<form class="hb-calc" data-calculator="bonus"><p>OKR</p></form>',
    '<div data-batch="bonus"><p>OKR</p></div>',
    '<div class="hb-result hb-result--bonus"><p class="hb-result__verdict">OKR</p></div>',
])
def test_never_inside_headings_links_code_controls_svg_or_calculators(snippet: str) -> None:
    assert wrap_first(snippet, [OKR]) == snippet


def test_text_after_a_skipped_element_is_wrapped() -> None:
    out = wrap_first('<h2>OKR</h2><p><a href="x">OKR</a> 和 OKR</p>', [OKR])
    assert out.endswith('和 <abbr title="目标与关键结果">OKR</abbr></p>')


def test_latin_terms_are_whole_words_in_any_case() -> None:
    assert "<abbr" not in wrap_first("<p>checkpoints-ish</p>", [CHECK])
    out = wrap_first("<p>Each Checkpoint counts.</p>", [CHECK])
    assert '<abbr title="A phase&#x27;s standard">Checkpoint</abbr>' in out


def test_void_and_self_closing_tags_do_not_confuse_the_nesting() -> None:
    out = wrap_first('<p>a<br>b<img src="x"/></p><h2>t</h2><p>OKR</p>', [OKR])
    assert out.endswith('<p><abbr title="目标与关键结果">OKR</abbr></p>')


def test_titles_are_plain_text() -> None:
    assert plain("见[目标与拆解](goals.md)，**重要**") == "见目标与拆解，重要"


# ------------------------------------------------------------ data ---

@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "data")


def hover_list(policy: Policy, lang: str) -> list[Hover]:
    def value(kind: str, path: str) -> str:
        if kind == "number":
            return fmt.number(policy.value(path))
        text = format_value(policy, path, lang)
        return text.lower() if kind == "lower" else text
    return hovers(policy["glossary"], lang, value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_definitions_take_their_numbers_from_the_policy(policy: Policy, lang: str) -> None:
    by_word = {h.words[0]: h.title for h in hover_list(policy, lang)}
    star = "营销之星" if lang == "zh" else "Marketing star"
    [top] = spell("star.top_pct", policy.value("star.top_pct"), lang, policy)
    assert squash(top) in squash(by_word[star])
    assert "{" not in "".join(by_word.values())


# ------------------------------------------------------------ built pages ---

def article(root: Path, path: str) -> str:
    source = (root / path / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                      source, re.S)
    assert found
    return found.group(1)


@pytest.mark.parametrize(("path", "lang", "word"), [
    ("goals", "zh", "OKR"),
    ("en/goals", "en", "OKR"),
    ("incentives", "zh", "营销之星"),
    ("calculators/bonus", "zh", "完成率"),
    ("en/process-control", "en", "deviation"),
])
def test_terms_carry_their_definition_in_the_page_language(
        site, policy: Policy, path: str, lang: str, word: str) -> None:  # type: ignore[no-untyped-def]
    titles = {h.title for h in hover_list(policy, lang)}
    found = {html.unescape(text): html.unescape(title)
             for title, text in ABBR.findall(article(site.root, path))}
    assert word in found, sorted(found)
    assert found[word] in titles
    other = {h.title for h in hover_list(policy, "en" if lang == "zh" else "zh")}
    assert found[word] not in other


@pytest.mark.parametrize("path", ["", "en", "goals", "en/goals", "process-control",
                                  "en/process-control", "incentives", "en/incentives",
                                  "calculators/bonus", "en/calculators/deviation"])
def test_at_most_once_per_page_and_never_in_headings_or_links(site, path: str) -> None:  # type: ignore[no-untyped-def]
    body = article(site.root, path)
    titles = Counter(title for title, _ in ABBR.findall(body))
    assert titles and max(titles.values()) == 1
    for tag in ("h1", "h2", "h3", "h4", "a", "code", "button", "form", "svg"):
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", body, re.S):
            assert "<abbr" not in inner, (path, tag, inner[:200])


@pytest.mark.parametrize(("path", "lang"), [("glossary", "zh"), ("en/glossary", "en")])
def test_the_glossary_page_lists_every_term_without_hovers(
        site, policy: Policy, path: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    body = article(site.root, path)
    assert "<abbr" not in body
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    for hover, term in zip(hover_list(policy, lang), policy["glossary"]["terms"],
                           strict=True):
        assert term["term"][lang] in text
        assert hover.title in text


def test_hovering_a_term_shows_materials_tooltip(page, site) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(site.url("incentives/"))
    term = page.locator("article abbr[title]", has_text="营销之星").first
    title = term.get_attribute("title")
    term.hover()
    tip = page.locator(".md-tooltip2, .md-tooltip").filter(has_text=title or "")
    expect(tip.first).to_be_visible(timeout=5_000)

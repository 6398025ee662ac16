"""Three languages (zh, en, zh-Hant generated from zh) that hold, as a reader meets
them in Chromium with real clicks:
switching language from any page lands on the same page wholly in the other language
(html lang, header, search box, footer, tooltips, calculator inputs and result), both
ways, also after instant navigation; search lists pages of the reader's language only;
a page that does not exist answers in the reader's language, behind the production nginx.
Screenshots at 1366 px and 375 px go to test-artifacts/."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import ARTIFACTS

from handbook.hant import convert, is_traditional

pytestmark = pytest.mark.browser

# zh-Hant is generated from zh (handbook/hant.py): its expected words are too.
HEADER = {"zh": "市场营销团队手册", "en": "Marketing Team Handbook"}
HEADER["zh-Hant"] = convert(HEADER["zh"])
SEARCH = {"zh": "搜索", "en": "Search", "zh-Hant": "搜尋"}  # Material's own translations
NAME = {"zh": "中文", "en": "English", "zh-Hant": "繁體中文"}
OTHER = {"zh": ("en", "English"), "en": ("zh", "中文")}
VERDICT = {"zh": "达到第 4 档", "en": "Tier 4 reached"}
VERDICT["zh-Hant"] = convert(VERDICT["zh"])
STEPS = {"zh": "计算过程", "en": "How it was calculated"}
WIDTHS = {"desktop": 1366, "phone": 375}
CALC = {"zh": "calculators/bonus/", "en": "en/calculators/bonus/",
        "zh-Hant": "zh-Hant/calculators/bonus/"}
QUERY = "?completion=120%25&target_bonus=2%E4%B8%87"
# The calculators answer in zh-Hant once the engine sends it to the worker (the
# catalog work in docs/assets/engine/); until then a zh-Hant page shows zh results.
ENGINE = Path(__file__).resolve().parents[2] / "docs" / "assets" / "engine"
ENGINE_SPEAKS_HANT = any("zh-Hant" in f.read_text("utf-8") for f in ENGINE.glob("*.js"))


def path_of(lang: str, rel: str) -> str:
    return rel if lang == "zh" else f"{lang}/{rel}"


def switch_language(page, to: str) -> None:  # type: ignore[no-untyped-def]
    """Open the header's language menu and choose a language by its name, as a reader does."""
    menu = page.locator(".md-header__option .md-select").first
    menu.hover()
    link = menu.get_by_role("link", name=NAME[to], exact=True)
    expect(link).to_be_visible()
    link.click()


def assert_wholly_in(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".md-header__topic").first).to_contain_text(HEADER[lang])
    placeholder = page.locator("input[data-md-component=search-query]")
    expect(placeholder).to_have_attribute("placeholder", SEARCH[lang])
    # Tooltips of the header's buttons are in the page's language only.
    titles = page.locator(".md-header [title], .md-header [aria-label]").evaluate_all(
        "els => els.map(e => e.getAttribute('title') || e.getAttribute('aria-label'))")
    for title in titles:
        assert " / " not in title, f"bilingual tooltip on a {lang} page: {title!r}"
        if lang == "zh-Hant":
            assert is_traditional(title), f"Simplified tooltip on a zh-Hant page: {title!r}"
    footer = page.locator(".md-footer").inner_text()
    if lang == "en":
        assert not any("\u4e00" <= c <= "\u9fff" for c in footer), footer
    else:
        assert "Marketing" not in footer, footer
    if lang == "zh-Hant":
        # Header, tabs, navigation, table of contents and footer: no Simplified left.
        for part in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer"):
            for text in page.locator(part).all_inner_texts():
                assert is_traditional(text), (part, text[:300])


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_calculator_with_inputs_switches_both_ways(page, site, width: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(site.url(CALC["zh"] + QUERY))
    form = page.locator('form[data-calculator="bonus"]')
    expect(form.locator('[data-result="html"]')).to_contain_text(VERDICT["zh"], timeout=30_000)
    assert_wholly_in(page, "zh")
    form.scroll_into_view_if_needed()
    shot(page, f"language-calculator-zh-{width}")

    switch_language(page, "en")
    page.wait_for_url(site.url(CALC["en"]) + "?**")
    assert_wholly_in(page, "en")
    expect(form.locator('input[name="completion"]')).to_have_value("120%")
    expect(form.locator('input[name="target_bonus"]')).to_have_value("2万")
    result = form.locator('[data-result="html"]')
    expect(result).to_contain_text(VERDICT["en"], timeout=30_000)
    expect(result).to_contain_text(STEPS["en"])
    assert "计算过程" not in result.inner_text()
    form.scroll_into_view_if_needed()
    shot(page, f"language-calculator-en-{width}")

    switch_language(page, "zh")
    page.wait_for_url(site.url(CALC["zh"]) + "?**")
    assert_wholly_in(page, "zh")
    expect(form.locator('input[name="completion"]')).to_have_value("120%")
    expect(form.locator('[data-result="html"]')).to_contain_text(VERDICT["zh"], timeout=30_000)


@pytest.mark.parametrize(("start", "rel"), [("zh", "goals/"), ("zh", ""), ("en", "goals/"),
                                            ("en", "")])
def test_chapter_and_home_switch_both_ways(page, site, start: str, rel: str) -> None:  # type: ignore[no-untyped-def]
    other = OTHER[start][0]
    page.goto(site.url(path_of(start, rel)))
    assert_wholly_in(page, start)
    switch_language(page, other)
    page.wait_for_url(site.url(path_of(other, rel)) + "**")
    assert_wholly_in(page, other)
    switch_language(page, start)
    page.wait_for_url(site.url(path_of(start, rel)) + "**")
    assert_wholly_in(page, start)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_switch_after_instant_navigation(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url(path_of(lang, "")))
    tab = {"zh": "团队与目标", "en": "Team and goals"}[lang]
    page.locator(".md-tabs").get_by_role("link", name=tab, exact=True).click()
    page.wait_for_url(site.url(path_of(lang, "team/")))
    other = OTHER[lang][0]
    switch_language(page, other)
    page.wait_for_url(site.url(path_of(other, "team/")) + "**")
    assert_wholly_in(page, other)


SEARCH_TERMS = {"zh": ["完成率", "偏差预警", "营销之星", "复盘", "P0", "目标拆解", "调休", "导师"],
                "en": ["bonus", "deviation", "retrospective", "mentor"]}
# Typed in Traditional characters, as Taiwan and Hong Kong readers do.
SEARCH_TERMS["zh-Hant"] = [convert(term) for term in SEARCH_TERMS["zh"]]


def folder_of(path: str) -> str:
    """The language of a site path by its first folder (zh at the root)."""
    head = path.lstrip("/").split("/", 1)[0]
    return head if head in NAME and head != "zh" else "zh"


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_search_lists_pages_of_the_readers_language_only(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url(path_of(lang, "")))
    for term in SEARCH_TERMS[lang]:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        query = page.locator("input.md-search__input")
        query.fill("")
        query.press_sequentially(term, delay=30)
        # Playwright inserts CJK text without key events; a real IME commit ends with
        # one, and Material's search reacts to key events, so press a harmless key.
        query.press("End")
        results = page.locator(".md-search-result__item > a")
        expect(results.first).to_be_visible(timeout=15_000)
        # The results of the last keystroke (a loaded machine may still show those of
        # "dev" for "deviation"): wait until they stop changing.
        shown, previous = None, []
        while shown != previous:
            previous = shown
            page.wait_for_timeout(300)
            shown = page.locator(".md-search-result").inner_text()
        hrefs = results.evaluate_all("els => els.map(e => new URL(e.href).pathname)")
        for href in hrefs:
            assert folder_of(href) == lang, (term, href)
        # Every result (page or section) names the whole term: none is padded in.
        # (a page's further matching sections may be folded under "more on this page")
        groups = page.locator(".md-search-result__item").all_text_contents()
        for text in groups:
            assert term.lower() in text.replace("\u200b", "").lower(), (term, text[:200])
        # ... and none says a part of the term is "missing" (缺少 / Missing).
        assert page.locator(".md-search-result__terms del").count() == 0, term
        lines = page.locator(".md-search-result__article p").all_inner_texts()
        for line in (x.strip() for x in lines):
            assert not line or line[0] not in "，。、；：,.;:", (term, line)
        if term in ("营销之星", "mentor", "營銷之星"):
            shot(page, f"search-{lang}-{term}")
        page.keyboard.press("Escape")




@pytest.mark.parametrize(("lang", "missing", "title", "home"), [
    ("zh", "no-such-page/", "页面不存在", "返回首页"),
    ("en", "en/no-such-page/", "Page not found", "Back to the home page"),
    ("zh-Hant", "zh-Hant/no-such-page/", "頁面不存在", "返回首頁"),
])
def test_missing_page_answers_in_the_readers_language(  # type: ignore[no-untyped-def]
        page, watch, nginx, lang: str, missing: str, title: str, home: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(nginx.url(missing))
    assert caught.value.code == 404
    response = page.goto(nginx.url(missing))
    assert response is not None and response.status == 404
    # The browser logs the page's own 404 status as a console error: that one is expected.
    watch.errors[:] = [e for e in watch.errors if "status of 404" not in e]
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("article h1")).to_have_text(title)
    link = page.get_by_role("link", name=home)
    expect(link).to_be_visible()
    expect(page.locator("input[data-md-component=search-query]")).to_have_attribute(
        "placeholder", SEARCH[lang])
    shot(page, f"not-found-{lang}")
    link.click()
    page.wait_for_url(nginx.url(path_of(lang, "")))



# ------------------------------------------------------------------ zh-Hant ---

@pytest.mark.parametrize("width", list(WIDTHS))
def test_calculator_with_inputs_goes_round_all_three_languages(page, site, width: str) -> None:  # type: ignore[no-untyped-def]
    """zh -> zh-Hant -> en -> zh on a calculator with its inputs in the URL: each
    switch lands on the same calculator wholly in the chosen language, inputs kept."""
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(site.url(CALC["zh"] + QUERY))
    form = page.locator('form[data-calculator="bonus"]')
    expect(form.locator('[data-result="html"]')).to_contain_text(VERDICT["zh"], timeout=30_000)
    for lang in ("zh-Hant", "en", "zh"):
        switch_language(page, lang)
        page.wait_for_url(site.url(CALC[lang]) + "?**")
        assert_wholly_in(page, lang)
        expect(form.locator('input[name="completion"]')).to_have_value("120%")
        expect(form.locator('input[name="target_bonus"]')).to_have_value("2万")
        result = form.locator('[data-result="html"]')
        if lang == "zh-Hant" and not ENGINE_SPEAKS_HANT:
            expect(result).to_contain_text(VERDICT["zh"], timeout=30_000)
        else:
            expect(result).to_contain_text(VERDICT[lang], timeout=30_000)
        if lang == "zh-Hant":
            # The form itself (labels, buttons, hints) is the page's: Traditional.
            # (the result, written by the engine, is checked above)
            labels = " ".join(form.locator("label, button, summary").evaluate_all(
                "els => els.filter(e => !e.closest('.hb-calc__result')).map(e => e.innerText)"))
            assert labels.strip() and is_traditional(labels), labels
            form.scroll_into_view_if_needed()
            shot(page, f"language-calculator-zh-Hant-{width}")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("rel", ["goals/", ""])
def test_chapter_and_home_go_round_all_three_languages(page, site, rel: str, width: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(site.url(rel))
    assert_wholly_in(page, "zh")
    for lang in ("zh-Hant", "en", "zh"):
        switch_language(page, lang)
        page.wait_for_url(site.url(path_of(lang, rel)) + "**")
        assert_wholly_in(page, lang)
        if lang == "zh-Hant":
            article = page.locator("article").inner_text()
            assert is_traditional(article), article[:300]
            shot(page, f"language-{rel.strip('/') or 'home'}-zh-Hant-{width}")


def test_zh_hant_after_instant_navigation(page, site) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url("zh-Hant/"))
    tab = convert("团队与目标")
    page.locator(".md-tabs").get_by_role("link", name=tab, exact=True).click()
    page.wait_for_url(site.url("zh-Hant/team/"))
    assert_wholly_in(page, "zh-Hant")
    switch_language(page, "zh")
    page.wait_for_url(site.url("team/") + "**")
    assert_wholly_in(page, "zh")


def test_zh_hant_not_found_page_on_a_static_host(page, site) -> None:  # type: ignore[no-untyped-def]
    """The build writes /zh-Hant/404.html for hosts that serve a folder's 404 page."""
    page.goto(site.url("zh-Hant/404.html"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator("article h1")).to_have_text("頁面不存在")
    expect(page.locator("input[data-md-component=search-query]")).to_have_attribute(
        "placeholder", SEARCH["zh-Hant"])
    assert is_traditional(page.locator("article").inner_text())

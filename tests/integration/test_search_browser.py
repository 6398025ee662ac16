"""Search works in the browser, in Chinese, English and 繁體中文."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize(
    ("start", "query", "target"),
    [
        ("", "完成率", "calculators/bonus/"),
        ("", "绩效奖金", "calculators/bonus/"),
        ("en/", "bonus", "en/calculators/bonus/"),
        # zh-Hant: typed in Traditional, its own pages (hooks/hant.py, i18n_search.py)
        ("zh-Hant/", "績效獎金", "zh-Hant/calculators/bonus/"),
        ("zh-Hant/", "偏差預警", "zh-Hant/process-control/"),
    ],
)
def test_search_finds_the_page(page, site, start: str, query: str, target: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url(start))
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=30)
    # Playwright inserts CJK text without key events; a real IME commit ends with
    # one, and Material's search reacts to key events, so press a harmless key.
    box.press("End")
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_visible(timeout=15_000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    assert any(h.split("#")[0].split("?")[0] == site.url(target) for h in hrefs), hrefs

"""The zh-Hant edition in the built site (hooks/hant.py): every zh page has its zh-Hant
page, wholly in Traditional characters (text and tooltips), with its own search index,
"page not found" page and sitemap; nothing of it is typed (no docs/*.zh-Hant.md)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from calculators.i18n import LANGUAGES
from handbook.hant import LANG, convert, is_traditional

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = re.compile(r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", re.S | re.I)
TAG = re.compile(r"<[^>]*>")
SHOWN = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')


def pages(root: Path) -> list[Path]:
    """The default language's pages (every index.html outside the language folders)."""
    others = set(LANGUAGES[1:])
    return sorted(p.relative_to(root) for p in root.rglob("index.html")
                  if p.relative_to(root).parts[0] not in others | {"assets", "schemas"})


HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def simplified(text: str) -> list[str]:
    """The runs of Chinese characters with something Simplified left (phrase-level, so
    the 斗 of 漏斗 or the 干 of 干預, Traditional as they are, are not taken for it)."""
    return sorted({run for run in HAN_RUN.findall(text) if not is_traditional(run)})


def test_nothing_is_typed_twice() -> None:
    assert not list((ROOT / "docs").rglob(f"*.{LANG}.md"))


def test_every_zh_page_has_its_zh_hant_page_in_traditional(site) -> None:  # type: ignore[no-untyped-def]
    zh_pages = pages(site.root)
    assert len(zh_pages) > 40
    problems = {}
    for rel in zh_pages:
        target = site.root / LANG / rel
        assert target.is_file(), f"{rel} has no zh-Hant page"
        html = target.read_text("utf-8")
        assert f'<html lang="{LANG}"' in html, rel
        visible = visible_text(html)
        shown = " ".join(SHOWN.findall(SCRIPT.sub(" ", html)))
        left = simplified(visible + shown)
        if left:
            problems[str(rel)] = left
        # The zh page itself is still Simplified (the hook only touched the zh-Hant build).
        zh = (site.root / rel).read_text("utf-8")
        assert '<html lang="zh"' in zh, rel
    assert not problems, problems


def test_the_switcher_offers_zh_hant_on_every_page(site) -> None:  # type: ignore[no-untyped-def]
    for rel in ("index.html", "goals/index.html", "calculators/bonus/index.html"):
        for prefix in ("", "en/", f"{LANG}/"):
            html = (site.root / prefix / rel).read_text("utf-8")
            assert f'hreflang="{LANG}"' in html and "繁體中文" in html, prefix + rel


def visible_text(html: str) -> str:
    return TAG.sub(" ", SCRIPT.sub(" ", html))


def test_zh_hant_search_index_has_its_pages_only(site) -> None:  # type: ignore[no-untyped-def]
    def load(folder: Path) -> list[dict[str, str]]:
        return json.loads((folder / "search" / "search_index.json").read_text("utf-8"))["docs"]

    docs, zh_docs = load(site.root / LANG), load(site.root)
    locations = [d["location"] for d in docs]
    assert len(locations) > 100
    assert all(loc.startswith(f"{LANG}/") for loc in locations), locations[:5]
    assert not [d for d in zh_docs if d["location"].startswith(f"{LANG}/")]
    for doc in docs:
        assert is_traditional(doc["title"].replace("\u200b", "")), doc["title"]
    # The search plugin strips tags, which joins words the page keeps apart (周 | 期間),
    # so the text is checked by character: none of the Simplified characters of the zh
    # index (those converted on every zh-Hant page) is left in the zh-Hant index.
    zh_chars = {c for d in zh_docs for c in d["text"] if convert(c) != c}
    pages_text = "".join(visible_text(p.read_text("utf-8"))
                         for p in (site.root / LANG).rglob("index.html"))
    simplified_only = zh_chars - set(pages_text)
    assert len(simplified_only) > 100  # 们, 这, 为, 个 …
    text = "".join(d["title"] + d["text"] for d in docs)
    assert not simplified_only & set(text), sorted(simplified_only & set(text))
    words = text.replace("\u200b", "")
    assert convert("营销之星") in words and convert("偏差预警") in words


def test_zh_hant_not_found_page_and_sitemap(site) -> None:  # type: ignore[no-untyped-def]
    html = (site.root / LANG / "404.html").read_text("utf-8")
    assert f'<html lang="{LANG}"' in html and "頁面不存在" in html
    assert "页面不存在" in (site.root / "404.html").read_text("utf-8")
    assert (site.root / LANG / "sitemap.xml").is_file()
    sitemap = (site.root / "sitemap.xml").read_text("utf-8")
    assert f'hreflang="{LANG}"' in sitemap


def test_policy_terms_are_the_reviewed_ones(site) -> None:  # type: ignore[no-untyped-def]
    """復盤 as the Traditional source documents write it, never OpenCC's 覆盤."""
    html = (site.root / LANG / "retrospectives" / "index.html").read_text("utf-8")
    assert "復盤" in html and "覆盤" not in html
    # Converted once: OpenCC run again on the Traditional text would give 體係.
    assert "體系" in (site.root / LANG / "index.html").read_text("utf-8")
    assert "體係" not in (site.root / LANG / "index.html").read_text("utf-8")


def test_every_calculator_answers_its_own_defaults_on_zh_hant_pages(page, site) -> None:  # type: ignore[no-untyped-def]
    """The zh-Hant edition shows the forms' defaults in Traditional (5000萬): the
    calculators read them, and what a reader types in Traditional, as in Simplified."""
    from playwright.sync_api import expect
    from support import ARTIFACTS

    from calculators.registry import CALCULATORS

    for name in CALCULATORS:
        page.goto(site.url(f"{LANG}/calculators/{name}/"))
        form = page.locator(f'form[data-calculator="{name}"]')
        expect(form).to_have_attribute("data-result", "ok", timeout=60_000)
    page.goto(site.url(f"{LANG}/calculators/split/"))
    form = page.locator('form[data-calculator="split"]')
    expect(form).to_have_attribute("data-result", "ok", timeout=60_000)
    total = form.locator('input[name="total"]')
    expect(total).to_have_value("5000萬")
    shown = form.locator('output[name="total"]')
    before = Decimal(shown.get_attribute("data-value") or "0")
    assert before > 0
    total.fill("")
    total.press_sequentially("1.2億", delay=20)  # 1.2億 = 2.4 x 5000萬
    expect(shown).to_have_attribute("data-value", f"{(before * Decimal('2.4')).normalize():f}")
    expect(form).to_have_attribute("data-result", "ok")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "zh-Hant-split-typed-in-traditional.png"))

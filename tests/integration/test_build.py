"""The built site is complete and self-contained: strict build, engine inside, nothing
from a third party, every page in both languages, Chinese segmented for search."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from calculators.registry import CALCULATORS
from calculators.registry import SCHEMAS as CALCULATOR_SCHEMAS
from handbook.schemas import CONTENT_SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
ENGINE_FILES = [
    "assets/engine/engine.js",
    "assets/engine/client.js",
    "assets/engine/form.js",
    "assets/engine/urlstate.js",
    "assets/engine/batch.js",
    "assets/engine/strings.js",
    "assets/engine/worker.js",
    "assets/engine/manifest.json",
    "assets/engine/pyodide/pyodide.mjs",
    "assets/engine/pyodide/pyodide.asm.mjs",
    "assets/engine/pyodide/pyodide.asm.wasm",
    "assets/engine/pyodide/python_stdlib.zip",
    "assets/engine/pyodide/pyodide-lock.json",
]
# Hosts the site must never load from (fonts, CDNs): salary figures stay in the browser.
THIRD_PARTY = re.compile(
    r"""(?:src|href)=["']https?://(?!127\.0\.0\.1|localhost)|fonts\.googleapis|fonts\.gstatic"""
    r"|cdn\.jsdelivr|unpkg\.com|cdnjs\."
)


def test_engine_is_inside_the_site(site) -> None:  # type: ignore[no-untyped-def]
    for rel in ENGINE_FILES:
        assert (site.root / rel).is_file(), f"missing {rel}"
    manifest = json.loads((site.root / "assets/engine/manifest.json").read_text())
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    assert manifest["pyodide"] == pinned
    assert (site.root / "assets/engine" / manifest["wheel"]).is_file()
    # The restored engine's standard library: the modules the snapshot has not imported.
    assert re.fullmatch(r"stdlib-[0-9a-f]{16}\.zip", manifest["snapshot_stdlib"])
    small = site.root / "assets/engine" / manifest["snapshot_stdlib"]
    whole = site.root / "assets/engine/pyodide/python_stdlib.zip"  # a boot without it
    assert 0 < small.stat().st_size * 10 < whole.stat().st_size
    # What a snapshot boot downloads, as its progress bar counts it: the runtime and the
    # snapshot, as stored (the worker's streams give them uncompressed).
    engine = site.root / "assets/engine"
    assert manifest["boot_bytes"] == sum(
        (engine / manifest[key]).stat().st_size for key in ("snapshot_base", "snapshot"))


def test_wheel_carries_every_module_and_the_policy(site) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((site.root / "assets/engine/manifest.json").read_text())
    assert re.fullmatch(r"handbook_calculators-[\w.]+-py3-none-any\.whl", manifest["wheel"])
    names = set(zipfile.ZipFile(site.root / "assets/engine" / manifest["wheel"]).namelist())
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "calculators").rglob("*.py")}
    assert sources - names == set(), "modules missing from the wheel (pyproject packages?)"
    shipped = {n.rsplit("/", 1)[1][:-5] for n in names if n.startswith("calculators/policy_data/")}
    # The calculators' own policy areas, and nothing of the build layer (issue: layers).
    assert shipped == set(CALCULATOR_SCHEMAS)
    assert not shipped & set(CONTENT_SCHEMAS)
    assert not any(n.startswith(("handbook/", "macros/")) for n in names)


def test_the_policy_is_loaded_once_per_build(site) -> None:  # type: ignore[no-untyped-def]
    """The handbook plugin loads data/ once; macros and hooks read its Policy."""
    assert site.build_log.count("Loaded the policy from") == 1, site.build_log[-2000:]


def test_the_calculators_nav_comes_from_the_registry(site) -> None:  # type: ignore[no-untyped-def]
    home = (site.root / "index.html").read_text(encoding="utf-8")
    for name in CALCULATORS:
        assert f'href="calculators/{name}/"' in home, name


def test_no_third_party_references_in_the_built_pages(site) -> None:  # type: ignore[no-untyped-def]
    offenders = []
    for page in site.root.rglob("*.html"):
        for match in THIRD_PARTY.finditer(page.read_text(encoding="utf-8")):
            offenders.append(f"{page.relative_to(site.root)}: {match.group(0)}")
    assert offenders == []


def test_every_page_exists_in_both_languages() -> None:
    docs = ROOT / "docs"
    zh = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if not p.stem.endswith(".en")}
    en = {p.relative_to(docs).as_posix().replace(".en.md", ".md")
          for p in docs.rglob("*.en.md")}
    assert zh - en == set(), "pages without an English version"
    assert en - zh == set(), "English pages without a Chinese original"


def test_search_index_segments_chinese_one_index_per_language(site) -> None:  # type: ignore[no-untyped-def]
    index = json.loads((site.root / "search/search_index.json").read_text(encoding="utf-8"))
    english = json.loads((site.root / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["pipeline"] == []
    assert index["config"]["lang"] == ["en"]  # see mkdocs.yml: Chinese is segmented at build time
    bonus = " ".join(d["text"] for d in index["docs"]
                     if d["location"].startswith("calculators/bonus/"))
    # The user dictionary keeps domain terms whole: 完成率 is one token, not 完成 + 率.
    assert "\u200b完成率\u200b" in bonus
    # One index per language (hooks/i18n_search.py): Chinese pages search Chinese pages.
    assert not any(d["location"].startswith("en/") for d in index["docs"])
    assert english["docs"] and all(d["location"].startswith("en/") for d in english["docs"])
    assert any(d["location"].startswith("en/calculators/bonus/") for d in english["docs"])


def test_every_precompressed_file_matches_its_original(site) -> None:  # type: ignore[no-untyped-def]
    # Servers send these instead of the originals (nginx gzip_static): a stale .gz is a
    # wrong page, e.g. the search index once held only English in its .gz.
    import gzip

    stale = []
    gz_files = list(site.root.rglob("*.gz"))
    for gz in gz_files:
        original = gz.with_name(gz.name.removesuffix(".gz"))
        if original.name == "sitemap.xml" and not original.exists():
            continue
        if gzip.decompress(gz.read_bytes()) != original.read_bytes():
            stale.append(str(gz.relative_to(site.root)))
    assert len(gz_files) > 100
    assert stale == []


def test_the_sitemaps_leave_out_the_offline_page(site) -> None:  # type: ignore[no-untyped-def]
    # The "offline" page (left out of the search too) only says the device is offline:
    # nothing for a search engine to list (overrides/sitemap.xml). Every other page is
    # there, with its translations.
    for rel in ("sitemap.xml", "en/sitemap.xml", "zh-Hant/sitemap.xml"):
        text = (site.root / rel).read_text("utf-8")
        locs = re.findall(r"<loc>([^<]+)</loc>", text)
        alternates = re.findall(
            r'<xhtml:link rel="alternate" hreflang="[^"]+" href="([^"]+)"', text)
        assert site.url("calculators/bonus/") in locs, rel
        assert site.url("en/calculators/bonus/") in alternates, rel
        assert [u for u in locs + alternates if u.endswith("/offline/")] == [], rel
        assert len(locs) == len(set(locs)) > 100, rel

"""Offline and instant on return: the service worker (docs/sw.js, registered by
assets/engine/offline.js) behind the production nginx configuration, under its CSP.

After one visit the calculator computes and the pages open with the network cut; a repeat
visit takes the engine from the cache (no engine byte from the server); a new release
(a changed policy published at the same address) is used on the next visit, also offline
after that, never the old policy from the cache.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import (
    ARTIFACTS,
    NGINX,
    NginxServer,
    build_site,
    copy_project,
    end_shared_engines,
    engine_answered,
    free_port,
    shared_engines,
)

pytestmark = pytest.mark.browser

BONUS = "calculators/bonus/?completion=95%25&target_bonus=10000"
# At 95 % completion the 90 % tier applies: 80 % of the target bonus, 85 % once changed.
PAYOUT_BEFORE, PAYOUT_AFTER = "80.00", "85.00"
# (stdlib-<hash>.zip: the standard library a restored snapshot has not imported; a
# snapshot boot never asks for the whole archive, python_stdlib.zip)
ENGINE = ("snapshot-", "pyodide.asm.wasm", "stdlib-", "pyodide.asm.mjs")
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""
# What the page can see of the service worker's caches: the engine cache's entries.
ENGINE_KEPT = """async () => {
  const names = (await caches.keys()).filter((n) => n.startsWith("hb-engine "));
  const urls = [];
  for (const name of names) {
    for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
  }
  return urls;
}"""
ENGINE_CACHES = "caches.keys().then((names) => names.filter((n) => n.startsWith('hb-engine ')))"
# What a snapshot boot fetches after the manifest (pyodide.mjs, imported before it, is
# kept with the pages: network first).
BOOT = ("snapshot-", "policy-", "pyodide.asm.wasm", "stdlib-", "pyodide.asm.mjs",
        "pyodide-lock.json")


@pytest.fixture(scope="module")
def served(site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxServer]:  # type: ignore[no-untyped-def]
    """The built site, copied to a folder nginx serves (a release replaces its contents)."""
    if shutil.which(NGINX) is None:
        pytest.fail(f"{NGINX} is missing: `make test` installs Debian's nginx")
    root = tmp_path_factory.mktemp("offline") / "served"
    shutil.copytree(site.root, root)
    server = NginxServer(root, free_port(), tmp_path_factory.mktemp("nginx-offline")).start()
    yield server
    server.stop()


def engine_requests(nginx: NginxServer) -> int:
    log = (nginx.tmp / "access.log").read_text()
    return sum(1 for line in log.splitlines() if any(e in line for e in ENGINE))


def log_size(nginx: NginxServer) -> int:
    return (nginx.tmp / "access.log").stat().st_size


def log_since(nginx: NginxServer, since: int) -> list[str]:
    """The lines of nginx's access log (combined format) after byte `since`."""
    return (nginx.tmp / "access.log").read_bytes()[since:].decode().splitlines()


def engine_bodies(nginx: NginxServer, since: int) -> dict[str, list[int]]:
    """Engine file -> the body bytes of each response nginx sent for it after byte `since`
    of its access log."""
    out: dict[str, list[int]] = {}
    for line in log_since(nginx, since):
        name = next((e for e in ENGINE if e in line), None)
        sent = re.search(r'" (\d{3}) (\d+) "', line)
        if name and sent:
            out.setdefault(name, []).append(int(sent.group(2)))
    return out


def payout(page):  # type: ignore[no-untyped-def]
    return page.locator('form[data-calculator="bonus"] output[name="payout_pct"]')


def kept(page) -> set[str]:  # type: ignore[no-untyped-def]
    urls = page.evaluate(ENGINE_KEPT)
    return {name for name in BOOT if any(f"/{name}" in u for u in urls)}


def wait_until_kept(page, timeout_s: float = 60) -> None:  # type: ignore[no-untyped-def]
    """Until the service worker controls the page and holds what a boot fetches."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.evaluate("!!navigator.serviceWorker.controller") and kept(page) == set(BOOT):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"engine not kept: {sorted(kept(page))} of {BOOT}")


@pytest.fixture
def visitor(browser, watch) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser profile (its own service workers and caches), with no routing:
    Playwright's request interception would stand between the page and its worker."""
    ctx = browser.new_context()
    ctx.add_init_script(COLLECT_VIOLATIONS)
    yield ctx
    ctx.close()


def open_page(ctx, watch):  # type: ignore[no-untyped-def]
    page = ctx.new_page()
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    return page


def test_after_one_visit_the_handbook_and_its_calculator_work_offline(
        served: NginxServer, visitor, watch, browser) -> None:  # type: ignore[no-untyped-def]
    page = open_page(visitor, watch)
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=60_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    wait_until_kept(page)
    page.goto(served.url("team/"))  # a plain page, read once
    page.wait_for_load_state("networkidle")

    # Later, on the train: the engine of that visit has ended (the browser keeps it a
    # while only), so this one boots from what the service worker kept.
    assert end_shared_engines(browser, served.url("")) == 1
    visitor.set_offline(True)
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=30_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    field = page.locator('form[data-calculator="bonus"] input[name="completion"]')
    field.fill("120%")
    expect(payout(page)).to_have_attribute("data-value", "150.00")
    page.goto(served.url("team/"))
    expect(page.locator("h1").first).to_be_visible()
    assert page.evaluate("window.__csp") == []
    visitor.set_offline(False)
    assert watch.errors == []


# Whether any of the page's origin's caches holds `url` (the service worker keeps it).
HOLDS = """async (url) => {
  for (const name of await caches.keys()) {
    if (await (await caches.open(name)).match(url)) return true;
  }
  return false;
}"""


def wait_until_holding(page, url: str, timeout_s: float = 30) -> None:  # type: ignore[no-untyped-def]
    """Until the service worker keeps `url` (a page sends it the offline page to keep)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(HOLDS, url):
        assert time.monotonic() < deadline, f"not kept: {url}"
        page.wait_for_timeout(200)


OFFLINE_PAGE = {"zh": ("", "离线", "您要打开的是："), "en": ("en/", "Offline", "You asked for:")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_offline_a_page_not_kept_opens_the_offline_page(served: NginxServer, visitor, watch,
                                                        lang: str) -> None:  # type: ignore[no-untyped-def]
    """A reader has read one page; on the train they follow a link to one they have not
    read. The handbook's own page says so in their language, names the page, lists what
    they can read offline, and opens the page asked for once the network is back."""
    prefix, heading, asked = OFFLINE_PAGE[lang]
    page = open_page(visitor, watch)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(served.url(f"{prefix}team/"))
    team = page.title().split(" - ")[0]
    wait_until_holding(page, served.url(f"{prefix}offline/"))

    visitor.set_offline(True)
    # Instant navigation fails offline, and Material then loads the page in full.
    page.locator('.md-nav a[href$="goals/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/{prefix}offline/\?from="))
    expect(page.locator("article h1")).to_contain_text(heading)
    expect(page.locator("[data-offline-asked]")).to_be_visible()
    expect(page.locator("[data-offline-asked]")).to_contain_text(asked)
    expect(page.locator("[data-offline-path]")).to_have_text(f"/{prefix}goals/")
    kept_links = page.locator("[data-offline-pages] a")
    expect(kept_links).to_have_count(1)  # this language's pages only, not itself
    expect(kept_links).to_have_text(team)
    expect(page.locator("[data-offline-none]")).to_be_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"offline-page-{lang}-1366.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=str(ARTIFACTS / f"offline-page-{lang}-375.png"), full_page=True)
    kept_links.click()
    expect(page).to_have_url(served.url(f"{prefix}team/"))
    expect(page.locator("article h1").first).to_contain_text(team)

    page.goto(served.url(f"{prefix}procedures/"))  # a full page load, not kept either
    expect(page).to_have_url(re.compile(rf"/{prefix}offline/\?from="))
    expect(page.locator("[data-offline-path]")).to_have_text(f"/{prefix}procedures/")
    visitor.set_offline(False)
    expect(page).to_have_url(served.url(f"{prefix}procedures/"), timeout=15_000)
    expect(page.locator("article h1").first).not_to_contain_text(heading)
    assert page.evaluate("window.__csp") == []
    assert watch.errors == []



KEEP_ALL = {"zh": ("保存全部页面", "已保存在本机", "报销", "en/"),
            "en": ("Keep all pages", "are kept on this device", "expense", "")}


@pytest.mark.parametrize(("lang", "width"), [("zh", 375), ("en", 1366)])
def test_the_reader_keeps_every_page_of_their_language_for_the_train(  # type: ignore[no-untyped-def]
        served: NginxServer, visitor, watch, lang: str, width: int) -> None:
    """On the home page a reader keeps every page of their language; on the train they open
    a page they have never opened, and search. The other languages are not downloaded."""
    prefix = OFFLINE_PAGE[lang][0]
    label, saved, query, other = KEEP_ALL[lang]
    index = json.loads((served.root / prefix / "search/search_index.json").read_text("utf-8"))
    total = len({d["location"].split("#")[0] for d in index["docs"]})
    page = open_page(visitor, watch)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(served.url(prefix))
    box = page.locator("[data-offline-save]")
    box.get_by_role("button", name=label).click()
    status = box.locator("[data-offline-save-status]")
    expect(status).to_contain_text(saved, timeout=60_000)
    expect(status).to_contain_text(str(total))
    expect(box.locator("[data-offline-save-progress]")).to_be_hidden()  # (its bar, when done)
    ARTIFACTS.mkdir(exist_ok=True)
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"offline-keep-all-{lang}-{width}.png"))
    assert not page.evaluate(HOLDS, served.url(f"{other}goals/")), "another language was kept"

    visitor.set_offline(True)
    never_opened = f"{prefix}procedures/submit-expense/"
    page.goto(served.url(never_opened))
    expect(page).to_have_url(served.url(never_opened))  # not the "offline" page
    expect(page.locator("article h1").first).to_be_visible()
    # Material's search, from its kept index. (Playwright types CJK text without key
    # events, which Material's search listens for: End, as an IME's commit would.)
    opener = ('label.md-header__button[for="__search"]' if width < 1220  # (a phone: the icon)
              else "input.md-search__input")
    page.locator(opener).first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=30)
    page.locator("input.md-search__input").press("End")
    expect(page.locator(".md-search-result__item > a").first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(500)  # (the results fade in)
    page.screenshot(path=str(ARTIFACTS / f"offline-search-{lang}-{width}.png"))
    visitor.set_offline(False)
    assert page.evaluate("window.__csp") == []
    assert watch.errors == []

# The vertical gaps around the "nothing kept" sentence: from the paragraph before it,
# and to the paragraph after it (an ordinary gap between two paragraphs).
GAPS = """() => {
  const none = document.querySelector("[data-offline-none]");
  const before = none.parentElement.querySelector("[data-offline-pages]").previousElementSibling;
  const after = none.nextElementSibling;
  const box = (el) => el.getBoundingClientRect();
  return [box(none).top - box(before).bottom, box(after).top - box(none).bottom];
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_with_nothing_kept_the_offline_page_shows_no_empty_list(served: NginxServer, visitor,
                                                                 watch, lang: str) -> None:  # type: ignore[no-untyped-def]
    """With no page of its language kept (the page opened directly, or by a device that
    has kept nothing yet), the page says so right under its text: no blank where the
    list would be."""
    prefix = OFFLINE_PAGE[lang][0]
    page = open_page(visitor, watch)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(served.url(f"{prefix}offline/"))
    expect(page.locator("[data-offline-none]")).to_be_visible()
    before, ordinary = page.evaluate(GAPS)
    assert before <= ordinary + 1, (f"{before:.0f} px above the sentence, {ordinary:.0f} px "
                                    "between paragraphs")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"offline-page-none-{lang}-375.png"), full_page=True)
    assert watch.errors == []


def test_with_the_server_down_a_page_not_kept_opens_once_it_answers(
        site, visitor, watch, tmp_path_factory: pytest.TempPathFactory) -> None:  # type: ignore[no-untyped-def]
    """The device is online but the handbook's server does not answer (a restart, a
    network that lets nothing through): the browser fires no "online" event, and the
    offline page opens the page asked for as soon as the server answers again."""
    root = tmp_path_factory.mktemp("down") / "served"
    shutil.copytree(site.root, root)
    port = free_port()
    server = NginxServer(root, port, tmp_path_factory.mktemp("nginx-up")).start()
    page = open_page(visitor, watch)
    try:
        page.goto(server.url("team/"))
        wait_until_holding(page, server.url("offline/"))
    finally:
        server.stop()
    page.goto(server.url("procedures/"))
    expect(page).to_have_url(re.compile(r"/offline/\?from="))
    expect(page.locator("[data-offline-path]")).to_have_text("/procedures/")
    assert page.evaluate("navigator.onLine") is True
    page.wait_for_timeout(3000)  # a try or two while the server is down: the page stays
    expect(page).to_have_url(re.compile(r"/offline/\?from="))
    server = NginxServer(root, port, tmp_path_factory.mktemp("nginx-back")).start()
    try:
        expect(page).to_have_url(server.url("procedures/"), timeout=20_000)
        expect(page.locator("article h1").first).not_to_contain_text("离线")
    finally:
        server.stop()
    assert page.evaluate("window.__csp") == []
    assert watch.errors == []


def test_a_repeat_visit_takes_the_engine_from_the_cache(served: NginxServer, visitor, watch,
                                                        browser) -> None:  # type: ignore[no-untyped-def]
    page = open_page(visitor, watch)
    before, mark = engine_requests(served), log_size(served)
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=60_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    # A first visit asks for the runtime's wasm as the page's head is read (the worker
    # then takes it from the HTTP cache: one body, below); a repeat visit does not.
    preload = page.locator('link[rel="preload"][href$="/pyodide/pyodide.asm.wasm"]')
    expect(preload).to_have_count(1)
    wait_until_kept(page)
    first = engine_requests(served) - before
    assert first >= 4  # snapshot, wasm, stdlib, runtime
    # The engine started before the service worker was active, and the service worker
    # then kept its files: from the HTTP cache, so each body came from the server once
    # (a kept file is asked for again at most as a revalidation, a 304 with no body).
    bodies = engine_bodies(served, mark)
    for name in ENGINE:
        assert len([b for b in bodies.get(name, []) if b > 0]) == 1, (name, bodies)
    assert "python_stdlib.zip" not in (served.tmp / "access.log").read_bytes()[mark:].decode()
    # The visit's engine has ended: the next visit boots one.
    assert end_shared_engines(browser, served.url("")) == 1
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=30_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    expect(preload).to_have_count(0)  # the service worker serves it from its cache
    assert engine_requests(served) - before == first  # nothing more from the server
    assert page.evaluate("window.__csp") == []
    assert watch.errors == []


def _engine_log(nginx: NginxServer, since: int) -> list[str]:
    """What of the engine nginx was asked for after byte `since` of its log (its worker's
    script, manifest, policy, snapshot, runtime)."""
    return [line.split('"')[1] for line in log_since(nginx, since) if "/assets/engine/" in line
            and any(k in line for k in ("worker.js", "manifest.json", "policy-", *ENGINE))]


def test_a_reload_and_a_second_tab_find_the_engine_running(served: NginxServer, visitor, watch,
                                                            browser) -> None:  # type: ignore[no-untyped-def]
    """A reader reloads the calculator, opens another calculator page by its address, then
    the bonus calculator in a second tab: Python boots once. The engine they use is the
    same one, still running (no engine file asked for again), and answers each."""
    page = open_page(visitor, watch)
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=60_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    assert len(shared_engines(browser, served.url(""))) == 1
    mark = log_size(served)
    page.reload()
    engine_answered(page, timeout=30_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    # The status box says the engine was ready at once, for this page.
    status = page.locator("[data-engine-status]").first
    expect(status).to_have_attribute("data-state", "ready")
    title = status.get_attribute("title") or ""
    assert title.endswith(("0.0 秒）", "0.1 秒）")), title
    page.goto(served.url("calculators/split/"))  # a full page load, not instant
    engine_answered(page, "split", timeout=30_000)
    tab = open_page(visitor, watch)
    tab.goto(served.url("en/calculators/bonus/?completion=120%25&target_bonus=10000"))
    engine_answered(tab, timeout=30_000)
    expect(payout(tab)).to_have_attribute("data-value", "150.00")
    # Typing in the first tab's calculator still gets its own answers.
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=30_000)
    page.locator('form[data-calculator="bonus"] input[name="completion"]').fill("120%")
    expect(payout(page)).to_have_attribute("data-value", "150.00")
    assert _engine_log(served, mark) == []
    assert len(shared_engines(browser, served.url(""))) == 1
    assert page.evaluate("window.__csp") == [] and tab.evaluate("window.__csp") == []
    assert watch.errors == []


def test_an_engine_that_failed_is_not_kept_for_the_next_page(served: NginxServer, visitor,
                                                             watch) -> None:  # type: ignore[no-untyped-def]
    """The engine could not load: its runtime is missing on the server (a release half
    copied, a proxy's error page). The page says so as soon as the worker knows, not after
    its 45 s stall limit. Once it can, a reload gets a working engine, not the one that
    failed, which the browser may still be keeping."""
    wasm = served.root / "assets/engine/pyodide/pyodide.asm.wasm"
    aside = [wasm.with_name(wasm.name + suffix) for suffix in ("", ".br", ".gz")]
    for path in aside:
        path.rename(path.with_name(path.name + ".away"))
    page = open_page(visitor, watch)
    try:
        page.goto(served.url(BONUS))
        status = page.locator("[data-engine-status]").first
        expect(status).to_have_attribute("data-state", "failed", timeout=15_000)
        # Not "this browser cannot": the browser is fine, the download is not.
        expect(status).to_contain_text("计算引擎未能加载")
        expect(status).to_contain_text("刷新页面")
        expect(status).not_to_contain_text("WebAssembly")
        ARTIFACTS.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 375, "height": 740})
        status.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "engine-failed-zh-375.png"))
    finally:
        for path in aside:
            path.with_name(path.name + ".away").rename(path)
    page.reload()
    engine_answered(page, timeout=60_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)


def test_a_plain_page_keeps_no_engine_byte(served: NginxServer, visitor, watch) -> None:  # type: ignore[no-untyped-def]
    page = open_page(visitor, watch)
    before = engine_requests(served)
    page.goto(served.url("team/"))
    page.wait_for_load_state("networkidle")
    for _ in range(100):  # the service worker is there, and kept no engine file
        if page.evaluate("!!navigator.serviceWorker.controller"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("!!navigator.serviceWorker.controller")
    assert engine_requests(served) == before
    assert page.evaluate(ENGINE_KEPT) == []


@pytest.fixture(scope="module")
def changed_release(served: NginxServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same handbook with the 90 % tier paying 85 %, built for the same address."""
    project = copy_project(tmp_path_factory.mktemp("release") / "project")
    bonus = project / "data" / "bonus.toml"
    text = bonus.read_text(encoding="utf-8")
    old = "completion_pct = 90\npayout_pct = 80"
    assert old in text
    bonus.write_text(text.replace(old, "completion_pct = 90\npayout_pct = 85", 1),
                     encoding="utf-8")
    dest = tmp_path_factory.mktemp("release") / "site"
    mp = pytest.MonkeyPatch()
    mp.setenv("HANDBOOK_BROTLI_QUALITY", "5")  # only the service worker is under test here
    try:
        build_site(dest, served.url(""), config=project / "mkdocs.yml")
    finally:
        mp.undo()
    return dest


def test_a_new_release_is_used_on_the_next_visit(served: NginxServer, changed_release: Path,
                                                 visitor, watch) -> None:  # type: ignore[no-untyped-def]
    page = open_page(visitor, watch)
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=60_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_BEFORE)
    wait_until_kept(page)
    engines = page.evaluate(ENGINE_CACHES)
    old = json.loads((served.root / "assets/engine/manifest.json").read_text())["policy"]
    assert any(u.endswith(f"/{old}") for u in page.evaluate(ENGINE_KEPT))

    # Publish the changed policy at the same address, then visit again.
    for item in served.root.iterdir():
        shutil.rmtree(item) if item.is_dir() else item.unlink()
    shutil.copytree(changed_release, served.root, dirs_exist_ok=True)
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=60_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_AFTER)
    wait_until_kept(page)
    # Only the policy changed: the engine (its snapshot holds code only) stays in its cache,
    # and the new release's policy file takes the old one's place.
    assert page.evaluate(ENGINE_CACHES) == engines
    manifest = json.loads((changed_release / "assets/engine/manifest.json").read_text())
    assert manifest["policy"] != old
    policies = [u.rsplit("/", 1)[1] for u in page.evaluate(ENGINE_KEPT) if "/policy-" in u]
    assert policies == [manifest["policy"]]

    visitor.set_offline(True)  # and the cache now holds the new release
    page.goto(served.url(BONUS))
    engine_answered(page, timeout=30_000)
    expect(payout(page)).to_have_attribute("data-value", PAYOUT_AFTER)
    visitor.set_offline(False)
    assert page.evaluate("window.__csp") == []
    assert watch.errors == []

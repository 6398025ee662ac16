"""The platform in a real browser: the bonus calculator on first load, after instant
navigation (no second boot), in both languages, with nothing fetched from a third party."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ARTIFACTS, NO_SHARED_WORKER, engine_answered

pytestmark = pytest.mark.browser

PAGES = {"zh": "calculators/bonus/", "en": "en/calculators/bonus/"}
# Navigation goes through Material's tabs (site structure, not page prose).
HOME_TAB = {"zh": "首页", "en": "Home"}
CALCULATORS_TAB = {"zh": "计算器", "en": "Calculators"}
READY = {"zh": "计算引擎已就绪", "en": "Calculator engine ready"}


def outputs(page):  # type: ignore[no-untyped-def]
    form = page.locator('form[data-calculator="bonus"]')
    return {name: form.locator(f'output[name="{name}"]') for name in
            ("completion_pct", "payout_pct", "payout")}


def type_into(page, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = page.locator(f'form[data-calculator="bonus"] input[name="{name}"]')
    field.click()
    field.press("Control+A")
    field.press("Backspace")
    field.press_sequentially(text, delay=20)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bonus_calculator_answers_on_first_load(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url(PAGES[lang]))
    out = outputs(page)
    # The form's defaults (100 %, 10000) give a first result without typing.
    engine_answered(page, timeout=30_000)  # the engine's answer, not the built one
    expect(out["payout_pct"]).to_have_attribute("data-value", "100.00")
    expect(page.locator("[data-engine-status]")).to_contain_text(READY[lang])
    type_into(page, "completion", "１２０％")
    expect(out["payout_pct"]).to_have_attribute("data-value", "150.00")
    expect(out["payout"]).to_have_attribute("data-value", "15000.00")
    # The reader sees the figure formatted, with its unit; machines read data-value.
    expect(out["payout"]).to_have_text({"zh": "15,000.00 元", "en": "¥15,000.00"}[lang])
    expect(out["payout_pct"]).to_have_text({"zh": "150%", "en": "150 %"}[lang])
    type_into(page, "completion", "110%")  # between the seed's tiers: still 100 %
    expect(out["payout_pct"]).to_have_attribute("data-value", "100.00")
    type_into(page, "target_bonus", "2万")
    expect(out["payout"]).to_have_attribute("data-value", "20000.00")
    expect(out["payout"]).to_have_text({"zh": "2 万元", "en": "¥2万"}[lang])  # 万 kept
    steps = page.locator('[data-result="steps"] li')
    expect(steps.first).to_be_visible()
    # No test hook in production: no engine global, no state stored on the elements.
    assert page.evaluate("'handbookEngine' in globalThis") is False
    # (A form's own index keys "0", "1", ... are its controls, not expandos.)
    stuck = page.locator('form[data-calculator="bonus"], [data-batch]').evaluate_all(
        "els => els.flatMap(el => Object.keys(el).filter(k => !/^\\d+$/.test(k)))")
    assert stuck == []


# Whether the service worker keeps the engine's wasm (it fetches it once more on a first
# visit, from the HTTP cache or as a revalidation: see assets/engine/offline.js).
WASM_KEPT = """async () => {
  for (const name of await caches.keys()) {
    if (!name.startsWith("hb-engine ")) continue;
    const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
    if (urls.some((u) => u.endsWith("/pyodide.asm.wasm"))) return true;
  }
  return false;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instant_navigation_rebinds_without_a_second_boot(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    wasm_before = site.count("pyodide.asm.wasm")
    page.goto(site.url(PAGES[lang]))
    engine_answered(page, timeout=30_000)  # the engine's answer, not the built one
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")
    page.evaluate("window.__sameDocument = true")
    for _ in range(150):  # until the service worker has kept the engine (its own fetch)
        if page.evaluate(WASM_KEPT):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(WASM_KEPT)
    booted = site.count("pyodide.asm.wasm")
    # The page's early ask (a first visit's preload), the worker's (which Pyodide's fetch
    # is answered from; a revalidation after the preload) and the keeping's.
    assert 1 <= booted - wasm_before <= 3

    tabs = page.locator(".md-tabs")
    tabs.get_by_role("link", name=HOME_TAB[lang], exact=True).click()
    page.wait_for_url(site.url("" if lang == "zh" else "en/"))
    tabs.get_by_role("link", name=CALCULATORS_TAB[lang], exact=True).click()
    page.wait_for_url(site.url(PAGES[lang]))

    type_into(page, "completion", "120%")
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "150.00")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    # The status box says how many workers this document started (no test global).
    expect(page.locator("[data-engine-status]")).to_have_attribute("data-boots", "1")
    assert site.count("pyodide.asm.wasm") == booted  # no engine file fetched again


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_instant_navigation_fetches_no_sitemap(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    # Material's language handler fetched the sitemap under each <link rel="alternate">
    # of the head again after every instant navigation (three 73 kB files parsed as XML
    # per page shown, on the next page's first result). The pages carry no such link:
    # instant navigation's own sitemap is fetched once, at load.
    page.goto(site.url(PAGES[lang]))
    engine_answered(page, timeout=30_000)  # the engine's answer, not the built one
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")
    page.evaluate("window.__sameDocument = true")
    page.wait_for_timeout(1_000)  # the load's own requests
    before = site.count("sitemap.xml")
    assert before >= 1  # instant navigation's

    tabs = page.locator(".md-tabs")
    for _ in range(2):
        tabs.get_by_role("link", name=HOME_TAB[lang], exact=True).click()
        page.wait_for_url(site.url("" if lang == "zh" else "en/"))
        expect(page.locator("form[data-calculator]")).to_have_count(0)
        tabs.get_by_role("link", name=CALCULATORS_TAB[lang], exact=True).click()
        page.wait_for_url(site.url(PAGES[lang]))
        expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")
    page.wait_for_timeout(1_000)
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    assert site.count("sitemap.xml") == before
    assert page.locator("head link[rel=alternate][hreflang]").count() == 0


PAGES_KEPT = """async (url) => {
  for (const name of await caches.keys()) {
    if (name.startsWith("hb-pages ") && await (await caches.open(name)).match(url)) return true;
  }
  return false;
}"""


def test_instant_navigation_goes_to_the_network_and_its_page_is_kept(browser, site) -> None:  # type: ignore[no-untyped-def]
    # The page instant navigation requests (an XMLHttpRequest) is not answered by the
    # service worker (that cost the next page's first result about 25 ms), yet kept a
    # moment later: the page it showed opens offline. A context of its own, with no
    # routing: Playwright's request interception would bypass the service worker.
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(site.url(PAGES["zh"]))
        payout = outputs(page)["payout_pct"]
        engine_answered(page, timeout=30_000)  # the engine's answer, not the built one
        expect(payout).to_have_attribute("data-value", "100.00")
        for _ in range(150):  # until the service worker controls the page
            if page.evaluate("!!navigator.serviceWorker.controller"):
                break
            page.wait_for_timeout(100)
        home = site.url("")
        answered = []  # whether the service worker answered instant navigation's request
        page.on("response", lambda r: r.request.resource_type == "xhr" and r.url == home
                and answered.append(r.from_service_worker))
        page.evaluate("window.__sameDocument = true")
        page.locator(".md-tabs").get_by_role("link", name=HOME_TAB["zh"], exact=True).click()
        page.wait_for_url(home)
        expect(page.locator('form[data-calculator="bonus"]')).to_have_count(0)
        assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
        assert answered == [False]
        for _ in range(100):
            if page.evaluate(PAGES_KEPT, home):
                break
            page.wait_for_timeout(100)
        assert page.evaluate(PAGES_KEPT, home), "the page shown was not kept"

        ctx.set_offline(True)  # offline, instant navigation is answered from the cache
        tabs = page.locator(".md-tabs")
        tabs.get_by_role("link", name=CALCULATORS_TAB["zh"], exact=True).click()
        page.wait_for_url(site.url(PAGES["zh"]))
        expect(payout).to_have_attribute("data-value", "100.00")
        tabs.get_by_role("link", name=HOME_TAB["zh"], exact=True).click()
        page.wait_for_url(home)
        expect(page.locator('form[data-calculator="bonus"]')).to_have_count(0)
        assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
        ctx.set_offline(False)
        assert errors == []
    finally:
        ctx.close()


def test_pages_without_a_calculator_load_no_engine(page, site) -> None:  # type: ignore[no-untyped-def]
    engine = ("pyodide.asm.wasm", "pyodide.mjs", "engine/worker.js", ".whl")
    before = [site.count(s) for s in engine]
    page.goto(site.url(""))
    page.wait_for_load_state("networkidle")
    after = [site.count(s) for s in engine]
    assert after == before
    expect(page.locator("[data-engine-status]")).to_have_count(0)


@pytest.mark.parametrize(("lang", "message"), [("zh", "不是有效的数字"), ("en", "is not a number")])
def test_a_bad_value_marks_its_field(page, site, lang: str, message: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site.url(PAGES[lang]))
    engine_answered(page, timeout=30_000)  # the engine's answer, not the built one
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")
    type_into(page, "completion", "abc")
    field = page.locator('input[name="completion"]')
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#calc-bonus-completion-error")).to_contain_text(message)
    expect(outputs(page)["payout_pct"]).to_have_text("")
    type_into(page, "completion", "100%")
    expect(field).not_to_have_attribute("aria-invalid", "true")


def test_engine_that_cannot_load_says_so_and_the_page_stays_usable(context, site) -> None:  # type: ignore[no-untyped-def]
    context.add_init_script(NO_SHARED_WORKER)  # (the route below must see the worker's fetch)
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto(site.url(PAGES["zh"]))
    status = page.locator("[data-engine-status]")
    expect(status).to_have_attribute("data-state", "failed", timeout=30_000)
    expect(status).to_contain_text("计算引擎未能加载")  # a download failed: not the browser's fault
    expect(status).not_to_contain_text("WebAssembly")
    expect(page.locator("article table").first).to_be_visible()  # the ladder is static content
    # The example's result, made when the site was built, is still there for the defaults.
    form = page.locator('form[data-calculator="bonus"]')
    expect(form).to_have_attribute("data-result", "built")
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")


def test_a_browser_without_webassembly_is_told_so(context, site) -> None:  # type: ignore[no-untyped-def]
    context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    page.goto(site.url(PAGES["en"]))
    status = page.locator("[data-engine-status]")
    expect(status).to_have_attribute("data-state", "failed", timeout=30_000)
    expect(status).to_contain_text("a modern browser with WebAssembly is needed")
    form = page.locator('form[data-calculator="bonus"]')
    expect(form).to_have_attribute("data-result", "built")  # the example is still there
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 375, "height": 740})
    status.first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "engine-unsupported-en-375.png"))


# The real worker in a browser without TransformStream (before 2021: Chromium 67, Safari
# 14.1, Firefox 102), which the download's progress counts bytes with.
NO_TRANSFORM_WORKER = """delete globalThis.TransformStream;
import("./worker.js?real");
"""


def test_a_browser_without_transform_streams_still_computes(context, site) -> None:  # type: ignore[no-untyped-def]
    def wrap(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.endswith("/worker.js"):
            route.fulfill(body=NO_TRANSFORM_WORKER, content_type="text/javascript")
        else:
            route.continue_()

    context.add_init_script(NO_SHARED_WORKER)  # (the route must see the worker's script)
    context.route("**/assets/engine/worker.js*", wrap)
    page = context.new_page()
    page.goto(site.url(PAGES["en"]))
    engine_answered(page, timeout=60_000)
    expect(page.locator("[data-engine-status]")).to_have_attribute("data-boot", "snapshot")
    type_into(page, "completion", "120%")
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "150.00", timeout=30_000)


# The real worker, wrapped so that one input is never answered: a stuck request.
STUCK = "777%"
STUCK_WORKER = f"""import "./worker.js?real";
const real = self.onmessage;
self.onmessage = (event) => {{
  if (event.data.request.inputs.completion === "{STUCK}") return;
  real(event);
}};
"""


def test_a_request_over_the_time_limit_restarts_the_engine(page, context, site) -> None:  # type: ignore[no-untyped-def]
    def wrap(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.endswith("/worker.js"):
            route.fulfill(body=STUCK_WORKER, content_type="text/javascript")
        else:
            route.continue_()

    context.route("**/assets/engine/worker.js*", wrap)
    # The page's clock is Playwright's (time flows as usual), so that the 30 s limit can be
    # reached without waiting for it: the page's timers are what enforce it.
    page.clock.install()
    page.goto(site.url(PAGES["zh"]))
    form = page.locator('form[data-calculator="bonus"]')
    status = page.locator("[data-engine-status]")
    engine_answered(page, timeout=30_000)  # the engine's answer, not the built one
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")
    type_into(page, "completion", STUCK)
    expect(status).to_have_attribute("data-boots", "1")
    page.wait_for_timeout(1000)  # the request is with the worker (past the form's debounce)
    page.clock.fast_forward("00:31")
    # After the time limit (30 s): a clear message, no stale figures, a new worker.
    expect(form.locator("[data-form-error]")).to_contain_text("计算超过 30 秒", timeout=60_000)
    expect(form).to_have_attribute("data-result", "error")
    expect(outputs(page)["payout_pct"]).to_have_text("")
    expect(status).to_have_attribute("data-boots", "2")
    # The page stays usable: the next figures are computed by the new worker.
    type_into(page, "completion", "120%")
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "150.00", timeout=30_000)
    expect(form.locator("[data-form-error]")).to_be_hidden()
    expect(status).to_have_attribute("data-state", "ready")


@pytest.mark.parametrize(("lang", "other", "target"), [
    ("zh", "English", "en/calculators/bonus/"),
    ("en", "中文", "calculators/bonus/"),
])
def test_language_switch_keeps_the_page_after_instant_navigation(  # type: ignore[no-untyped-def]
        page, site, lang: str, other: str, target: str) -> None:
    page.goto(site.url("" if lang == "zh" else "en/"))
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-tabs").get_by_role("link", name=CALCULATORS_TAB[lang], exact=True).click()
    page.wait_for_url(site.url(PAGES[lang]))
    assert page.evaluate("window.__sameDocument") is True
    # Open the language menu and choose the other language, as a reader does.
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(".md-select__link", has_text=other).first.click()
    page.wait_for_url(site.url(target))


def test_without_the_snapshot_the_engine_boots_normally(context, site) -> None:  # type: ignore[no-untyped-def]
    # The memory snapshot is an optimisation: when it cannot be fetched, Pyodide boots
    # normally and installs the wheel; the calculator gives the same answer.
    context.add_init_script(NO_SHARED_WORKER)  # (the route below must see the worker's fetch)
    context.route("**/snapshot-*.bin", lambda route: route.abort())
    page = context.new_page()
    page.goto(site.url(PAGES["en"]))
    engine_answered(page, timeout=60_000)  # the engine's answer, not the built one
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "100.00")
    type_into(page, "completion", "120%")
    expect(outputs(page)["payout_pct"]).to_have_attribute("data-value", "150.00")
    # How Python was started, as the status box records it: not from the snapshot.
    expect(page.locator("[data-engine-status]")).to_have_attribute("data-boot", "wheel")

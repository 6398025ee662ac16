"""A reader on a slow phone sees the example's result before the engine has arrived.

Each calculator form carries the reply to its own defaults, made when the site was built
by the same Python the engine runs (calculators.web.answer, macros/forms.py). The page
shows it at once; it goes as soon as the reader changes a field (it is not their result),
comes back on reset, and the engine's reply takes over when the engine is ready. While
the engine downloads, the form says how much of it has arrived, and a slow download that
advances is not taken for a stalled one.

The engine is held back here by holding the request for its worker script, then let go.
Real Chromium, both languages (and zh-Hant for the engine's agreement), 1366 and 375 px;
screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ARTIFACTS, NO_SHARED_WORKER, cli_json, end_shared_engines, engine_answered

from calculators.i18n import t
from calculators.registry import CALCULATORS

# The engine is held by routing its worker's script, which a page the service worker
# controls fetches through the service worker instead, where page.route does not see it:
# after a first page registers the service worker, a later one could boot unheld (it
# happened in a clean run, under load). These tests are about the page as served: no
# service worker (test_offline.py tests it).
pytestmark = [pytest.mark.browser, pytest.mark.no_service_worker]

PREFIX = {"zh": "", "en": "en/", "zh-Hant": "zh-Hant/"}
BOOT = 60_000
WORKER = "**/assets/engine/worker.js"


def hold_engine(page) -> list:  # type: ignore[no-untyped-def]
    """Hold the worker script's request (the engine cannot start); returns the held routes.
    An engine still running from an earlier page (a shared worker outlives its page) is
    ended first, so that the next page has to start one."""
    end_shared_engines(page.context.browser)
    held: list = []
    page.route(WORKER, lambda route: held.append(route))
    return held


def release(page, held: list) -> None:  # type: ignore[no-untyped-def]
    for route in held:
        route.continue_()  # a local request: what the context's own route would do
    page.unroute(WORKER)


def form(page, calculator: str):  # type: ignore[no-untyped-def]
    return page.locator(f'form[data-calculator="{calculator}"]')



def served_inputs(page, calculator: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return form(page, calculator).evaluate(
        "f => Object.fromEntries([...f.querySelectorAll('input[name], select[name], "
        "textarea[name]')].map(e => [e.name, e.value]))")


def outputs(page, calculator: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return form(page, calculator).evaluate(
        "f => Object.fromEntries([...f.querySelectorAll('output[name]')].map("
        "o => [o.name, [o.value, o.dataset.value ?? null]]))")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("width", [1366, 375])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_example_result_shows_before_the_engine(page, site, lang: str,  # type: ignore[no-untyped-def]
                                                     width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 740})
    held = hold_engine(page)
    page.goto(site.url(f"{PREFIX[lang]}calculators/bonus/"))
    bonus = form(page, "bonus")
    expect(bonus).to_have_attribute("data-result", "built")
    expect(bonus.locator("[data-engine-status]")).to_have_attribute("data-state", "loading")
    assert held, "the engine's worker script was never asked for"

    # The figures are the calculator's for the form's defaults (the CLI, for comparison).
    reference = cli_json("bonus", served_inputs(page, "bonus"))
    payout = bonus.locator('output[name="payout"]')
    expect(payout).to_have_attribute("data-value", str(reference["payout"]))
    expect(bonus.locator('output[name="tier"]')).to_have_attribute(
        "data-value", str(reference["tier"]))
    assert payout.text_content(), "the figure is shown, with its unit"
    expect(bonus.locator('[data-result="html"] svg[role=img]')).to_have_count(1)
    expect(bonus.locator('[data-action="copy-text"]')).to_be_enabled()
    bonus.scroll_into_view_if_needed()
    shot(page, f"first-result-built-{lang}-{width}")

    # The reader changes a figure: the example's result goes (it is not theirs) until the
    # engine can answer; the status still says the engine is loading.
    field = bonus.locator('input[name="completion"]')
    field.click()
    field.press("Control+A")
    field.press_sequentially("120%", delay=15)
    expect(payout).to_have_text("")
    expect(bonus).not_to_have_attribute("data-result", "built")
    expect(bonus.locator('[data-result="html"] svg')).to_have_count(0)
    expect(bonus.locator('[data-action="copy-text"]')).to_be_disabled()
    shot(page, f"first-result-typed-{lang}-{width}")

    # Reset puts the defaults back, and with them the example's result.
    bonus.locator('button[type="reset"]').click()
    expect(bonus).to_have_attribute("data-result", "built")
    expect(payout).to_have_attribute("data-value", str(reference["payout"]))

    # The engine arrives and answers the defaults with the same reply: nothing is redrawn.
    bonus.evaluate("f => { f.querySelector('[data-result=html]').firstElementChild"
                   ".dataset.kept = 'yes'; }")
    release(page, held)
    expect(bonus).to_have_attribute("data-result", "ok", timeout=BOOT)
    expect(bonus.locator("[data-engine-status]")).to_have_attribute("data-state", "ready")
    expect(bonus.locator('[data-result="html"] [data-kept="yes"]')).to_have_count(1)

    # And the reader's own figures now come from the engine.
    field.click()
    field.press("Control+A")
    field.press_sequentially("120%", delay=15)
    mine = cli_json("bonus", {**served_inputs(page, "bonus")})
    expect(payout).to_have_attribute("data-value", str(mine["payout"]))
    assert mine["payout"] != reference["payout"]


def test_the_engine_stays_held_on_a_later_visit(page, site) -> None:  # type: ignore[no-untyped-def]
    """The hold these tests rely on holds on a page's second visit too, once the first has
    booted the engine (and, were service workers allowed, registered one)."""
    bonus = form(page, "bonus")
    page.goto(site.url("calculators/bonus/"))
    expect(bonus).to_have_attribute("data-result", "ok", timeout=BOOT)
    page.wait_for_timeout(500)  # time for a service worker to take control, were there one
    held = hold_engine(page)
    page.goto(site.url("calculators/bonus/"))
    expect(bonus).to_have_attribute("data-result", "built")
    for _ in range(100):  # the worker's script reaches the hold (at most 10 s)
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the worker's script went past the hold"
    expect(bonus.locator("[data-engine-status]")).to_have_attribute("data-state", "loading")
    release(page, held)
    expect(bonus).to_have_attribute("data-result", "ok", timeout=BOOT)


# A slow connection, as a phone on weak 4G has one (2 Mbit/s: the engine's 5.7 MB take about
# 25 s). Here the site is served without compression (about 21 MB of engine) at 24 Mbit/s,
# at least 7 s, and while the form says the engine is downloading, the page's clock goes
# 5 s forward every half second: the download lasts longer than the page's stall limit
# (client.js STALL_MS, 45 s with no progress), which must not take a download that
# advances for a stalled one. (Only then: a loaded machine may take seconds to start.)
SLOW_LINK = {"offline": False, "latency": 40, "downloadThroughput": 24_000_000 / 8,
             "uploadThroughput": 4_000_000 / 8}
DOWNLOADING = {"zh": "正在下载计算引擎", "en": "Downloading the calculator engine"}
TEAM_CSV = "姓名,完成率,目标奖金\r\n张三,120%,10000\r\n李四,95%,8000\r\n".encode("gbk")
CLIENT_JS = Path(__file__).resolve().parents[2] / "docs/assets/engine/client.js"


def stall_ms() -> int:
    found = re.search(r"export const STALL_MS = ([\d_]+);", CLIENT_JS.read_text())
    assert found, "client.js has no STALL_MS"
    return int(found.group(1).replace("_", ""))


@pytest.mark.parametrize(("lang", "width"), [("zh", 375), ("en", 1366)])
def test_a_slow_download_shows_its_progress_and_is_not_taken_for_a_stall(  # type: ignore[no-untyped-def]
        context, site, lang: str, width: int) -> None:
    end_shared_engines(context.browser)
    context.add_init_script(NO_SHARED_WORKER)  # the page's network emulation reaches a
    page = context.new_page()                   # dedicated worker, not a shared one
    page.set_viewport_size({"width": width, "height": 740})
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    page.clock.install()
    page.goto(site.url(f"{PREFIX[lang]}calculators/bonus/"))
    status = page.locator("[data-engine-status]").first
    batch = page.locator('[data-batch="bonus"]')
    notes: list[str] = []
    batch_notes: list[str] = []
    state, forwarded = "loading", 0
    for _ in range(240):  # at most 2 minutes
        state, note = status.evaluate(
            "b => [b.dataset.state, b.querySelector('[data-engine-text]').textContent]")
        if state in ("ready", "failed"):
            break
        notes.append(note)
        if batch_notes:
            batch_notes.append(batch.locator("[data-batch-result]").text_content() or "")
        if sum(1 for n in notes if "%" in n) == 3:
            status.scroll_into_view_if_needed()
            shot(page, f"download-progress-{lang}-{width}")
            lines = status.evaluate(  # the note's line boxes, beside the bar
                "b => { const r = document.createRange(); "
                "r.selectNodeContents(b.querySelector('[data-engine-text]')); "
                "return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size; }")
            assert lines == 1, f"the note {note!r} takes {lines} lines at {width} px"
            # A team's file chosen now waits for the engine, and says so.
            batch.locator("input[type=file]").set_input_files({
                "name": "team.csv", "mimeType": "text/csv", "buffer": TEAM_CSV})
            batch_notes.append(batch.locator("[data-batch-result]").text_content() or "")
            batch.locator("[data-batch-result]").scroll_into_view_if_needed()
            shot(page, f"download-batch-{lang}-{width}")
        if note.startswith(DOWNLOADING[lang]):
            page.clock.fast_forward(5_000)
            forwarded += 5_000
        time.sleep(0.5)
    assert state == "ready", f"the engine was reported {state} while it downloaded: {notes}"
    # The reader saw the download advance, in their language: "…（12%）", "…（40%）", ...
    shares = [int(m.group(1)) for n in notes if n.startswith(DOWNLOADING[lang])
              and (m := re.search(r"(\d+)\s*%", n))]
    assert len(set(shares)) >= 3, f"no download progress shown: {notes}"
    assert shares == sorted(shares) and 0 <= shares[0] and shares[-1] <= 100, shares
    # ... for longer than the stall limit, on the page's clock.
    assert forwarded > stall_ms(), f"the download took {forwarded} ms of the page's time"
    engine_answered(page)
    expect(form(page, "bonus").locator("output[name='payout_pct']")).to_have_attribute(
        "data-value", "100.00")
    # The batch box said the engine was downloading (not "computing" for all that time),
    # and the file was computed once it had arrived.
    assert any(n.startswith(DOWNLOADING[lang]) and "%" in n for n in batch_notes), batch_notes
    expect(batch.locator("[data-batch-result] tbody tr")).to_have_count(2, timeout=30_000)


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_the_engine_gives_the_built_reply_for_the_defaults(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The reply made at build time (CPython) is the engine's (Pyodide), byte for byte:
    the engine's reply to the defaults redraws nothing, for every calculator."""
    for name in CALCULATORS:
        held = hold_engine(page)
        page.goto(site.url(f"{PREFIX[lang]}calculators/{name}/"))
        calc = form(page, name)
        expect(calc).to_have_attribute("data-result", "built")
        before = outputs(page, name)
        reference = cli_json(name, served_inputs(page, name))
        assert {key: raw for key, (_, raw) in before.items()} == {
            key: "" if reference[key] is None else str(reference[key]) for key in before}
        calc.evaluate("f => { f.querySelector('[data-result=html]').firstElementChild"
                      ".dataset.kept = 'yes'; }")
        release(page, held)
        expect(calc).to_have_attribute("data-result", "ok", timeout=BOOT)
        expect(calc.locator('[data-result="html"] [data-kept="yes"]')).to_have_count(1)
        assert outputs(page, name) == before


# Notes, from the first byte of the page, every moment a form shows a figure that is not
# the engine's (an init script: it runs before the page's own). Shown: in the page and
# visible (the stylesheets are in by then: an inline script waits for them).
WATCH_FIGURES = """window.__example = [];
const visible = (el) => el && el.checkVisibility({ visibilityProperty: true });
new MutationObserver(() => {
  for (const f of document.querySelectorAll("form[data-calculator]")) {
    const shown = [...f.querySelectorAll("output[name]")].some(
      (o) => o.value !== "" && visible(o));
    const result = f.querySelector('[data-result="html"]');
    if ((shown || (result && result.children.length > 0 && visible(result)))
        && f.dataset.result !== "ok") window.__example.push(f.dataset.calculator);
  }
}).observe(document, { subtree: true, childList: true, characterData: true,
                       attributes: true });"""


def test_a_link_with_inputs_shows_no_example(page, site) -> None:  # type: ignore[no-untyped-def]
    """A shared link carries the sender's figures: the example's result would be wrong,
    even for a moment while the page loads."""
    page.add_init_script(WATCH_FIGURES)
    held = hold_engine(page)
    page.goto(site.url("calculators/bonus/?completion=130%25"))
    bonus = form(page, "bonus")
    expect(bonus.locator('input[name="completion"]')).to_have_value("130%")
    expect(bonus.locator("[data-engine-status]")).to_have_attribute("data-state", "loading")
    page.wait_for_timeout(300)  # time enough for a wrong example to be drawn
    assert bonus.get_attribute("data-result") is None
    assert all(value == "" for value, _ in outputs(page, "bonus").values())
    assert page.evaluate("window.__example") == [], "the example's figures were shown"
    release(page, held)
    expect(bonus).to_have_attribute("data-result", "ok", timeout=BOOT)
    reference = cli_json("bonus", served_inputs(page, "bonus"))
    expect(bonus.locator('output[name="payout"]')).to_have_attribute(
        "data-value", str(reference["payout"]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_arriving_by_instant_navigation_shows_the_example_too(page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    """From the home page by the tabs (Material swaps the content, which runs the new
    page's scripts again): the example shows, and nothing in the page fails (the `page`
    fixture fails the test on any page error)."""
    held = hold_engine(page)
    page.goto(site.url(PREFIX[lang]))
    page.evaluate("window.__sameDocument = true")
    page.locator('.md-tabs a[href$="calculators/bonus/"]').first.click()
    page.wait_for_url(site.url(f"{PREFIX[lang]}calculators/bonus/"))
    bonus = form(page, "bonus")
    expect(bonus).to_have_attribute("data-result", "built")
    assert page.evaluate("window.__sameDocument") is True, "navigation reloaded the page"
    release(page, held)
    expect(bonus).to_have_attribute("data-result", "ok", timeout=BOOT)


def shown_example(page, calculator: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What a reader sees of a form's result: each figure's text, the result's text."""
    return form(page, calculator).evaluate(
        "f => ({figures: Object.fromEntries([...f.querySelectorAll('output[name]')]"
        ".map(o => [o.name, o.textContent])), "
        "result: f.querySelector('[data-result=html]').innerHTML})")


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_the_example_is_in_the_page_as_served(browser, page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The example's result is in the HTML itself, so a reader sees it as the page paints,
    before any script has run (and without scripts at all). It is what form.js draws from
    the built reply: typing takes it away and reset draws it again, identically."""
    plain = browser.new_context(java_script_enabled=False)
    try:
        served = plain.new_page()
        for name in CALCULATORS:
            served.goto(site.url(f"{PREFIX[lang]}calculators/{name}/"))
            as_served = shown_example(served, name)
            assert all(as_served["figures"].values()), (name, as_served["figures"])
            assert "<svg" in str(as_served["result"]), name

            held = hold_engine(page)
            page.goto(site.url(f"{PREFIX[lang]}calculators/{name}/"))
            calc = form(page, name)
            expect(calc).to_have_attribute("data-result", "built")
            assert shown_example(page, name) == as_served, name
            field = calc.locator("input[name], textarea[name]").first
            field.click()
            field.press("End")
            field.press_sequentially("1", delay=15)
            expect(calc).not_to_have_attribute("data-result", "built")
            calc.locator('button[type="reset"]').click()
            expect(calc).to_have_attribute("data-result", "built")
            assert shown_example(page, name) == as_served, name
            release(page, held)
        for width in (1366, 375):
            served.set_viewport_size({"width": width, "height": 900 if width > 500 else 740})
            served.goto(site.url(f"{PREFIX[lang]}calculators/bonus/"))
            form(served, "bonus").locator(".hb-calc__results").scroll_into_view_if_needed()
            shot(served, f"first-result-no-script-{lang}-{width}")
    finally:
        plain.close()


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
def test_without_scripts_the_status_tells_the_reader(browser, page, site, lang: str) -> None:  # type: ignore[no-untyped-def]
    """With scripts off the engine never loads: the status must not say it is loading, but
    that the figures are the example's and that their own need JavaScript. With scripts
    on, that note is not shown."""
    loading, note = t("forms.loading", lang), t("forms.no_script", lang)
    plain = browser.new_context(java_script_enabled=False)
    try:
        served = plain.new_page()
        for name in CALCULATORS:
            served.goto(site.url(f"{PREFIX[lang]}calculators/{name}/"))
            status = form(served, name).locator("[data-engine-status]")
            expect(status).to_be_visible()
            assert status.inner_text().strip() == note, (name, status.inner_text())
            expect(status.locator("progress")).to_be_hidden()
        served.set_viewport_size({"width": 375, "height": 740})
        served.goto(site.url(f"{PREFIX[lang]}calculators/bonus/"))
        form(served, "bonus").locator("[data-engine-status]").scroll_into_view_if_needed()
        shot(served, f"first-result-no-script-status-{lang}-375")
    finally:
        plain.close()
    page.goto(site.url(f"{PREFIX[lang]}calculators/bonus/"))
    status = form(page, "bonus").locator("[data-engine-status]")
    expect(status).not_to_contain_text(loading, timeout=30_000)  # ready
    assert note not in status.inner_text()

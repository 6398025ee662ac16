"""Accessibility: axe-core (node_modules/axe-core, injected from the local file, no network)
finds no serious or critical violation on the home page and the calculator pages, in both
languages, after the calculator has shown its first result (live content included)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "en/", *(f"{lang}calculators/{name}/" for lang in ("", "en/")
                       for name in ("bonus", "split", "deviation"))]


def serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.filter(v => ["serious", "critical"].includes(v.impact))
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3)
                .map(n => n.target.join(" ")).join(" | ")}`);
    }""")
    return list(result)


def test_no_serious_accessibility_violations(page, site) -> None:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (or `make setup`)")
    found = {}
    for path in PAGES:
        page.goto(site.url(path))
        if "calculators/" in path:
            form = page.locator("form[data-calculator]")
            expect(form).to_have_attribute("data-result", "ok", timeout=30_000)
            # Live content too: a batch table with a failing row, and a field marked invalid.
            panel = page.locator("[data-batch]")
            panel.locator("textarea").fill("a,b\n1,2\n")
            panel.locator('[data-action="batch-run"]').click()
            expect(panel.locator(".hb-batch__error").first).to_be_visible()
            form.locator("input[type=text]").first.fill("abc")
            expect(form.locator("[aria-invalid=true]")).to_have_count(1)
        problems = serious_violations(page)
        if problems:
            found[path or "/"] = problems
    assert not found, found

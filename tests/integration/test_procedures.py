"""Procedure pages: every one has the same sections (when, who, steps, deadlines, form),
links to its template page, and to its calculator where one applies (once that
calculator's page exists), in both languages, with every policy value filled in."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from support import StaticServer, spell, squash

from calculators.policy import Policy
from handbook.policy import load as load_policy

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")
SECTIONS = ("when", "who", "steps", "deadlines", "form")


@pytest.fixture(scope="module")
def site(site: StaticServer) -> Path:
    """The session's one real build of the handbook (tests/integration/conftest.py)."""
    return site.root


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(ROOT / "data")


def built(site: Path, page: str, lang: str) -> Path:
    """`procedures/submit-expense.md` -> <site>[/en]/procedures/submit-expense/index.html."""
    rel = page.removesuffix(".md").removesuffix("index").rstrip("/")
    base = site / "en" if lang == "en" else site
    return (base / rel / "index.html") if rel else base / "index.html"


def article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", text, flags=re.S)
    assert match, path
    return match.group(0)


def sections(body: str) -> dict[str, str]:
    """The HTML under each <h2 id=…>, by id."""
    parts = re.split(r'<h2 id="([^"]+)">', body)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def resolves(site: Path, page_file: Path, href: str) -> Path:
    """Where a relative link of a built page points (a directory URL -> its index.html)."""
    assert not href.startswith(("/", "http:", "https:")), href
    target = Path(os.path.normpath(page_file.parent / href.split("#")[0]))
    return target / "index.html" if target.is_dir() else target


def procedures(policy: Policy) -> list[tuple[str, str]]:
    return [(key, lang) for key in policy["procedures"]["procedures"] for lang in LANGS]


@pytest.mark.parametrize(("key", "lang"), procedures(load_policy(ROOT / "data")))
def test_procedure_page_has_every_section(site: Path, policy: Policy, key: str,
                                          lang: str) -> None:
    proc = policy["procedures"]["procedures"][key]
    body = article(built(site, proc["page"], lang))
    found = sections(body)
    assert [s for s in SECTIONS if s not in found] == [], f"{key} ({lang}) misses sections"
    steps = re.findall(r"<li>", found["steps"].split("</ol>")[0])
    assert len(steps) == len(proc["steps"])
    assert found["who"].count("<tr>") == 4  # header + responsible, approves, consulted
    assert found["deadlines"].count("<tr>") == len(proc["deadlines"]) + 1
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    assert not re.search(r"\{[a-z_]+[.\[]", text), f"{key} ({lang}): a placeholder is left"
    cells = [squash(html.unescape(re.sub(r"<[^>]+>", "", c)))
             for c in re.findall(r"<td[^>]*>(.*?)</td>", found["deadlines"], re.S)]
    for d in proc["deadlines"]:
        if "path" in d:  # the SLA is the data's value, in the page's language, in one cell
            wants = [squash(w) for w in spell(d["path"], policy.value(d["path"]), lang, policy)]
            assert any(all(w in cell for w in wants) for cell in cells), (d["path"], wants)
            if "choice" in d:  # a company rule: the value, then the one company-rule mark
                assert re.search(rf'class="hb-company-rule" href="[^"]*company-choices/#'
                                 rf'{d["choice"]}"', found["deadlines"]), d["path"]


@pytest.mark.parametrize(("key", "lang"), procedures(load_policy(ROOT / "data")))
def test_procedure_links_its_template_page(site: Path, policy: Policy, key: str,
                                           lang: str) -> None:
    doc = policy["procedures"]
    proc = doc["procedures"][key]
    page = built(site, proc["page"], lang)
    form = sections(article(page))["form"]
    if "template" not in proc["form"]:
        assert html.unescape(re.sub(r"<[^>]+>", "", form)).strip(), "the form is named"
        return
    hrefs = re.findall(r'href="([^"]+)"', form)
    expected = built(site, doc["template_pages"][proc["form"]["template"]], lang)
    assert expected.is_file()
    assert expected in [resolves(site, page, h) for h in hrefs], hrefs


@pytest.mark.parametrize(("key", "lang"), procedures(load_policy(ROOT / "data")))
def test_procedure_links_its_calculator_once_it_exists(site: Path, policy: Policy, key: str,
                                                       lang: str) -> None:
    doc = policy["procedures"]
    proc = doc["procedures"][key]
    page = built(site, proc["page"], lang)
    found = sections(article(page))
    if "calculators" not in proc:
        assert "calculator" not in found
        return
    assert "calculator" in found
    targets = [resolves(site, page, h) for h in re.findall(r'href="([^"]+)"',
                                                          found["calculator"])]
    for use in proc["calculators"]:
        calc = doc["calculators"][use["id"]]
        if (ROOT / "docs" / calc["page"]).is_file():
            assert built(site, calc["page"], lang) in targets, f"{key}: link {calc['page']}"
        else:
            name = calc["name"][lang]
            assert name in html.unescape(found["calculator"])
            assert built(site, calc["page"], lang) not in targets


def test_the_deviation_procedure_points_at_the_deviation_calculator(site: Path,
                                                                    policy: Policy) -> None:
    page = built(site, "procedures/raise-deviation-warning.md", "en")
    calc = sections(article(page))["calculator"]
    assert "Deviation check calculator" in calc
    if (ROOT / "docs/calculators/deviation.md").is_file():
        # The link lands on the calculator page of the same language.
        targets = {resolves(site, page, h) for h in re.findall(r'href="([^"#][^"]*)"', calc)}
        assert built(site, "calculators/deviation.md", "en") in targets


@pytest.mark.parametrize("lang", LANGS)
def test_index_lists_every_procedure(site: Path, policy: Policy, lang: str) -> None:
    page = built(site, "procedures/index.md", lang)
    targets = {resolves(site, page, h) for h in re.findall(r'href="([^"]+)"', article(page))}
    for proc in policy["procedures"]["procedures"].values():
        assert built(site, proc["page"], lang) in targets, proc["page"]

"""Onboarding: every link target in data/onboarding.toml is a page of the handbook, and
every role page renders its checklist (one task list per phase, one box per item, keys
for the browser's storage, links that resolve in the page's language), with the mentor."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest
from support import StaticServer, spell, squash

from calculators.policy import Policy
from handbook.policy import load as load_policy
from macros import format_value
from macros import onboarding as onboarding_

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGS = ("zh", "en")
POLICY = load_policy(ROOT / "data")
ROLES = list(POLICY["onboarding"]["roles"])


@pytest.fixture(scope="module")
def site(site: StaticServer) -> Path:
    """The session's one real build of the handbook (tests/integration/conftest.py)."""
    return site.root


@pytest.fixture(scope="module")
def policy() -> Policy:
    return POLICY


def built(site: Path, page: str, lang: str) -> Path:
    rel = page.removesuffix(".md").removesuffix("index").rstrip("/")
    base = site / "en" if lang == "en" else site
    return (base / rel / "index.html") if rel else base / "index.html"


def all_items(policy: Policy, role: str) -> list[tuple[str, dict]]:
    return [(phase["id"], item) for phase, its in onboarding_.items(policy, role)
            for item in its]


def test_every_link_target_is_a_page_in_both_languages(policy: Policy) -> None:
    doc = policy["onboarding"]
    targets = {item["page"] for items in doc["common"].values() for item in items}
    targets |= {item["page"] for day in doc["first_week"] for item in day["items"]}
    targets |= {item["page"] for r in doc["roles"].values() for item in r["tools"]}
    targets |= {item["page"] for r in doc["roles"].values()
                for items in r["items"].values() for item in items}
    targets |= {r["page"] for r in doc["roles"].values()}
    for page in sorted(targets):
        assert (DOCS / page).is_file(), f"onboarding.toml links to a missing page: {page}"
        assert (DOCS / page.replace(".md", ".en.md")).is_file(), f"no English page: {page}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", ROLES)
def test_role_page_renders_its_checklist(site: Path, policy: Policy, role: str,
                                         lang: str) -> None:
    r = policy["onboarding"]["roles"][role]
    path = built(site, r["page"], lang)
    page = path.read_text(encoding="utf-8")
    key = r["page"].removesuffix(".md")

    lists = re.findall(r'<div class="hb-checklist" data-checklist="([^"]+)">(.*?)</div>',
                       page, flags=re.S)
    # the first week: one list per day (and the role's own); then one list per phase
    assert len(lists) == len(policy["onboarding"]["phases"]) - 1 + \
        len(onboarding_.week_groups(policy, role))
    assert {k for k, _ in lists} == {key}
    items = re.findall(r'<li class="task-list-item">(.*?)</li>', "".join(b for _, b in lists),
                       flags=re.S)
    expected = all_items(policy, role)
    assert len(items) == len(expected)
    for li, (phase, item) in zip(items, expected, strict=True):
        assert 'type="checkbox"' in li
        link = re.search(r'<a data-item="([^"]+)" href="([^"]+)">', li)
        assert link, li
        assert link.group(1) == f"{phase}.{item['id']}"
        target = Path(os.path.normpath(path.parent / link.group(2)))
        assert target / "index.html" == built(site, item["page"], lang) or \
            target == built(site, item["page"], lang), (link.group(2), item["page"])

    for phase in policy["onboarding"]["phases"]:
        assert f'<h2 id="{phase["id"]}">' in page
    assert f'data-checklist-progress="{key}"' in page
    path = policy["onboarding"]["mentor_months_from"]
    [months] = spell(path, policy.value(path), lang, policy)
    assert squash(months) in squash(html.unescape(re.sub(r"<[^>]+>", "", page))), \
        "the mentoring period, from data/roles.toml"
    assert re.search(r'<script src="[./]*assets/javascripts/checklist\.js" type="module">',
                     page), "checklist.js is loaded as a module"


def test_checklist_script_rebinds_on_instant_navigation(site: Path) -> None:
    js = (site / "assets/javascripts/checklist.js").read_text(encoding="utf-8")
    assert "document$.subscribe" in js
    assert "localStorage" in js


@pytest.mark.parametrize("lang", LANGS)
def test_index_links_every_role(site: Path, policy: Policy, lang: str) -> None:
    path = built(site, "onboarding/index.md", lang)
    page = path.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', page)
    targets = {Path(os.path.normpath(path.parent / h)) / "index.html" for h in hrefs
               if not h.startswith(("http", "#", "/"))}
    for r in policy["onboarding"]["roles"].values():
        assert built(site, r["page"], lang) in targets, r["page"]


def test_every_role_of_the_structure_has_a_path(policy: Policy) -> None:
    """The six posts of the structure's onboarding plus 营销主管 and 销售人员."""
    names = {r["name"]["zh"] for r in policy["onboarding"]["roles"].values()}
    assert {"营销主管", "销售人员", "客户经理", "渠道专员", "内容策划", "数据分析师",
            "设计专员"} <= names
    assert len(policy["onboarding"]["roles"]) == 8


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", ROLES)
def test_first_week_is_day_by_day_with_the_policy_times(site: Path, policy: Policy,
                                                        role: str, lang: str) -> None:
    r = policy["onboarding"]["roles"][role]
    page = built(site, r["page"], lang).read_text(encoding="utf-8")
    for day in policy["onboarding"]["first_week"]:
        assert f'id="week-1-day-{day["day"]}"' in page
    for path in ("tasks.tracking.standup_time", "tasks.tracking.standup_minutes",
                 "communication.daily_report.due_time", "company.chat_tool", "company.crm"):
        assert format_value(policy, path, lang) in page, path
    assert 'id="probation"' in page and 'id="contacts"' in page
    for contact in policy["company"]["contacts"]:
        assert contact["function"][lang] in page
    first = policy["onboarding"]["first_week"][0]["items"]
    for item in [*first, *r["tools"]]:
        assert f'data-item="week-1.{item["id"]}"' in page, item["id"]

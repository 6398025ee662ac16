"""Versioned handbook: two releases published with `make publish` (mike) into a temporary
git repository, the bonus ladder changed between them, the gh-pages branch served on a
loopback port and read in Chromium.

The selector lists both versions and switching keeps the page; each version's calculator
computes with that version's ladder, also with the other version open in the same browser;
instant navigation works inside each version (site_url is <base><version>/); the change log
of the new version lists the change, and its pages that show the bonus ladder say it changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support import BUILD_INPUTS, StaticServer, copy_project, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Besides what the build needs: `make publish` runs in the copy.
RELEASE_FILES = ("Makefile", "requirements.txt", "package.json", "package-lock.json")
OLD, NEW = "2026.1", "2026.2"
# At 95 % completion the 90 % tier applies: 80 % of the target bonus in OLD, 85 % in NEW.
PAYOUT = {OLD: "80.00", NEW: "85.00"}
BONUS = "calculators/bonus/"


def run(cmd: list[str], cwd: Path) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}:{os.environ['PATH']}"}
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n" \
                                 f"{done.stderr[-3000:]}"
    return done.stdout


def publish(repo: Path, base: str) -> None:
    """The one command a policy owner runs (setup's prerequisites are this checkout's)."""
    run(["make", f"BIN={BIN}", "-o", f"{BIN}/.installed", "-o", "node_modules/.package-lock.json",
         "publish", f"PUBLISH_BASE_URL={base}"], repo)


def change_bonus_ladder(repo: Path) -> None:
    """What a policy owner edits for a new version: the ladder, its file's version, the log."""
    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    head = (f'version = "{OLD}"\neffective_from = 2026-01-01',
            f'version = "{NEW}"\neffective_from = 2026-04-01')
    edit(repo / "data/bonus.toml", *head)
    edit(repo / "data/bonus.toml", "completion_pct = 90\npayout_pct = 80",
         "completion_pct = 90\npayout_pct = 85")
    log = repo / "data/changelog.toml"
    edit(log, *head)
    edit(log, "\nchanges = []\n", "\n")
    log.write_text(log.read_text(encoding="utf-8") + f"""
[[changes]]
date = 2026-04-01
version = "{NEW}"
policy = "bonus"
key = "ladder[1].payout_pct"
old = 80
new = 85
reason = {{ zh = "缩小 90% 档与 100% 档的落差", en = "A smaller step between 90 % and 100 %" }}
""", encoding="utf-8")


@dataclass
class Published:
    repo: Path
    server: StaticServer
    old_tip: str  # gh-pages after the first release

    def url(self, path: str = "") -> str:
        return self.server.url(path)


def publish_two_versions(repo: Path, base: str) -> str:
    """The project copied into `repo` (a new git repository), published as OLD, its bonus
    ladder changed and published as NEW (the test's and bench/versions.py's sequence);
    returns gh-pages' tip after the first version."""
    copy_project(repo, extra=RELEASE_FILES)
    run(["git", "-c", "init.defaultBranch=main", "init", "-q"], repo)
    run(["git", "config", "user.name", "Handbook test"], repo)
    run(["git", "config", "user.email", "handbook-test@localhost"], repo)
    run(["git", "add", "--", *BUILD_INPUTS, *RELEASE_FILES], repo)
    run(["git", "commit", "-q", "-m", f"handbook {OLD}"], repo)
    publish(repo, base)
    old_tip = run(["git", "rev-parse", "gh-pages"], repo).strip()
    change_bonus_ladder(repo)
    run(["git", "commit", "-q", "-a", "-m", f"handbook {NEW}: bonus ladder"], repo)
    publish(repo, base)
    return old_tip


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    tmp = tmp_path_factory.mktemp("versions")
    repo = tmp / "repo"
    repo.mkdir()
    port = free_port()
    old_tip = publish_two_versions(repo, f"http://127.0.0.1:{port}/")

    # What a static host receives: the branch's files, nothing else (no symlinks).
    served = tmp / "served"
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        assert not any(m.issym() or m.islnk() for m in tar.getmembers())
        tar.extractall(served, filter="data")
    server = StaticServer(served, port)
    httpd = server.serve()
    yield Published(repo, server, old_tip)
    httpd.shutdown()


# ------------------------------------------------------------- the branch ---

def test_both_versions_are_published_with_latest_as_default(published: Published) -> None:
    root = published.server.root
    versions = json.loads((root / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [(NEW, ["latest"]), (OLD, [])]
    assert "latest/" in (root / "index.html").read_text(encoding="utf-8")
    assert f"../{NEW}/" in (root / "latest/index.html").read_text(encoding="utf-8")
    for version in (OLD, NEW):
        sitemap = (root / version / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{published.url(version)}/</loc>" in sitemap
        assert f'hreflang="en" href="{published.url(version)}/en/"' in sitemap


def test_changelog_lists_the_change_between_the_versions(published: Published) -> None:
    root = published.server.root
    new = (root / NEW / "changelog/index.html").read_text(encoding="utf-8")
    assert "ladder[1].payout_pct" in new and "80%" in new and "85%" in new
    assert "缩小 90% 档与 100% 档的落差" in new
    en = (root / NEW / "en/changelog/index.html").read_text(encoding="utf-8")
    assert "80 %" in en and "85 %" in en and "A smaller step between 90 % and 100 %" in en
    old = (root / OLD / "changelog/index.html").read_text(encoding="utf-8")
    assert "ladder[1].payout_pct" not in old and "没有变更" in old


def test_a_new_version_shares_the_identical_engine_files(published: Published) -> None:
    # git stores a file once per content. The second release changed only the policy: it
    # adds no Pyodide runtime file and no snapshot (the snapshot holds code only and is
    # made deterministically, so it has the same name and bytes), only its own policy.
    sys.path.insert(0, str(ROOT))
    from bench.versions import added, tree

    new_files = added(published.repo, published.old_tip, "gh-pages")
    files = tree(published.repo, "gh-pages")
    runtime = [p for p in files if p.startswith(f"{NEW}/assets/engine/pyodide/")]
    assert len(runtime) >= 5
    assert not [p for p in new_files if "/assets/engine/pyodide/" in p]

    def engine(version: str, prefix: str) -> dict[str, str]:
        """name -> blob of the version's engine files starting with `prefix` (the files
        themselves, not their .br and .gz copies)."""
        return {p.rsplit("/", 1)[1]: files[p][0] for p in files
                if p.startswith(f"{version}/assets/engine/{prefix}")
                and not p.endswith((".br", ".gz"))}

    old_snapshots, new_snapshots = engine(OLD, "snapshot-"), engine(NEW, "snapshot-")
    assert len(new_snapshots) >= 1 and new_snapshots == old_snapshots
    assert not [p for p in new_files if "/assets/engine/snapshot-" in p]
    old_stdlib, new_stdlib = engine(OLD, "stdlib-"), engine(NEW, "stdlib-")
    assert len(new_stdlib) == 1 and new_stdlib == old_stdlib
    assert not [p for p in new_files if "/assets/engine/stdlib-" in p]
    old_policy, new_policy = engine(OLD, "policy-"), engine(NEW, "policy-")
    assert len(new_policy) == 1 and new_policy.keys() != old_policy.keys()
    assert any(p.startswith(f"{NEW}/assets/engine/policy-") for p in new_files)


# ---------------------------------------------------------------- browser ---

def quiet(server: StaticServer, quiet_s: float = 1.5, timeout_s: float = 20) -> None:
    """Until `server` has been asked for nothing for `quiet_s`."""
    deadline = time.monotonic() + timeout_s
    seen, since = len(server.requests), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if len(server.requests) != seen:
            seen, since = len(server.requests), time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return


def open_bonus(page, published: Published, version: str, lang: str = "zh"):  # type: ignore[no-untyped-def]
    prefix = "" if lang == "zh" else "en/"
    page.goto(published.url(f"{version}/{prefix}{BONUS}?completion=95%25&target_bonus=10000"))
    return page.locator('form[data-calculator="bonus"] output[name="payout_pct"]')


def test_selector_lists_both_versions_and_switching_keeps_the_page(page, published) -> None:  # type: ignore[no-untyped-def]
    for prefix in ("", "en/"):
        page.goto(published.url(f"{OLD}/{prefix}{BONUS}"))
        selector = page.locator(".md-version")
        expect(selector.locator(".md-version__current")).to_contain_text(OLD)
        links = selector.locator(".md-version__link")
        expect(links).to_have_count(2)
        expect(links.nth(0)).to_contain_text(NEW)
        expect(links.nth(1)).to_contain_text(OLD)
        # An earlier version says so (extra.version.default: latest).
        expect(page.locator('[data-md-component="outdated"]')).to_be_visible()
        selector.hover()
        links.filter(has_text=NEW).click()
        page.wait_for_url(published.url(f"{NEW}/{prefix}{BONUS}"))
        expect(page.locator(".md-version__current")).to_contain_text(NEW)
        expect(page.locator('[data-md-component="outdated"]')).to_be_hidden()


def test_the_site_root_opens_the_latest_version(page, published) -> None:  # type: ignore[no-untyped-def]
    page.goto(published.url(""))
    page.wait_for_url(published.url(f"{NEW}/"))
    expect(page.locator("[data-policy-versions]")).to_have_attribute(
        "data-handbook-version", NEW)


def test_each_version_computes_with_its_own_policy(context, published, watch) -> None:  # type: ignore[no-untyped-def]
    # One browser profile (shared HTTP cache, storage), both versions open side by side.
    wasm = {v: f"/{v}/assets/engine/pyodide/pyodide.asm.wasm" for v in (OLD, NEW)}
    # An earlier test's page may still have been booting its engine when its browser
    # profile closed; what it asked for then must not be counted as this test's.
    quiet(published.server)
    mark = len(published.server.requests)
    before = {v: published.server.count(path) for v, path in wasm.items()}
    pages = {}
    for version in (OLD, NEW):
        pg = context.new_page()
        pg.on("pageerror", lambda exc: watch.errors.append(str(exc)))
        pages[version] = pg
        # (the output's data-value is the exact JSON; its text is formatted for people)
        expect(open_bonus(pg, published, version)).to_have_attribute(
            "data-value", PAYOUT[version], timeout=60_000)
    for version, pg in pages.items():  # still its own answer once the other one ran
        field = pg.locator('form[data-calculator="bonus"] input[name="completion"]')
        field.fill("96%")
        out = pg.locator('form[data-calculator="bonus"] output[name="payout_pct"]')
        expect(out).to_have_attribute("data-value", PAYOUT[version])
    for version, path in wasm.items():  # each version ran its own copy of the engine, once
        # This version's pages' requests during this test, in order (in a failure's message,
        # as text, which pytest shows whole).
        asked = [p for p in published.server.requests[mark:] if p.startswith(f"/{version}/")]
        log = " ".join(asked)
        # Its own runtime: asked for by the page (a first visit's early request) and by the
        # worker, and maybe once more by the service worker keeping it (offline.js). (About
        # one run in four the server sees one more request of it before Pyodide asks for it:
        # instrumented, it came with one worker and one boot, not a second; perhaps the
        # page's request and the worker's racing in the HTTP cache. The cause is not known.)
        assert 2 <= published.server.count(path) - before[version] <= 4, log
        # One boot: the snapshot asked for once by the engine, and maybe once more by the
        # service worker keeping it; a second boot would ask again.
        snapshots = [p for p in asked if "/assets/engine/snapshot-" in p]
        assert 1 <= len(snapshots) <= 2, log
    # The new version's bonus page says what changed; the old one has no such note.
    expect(pages[NEW].locator(".admonition.info")).to_contain_text("ladder[1].payout_pct")
    expect(pages[OLD].locator(".admonition.info")).to_have_count(0)
    assert watch.errors == []


@pytest.mark.parametrize("version", [OLD, NEW])
def test_instant_navigation_inside_each_version(page, published, version: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(published.url(f"{version}/"))
    page.evaluate("window.__x = 1")
    page.locator(".md-tabs").get_by_role("link", name="计算器", exact=True).click()
    page.wait_for_url(published.url(f"{version}/{BONUS}"))
    expect(page.locator(".md-version__current")).to_contain_text(version)
    assert page.evaluate("window.__x") == 1, "following an internal link reloaded the page"
    # The language switcher keeps the page and stays inside the version. (Loaded afresh:
    # after an instant navigation the header's switcher still has the previous page's
    # links, in any version; see the report.)
    page.goto(published.url(f"{version}/{BONUS}"))
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url(published.url(f"{version}/en/{BONUS}"))
    page.evaluate("window.__x = 2")
    page.locator(".md-tabs").get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(published.url(f"{version}/en/"))
    assert page.evaluate("window.__x") == 2, "following an internal link reloaded the page"

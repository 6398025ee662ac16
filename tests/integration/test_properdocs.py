"""The exit path from MkDocs 1.6: ProperDocs builds the same site.

MkDocs 1.6 is unmaintained and Material 9 reaches its end of life on 2027-05-05;
ProperDocs is the maintained fork of MkDocs 1.x by its former maintainers. It reads
`mkdocs.yml`, loads the plugins and themes registered for MkDocs (the `mkdocs.plugins`
and `mkdocs.themes` entry points) and answers their `import mkdocs...` with its own
modules, so nothing in the project changes but the command (README, "Switching to
ProperDocs").

ProperDocs is installed as pinned and hash-checked in requirements-properdocs.txt, with
`pip install --target` into build/properdocs-<version>/ and no dependencies: it runs on
the project's own packages (its requirements are checked against them below). Both tools
build the site into temporary folders with the same site_url; every HTML page must be
identical except the `<meta name="generator">` tag, the sitemaps and the search index
byte for byte, and so every other file but the zip archives (.xlsx, .whl: timestamps
inside), the Pyodide memory snapshot (named by its hash) and the compressed copies.

If ProperDocs cannot be installed here the test fails and says why; it never skips.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from support import ROOT

REQUIREMENTS = ROOT / "requirements-properdocs.txt"
VERSION = re.search(r"^properdocs==(\S+)", REQUIREMENTS.read_text(), re.M).group(1)  # type: ignore[union-attr]
TARGET = ROOT / "build" / f"properdocs-{VERSION}"
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')
# Files that differ between any two builds, whatever builds them: the wheel and its
# workbooks (zip timestamps), the manifest naming the wheel, and the compressed copies
# (the session's site is compressed at production quality, the ProperDocs build at the
# test quality). The snapshot is made deterministically: the same in both.
NOT_REPRODUCIBLE = re.compile(r"(\.gz|\.br|\.xlsx|\.whl|^assets/engine/manifest\.json)$")


def install() -> Path:
    """ProperDocs in build/properdocs-<version>/ (once), or a test failure with pip's reason."""
    if (TARGET / "properdocs" / "__main__.py").is_file():
        return TARGET
    partial = TARGET.with_name(TARGET.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--only-binary=:all:", "--require-hashes", "--target", str(partial),
         "-r", str(REQUIREMENTS)],
        capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"ProperDocs {VERSION} could not be installed:\n{done.stderr[-3000:]}")
    shutil.rmtree(TARGET, ignore_errors=True)
    partial.rename(TARGET)
    return TARGET


def build_with_properdocs(target: Path, dest: Path, site_url: str) -> str:
    path = os.pathsep.join(p for p in (str(target), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "SITE_URL": site_url, "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file",
         str(ROOT / "mkdocs.yml"), "--site-dir", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"properdocs build failed:\n{done.stderr[-4000:]}"
    return done.stderr


@pytest.fixture(scope="module")
def builds(site, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    """(the session's site, built by MkDocs; the same site built by ProperDocs for the same
    site_url). One build fewer than building both here: the session's is the same build."""
    target = install()
    by_properdocs = tmp_path_factory.mktemp("properdocs-site")
    build_with_properdocs(target, by_properdocs, site.url(""))
    return site.root, by_properdocs


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_properdocs_runs_on_the_project_packages() -> None:
    """Every requirement of ProperDocs is met by requirements.txt's packages."""
    target = install()
    [dist] = importlib.metadata.distributions(path=[str(target)])
    assert VERSION == dist.version
    unmet = []
    for text in dist.requires or ():
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        try:
            have = importlib.metadata.version(req.name)
        except importlib.metadata.PackageNotFoundError:
            unmet.append(f"{req} (missing)")
            continue
        if not req.specifier.contains(have, prereleases=True):
            unmet.append(f"{req} (have {have})")
    assert unmet == [], f"add to requirements.in: {unmet}"


def test_the_same_files(builds: tuple[Path, Path]) -> None:
    by_mkdocs, by_properdocs = builds
    assert files(by_mkdocs) == files(by_properdocs)


def test_every_page_is_the_same_but_the_generator(builds: tuple[Path, Path]) -> None:
    by_mkdocs, by_properdocs = builds
    pages = sorted(by_mkdocs.rglob("*.html"))
    assert len(pages) > 50
    generators, different = set(), []
    for page in pages:
        relative = page.relative_to(by_mkdocs)
        ours, theirs = page.read_text("utf-8"), (by_properdocs / relative).read_text("utf-8")
        generators |= {(a, b) for a, b in zip(GENERATOR.findall(ours),
                                              GENERATOR.findall(theirs), strict=True)}
        if GENERATOR.sub("", ours) != GENERATOR.sub("", theirs):
            different.append(relative.as_posix())
    assert different == []
    # The pages say who built them: proof that the second build really was ProperDocs.
    [(mkdocs, properdocs)] = generators
    assert mkdocs.startswith("mkdocs-1.6") and f"ProperDocs {VERSION}" in properdocs


def test_sitemaps_and_search_index_are_identical(builds: tuple[Path, Path]) -> None:
    by_mkdocs, by_properdocs = builds
    names = [p.relative_to(by_mkdocs) for p in by_mkdocs.rglob("sitemap*.xml")]
    names += [p.relative_to(by_mkdocs) for p in by_mkdocs.rglob("search_index.json")]
    assert len(names) >= 2
    for name in names:
        assert (by_mkdocs / name).read_bytes() == (by_properdocs / name).read_bytes(), name


def test_every_other_file_is_identical(builds: tuple[Path, Path]) -> None:
    by_mkdocs, by_properdocs = builds
    different = []
    for path in sorted(by_mkdocs.rglob("*")):
        relative = path.relative_to(by_mkdocs).as_posix()
        if not path.is_file() or path.suffix == ".html" or NOT_REPRODUCIBLE.search(relative):
            continue
        if path.read_bytes() != (by_properdocs / relative).read_bytes():
            different.append(relative)
    assert different == []

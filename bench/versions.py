"""What publishing a new version adds to the published tree (the gh-pages branch).

    .venv/bin/python bench/versions.py

Publishes two versions with `make publish` into a temporary git repository (the bonus
ladder changed between them, as tests/integration/test_versions.py does) and reports
what the second one added: the files whose content no earlier version has (git stores a
file once per content, so identical engine files are shared across versions), their
bytes, and the bytes git's object store grew by. A benchmark: it asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tree(repo: Path, rev: str) -> dict[str, tuple[str, int]]:
    """path -> (blob id, size) of every file in `rev`."""
    out = subprocess.run(["git", "ls-tree", "-r", "-l", "-z", rev], cwd=repo,
                         capture_output=True, check=True).stdout.decode()
    files = {}
    for line in filter(None, out.split("\0")):
        meta, path = line.split("\t", 1)
        _, kind, blob, size = meta.split()
        if kind == "blob":
            files[path] = (blob, int(size))
    return files


def added(repo: Path, old: str, new: str) -> dict[str, int]:
    """Files of `new` whose content is in no file of `old`: path -> bytes."""
    known = {blob for blob, _ in tree(repo, old).values()}
    seen: set[str] = set()
    out = {}
    for path, (blob, size) in sorted(tree(repo, new).items()):
        if blob not in known and blob not in seen:
            seen.add(blob)
            out[path] = size
    return out


def disk_usage(repo: Path, old: str, new: str) -> int:
    """Bytes of git objects reachable from `new` and not from `old`, as stored (zlib)."""
    done = subprocess.run(["git", "rev-list", "--objects", "--disk-usage", new, f"^{old}"],
                          cwd=repo, capture_output=True, text=True, check=True)
    return int(done.stdout.strip())


def summary(repo: Path, old: str, new: str) -> list[str]:
    files = added(repo, old, new)
    groups: dict[str, int] = defaultdict(int)
    for path, size in files.items():
        name = path.split("/", 1)[-1]
        if "assets/engine/snapshot-" in name:
            group = "memory snapshot (+ .br, .gz)"
        elif "assets/engine/policy-" in name:
            group = "policy for the calculators (+ .br, .gz)"
        elif "assets/engine/pyodide/" in name:
            group = "Pyodide runtime"
        elif "assets/engine/" in name:
            group = "engine scripts, wheel, manifest"
        elif name.endswith((".html", ".html.br", ".html.gz")):
            group = "pages (+ .br, .gz)"
        else:
            group = "other (search index, sitemaps, assets)"
        groups[group] += size
    shared = sum(size for path, (_, size) in tree(repo, new).items()
                 if "/assets/engine/pyodide/" in path and path not in files)
    lines = ["## What a new version adds to the published tree (gh-pages)", "",
             "| files new in the second version | MB |", "|---|--:|"]
    for group, size in sorted(groups.items(), key=lambda g: -g[1]):
        lines.append(f"| {group} | {size / 1e6:.2f} |")
    stored = disk_usage(repo, old, new)
    lines += [f"| **all, as files** | **{sum(files.values()) / 1e6:.2f}** |",
              f"| **all, as git stores them (zlib)** | **{stored / 1e6:.2f}** |",
              f"| shared with earlier versions: Pyodide runtime files (not added) "
              f"| {shared / 1e6:.2f} |", ""]
    return lines


def measure() -> str:
    """Publish two versions in a temporary repository; the Markdown table of the second."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "tests" / "integration"))
    from support import free_port
    from test_versions import publish_two_versions

    with tempfile.TemporaryDirectory(prefix="bench-versions-") as tmp:
        repo = Path(tmp)
        old = publish_two_versions(repo, f"http://127.0.0.1:{free_port()}/")
        return "\n".join(summary(repo, old, "gh-pages")) + "\n"


def main() -> None:
    text = measure()
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "versions.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()

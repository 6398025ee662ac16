"""Pages contain no policy number typed by hand, and every page's review is current.

The scan rule (docs/**/*.md):
- Every number and time of day in the loaded policy is a policy value (dates, years and
  versions are not).
- Ignored in the Markdown: macro calls ({{ … }}, {% … %}, {# … #}), code (fenced and
  inline), HTML comments, link targets, dates (2026-01-01, 2026年, 1 January 2026),
  four-digit years, heading numbers ("## 3.2 …"), table references ("表 1", "Table 1"),
  and identifiers with digits in them (P0, Q3, 618 as part of a word…).
- A number left over is flagged when it equals a policy value and either is 10 or more,
  or carries a unit (%, 小时, h, 天, 分钟, 万, 元, 次, 家, hours, days…). Small bare
  numbers ("three steps", "2 people") stay free to write.
- A time of day (17:00) is flagged when it equals a policy time.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from calculators.policy import Policy
from handbook.policy import load as load_policy
from macros import page_key

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

# Files whose numbers are calendar data, not rules a page would restate.
NOT_RULES = {"holidays", "pages"}

IGNORED = [
    r"^---\n.*?\n---\n",                       # front matter
    r"```.*?```", r"~~~.*?~~~",                 # fenced code
    r"\{\{.*?\}\}", r"\{%.*?%\}", r"\{#.*?#\}",  # macro calls
    r"<!--.*?-->",
    r"`[^`\n]*`",                               # inline code
    r"\]\([^)]*\)",                             # link targets
    r"\d{4}-\d{2}-\d{2}",
    r"\d{4}\s*年(\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?)?",
    r"\d{1,2}\s+(January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{4}",
    r"(?m)^#{1,6}\s*[\d.]+",                    # heading numbers
    r"(表|Table)\s*\d+",
    r"\b(19|20)\d{2}\b",
    r"[A-Za-z_]+\d+[A-Za-z_\d]*|\d+[A-Za-z_]+\w*",  # P0, Q3, h5, 3rd
]
NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\d])")
UNIT = re.compile(r"\s*(%|％|个?小时|h\b|天|日|分钟|min\b|万|元|次|个|家|项|秒|hours?\b|days?\b"
                  r"|minutes?\b|seconds?\b|months?\b|个月|yuan\b|times\b|per\s?cent)")
TIME = re.compile(r"\b([01]?\d|2[0-3]):[0-5]\d\b")


def policy_values(policy: Policy) -> tuple[set[Decimal], set[str]]:
    numbers: set[Decimal] = set()
    times: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, bool):
            return
        elif isinstance(node, (int, Decimal)):
            numbers.add(Decimal(node).normalize())
        elif isinstance(node, dt.time):
            times.add(node.strftime("%H:%M"))

    for area, doc in policy.items():
        if area not in NOT_RULES:
            walk(doc)
    return numbers, times


def typed_numbers(text: str, numbers: set[Decimal], times: set[str]) -> list[str]:
    """The policy values typed by hand in one Markdown text, as `line: token`."""
    blank = text
    for pattern in IGNORED:
        blank = re.sub(pattern, lambda m: re.sub(r"[^\n]", " ", m.group(0)), blank,
                       flags=re.S | re.I)
    found = []
    for m in TIME.finditer(blank):
        if m.group(0).zfill(5) in times:
            found.append(f"{blank.count(chr(10), 0, m.start()) + 1}: {m.group(0)}")
        blank = blank[:m.start()] + " " * len(m.group(0)) + blank[m.end():]
    for m in NUMBER.finditer(blank):
        value = Decimal(m.group(0).replace(",", "")).normalize()
        if value not in numbers:
            continue
        if value >= 10 or UNIT.match(blank, m.end()):
            found.append(f"{blank.count(chr(10), 0, m.start()) + 1}: {m.group(0)}")
    return found


@pytest.fixture(scope="module")
def values() -> tuple[set[Decimal], set[str]]:
    return policy_values(load_policy(ROOT / "data"))


PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_no_policy_number_typed_by_hand(page: Path, values: tuple[set[Decimal], set[str]]
                                        ) -> None:
    found = typed_numbers(page.read_text(encoding="utf-8"), *values)
    assert not found, (f"{page.relative_to(ROOT)} types policy values by hand (use "
                       f"{{{{ policy(...) }}}}): {', '.join(found)}")


@pytest.mark.parametrize(("text", "flagged"), [
    ("偏差超过 ±10% 即预警。", ["1: 10"]),
    ("Answer within 24 hours.", ["1: 24"]),
    ("日报 17:00 前提交。", ["1: 17:00"]),
    ("mentor for 3 months", ["1: 3"]),
    ("目标 5,000 万元", ["1: 5,000"]),
    ('偏差超过 ±{{ policy("deviation.warning_pct") }} 即预警。', []),
    ("## 3. 复盘\n\n见表 1 与 Table 2。", []),
    ("2026年1月1日起生效，复盘在 2026-12-03。", []),
    ("P0 任务，Q3 目标，618 大促", []),
    ("分三步：1. 回顾 2. 对比 3. 改进", []),
    ("`warning_pct = 10`", []),
])
def test_the_scan_rule(text: str, flagged: list[str],
                       values: tuple[set[Decimal], set[str]]) -> None:
    assert typed_numbers(text, *values) == flagged


# ------------------------------------------------------- page review dates ---

def source_pages() -> list[str]:
    return sorted({page_key(p.relative_to(DOCS).as_posix()) for p in DOCS.rglob("*.md")})


def test_every_page_has_an_owner_and_review_dates() -> None:
    listed = set(load_policy(ROOT / "data")["pages"]["pages"])
    missing = [p for p in source_pages() if p not in listed]
    assert not missing, f"add these pages to data/pages.toml: {', '.join(missing)}"
    stale = sorted(listed - set(source_pages()))
    assert not stale, f"data/pages.toml lists pages that do not exist: {', '.join(stale)}"


def test_review_report_names_overdue_pages_on_a_given_date(capsys) -> None:  # type: ignore[no-untyped-def]
    """`make review`: the report depends on the date asked, never on today's."""
    from handbook.review import main

    policy = load_policy(ROOT / "data")
    first = min(page["next_review"] for page in policy["pages"]["pages"].values())
    assert main(["--on", first.isoformat(), "--strict"]) == 0
    assert "无过期审阅" in capsys.readouterr().out
    later = first + dt.timedelta(days=1)
    assert main(["--on", later.isoformat(), "--strict"]) == 1
    assert "next_review: the review was due on " + first.isoformat() in capsys.readouterr().out

"""Company choices (data/choices.toml) cover every company value of the data, and the
rules the issue found contradictory are settled once, in the data."""

from __future__ import annotations

from typing import Any

import pytest

from calculators.policy import Policy
from handbook.policy import get as get_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return get_policy()


def company_nodes(value: Any, path: str) -> list[str]:
    """Key paths of every table marked `source = "company"`."""
    found = []
    if isinstance(value, dict):
        if value.get("source") == "company":
            found.append(path)
        found += [f"{path}.{k.removesuffix('_source')}" for k, v in value.items()
                  if k.endswith("_source") and v == "company"]
        for k, v in value.items():
            found += company_nodes(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += company_nodes(v, f"{path}[{i}]")
    return found


def covered(path: str, paths: list[str]) -> bool:
    return any(path == p or path.startswith((p + ".", p + "[")) or
               p.startswith((path + ".", path + "[")) for p in paths)


def test_every_company_value_is_a_listed_choice(policy: Policy) -> None:
    paths = [p for c in policy["choices"]["choices"] for p in c.get("paths", [])]
    marked = [p for area in policy for p in company_nodes(policy[area], area)]
    assert marked, "no source = \"company\" node found"
    missing = [p for p in marked if not covered(p, paths)]
    assert missing == [], f"company values without an entry in data/choices.toml: {missing}"


def test_choice_paths_exist(policy: Policy) -> None:
    for c in policy["choices"]["choices"]:
        for p in c.get("paths", []):
            policy.value(p)  # raises KeyError on an unknown path


@pytest.mark.parametrize("key", [
    "bonus-steps", "kpi-cap", "proration", "rounding", "escalation-24h", "ramp",
    "onboarding-phases", "date-format", "cadence", "budget-overrun", "role-placement",
    "approval-steps", "procedure-owners", "procedure-limits", "standup-time", "probation",
    "form-layouts",
])
def test_known_defaults_are_marked_as_company_choices(policy: Policy, key: str) -> None:
    assert key in {c["id"] for c in policy["choices"]["choices"]}


def test_procedures_name_known_choices(policy: Policy) -> None:
    ids = {c["id"] for c in policy["choices"]["choices"]}
    for key, proc in policy["procedures"]["procedures"].items():
        for c in proc.get("choices", []):
            assert c in ids, (key, c)
        for d in proc["deadlines"]:
            assert d.get("choice", next(iter(ids))) in ids, (key, d)


def test_budget_overrun_is_one_rule(policy: Policy) -> None:
    """The sources call a budget overrun a major risk without a line; the handbook settles
    it once: beyond the warning line. The deviation check (calculators.deviation) applies
    exactly that (escalate_on_overrun), and every procedure says the same."""
    assert policy["deviation"]["metrics"]["budget_spend"]["escalate_on_overrun"] is True
    for key in ("raise_deviation_warning", "submit_expense"):
        proc = policy["procedures"]["procedures"][key]
        assert "budget-overrun" in proc["choices"], key
        text = " ".join(s["zh"] for s in proc["steps"])
        assert "超出预算且超过" in text, key
    for proc in policy["procedures"]["procedures"].values():
        for s in proc["steps"] + [proc["when"]]:
            assert "或出现预算超支" not in s["zh"] and "超出预算 {" not in s["zh"]


def test_escalation_within_hours_is_marked_company(policy: Policy) -> None:
    """The sources' 24 h is for deciding countermeasures, not for escalating."""
    proc = policy["procedures"]["procedures"]["raise_deviation_warning"]
    (row,) = [d for d in proc["deadlines"]
              if d.get("path") == "deviation.actions.escalate[0].within_hours"]
    assert row.get("choice") == "escalation-24h"

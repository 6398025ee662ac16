"""data/changelog.toml: the handbook version in force and its change entries, checked against
the other data files (handbook.schemas.changelog.check_against; the build calls it)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from calculators.errors import PolicyError
from calculators.policy import Policy
from calculators.schema import Ctx
from handbook.policy import get as get_policy
from handbook.schemas.changelog import SCHEMA, changes_in, check_against, version_key


def entry(**over: Any) -> dict[str, Any]:
    base = {"date": dt.date(2026, 4, 1), "version": "2026.2", "policy": "bonus",
            "key": "ladder[1].payout_pct", "old": 80, "new": 85,
            "reason": {"zh": "原因", "en": "why"}}
    return {**base, **over}


def released(ladder_payout: int = 85, bonus_version: str = "2026.2",
             changes: list[dict[str, Any]] | None = None) -> Policy:
    """The real policy as it would be after publishing 2026.2 with one ladder change."""
    areas = {area: copy.deepcopy(doc) for area, doc in get_policy().items()}
    areas["bonus"]["ladder"][1]["payout_pct"] = ladder_payout
    areas["bonus"]["version"] = bonus_version
    areas["changelog"]["version"] = "2026.2"
    areas["changelog"]["changes"] = [entry()] if changes is None else changes
    return Policy(areas, get_policy().data_dir)


def fails(policy: Policy) -> str:
    with pytest.raises(PolicyError) as caught:
        check_against(policy["changelog"], policy)
    return str(caught.value)


def test_the_real_file_passes() -> None:
    policy = get_policy()
    check_against(policy["changelog"], policy)
    assert version_key(policy["changelog"]["version"]) >= (2026, 1)


def test_a_consistent_release_passes() -> None:
    policy = released()
    check_against(policy["changelog"], policy)
    assert changes_in(policy["changelog"], "2026.2") == [entry()]


def test_new_must_be_the_current_value() -> None:
    message = fails(released(ladder_payout=90))
    assert "changes[0].new" in message and "(90)" in message


def test_the_changed_file_must_carry_the_version() -> None:
    message = fails(released(bonus_version="2026.1"))
    assert "changes[0].version" in message and "set it to 2026.2" in message


def test_policy_must_name_a_data_file() -> None:
    assert "changes[0].policy" in fails(released(changes=[entry(policy="bonuses")]))


def test_key_path_must_exist() -> None:
    assert "changes[0].key" in fails(released(changes=[entry(key="ladder[9].payout_pct")]))


def test_older_entries_need_their_key_unless_removed_later() -> None:
    old = entry(version="2026.1", key="ladder[7].payout_pct", old=70, new=75)
    assert "changes[0].key" in fails(released(changes=[old]))
    removal = entry(key="ladder[7].payout_pct", old=75)
    del removal["new"]
    policy = released(changes=[old, removal])
    check_against(policy["changelog"], policy)


def test_schema_checks_versions_and_old_or_new() -> None:
    doc = {"version": "2026.2", "effective_from": dt.date(2026, 4, 1),
           "owner": {"zh": "营销总监", "en": "Marketing director"},
           "changes": [entry(new=Decimal("85.0"))]}
    assert SCHEMA.check(copy.deepcopy(doc), Ctx("data/changelog.toml"))["version"] == "2026.2"
    later = copy.deepcopy(doc)
    later["changes"][0]["version"] = "2026.3"
    with pytest.raises(PolicyError, match=r"changes\[0\]\.version.*later than"):
        SCHEMA.check(later, Ctx("data/changelog.toml"))
    neither = copy.deepcopy(doc)
    del neither["changes"][0]["old"], neither["changes"][0]["new"]
    with pytest.raises(PolicyError, match=r"changes\[0\]\.new"):
        SCHEMA.check(neither, Ctx("data/changelog.toml"))
    bad = copy.deepcopy(doc)
    bad["version"] = "v2"
    with pytest.raises(PolicyError, match=r"version: 'v2' is not a version"):
        SCHEMA.check(bad, Ctx("data/changelog.toml"))


def test_versions_sort_as_numbers() -> None:
    assert sorted(["2026.10", "2026.9", "2025.4"], key=version_key) == \
        ["2025.4", "2026.9", "2026.10"]

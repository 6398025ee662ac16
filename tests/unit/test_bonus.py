"""bonus: the ladder in its three modes, KPIs, proration, the special bonus, the errors."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import anything, decimals, percents

from calculators import bonus
from calculators.errors import CalculatorError
from calculators.policy import Policy, get_policy
from calculators.registry import CALCULATORS


def policy_with(**rules: Any) -> Policy:
    """The shipped policy with some bonus rules replaced (no files written)."""
    base = get_policy()
    areas = {name: copy.deepcopy(base[name]) for name in base}
    areas["bonus"].update(rules)
    return Policy(areas, base.data_dir)


def test_the_shipped_ladder_keeps_the_seed_points() -> None:
    ladder = {t["completion_pct"]: (t["payout_pct"], t["source"]) for t in
              get_policy()["bonus"]["ladder"]}
    assert (100, "seed") == ladder[100]
    assert (150, "seed") == ladder[120]
    assert "step" == get_policy()["bonus"]["mode"]


# Seed (000): 100 % pays 100 %, 120 % pays 150 %, and 110 % therefore pays 100 %.
@pytest.mark.parametrize(("completion", "target", "payout_pct", "payout"), [
    ("100%", "10000", "100.00", "10000.00"),
    ("120%", "10000", "150.00", "15000.00"),
    ("110%", "10000", "100.00", "10000.00"),
])
def test_seed_examples(completion: str, target: str, payout_pct: str, payout: str) -> None:
    result = bonus.compute(completion, target).as_json()
    assert payout_pct == result["payout_pct"]
    assert payout == result["payout"]
    assert payout == result["total"]


# Every tier boundary of the shipped step ladder, just below and at.
@pytest.mark.parametrize(("completion", "tier", "payout_pct"), [
    ("0", None, "0.00"), ("79.99%", None, "0.00"), ("80%", 1, "50.00"), ("89.99%", 1, "50.00"),
    ("90%", 2, "80.00"), ("99.99%", 2, "80.00"), ("100%", 3, "100.00"), ("119.99%", 3, "100.00"),
    ("120%", 4, "150.00"), ("149.99%", 4, "150.00"), ("150%", 5, "200.00"),
    ("1000%", 5, "200.00"), ("99.995%", 3, "100.00"),  # completion is rounded to 0.01 % first
])
def test_step_tiers(completion: str, tier: int | None, payout_pct: str) -> None:
    result = bonus.compute(completion, "10000").as_json()
    assert tier == result["tier"]
    assert payout_pct == result["payout_pct"]


@pytest.mark.parametrize(("completion", "payout_pct"), [
    ("79.99", "0.00"), ("80", "50.00"), ("85", "65.00"), ("95", "90.00"), ("100", "100.00"),
    ("110", "125.00"), ("120", "150.00"), ("135", "175.00"), ("150", "200.00"),
    ("200", "200.00"), ("101", "102.50"),
])
def test_linear_mode(completion: str, payout_pct: str) -> None:
    policy = policy_with(mode="linear")
    assert payout_pct == bonus.compute(completion, "10000", policy).as_json()["payout_pct"]


@pytest.mark.parametrize(("completion", "payout_pct"), [
    # 0-90 at 50 %, 90-100 at 80 %, 100-120 at 100 %, 120-150 at 150 %, above at 200 %
    ("79.99", "0.00"), ("80", "40.00"), ("85", "42.50"), ("100", "53.00"),
    ("120", "73.00"), ("150", "118.00"), ("160", "138.00"), ("200", "200.00"),
])
def test_marginal_mode(completion: str, payout_pct: str) -> None:
    policy = policy_with(mode="marginal")
    assert payout_pct == bonus.compute(completion, "10000", policy).as_json()["payout_pct"]


def test_threshold_and_cap_come_from_data() -> None:
    policy = policy_with(threshold_pct=Decimal(95), cap_pct=Decimal(120))
    assert "0.00" == bonus.compute("94.99", "100", policy).as_json()["payout_pct"]
    assert "80.00" == bonus.compute("95", "100", policy).as_json()["payout_pct"]
    assert "120.00" == bonus.compute("130", "100", policy).as_json()["payout_pct"]


@pytest.mark.parametrize(("target", "completion", "payout"), [
    ("333.33", "120%", "500.00"),     # 499.995 rounds half-up
    ("0", "120%", "0.00"),
    ("1.5万", "100%", "15000.00"),
    ("1,000", "90%", "800.00"),
    ("1000000000000000", "150%", "2000000000000000.00"),  # the largest amount accepted
    ("0.01", "80%", "0.01"),          # 0.005 rounds up
])
def test_amounts_round_half_up_once(target: str, completion: str, payout: str) -> None:
    assert payout == bonus.compute(completion, target).as_json()["payout"]


def test_weighted_kpis_with_a_lower_is_better_kpi() -> None:
    kpis = "营收:5000万:5500万:60%:higher; 获客成本:200:250:40%:lower"
    result = bonus.compute(None, "15000", kpis=kpis)
    data = result.as_json()
    assert ["110.00", "80.00"] == [k["completion_pct"] for k in data["kpis"]]
    assert "98.00" == data["completion_pct"]  # 110 × 60 % + 80 × 40 %
    assert "80.00" == data["payout_pct"]
    assert "12000.00" == data["payout"]


def test_one_kpi_cannot_carry_the_rest() -> None:
    kpis = [{"name": "A", "target": "100", "actual": "300", "weight": "50%"},
            {"name": "B", "target": "100", "actual": "80", "weight": "50%"}]
    data = bonus.compute(None, "10000", kpis=kpis).as_json()
    assert "150.00" == data["kpis"][0]["counted_pct"]
    assert "115.00" == data["completion_pct"]  # not 190
    assert "100.00" == data["payout_pct"]


@pytest.mark.parametrize(("kpis", "message"), [
    ("A:100:90:60%; B:100:90:30%", "100 %"),
    ("A:100:90", "name:target:actual:weight"),
    ("A:0:90:100%", "above zero"),
    ("A:100:0:100%:lower", "above zero"),
    ("A:100:90:100%:sideways", "not one of"),
    ("A:100:-1:100%", "negative"),
])
def test_bad_kpis(kpis: str, message: str) -> None:
    with pytest.raises(CalculatorError) as info:
        bonus.compute(None, "10000", kpis=kpis)
    assert "kpis" == info.value.field
    assert message in info.value.en


@pytest.mark.parametrize(("kw", "prorated", "pct"), [
    ({"period": "2026-Q3", "start_date": "2026-08-15"}, "6130.43", "51.09"),  # 47 of 92 days
    ({"period": "2026-07", "start_date": "2026-07-16"}, "6193.55", "51.61"),  # 16 of 31 days
    ({"period": "2026-08", "start_date": "2026-07-16"}, "12000.00", "100.00"),
    ({"days_in_role": "15"}, "6000.00", "50.00"),                          # 15 of 30 (data)
    ({"period": "quarter", "days_in_role": "45"}, "6000.00", "50.00"),     # 45 of 90 (data)
    ({"period": "2026-02", "days_in_role": "14"}, "6000.00", "50.00"),     # 14 of 28
    ({"days_in_role": "45"}, "12000.00", "100.00"),                        # capped at the period
])
def test_proration(kw: dict[str, str], prorated: str, pct: str) -> None:
    data = bonus.compute("95%", "15000", **kw).as_json()  # 80 % tier: 12000.00
    assert "12000.00" == data["payout"]
    assert prorated == data["prorated"]
    assert pct == data["proration_pct"]
    assert prorated == data["total"]


def test_a_start_date_without_a_period_asks_for_the_period() -> None:
    """Policy `without_period = "ask"`: nobody is silently prorated by a month."""
    with pytest.raises(CalculatorError) as info:
        bonus.compute("95%", "15000", start_date="2026-07-16")
    assert info.value.field == "period"
    assert "2026-Q3" in info.value.zh


def test_a_start_date_after_the_period_is_an_error_at_the_field() -> None:
    with pytest.raises(CalculatorError) as info:
        bonus.compute("95%", "15000", period="2026-07", start_date="2026-08-01")
    assert info.value.field == "start_date"
    assert "2026-07-31" in info.value.en and "晚于" in info.value.zh


def test_a_start_before_the_period_is_the_whole_period_and_the_days_are_shown() -> None:
    data = bonus.compute("95%", "15000", period="2026-Q3", start_date="2026-05-01").as_json()
    assert data["proration_pct"] == "100.00" and data["days_in_role"] == 92
    assert any("不折算" in s["zh"] for s in data["steps"])
    data = bonus.compute("95%", "15000", period="2026-Q3", start_date="2026-08-15").as_json()
    assert any("47 天" in s["zh"] and "2026-09-30" in s["zh"] for s in data["steps"])
    assert data["period_label"] == {"zh": "2026年第3季度", "en": "2026 Q3"}


def test_special_bonus_is_added_in_full() -> None:
    data = bonus.compute("120%", "10000", period="2026-07", start_date="2026-07-16",
                         special_bonus="5,000").as_json()
    assert "7741.94" == data["prorated"]  # 15000 × 16 / 31
    assert "5000.00" == data["special_bonus"]
    assert "12741.94" == data["total"]


def test_steps_explain_in_both_languages() -> None:
    result = bonus.compute("120%", "10000", special_bonus="1000")
    assert all(s.zh and s.en for s in result.steps)
    assert any("15,000.00 元" in s.zh and "¥15,000.00" in s.en for s in result.steps)
    assert any("16,000.00 元" in s.zh for s in result.steps)
    assert {"zh", "en"} == set(result.as_json()["steps"][0])


@pytest.mark.parametrize(("kw", "field"), [
    ({"completion": "abc", "target_bonus": "8000"}, "completion"),
    ({"completion": "-5%", "target_bonus": "8000"}, "completion"),
    ({"completion": "nan", "target_bonus": "8000"}, "completion"),
    ({"completion": "", "target_bonus": "8000"}, "completion"),
    ({"completion": "100%", "target_bonus": "-1"}, "target_bonus"),
    ({"completion": "100%", "target_bonus": "1e5"}, "target_bonus"),
    ({"completion": "100%", "target_bonus": None}, "target_bonus"),
    ({"completion": "100%", "target_bonus": "1" + "0" * 16}, "target_bonus"),
    ({"completion": "100%", "target_bonus": "1", "period": "weekly"}, "period"),
    ({"completion": "100%", "target_bonus": "1", "period": "2026"}, "period"),
    ({"completion": "100%", "target_bonus": "1", "start_date": "2026-02-30"}, "start_date"),
    ({"completion": "100%", "target_bonus": "1", "days_in_role": "1.5"}, "days_in_role"),
    ({"completion": "100%", "target_bonus": "1", "days_in_role": "3",
      "start_date": "2026-07-01"}, "days_in_role"),
    ({"completion": "100%", "target_bonus": "1", "special_bonus": "-1"}, "special_bonus"),
    ({"completion": "100%", "target_bonus": "1", "kpis": "A:1:1:100%"}, "completion"),
])
def test_errors_name_the_field(kw: dict[str, Any], field: str) -> None:
    args = {k: v for k, v in kw.items() if k not in ("completion", "target_bonus")}
    with pytest.raises(CalculatorError) as info:
        bonus.compute(kw.get("completion"), kw.get("target_bonus"), **args)
    assert field == info.value.field
    assert info.value.en and info.value.zh


@pytest.mark.parametrize("mode", ["step", "linear", "marginal"])
@given(a=decimals("0", "400"), b=decimals("0", "400"))
def test_payout_never_decreases_as_completion_rises(mode: str, a: Decimal, b: Decimal) -> None:
    policy = policy_with(mode=mode)
    lo, hi = sorted((a, b))
    low = bonus.compute(f"{lo}%", "10000", policy)
    high = bonus.compute(f"{hi}%", "10000", policy)
    assert low.payout <= high.payout
    assert high.payout_pct <= Decimal(policy["bonus"]["cap_pct"])


@given(completion=percents, target=decimals("0", "1000000"))
def test_payout_is_target_times_rate(completion: str, target: Decimal) -> None:
    result = bonus.compute(completion, str(target))
    assert (target * result.payout_pct / 100).quantize(Decimal("0.01"), "ROUND_HALF_UP") == \
        result.payout


@given(completion=anything, target=anything, kpis=st.one_of(st.none(), anything),
       period=anything, start=anything, days=anything, special=anything)
def test_only_documented_errors(completion: object, target: object, kpis: object, period: object,
                                start: object, days: object, special: object) -> None:
    try:
        result = bonus.compute(completion, target, kpis=kpis, period=period, start_date=start,
                               days_in_role=days, special_bonus=special)
    except CalculatorError as exc:
        assert exc.field in CALCULATORS["bonus"].inputs
    else:
        assert result.total >= 0

"""deviation: Table 3, directions, per-metric lines, escalation, zero plans, progress."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from strategies import anything, decimals, directions

from calculators import deviation
from calculators.errors import CalculatorError
from calculators.policy import Policy, get_policy
from calculators.registry import CALCULATORS


# Seed (002), Table 3: 500 万 planned, 380 万 actual -> -24 %; 200 万 vs 150 万 -> -25 %.
@pytest.mark.parametrize(("plan", "actual", "pct"), [
    ("500", "380", "-24.00"),
    ("500万", "380万", "-24.00"),
    ("200", "150", "-25.00"),
    ("200万元", "150万元", "-25.00"),
])
def test_seed_table_3(plan: str, actual: str, pct: str) -> None:
    data = deviation.check(plan, actual).as_json()
    assert pct == data["deviation_pct"]
    assert "warning" == data["status"]
    assert data["favourable"] is False


def test_seed_revenue_at_80_percent() -> None:  # 002: "revenue at 80 %, 20 % below plan"
    assert "-20.00" == deviation.check("5000", "4000").as_json()["deviation_pct"]


# The ±10 % line (seed), exactly on it is ok; the 30 % escalation line (company choice).
@pytest.mark.parametrize(("plan", "actual", "direction", "status", "favourable"), [
    ("100", "110", "higher", "ok", True),
    ("100", "110.01", "higher", "warning", True),
    ("100", "90", "higher", "ok", False),
    ("100", "89.99", "higher", "warning", False),
    ("100", "70", "higher", "warning", False),
    ("100", "69.99", "higher", "escalate", False),
    ("100", "200", "higher", "warning", True),      # favourable: analyse, do not escalate
    ("100", "131", "lower", "escalate", False),
    ("100", "50", "lower", "warning", True),
    ("100", "100", "higher", "ok", None),
    ("100", "131", "both", "escalate", None),
    ("100", "69", "both", "escalate", None),
    ("100", "85", "both", "warning", None),
    ("100", "-20", "higher", "escalate", False),    # a negative actual (refunds) is allowed
])
def test_lines(plan: str, actual: str, direction: str, status: str,
               favourable: bool | None) -> None:
    data = deviation.check(plan, actual, direction).as_json()
    assert status == data["status"]
    assert favourable == data["favourable"]


@pytest.mark.parametrize(("metric", "actual", "status", "owner"), [
    ("brand_exposure", "105", "ok", "品牌部"),          # Table 1: ±5 %
    ("曝光量", "105.01", "warning", "品牌部"),
    ("exposure", "94", "warning", "品牌部"),
    ("budget_spend", "111", "escalate", "营销经理"),   # seed: a budget overrun is a major risk
    ("预算", "89", "warning", "营销经理"),             # underspend: a warning only
    ("revenue", "89", "warning", "销售部"),
    ("获客成本", "111", "warning", "市场部"),            # lower is better
])
def test_metrics_from_data(metric: str, actual: str, status: str, owner: str) -> None:
    data = deviation.check("100", actual, metric=metric).as_json()
    assert status == data["status"]
    assert owner == data["owner"]["zh"]


def test_actions_with_owners() -> None:
    warning = deviation.check("100", "80", metric="revenue").as_json()["actions"]
    assert 2 == len(warning)
    assert ["销售部", "销售部"] == [a["owner"]["zh"] for a in warning]
    assert 24 == warning[1]["within_hours"]
    escalate = deviation.check("100", "50", metric="revenue").as_json()["actions"]
    assert 4 == len(escalate)
    assert "营销总监" == escalate[2]["owner"]["zh"]
    assert [] == deviation.check("100", "100").as_json()["actions"]


@pytest.mark.parametrize(("actual", "direction", "pct", "status", "favourable"), [
    ("0", "higher", "0.00", "ok", None),
    ("5", "higher", None, "warning", True),
    ("5", "lower", None, "escalate", False),
    ("5", "both", None, "escalate", None),
])
def test_a_zero_plan_is_defined_and_explained(actual: str, direction: str, pct: str | None,
                                              status: str, favourable: bool | None) -> None:
    result = deviation.check("0", actual, direction)
    data = result.as_json()
    assert pct == data["deviation_pct"]
    assert status == data["status"]
    assert favourable == data["favourable"]
    assert any("0" in s.zh for s in result.steps)


@pytest.mark.parametrize(("kw", "to_date", "pct"), [
    ({"progress": "50%"}, "500.00", "-20.00"),
    ({"elapsed_days": "15", "period_days": "30"}, "500.00", "-20.00"),
    ({"period": "2026-07", "as_of": "2026-07-15"}, "483.87", "-17.33"),       # 15 / 31 days
    ({"period": "2026-07", "as_of": "2026-07-15", "basis": "working"}, "478.26", "-16.36"),
    ({"period": "2026-10", "as_of": "2026-10-07", "basis": "工作日"}, "0.00", None),  # holiday
    ({"period": "2026-07", "as_of": "2026-08-15"}, "1000.00", "-60.00"),      # after: all of it
])
def test_plan_to_date(kw: dict[str, str], to_date: str, pct: str | None) -> None:
    data = deviation.check("1000", "400", **kw).as_json()
    assert to_date == data["plan_to_date"]
    assert pct == data["deviation_pct"]


def test_october_2026_working_days_follow_the_holiday_data() -> None:
    # 1–7 Oct off; Thu 8 and Fri 9 Oct work, Sat 10 Oct is a make-up working day.
    data = deviation.check("1800", "0", period="2026-10", as_of="2026-10-10",
                           basis="working").as_json()
    assert "300.00" == data["plan_to_date"]  # 3 of 18 working days


@pytest.mark.parametrize(("kw", "field"), [
    ({"plan": "x", "actual": "1"}, "plan"),
    ({"plan": "1", "actual": ""}, "actual"),
    ({"plan": "-1", "actual": "1"}, "plan"),
    ({"plan": "1", "actual": "1", "direction": "sideways"}, "direction"),
    ({"plan": "1", "actual": "1", "metric": "nope"}, "metric"),
    ({"plan": "1", "actual": "1", "progress": "120%"}, "progress"),
    ({"plan": "1", "actual": "1", "elapsed_days": "40", "period_days": "30"}, "elapsed_days"),
    ({"plan": "1", "actual": "1", "elapsed_days": "4"}, "period_days"),
    ({"plan": "1", "actual": "1", "period": "2026-13", "as_of": "2026-07-01"}, "period"),
    ({"plan": "1", "actual": "1", "period": "2026-07"}, "as_of"),
    ({"plan": "1", "actual": "1", "period": "2027-07", "as_of": "2027-07-02",
      "basis": "working"}, "period"),                                # no 2027 holiday data yet
    ({"plan": "nan", "actual": "1"}, "plan"),
])
def test_errors_name_the_field(kw: dict[str, Any], field: str) -> None:
    with pytest.raises(CalculatorError) as info:
        deviation.check_row(kw)
    assert field == info.value.field
    assert info.value.en and info.value.zh


def test_escalation_line_comes_from_data() -> None:
    base = get_policy()
    areas = {name: copy.deepcopy(base[name]) for name in base}
    areas["deviation"]["escalate_pct"] = Decimal(20)
    policy = Policy(areas, base.data_dir)
    assert "escalate" == deviation.check("500", "380", policy=policy).as_json()["status"]


@given(plan=decimals("0.01", "1000000"), actual=decimals("0", "1000000"))
def test_sign_flips_with_direction(plan: Decimal, actual: Decimal) -> None:
    assume(plan != actual)
    up = deviation.check(str(plan), str(actual), "higher")
    down = deviation.check(str(plan), str(actual), "lower")
    both = deviation.check(str(plan), str(actual), "both")
    assert up.deviation_pct == down.deviation_pct == both.deviation_pct
    assert up.favourable is (not down.favourable)
    assert both.favourable is None
    assert (up.deviation > 0) is up.favourable


@given(plan=decimals("0", "1000000"), actual=decimals("-1000", "1000000"), way=directions)
def test_status_grows_with_the_deviation(plan: Decimal, actual: Decimal, way: str) -> None:
    result = deviation.check(str(plan), str(actual), way)
    order = {"ok": 0, "warning": 1, "escalate": 2}
    if result.deviation_pct is not None and abs(result.deviation_pct) <= 10:
        assert "ok" == result.status
    if result.deviation_pct is not None and abs(result.deviation_pct) > 10:
        assert order[result.status] >= 1


@given(plan=anything, actual=anything, direction=anything, metric=anything, progress=anything,
       elapsed=anything, days=anything, period=anything, as_of=anything, basis=anything)
def test_only_documented_errors(plan: object, actual: object, direction: object, metric: object,
                                progress: object, elapsed: object, days: object, period: object,
                                as_of: object, basis: object) -> None:
    try:
        result = deviation.check(plan, actual, direction, metric=metric, progress=progress,
                                 elapsed_days=elapsed, period_days=days, period=period,
                                 as_of=as_of, basis=basis)
    except CalculatorError as exc:
        assert exc.field in CALCULATORS["deviation"].inputs
    else:
        assert result.status in ("ok", "warning", "escalate")

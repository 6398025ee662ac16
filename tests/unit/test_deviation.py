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
from calculators.policy import Policy
from calculators.registry import CALCULATORS


# The fixture (tests/fixtures/policy/deviation.toml): warning beyond ±20 %, escalation
# beyond 50 %; cost (lower is better) warns at ±5 %; budget (two-sided) escalates beyond
# 40 % and on any overrun beyond the warning line.
@pytest.mark.parametrize(("plan", "actual", "pct", "status"), [
    ("400", "300", "-25.00", "warning"),
    ("400万", "300万", "-25.00", "warning"),
    ("80", "100", "25.00", "warning"),
    ("3", "2", "-33.33", "warning"),
    ("3", "3", "0.00", "ok"),
])
def test_deviation_percent(policy: Policy, plan: str, actual: str, pct: str, status: str) -> None:
    data = deviation.check(plan, actual, policy=policy).as_json()
    assert pct == data["deviation_pct"]
    assert status == data["status"]


# The lines: exactly on a line is inside it.
@pytest.mark.parametrize(("plan", "actual", "direction", "status", "favourable"), [
    ("100", "120", "higher", "ok", True),
    ("100", "120.01", "higher", "warning", True),
    ("100", "80", "higher", "ok", False),
    ("100", "79.99", "higher", "warning", False),
    ("100", "50", "higher", "warning", False),
    ("100", "49.99", "higher", "escalate", False),
    ("100", "300", "higher", "warning", True),      # favourable: analyse, do not escalate
    ("100", "151", "lower", "escalate", False),
    ("100", "40", "lower", "warning", True),
    ("100", "100", "higher", "ok", None),
    ("100", "151", "both", "escalate", None),
    ("100", "49", "both", "escalate", None),
    ("100", "75", "both", "warning", None),
    ("100", "-20", "higher", "escalate", False),    # a negative actual (refunds) is allowed
])
def test_lines(policy: Policy, plan: str, actual: str, direction: str, status: str,
               favourable: bool | None) -> None:
    data = deviation.check(plan, actual, direction, policy).as_json()
    assert status == data["status"]
    assert favourable == data["favourable"]
    assert ("20.00", "50.00") == (data["warning_pct"], data["escalate_pct"])


@pytest.mark.parametrize(("metric", "actual", "status", "owner"), [
    ("cost", "105", "ok", "财务"),               # its own ±5 % line
    ("成本", "105.01", "warning", "财务"),
    ("COST", "94", "warning", "财务"),           # favourable, still beyond its line
    ("budget", "121", "escalate", "经理"),       # an overrun beyond the warning line
    ("spend", "79", "warning", "经理"),          # underspend: a warning only
    ("预算", "59", "escalate", "经理"),           # beyond its own 40 % escalation line
    ("revenue", "79", "warning", "销售"),
    ("营收", "49", "escalate", "销售"),
])
def test_metrics_from_data(policy: Policy, metric: str, actual: str, status: str,
                           owner: str) -> None:
    data = deviation.check("100", actual, metric=metric, policy=policy).as_json()
    assert status == data["status"]
    assert owner == data["owner"]["zh"]


def test_actions_with_owners(policy: Policy) -> None:
    warning = deviation.check("100", "70", metric="revenue", policy=policy).as_json()["actions"]
    assert [("分析原因", "销售", 48)] == \
        [(a["zh"], a["owner"]["zh"], a["within_hours"]) for a in warning]
    escalate = deviation.check("100", "40", metric="revenue", policy=policy).as_json()["actions"]
    assert [("分析原因", "销售", 48), ("上报总监", "总监", None)] == \
        [(a["zh"], a["owner"]["zh"], a["within_hours"]) for a in escalate]
    plain = deviation.check("100", "70", policy=policy).as_json()["actions"]
    assert ["负责人"] == [a["owner"]["zh"] for a in plain]  # default_owner
    assert [] == deviation.check("100", "100", policy=policy).as_json()["actions"]


@pytest.mark.parametrize(("actual", "direction", "pct", "status", "favourable"), [
    ("0", "higher", "0.00", "ok", None),
    ("5", "higher", None, "warning", True),
    ("5", "lower", None, "escalate", False),
    ("5", "both", None, "escalate", None),
])
def test_a_zero_plan_is_defined_and_explained(policy: Policy, actual: str, direction: str,
                                              pct: str | None, status: str,
                                              favourable: bool | None) -> None:
    result = deviation.check("0", actual, direction, policy)
    data = result.as_json()
    assert pct == data["deviation_pct"]
    assert status == data["status"]
    assert favourable == data["favourable"]
    assert any("0" in s.text("zh") for s in result.steps)


# The fixture calendar: July 2026 has 21 working days (6th-8th off, Saturday 11th worked),
# October 21 (1st-4th off, Saturday 10th worked).
@pytest.mark.parametrize(("kw", "to_date", "pct"), [
    ({"progress": "50%"}, "500.00", "-20.00"),
    ({"elapsed_days": "15", "period_days": "30"}, "500.00", "-20.00"),
    ({"period": "2026-07", "as_of": "2026-07-15"}, "483.87", "-17.33"),       # 15 / 31 days
    ({"period": "2026-07", "as_of": "2026-07-15", "basis": "working"}, "428.57", "-6.67"),  # 9/21
    ({"period": "2026-10", "as_of": "2026-10-04", "basis": "工作日"}, "0.00", None),  # holiday
    ({"period": "2026-07", "as_of": "2026-08-15"}, "1000.00", "-60.00"),      # after: all of it
    ({"period": "2026-07", "as_of": "2026-06-30"}, "0.00", None),             # before it starts
])
def test_plan_to_date(policy: Policy, kw: dict[str, str], to_date: str, pct: str | None) -> None:
    data = deviation.check("1000", "400", policy=policy, **kw).as_json()
    assert to_date == data["plan_to_date"]
    assert pct == data["deviation_pct"]


def test_make_up_working_days_count(policy: Policy) -> None:
    # 1-4 Oct off; Mon 5 to Fri 9 Oct work, Sat 10 Oct is a make-up working day: 6 of 21.
    data = deviation.check("2100", "0", period="2026-10", as_of="2026-10-10",
                           basis="working", policy=policy).as_json()
    assert "600.00" == data["plan_to_date"]


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
      "basis": "working"}, "period"),                                # no 2027 in the calendar
    ({"plan": "nan", "actual": "1"}, "plan"),
    ({"plan": "1", "actual": "1", "metric": "brand_exposure"}, "metric"),  # not a fixture metric
])
def test_errors_name_the_field(policy: Policy, kw: dict[str, Any], field: str) -> None:
    with pytest.raises(CalculatorError) as info:
        deviation.check_row(kw, policy)
    assert field == info.value.field
    assert info.value.en and info.value.zh


def test_escalation_line_comes_from_data(policy: Policy) -> None:
    assert "warning" == deviation.check("400", "300", policy=policy).as_json()["status"]
    areas = {name: copy.deepcopy(policy[name]) for name in policy}
    areas["deviation"]["escalate_pct"] = Decimal(24)
    changed = Policy(areas, policy.data_dir)
    assert "escalate" == deviation.check("400", "300", policy=changed).as_json()["status"]


@given(plan=decimals("0.01", "1000000"), actual=decimals("0", "1000000"))
def test_sign_flips_with_direction(policy: Policy, plan: Decimal, actual: Decimal) -> None:
    assume(plan != actual)
    up = deviation.check(str(plan), str(actual), "higher", policy)
    down = deviation.check(str(plan), str(actual), "lower", policy)
    both = deviation.check(str(plan), str(actual), "both", policy)
    assert up.deviation_pct == down.deviation_pct == both.deviation_pct
    assert up.favourable is (not down.favourable)
    assert both.favourable is None
    assert (up.deviation > 0) is up.favourable


@given(plan=decimals("0", "1000000"), actual=decimals("-1000", "1000000"), way=directions)
def test_status_follows_the_lines(policy: Policy, plan: Decimal, actual: Decimal,
                                  way: str) -> None:
    result = deviation.check(str(plan), str(actual), way, policy)
    pct = result.deviation_pct
    if pct is None:  # a zero plan with an actual: beyond every line
        assert result.status in ("warning", "escalate")
    elif abs(pct) <= 20:
        assert "ok" == result.status
    elif abs(pct) <= 50 or result.favourable is True:
        assert "warning" == result.status
    else:
        assert "escalate" == result.status


@given(plan=anything, actual=anything, direction=anything, metric=anything, progress=anything,
       elapsed=anything, days=anything, period=anything, as_of=anything, basis=anything)
def test_only_documented_errors(policy: Policy, plan: object, actual: object, direction: object,
                                metric: object, progress: object, elapsed: object, days: object,
                                period: object, as_of: object, basis: object) -> None:
    try:
        result = deviation.check(plan, actual, direction, policy, metric=metric, progress=progress,
                                 elapsed_days=elapsed, period_days=days, period=period,
                                 as_of=as_of, basis=basis)
    except CalculatorError as exc:
        assert exc.field in CALCULATORS["deviation"].inputs
    else:
        assert result.status in ("ok", "warning", "escalate")

"""deviation: Table 3, directions, per-metric lines, escalation, zero plans, progress."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from strategies import amounts, anything, decimals, directions, percents

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


# ------------------------------------------------------------ batch_row ---
# batch_row works the usual row (no progress from days or a dated period) itself, with its
# metric's line, direction and progress kept per text and policy: it must give, cell for
# cell and error for error, what the plain path gives (the result built, explained).

def plain_path(row: dict[str, Any], policy: Policy, lang: str = "zh") -> dict[str, str]:
    """The cells of batch_cells(check_row(row, policy, True)), or the error's every wording."""
    try:
        return deviation.batch_cells(deviation.check_row(row, policy, True), lang)
    except CalculatorError as exc:
        return {"error": "yes", **exc.as_dict()}


def quick_path(row: dict[str, Any], policy: Policy, lang: str = "zh") -> dict[str, str]:
    try:
        return deviation.batch_row(row, policy, lang)
    except CalculatorError as exc:
        return {"error": "yes", **exc.as_dict()}


def assert_same(row: dict[str, Any], policy: Policy, lang: str = "zh") -> dict[str, str]:
    """batch_row gives the plain path's cells or error, the first time (kept) and again."""
    want = plain_path(row, policy, lang)
    assert want == quick_path(row, policy, lang), row
    assert want == quick_path(row, policy, lang), row
    return want


def usual(plan: object = "400", actual: object = "300", **more: object) -> dict[str, object]:
    """A row as a batch file gives it: every column present, the unused ones empty."""
    return {"project": "X1", "plan": plan, "actual": actual, "direction": "", "metric": "",
            "progress": "", "elapsed_days": "", "period_days": "", "period": "", "as_of": "",
            "basis": "", **more}


# The fixture's lines: ±20 % warns, beyond 50 % escalates; cost warns at ±5 %; budget is
# two-sided, escalates beyond 40 % and on any overrun beyond its warning line.
BATCH_EDGES = [
    usual(), usual("400", "400"), usual("400", "320"), usual("400", "319.99"),
    usual("400", "480"), usual("400", "480.01"), usual("400", "200"), usual("400", "199.99"),
    usual("400", "600.01"), usual("0", "0"), usual("0", "5"), usual("0", "5", direction="lower"),
    usual("0.01", "0"), usual("3", "2"), usual("-5", "3"), usual("-0", "0"), usual("5", "-3"),
    usual("abc", "3"), usual("3", "abc"), usual("abc", "-5"), usual("", "3"), usual("3", " "),
    usual("20.000", "3"), usual("5000万", "4600万"), usual("1.5亿", "1亿"),
    usual("１２０", "１００"),
    usual("1" + "0" * 16, "1"), usual("400", "1e9"), usual("nan", "1"), usual(" 400 ", "300元"),
    usual(direction="lower"), usual(direction="both"), usual(direction="越低越好"),
    usual(direction="  Higher "), usual(direction="sideways"), usual("abc", direction="sideways"),
    usual(metric="revenue"), usual(metric="营收"), usual(metric="銷售額"), usual(metric=" Cost "),
    usual("100", "104", metric="cost"), usual("100", "106", metric="cost"),
    usual("100", "94", metric="cost"), usual(metric="budget"), usual("100", "121", metric="budget"),
    usual("100", "79", metric="spend"), usual("100", "59", metric="budget"),
    usual(metric="budget", direction="higher"), usual(metric="nope"),
    usual("abc", metric="nope"), usual(metric="nope", progress="200%"),
    usual(progress="50%"), usual(progress="0.5"), usual(progress="0"), usual(progress="0%"),
    usual("400", "0", progress="0"), usual("400", "5", progress="0"), usual(progress="100%"),
    usual(progress="100.01%"), usual(progress="-1%"), usual(progress="５０％"),
    usual(progress="abc"), usual("abc", progress="abc"), usual(progress="  "),
    usual("333.33", "100", progress="33.33%"), usual("0.03", "0.01", progress="50%"),
    usual(elapsed_days="10", period_days="30"), usual(elapsed_days="40", period_days="30"),
    usual(period="2026-07", as_of="2026-07-15"), usual(period="2026-07", as_of="x"),
    usual(period="2026-07", as_of="2026-07-15", basis="working"), usual(basis="working"),
    usual(elapsed_days="  "), usual(400, 300), usual("400", 300), usual(Decimal("400"), "300"),
    usual(metric=3), usual(direction=1), usual(progress=0.5), usual(progress=True),
    usual(None, "300"), usual("400", None), usual(metric=None, direction=None, progress=None),
    {"plan": "400", "actual": "300"}, {"plan": "400"}, {},
]


@pytest.mark.parametrize("lang", ["zh", "en", "zh-Hant"])
@pytest.mark.parametrize("row", BATCH_EDGES, ids=repr)
def test_batch_row_equals_the_plain_path(policy: Policy, lang: str,
                                         row: dict[str, Any]) -> None:
    assert_same(row, policy, lang)


def test_batch_row_edges_reach_every_status_and_error(policy: Policy) -> None:
    """The table above is not all one case: it meets each status, a missing deviation %,
    and an error on each input it checks."""
    seen = [plain_path(row, policy) for row in BATCH_EDGES]
    assert {"ok", "warning", "escalate"} <= {s.get("status") for s in seen}
    assert "" in {s.get("deviation_pct") for s in seen}
    assert {"plan", "actual", "direction", "metric", "progress", "elapsed_days",
            "as_of"} <= {s.get("field") for s in seen}


def test_batch_row_takes_the_usual_row_without_check(policy: Policy,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick path is the one tested above: the usual row never reaches check()."""
    rows = [usual(p, a, metric=m, progress=g) for p, a in (("400", "300"), ("5000万", "5200万"))
            for m in ("", "cost", "budget") for g in ("", "50%")]
    want = [plain_path(row, policy) for row in rows]

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the usual row went through check()")

    monkeypatch.setattr(deviation, "check_row", refused)
    assert want == [deviation.batch_row(row, policy, "zh") for row in rows]


def test_batch_row_keeps_lines_per_policy(policy: Policy) -> None:
    """A changed policy is a new rules table: nothing kept for another one is reused."""
    row = usual("400", "290", metric="revenue")
    first = assert_same(row, policy)
    areas = {name: copy.deepcopy(policy[name]) for name in policy}
    areas["deviation"]["metrics"]["revenue"]["warning_pct"] = Decimal(30)
    areas["deviation"]["metrics"]["revenue"]["owner"] = {"zh": "财务部", "en": "Finance"}
    changed = Policy(areas, policy.data_dir)
    then = assert_same(row, changed)
    assert (first["status"], then["status"]) == ("warning", "ok")
    assert assert_same(usual("400", "100", metric="revenue"), changed)["owner"] == "财务部"
    assert assert_same(row, policy) == first


def test_batch_row_starts_afresh_past_its_size(policy: Policy,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deviation, "_QUICK_SIZE", 3)
    for i in range(20):
        assert_same(usual(str(400 + i), str(300 + i * 9), progress=f"{i * 5}%",
                          metric=("", "cost", "budget", "营收")[i % 4]), policy, "en")


def test_batch_row_keeps_text_only(policy: Policy) -> None:
    """1 and True (or 0 and False) are equal keys in a dict but not equal inputs: a cell
    that is not text (an XLSX's) is never answered from what another cell left."""
    for value in (1, True, "1", 0, False, 1.0, "True"):
        for name in ("progress", "direction", "metric"):
            assert_same(usual(**{name: value}), policy)


def test_the_registry_runs_batch_rows_with_batch_row() -> None:
    assert CALCULATORS["deviation"].batch_row is deviation.batch_row


_BATCH_CELLS = st.one_of(anything, st.sampled_from(["", "  ", None]))


@given(plan=st.one_of(amounts, _BATCH_CELLS), actual=st.one_of(amounts, _BATCH_CELLS),
       direction=st.one_of(st.sampled_from(["", "higher", "lower", "both", "反向", "x"]),
                           _BATCH_CELLS),
       metric=st.sampled_from(["", "revenue", "cost", "budget", "spend", "营收", "nope", None]),
       progress=st.one_of(percents, st.sampled_from(["", "0.5", "1", "100.5%", "-1%"]),
                          _BATCH_CELLS),
       dated=st.sampled_from([{}, {"elapsed_days": "3", "period_days": "10"},
                              {"period": "2026-Q3", "as_of": "2026-08-15"},
                              {"period": "", "as_of": "", "basis": ""}]),
       lang=st.sampled_from(["zh", "en", "zh-Hant"]))
def test_batch_row_is_the_plain_path_for_any_row(policy: Policy, plan: object, actual: object,
                                                 direction: object, metric: object,
                                                 progress: object, dated: dict[str, str],
                                                 lang: str) -> None:
    assert_same(usual(plan, actual, direction=direction, metric=metric, progress=progress,
                      **dated), policy, lang)

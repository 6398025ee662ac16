"""The data files carry the source documents' figures, unchanged: the one test file that
pins the real data/.

Expected values are written here, from the source documents (000–004) and the company's
documented choices, not read from the data: a policy owner who changes one of these
figures changes a fact, and this test says so. The other unit tests compute with the
small fixture policy in tests/fixtures/policy/; the end-to-end checks of the CLI and of
web.handle (which always use the shipped data) are here too.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from calculators import bonus, deviation, split, web
from calculators.__main__ import main
from calculators.errors import CalculatorError
from calculators.policy import Policy
from calculators.registry import CALCULATORS
from handbook.policy import get as get_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return get_policy()


def crit(c: dict[str, Any]) -> tuple[str, Decimal, str]:
    return c["op"], Decimal(c["value"]), c["unit"]


ONE_YEAR_TARGETS = {  # 000: the one-year targets
    "per_capita_contribution": ("overall", "+", 30, "pct"),
    "core_project_success": ("overall", ">=", 85, "pct"),
    "team_retention": ("overall", "=", 90, "pct"),
    "core_post_match": ("team", ">=", 95, "pct"),
    "training_coverage": ("team", "=", 100, "pct"),
    "training_hours": ("team", ">=", 40, "hours"),
    "assessment_pass": ("team", ">=", 90, "pct"),
    "target_achievement": ("performance", ">=", 90, "pct"),
    "per_capita_sales": ("performance", "+", 30, "pct"),
    # 000: the core indicators are "optimised" by 20 %: acquisition cost goes DOWN
    "core_cac": ("performance", "-", 20, "pct"),
    "core_conversion": ("performance", "+", 20, "pct"),
    "core_repurchase": ("performance", "+", 20, "pct"),
    "marketing_roi": ("performance", "+", 25, "pct"),
    "execution_cycle": ("process", "-", 20, "pct"),
    "cross_department_response": ("process", "<=", 24, "hours"),
    "collaboration_efficiency": ("process", "+", 30, "pct"),
    "employee_satisfaction": ("culture", ">=", 85, "pct"),
    "core_staff_retention": ("culture", ">=", 90, "pct"),
    "voluntary_turnover": ("culture", "<=", 8, "pct"),
}


def test_one_year_targets(policy: Policy) -> None:
    targets = policy["goals"]["targets"]
    assert set(targets) == set(ONE_YEAR_TARGETS)
    for key, (area, op, value, unit) in ONE_YEAR_TARGETS.items():
        assert targets[key]["area"] == area, key
        assert crit(targets[key]) == (op, Decimal(value), unit), key


def test_training_targets(policy: Policy) -> None:
    t = policy["training"]
    assert (t["coverage_pct"], t["hours_per_person"], t["assessment_pass_pct"]) == (100, 40, 90)


def test_slas_and_deadlines(policy: Policy) -> None:
    c = policy["communication"]
    assert c["urgent"]["response_hours"] == 2
    assert c["urgent"]["solution_hours"] == 24
    assert c["cross_department"]["response_hours"] == 24
    assert c["meetings"]["minutes_hours"] == 24
    assert c["daily_report"]["due_time"] == dt.time(17, 0)
    assert (c["weekly_meeting"]["weekday"], c["weekly_meeting"]["time"]) == ("monday",
                                                                             dt.time(16, 0))
    r = policy["retrospectives"]["deadlines"]
    assert r["monthly_due_day_of_next_month"] == 3
    assert r["project_within_days"] == 3
    assert policy["retrospectives"]["improvements"]["example"]["load_seconds"] == 3
    t = policy["tasks"]
    assert t["tracking"]["standup_minutes"] == 15
    assert t["tracking"]["status_update_time"] == dt.time(17, 0)
    assert t["tracking"]["weekly_tasks_times_per_week"] == 3
    assert t["load"]["max_p0_per_person"] == 2
    assert [p["id"] for p in t["priorities"]] == ["P0", "P1", "P2", "P3"]
    assert policy["monitoring"]["max_core_metrics"] == 5
    assert policy["roles"]["pipeline"]["mentor_months"] == 3
    assert policy["star"]["top_pct"] == 10
    assert policy["star"]["cadence"] == "monthly"


def test_checkpoints_and_examples(policy: Policy) -> None:
    phases = {p["id"]: p.get("checkpoint") for p in policy["monitoring"]["launch"]["phases"]}
    assert crit(phases["warm_up"]) == (">=", 500, "wan")
    assert crit(phases["burst"]) == (">=", 5, "pct")
    ex = policy["monitoring"]["comparison_example"]
    assert (ex["completion_pct"], ex["shortfall_pct"]) == (80, 20)
    q = policy["goals"]["quarter_example"]
    assert (q["revenue_wan_yuan"], q["new_customers_growth_pct"]) == (5000, 30)


def rows(policy: Policy, n: int) -> list[dict[str, Any]]:
    (t,) = [t for t in policy["templates"]["templates"] if t["number"] == n]
    return t["rows"]


def columns(policy: Policy, n: int) -> list[str]:
    (t,) = [t for t in policy["templates"]["templates"] if t["number"] == n]
    return [c["title"]["zh"] for c in t["columns"]]


def test_table_1_quarterly_targets(policy: Policy) -> None:
    assert columns(policy, 1) == ["目标维度", "季度目标值", "月度拆解（1月/2月/3月）", "缓冲",
                                  "含缓冲的月度分配（1月/2月/3月）",
                                  "责任部门/人", "关键动作", "完成标准"]
    got = [(r["quarter"], r["months"], [crit(c) for c in r["standard"]])
           for r in rows(policy, 1)]
    assert got == [
        (5000, [1600, 1700, 1700], [(">=", 95, "pct")]),
        (300, [90, 100, 110], [(">=", 25, "pct")]),
        (10000, [3000, 3500, 3500], [("±", 5, "pct"), (">=", 8, "pct")]),
    ]
    assert "小王" in rows(policy, 1)[1]["owner"]["zh"]
    assert "李姐" in rows(policy, 1)[2]["owner"]["zh"]


def test_table_1_applies_the_buffer(policy: Policy) -> None:
    """002 asks for 10–15 % elasticity when splitting: the example shows it applied (the
    source's months add up to the quarter exactly, the assigned months carry the buffer)."""
    buffer = policy["decomposition"]["buffer"]
    for r in rows(policy, 1):
        assert sum(r["months"]) == r["quarter"]
        assert buffer["min_pct"] <= r["buffer_pct"] <= buffer["max_pct"]
        assert sum(r["assigned"]) == r["quarter"] * (100 + r["buffer_pct"]) / 100
        assert all(a >= m for a, m in zip(r["assigned"], r["months"], strict=True))


def test_table_2_task_tracking(policy: Policy) -> None:
    assert columns(policy, 2) == ["任务名称", "任务描述", "负责人", "协作人", "开始时间",
                                  "结束时间", "优先级", "交付物", "进度状态", "阻塞原因（如有）"]
    got = [(r["owner"]["zh"], r["start"], r["end"], r["priority"], r["status"])
           for r in rows(policy, 2)]
    assert got == [
        ("小王", dt.date(2023, 9, 1), dt.date(2023, 9, 7), "P1", "in_progress"),
        ("赵四", dt.date(2023, 9, 5), dt.date(2023, 9, 15), "P0", "not_started"),
        ("小张", dt.date(2023, 9, 10), dt.date(2023, 9, 18), "P2", "in_progress"),
    ]


def test_table_3_monitoring(policy: Policy) -> None:
    got = [((r["plan"]["value"], r["plan"]["unit"]), r["actual"]["value"], r["deviation"],
            r["due"]) for r in rows(policy, 3)]
    assert got == [
        ((500, "wan"), 380, -24, dt.date(2023, 9, 20)),
        ((200, "wan_yuan"), 150, -25, dt.date(2023, 6, 18)),
    ]


def test_table_4_monthly_review(policy: Policy) -> None:
    got = [(r["review"]["plan"], r["review"]["actual"], r["review"]["unit"], r["due"])
           for r in rows(policy, 4)]
    assert got == [(5000, 4500, "wan_yuan", dt.date(2023, 10, 15)),
                   (300, 280, "customers", dt.date(2023, 10, 30))]
    assert "3%" in rows(policy, 4)[0]["gap"]["zh"] and "2.5%" in rows(policy, 4)[0]["gap"]["zh"]
    assert "80" in rows(policy, 4)[1]["gap"]["zh"] and "50" in rows(policy, 4)[1]["gap"]["zh"]


def test_table_5_collaboration_request(policy: Policy) -> None:
    assert columns(policy, 5) == ["需求描述", "需求部门", "承接部门", "协作事项", "交付时间",
                                  "责任人", "状态", "确认签字（承接方）"]
    got = [(r["requester"]["zh"], r["receiver"]["zh"], r["delivery"], r["status"])
           for r in rows(policy, 5)]
    assert got == [("市场部", "设计部", dt.date(2023, 9, 25), "done"),
                   ("销售部", "数据部", dt.date(2023, 10, 10), "in_progress")]


def test_every_file_carries_version_date_and_owner(policy: Policy) -> None:
    for area in policy:
        doc = policy[area]
        assert doc["version"] and isinstance(doc["effective_from"], dt.date), area
        assert doc["owner"]["zh"] and doc["owner"]["en"], area


def names(labels: list[dict[str, str]]) -> set[str]:
    return {x["zh"] for x in labels}


def test_every_role_sits_in_the_structure(policy: Policy) -> None:
    """004's scope (营销经理, 营销主管, 销售人员, 市场专员) and every role a procedure or
    approval names is in one of the three layers (市场专员 = the execution specialists)."""
    roles = policy["roles"]
    in_layers = [r["zh"] for layer in roles["layers"] for r in layer["roles"]]
    assert len(in_layers) == len(set(in_layers)), "a role in two layers"
    placement = roles["placement"]
    assert placement["source"] == "company"
    assert placement["specialists"]["zh"] == "市场专员"       # 004's own word
    assert names(placement["specialist_roles"]) <= set(in_layers)
    for name in names(roles["scope"]) - {placement["specialists"]["zh"]}:
        assert name in in_layers, name
    assert "营销主管" in names(roles["layers"][0]["roles"])   # drafts the monthly plan
    assert "销售人员" in names(roles["layers"][1]["roles"])
    others = {"公司管理层", "法务部门", "财务部门", "营销团队", "申请人"}
    for chain in policy["approvals"]["chains"]:
        for step in chain["steps"]:
            who = step["role"]["zh"]
            assert who in in_layers or who in others or who == "市场专员", (chain["id"], who)


def test_no_second_name_for_the_specialists(policy: Policy) -> None:
    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            assert "营销专员" not in v, v
    for area in policy:
        walk(policy[area])


def test_appraisal_and_bonus_cadence_is_decided_per_role(policy: Policy) -> None:
    """004 allows a monthly or quarterly appraisal; which role gets which is a company
    choice, written down for every role of the structure."""
    cadence = policy["performance"]["cadence"]
    assert {c["source"] for c in cadence} == {"company"}
    listed = " ".join(c["roles"]["zh"] for c in cadence)
    for layer in policy["roles"]["layers"]:
        for role in layer["roles"]:
            assert listed.count(role["zh"]) == 1, role["zh"]
    assert {c["appraisal"]["zh"] for c in cadence} == {"月度", "季度"}


# ------------------------------------------------------------ calculators ---
# The calculators with the shipped data (their default policy): the figures readers get.

def test_bonus_rules(policy: Policy) -> None:
    b = policy["bonus"]
    assert (b["mode"], b["threshold_pct"], b["cap_pct"], b["kpi_cap_pct"]) == ("step", 80, 200, 150)
    assert (b["proration"]["month_days"], b["proration"]["quarter_days"]) == (30, 90)
    ladder = [(t["completion_pct"], t["payout_pct"], t["source"]) for t in b["ladder"]]
    assert ladder == [(80, 50, "company"), (90, 80, "company"), (100, 100, "seed"),
                      (120, 150, "seed"), (150, 200, "company")]


# Seed (000): 100 % pays 100 %, 120 % pays 150 %, and 110 % therefore pays 100 %.
@pytest.mark.parametrize(("completion", "payout_pct", "payout"), [
    ("100%", "100.00", "10000.00"), ("120%", "150.00", "15000.00"),
    ("110%", "100.00", "10000.00"), ("79.99%", "0.00", "0.00"), ("80%", "50.00", "5000.00"),
    ("90%", "80.00", "8000.00"), ("150%", "200.00", "20000.00"),
])
def test_bonus_seed_examples(completion: str, payout_pct: str, payout: str) -> None:
    result = bonus.compute(completion, "10000").as_json()
    assert (payout_pct, payout, payout) == (result["payout_pct"], result["payout"],
                                            result["total"])


def test_bonus_proration_without_dates_counts_30_days() -> None:
    assert "6000.00" == bonus.compute("95%", "15000", days_in_role="15").as_json()["prorated"]


# Seed (002): Q3 5,000 万 -> about 1,667 万 a month -> about 417 万 a week.
def test_split_seed_q3() -> None:
    months = split.split("5000万", period="2026-Q3", into="month").as_json()
    assert ["1667", "1667", "1666"] == [p["value"] for p in months["parts"]]
    weeks = [p["value"] for p in split.split("5000万", period="2026-Q3", into="week")
             .as_json()["parts"]]
    assert 12 == len(weeks)                            # 4 planning weeks a month
    assert ["417", "417", "417", "416"] == weeks[:4]


def test_split_seed_table_1_and_buffer() -> None:
    result = split.split("5000", "16,17,17", unit="wan_yuan").as_json()
    assert ["1600", "1700", "1700"] == [p["value"] for p in result["parts"]]
    d = split.split("1000", parts="3", buffer="10%").as_json()   # seed: 10 %-15 % elasticity
    assert "1100.00" == d["total"]
    with pytest.raises(CalculatorError, match="10 %–15 %"):
        split.split("1000", parts="3", buffer="16%")


def test_2026_working_days_follow_the_state_council_notice() -> None:
    result = split.split("2480", unit="customers", period="2026", into="month", basis="working")
    # 2026 working days: 21 16 22 21 19 21 23 21 22 18 21 23 = 248
    assert ["210", "160", "220", "210", "190", "210", "230", "210", "220", "180", "210",
            "230"] == [p["value"] for p in result.as_json()["parts"]]
    # 1-7 Oct off; Thu 8 and Fri 9 Oct work, Sat 10 Oct is a make-up working day: 3 of 18.
    data = deviation.check("1800", "0", period="2026-10", as_of="2026-10-10",
                           basis="working").as_json()
    assert "300.00" == data["plan_to_date"]


# Seed (002), Table 3: 500 万 planned, 380 万 actual -> -24 %; 200 万 vs 150 万 -> -25 %.
@pytest.mark.parametrize(("plan", "actual", "pct"), [
    ("500", "380", "-24.00"), ("500万", "380万", "-24.00"), ("200", "150", "-25.00"),
])
def test_deviation_seed_table_3(plan: str, actual: str, pct: str) -> None:
    data = deviation.check(plan, actual).as_json()
    assert (pct, "warning", False) == (data["deviation_pct"], data["status"], data["favourable"])


# The ±10 % line (seed), exactly on it is ok; the 30 % escalation line (company choice);
# Table 1's ±5 % brand exposure; a budget overrun is a major risk (seed).
@pytest.mark.parametrize(("actual", "metric", "status", "owner"), [
    ("110", "", "ok", "项目负责人"), ("110.01", "", "warning", "项目负责人"),
    ("70", "", "warning", "项目负责人"), ("69.99", "", "escalate", "项目负责人"),
    ("105", "brand_exposure", "ok", "品牌部"), ("105.01", "曝光量", "warning", "品牌部"),
    ("111", "budget_spend", "escalate", "营销经理"), ("89", "预算", "warning", "营销经理"),
    ("89", "revenue", "warning", "销售部"), ("111", "获客成本", "warning", "市场部"),
])
def test_deviation_lines_and_metrics(actual: str, metric: str, status: str, owner: str) -> None:
    data = deviation.check("100", actual, metric=metric).as_json()
    assert (status, owner) == (data["status"], data["owner"]["zh"])


def test_deviation_actions() -> None:
    warning = deviation.check("100", "80", metric="revenue").as_json()["actions"]
    assert [24] == [a["within_hours"] for a in warning if a["within_hours"]]
    assert 2 == len(warning)
    escalate = deviation.check("100", "50", metric="revenue").as_json()["actions"]
    assert ["营销总监", "营销总监"] == [a["owner"]["zh"] for a in escalate[2:]]


# End to end: the CLI and the browser's entry point, on the shipped data.
@pytest.mark.parametrize(("argv", "key", "expected"), [
    (["bonus", "--completion", "120%", "--target-bonus", "10000"], "payout_pct", "150.00"),
    (["bonus", "--completion", "１２０％", "--target-bonus", "1万"], "total", "15000.00"),
    (["bonus", "--kpis", "A:100:120:50%;B:100:100:50%", "--target-bonus", "10000"],
     "completion_pct", "110.00"),
    (["bonus", "--completion", "100%", "--target-bonus", "9000", "--period", "month",
      "--days-in-role", "10"], "total", "3000.00"),
    (["deviation", "--plan", "200", "--actual", "150"], "status", "warning"),
    (["deviation", "--plan", "100", "--actual", "120", "--metric", "budget_spend"], "status",
     "escalate"),
    (["split", "--total", "1000", "--parts", "3", "--buffer", "10%"], "total", "1100.00"),
])
def test_cli_on_the_shipped_data(capsys: pytest.CaptureFixture[str], argv: list[str], key: str,
                                 expected: str) -> None:
    assert 0 == main([*argv, "--json"])
    assert expected == json.loads(capsys.readouterr().out)[key]


@pytest.mark.parametrize(("calculator", "inputs", "key", "expected"), [
    ("bonus", {"completion": "１１０％", "target_bonus": "1.5万"}, "payout", "15000.00"),
    ("bonus", {"completion": "79.99", "target_bonus": "8,000"}, "payout", "0.00"),
    ("deviation", {"plan": "500", "actual": "380", "direction": "higher"}, "deviation_pct",
     "-24.00"),
    ("split", {"total": "5000", "weights": "", "parts": "4", "buffer": "10%"}, "total",
     "5500.00"),
])
def test_web_on_the_shipped_data(calculator: str, inputs: dict[str, str], key: str,
                                 expected: str) -> None:
    reply = json.loads(web.handle(json.dumps({"calculator": calculator, "inputs": inputs})))
    assert reply["ok"] is True
    assert expected == reply["result"][key]


def test_form_defaults_give_a_result(policy: Policy) -> None:
    """Every calculator form, filled with its defaults (some read from the data), answers."""
    for name, entry in CALCULATORS.items():
        values = {}
        for field in entry.fields:
            if field.default_from:
                value = policy.value(field.default_from)
                values[field.name] = f"{value}{field.default_suffix}"
            else:
                values[field.name] = field.default
        reply = json.loads(web.handle(json.dumps({"calculator": name, "inputs": values})))
        assert reply["ok"], (name, reply)


# ---------------------------------------------- the split on the real data ---
# The cascade with the shipped ramp (25 % in the first month) and the 10 % buffer.

def test_quarter_to_months_to_people_in_one_go() -> None:
    """The cascade of the sources (year -> quarter -> month -> week -> person): every level
    adds up exactly to the one above, a new hire ramps up month by month, and every
    percentage in the result is derived in the steps."""
    result = split.split("5000万", None, None, "10%", labels="张三,李四,王五",
                         start_dates=",,2026-08-15", period="2026-Q3", into="month")
    data = result.as_json()
    assert data["total"] == "5500"
    months = data["levels"]["months"]
    people = data["levels"]["people"]
    assert [p["value"] for p in months] == ["1834", "1833", "1833"]
    assert sum(int(p["value"]) for p in months) == 5500
    assert len(people) == 9 and data["parts"] == people
    for month in months:
        mine = [int(p["value"]) for p in people if p["parent"] == month["label"]]
        assert sum(mine) == int(month["value"])
    assert [p["value"] for p in people if p["label"] == "王五"] == ["0", "117", "295"]
    steps = "\n".join(s["zh"] for s in data["steps"])
    assert "17 天 × 25%（入职第 1 个月） = 4.25 个满产日；4.25 ÷ 31 = 本期平均 13.71%" in steps
    assert "0.1371 ÷ 2.1371 = 6.42%" in steps
    assert "5,000 × (1 + 10%) = 5,500 万元" in steps
    en = "\n".join(s["en"] for s in data["steps"])
    assert "4.25 / 31 = 13.71 % on average" in en


def test_people_of_one_period_without_into_and_with_weights() -> None:
    result = split.split("1000", "2,1,1", labels="A,B,C", period="2026-07")
    assert ["500.00", "250.00", "250.00"] == [p["value"] for p in result.as_json()["parts"]]
    assert all(p.parent is None for p in result.parts)
    steps = "\n".join(s.text("zh") for s in result.steps)
    assert "A 2 ÷ 4 = 50%" in steps


def test_plain_split_shows_each_share() -> None:
    result = split.split("100", "1,1,2", labels="a,b,c")
    assert "c 50% → 50.00 元" in result.steps[-2].text("zh")

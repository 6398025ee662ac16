"""The data files carry the source documents' figures, unchanged.

Expected values are written here, from the source documents (000–004), not read from
the data: a policy owner who changes one of these figures changes a seed fact, and
this test says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from calculators.policy import Policy
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

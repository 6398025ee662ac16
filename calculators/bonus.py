"""Bonus tiers (绩效奖金): KPI completion and target bonus -> payout rate and amount.

Step mode (阶梯, the source documents' rule): the payout rate is the rate of the
highest tier whose completion has been reached; below the policy's threshold
nothing is paid; the rate never exceeds the cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import CalculatorError
from .numbers import fixed2, money, parse_amount, parse_percent
from .policy import Policy, get_policy


@dataclass(frozen=True)
class Step:
    """One line of the explanation, in both languages."""

    zh: str
    en: str


@dataclass(frozen=True)
class BonusResult:
    completion_pct: Decimal
    target_bonus: Decimal
    tier: int | None  # index into the ladder, None below the threshold
    payout_pct: Decimal
    payout: Decimal
    total: Decimal
    steps: list[Step] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "completion_pct": fixed2(self.completion_pct),
            "target_bonus": fixed2(self.target_bonus),
            "tier": None if self.tier is None else self.tier + 1,
            "payout_pct": fixed2(self.payout_pct),
            "payout": fixed2(self.payout),
            "total": fixed2(self.total),
            "steps": [{"zh": s.zh, "en": s.en} for s in self.steps],
        }


def compute(completion: object, target_bonus: object, policy: Policy | None = None) -> BonusResult:
    policy = policy or get_policy()
    rules = policy["bonus"]
    completion_pct = parse_percent(completion, "completion")
    bonus = parse_amount(target_bonus, "target_bonus")
    if completion_pct < 0:
        raise CalculatorError("completion", "completion cannot be negative", "完成率不能为负数")
    if bonus < 0:
        raise CalculatorError("target_bonus", "the target bonus cannot be negative",
                              "目标奖金不能为负数")

    ladder = rules["ladder"]
    steps = [Step(f"KPI 完成率 {completion_pct}%，目标奖金 {bonus} 元。",
                  f"KPI completion {completion_pct} %, target bonus {bonus} yuan.")]
    reached = [i for i, tier in enumerate(ladder) if completion_pct >= tier["completion_pct"]]
    if completion_pct < rules["threshold_pct"] or not reached:
        tier, rate = None, Decimal(0)
        steps.append(Step(
            f"低于发放门槛 {rules['threshold_pct']}%，本期不发放绩效奖金。",
            f"Below the {rules['threshold_pct']} % threshold: no bonus this period.",
        ))
    else:
        tier = reached[-1]
        rate = Decimal(ladder[tier]["payout_pct"])
        steps.append(Step(
            f"达到第 {tier + 1} 档（完成率 ≥ {ladder[tier]['completion_pct']}%），"
            f"发放比例 {rate}%。",
            f"Tier {tier + 1} reached (completion ≥ {ladder[tier]['completion_pct']} %): "
            f"payout rate {rate} %.",
        ))
        if rate > rules["cap_pct"]:
            rate = Decimal(rules["cap_pct"])
            steps.append(Step(f"发放比例封顶 {rate}%。", f"Payout rate capped at {rate} %."))
    payout = money(bonus * rate / 100)
    steps.append(Step(
        f"{bonus} 元 × {rate}% = {payout} 元（四舍五入到分）。",
        f"{bonus} yuan × {rate} % = {payout} yuan (rounded half-up to the fen).",
    ))
    return BonusResult(completion_pct, bonus, tier, rate, payout, payout, steps)

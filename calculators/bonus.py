"""Bonus tiers (绩效奖金): KPI completion and target bonus -> payout rate and amount.

Rules, all from data/bonus.toml:
- Completion is one typed rate, or the weighted completion of several KPIs. A KPI's
  completion is actual / target when higher is better (revenue) and target / actual
  when lower is better (customer acquisition cost); with several KPIs each counts at
  most `kpi_cap_pct`, so one KPI cannot carry the rest. Weights must add up to 100 %.
- Completion and the payout rate are rounded half-up to 0.01 % before use, so every
  step of the explanation can be checked by hand with the numbers shown.
- Below `threshold_pct` nothing is paid. Otherwise, by `mode`:
  step (阶梯, default): the rate of the highest tier reached;
  linear: interpolated between tiers, the first tier's rate between the threshold and
  the first tier, flat above the last tier;
  marginal: each band of completion [tier i, tier i+1) is paid at tier i's payout_pct
  per completion point, the part below the first tier at the first tier's rate.
  The rate never exceeds `cap_pct`.
- Proration (a part period): calendar days in role / days in the period. The period is
  "month", "quarter", or a dated one ("2026-07", "2026-Q3"); with a start date and no
  dated period, the period is the month or quarter that contains the start date.
- Money: amounts are exact Decimals, rounded half-up to 0.01 元 once, at the end. The
  special project bonus is paid once, in full: it is neither prorated nor capped.
  The total is the prorated payout plus the special bonus, both as shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import calendar as cal
from .display import num, yuan
from .errors import CalculatorError
from .i18n import as_json
from .numbers import (
    choice,
    fixed2,
    is_blank,
    money,
    parse_amount,
    parse_date,
    parse_int,
    parse_percent,
    typed_scale,
)
from .policy import Policy, get_policy

HUNDRED = Decimal(100)
PCT = Decimal("0.01")
KPI_RATIO_LIMIT = Decimal(10_000)

DIRECTIONS = {
    "higher": "higher", "high": "higher", "up": "higher", "↑": "higher", "+": "higher",
    "高": "higher", "越高越好": "higher", "正向": "higher",
    "lower": "lower", "low": "lower", "down": "lower", "↓": "lower", "-": "lower",
    "低": "lower", "越低越好": "lower", "反向": "lower",
}
PERIOD_KINDS = {
    "month": "month", "monthly": "month", "m": "month", "月": "month", "月度": "month",
    "quarter": "quarter", "quarterly": "quarter", "q": "quarter", "季": "quarter",
    "季度": "quarter",
}
MODE_NAMES = {
    "step": ("阶梯", "step"),
    "linear": ("线性插值", "linear"),
    "marginal": ("分段累进", "marginal"),
}


@dataclass(frozen=True)
class Step:
    """One line of the explanation, in both languages."""

    zh: str
    en: str


@dataclass(frozen=True)
class Kpi:
    name: str
    target: Decimal
    actual: Decimal
    weight_pct: Decimal
    direction: str  # higher | lower
    completion_pct: Decimal  # as measured, rounded to 0.01 %
    counted_pct: Decimal  # after the per-KPI cap

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name, "target": str(self.target), "actual": str(self.actual),
            "weight_pct": fixed2(self.weight_pct), "direction": self.direction,
            "completion_pct": fixed2(self.completion_pct), "counted_pct": fixed2(self.counted_pct),
        }


@dataclass(frozen=True)
class BonusResult:
    completion_pct: Decimal
    target_bonus: Decimal
    tier: int | None  # index into the ladder, None below the threshold
    payout_pct: Decimal
    payout: Decimal
    total: Decimal
    steps: list[Step] = field(default_factory=list)
    mode: str = "step"
    proration_pct: Decimal = HUNDRED
    prorated: Decimal | None = None  # None: no proration asked (equals payout)
    special_bonus: Decimal = Decimal(0)
    kpis: tuple[Kpi, ...] = ()
    days_in_role: int | None = None
    period_days: int | None = None
    scale: str = ""  # the 万 / 亿 the reader typed the target bonus with (display only)
    period_label: dict[str, str] | None = None  # the period prorated over ({"zh", "en"})

    def as_json(self) -> dict[str, Any]:
        return {
            "completion_pct": fixed2(self.completion_pct),
            "target_bonus": fixed2(self.target_bonus),
            "tier": None if self.tier is None else self.tier + 1,
            "mode": self.mode,
            "payout_pct": fixed2(self.payout_pct),
            "payout": fixed2(self.payout),
            "proration_pct": fixed2(self.proration_pct),
            "days_in_role": self.days_in_role,
            "period_days": self.period_days,
            "prorated": fixed2(self.payout if self.prorated is None else self.prorated),
            "special_bonus": fixed2(self.special_bonus),
            "total": fixed2(self.total),
            "kpis": [k.as_json() for k in self.kpis],
            "scale": self.scale,
            "period_label": self.period_label,
            "steps": [as_json(s) for s in self.steps],
        }


def _pct(value: Decimal) -> Decimal:
    return value.quantize(PCT, rounding=ROUND_HALF_UP) + 0


def _show(value: Decimal) -> str:
    """A number as people write it: no trailing zeros, no exponent ("120", "87.5")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ------------------------------------------------------------------ KPIs ---

def parse_kpis(value: object, field: str = "kpis") -> list[dict[str, Any]]:
    """KPIs typed as text, one per line or separated by ";":
    `name : target : actual : weight [: higher|lower]`, e.g. `营收:5000万:5500万:60%:higher`.
    A list of mappings with those keys is accepted too (the Python API, CSV rows).
    """
    if isinstance(value, list):
        rows = value
    else:
        text = unicodedata.normalize("NFKC", "" if value is None else str(value))
        rows = []
        for i, line in enumerate(p for p in re.split(r"[;\n]+", text) if p.strip()):
            cells = [c.strip() for c in line.split(":")]
            if len(cells) not in (4, 5):
                raise CalculatorError(
                    field,
                    f"KPI {i + 1}: expected name:target:actual:weight[:direction], "
                    f"got {line[:40]!r}",
                    f"第 {i + 1} 个 KPI 格式应为 名称:目标:实际:权重[:方向]，实际为“{line[:40]}”",
                )
            rows.append(dict(zip(("name", "target", "actual", "weight", "direction"), cells,
                                 strict=False)))
    if not rows:
        raise CalculatorError(field, "no KPI given", "未填写任何 KPI")
    if len(rows) > 50:
        raise CalculatorError(field, "at most 50 KPIs", "KPI 最多 50 个")
    for row in rows:
        if not isinstance(row, Mapping):
            raise CalculatorError(field, "each KPI must be name:target:actual:weight",
                                  "每个 KPI 须为 名称:目标:实际:权重")
    return [dict(row) for row in rows]


def _kpi(row: dict[str, Any], i: int, cap: Decimal | None, field: str) -> Kpi:
    where_en, where_zh = f"KPI {i + 1}", f"第 {i + 1} 个 KPI"

    def err(en: str, zh: str) -> CalculatorError:
        return CalculatorError(field, f"{where_en}: {en}", f"{where_zh}：{zh}")

    name = str(row.get("name") or f"KPI {i + 1}").strip()[:60] or f"KPI {i + 1}"
    try:
        target = parse_amount(row.get("target"), field)
        actual = parse_amount(row.get("actual"), field)
        weight = parse_percent(row.get("weight"), field)
        direction = choice(row.get("direction"), field, DIRECTIONS, default="higher")
    except CalculatorError as exc:
        raise err(exc.en, exc.zh) from None
    if target <= 0:
        raise err("the target must be above zero", "目标值必须大于 0")
    if actual < 0:
        raise err("the actual value cannot be negative", "实际值不能为负数")
    if weight <= 0:
        raise err("the weight must be above zero", "权重必须大于 0")
    if direction == "lower" and actual == 0:
        raise err("a lower-is-better KPI needs an actual value above zero (target / actual)",
                  "越低越好的指标，实际值须大于 0（完成率 = 目标 ÷ 实际）")
    ratio = actual / target if direction == "higher" else target / actual
    if ratio > KPI_RATIO_LIMIT:  # e.g. a target typed as 0.000001: surely a typo
        raise err("completion above 1,000,000 %: check the target and the actual value",
                  "完成率超过 1,000,000%，请检查目标值和实际值")
    completion = _pct(ratio * HUNDRED)
    counted = completion if cap is None else min(completion, cap)
    return Kpi(name, target, actual, weight, direction, completion, counted)


def weighted_completion(kpis: list[Kpi]) -> Decimal:
    return _pct(sum((k.weight_pct * k.counted_pct for k in kpis), Decimal(0)) / HUNDRED)


# ------------------------------------------------------------- the ladder ---

def payout_rate(completion_pct: Decimal, rules: Mapping[str, Any], explain: bool = True
                ) -> tuple[int | None, Decimal, list[Step]]:
    """(tier index or None, payout rate in %, explanation) for a completion in %."""
    ladder = rules["ladder"]
    mode = rules["mode"]
    reached = [i for i, t in enumerate(ladder) if completion_pct >= t["completion_pct"]]
    steps: list[Step] = []
    threshold = Decimal(rules["threshold_pct"])
    if completion_pct < threshold:
        if explain:
            steps.append(Step(f"完成率 {completion_pct}% 低于发放门槛 {_show(threshold)}%，"
                              "本期不发放绩效奖金。",
                              f"Completion {completion_pct} % is below the {_show(threshold)} % "
                              "threshold: no bonus this period."))
        return None, Decimal(0), steps
    tier = reached[-1] if reached else None
    first = ladder[0]
    if mode == "step":
        if tier is None:
            rate = Decimal(0)
            if explain:
                steps.append(Step("尚未达到第 1 档，发放比例 0%。",
                                  "Tier 1 not reached: payout rate 0 %."))
        else:
            t = ladder[tier]
            rate = Decimal(t["payout_pct"])
            if explain:
                steps.append(Step(
                    f"阶梯规则：达到第 {tier + 1} 档（完成率 ≥ {_show(t['completion_pct'])}%），"
                    f"发放比例 {_show(rate)}%。",
                    f"Step rule: tier {tier + 1} reached "
                    f"(completion ≥ {_show(t['completion_pct'])} %): payout rate {_show(rate)} %."))
    elif mode == "linear":
        if tier is None:
            rate = Decimal(first["payout_pct"])
            if explain:
                steps.append(Step(f"线性规则：低于第 1 档，按第 1 档比例 {_show(rate)}%。",
                                  f"Linear rule: below tier 1, paid at tier 1's {_show(rate)} %."))
        elif tier == len(ladder) - 1:
            rate = Decimal(ladder[tier]["payout_pct"])
            if explain:
                steps.append(Step(
                    f"线性规则：已达最高档（第 {tier + 1} 档），发放比例 {_show(rate)}%。",
                    f"Linear rule: top tier {tier + 1} reached: payout rate {_show(rate)} %."))
        else:
            lo, hi = ladder[tier], ladder[tier + 1]
            c0, c1 = Decimal(lo["completion_pct"]), Decimal(hi["completion_pct"])
            p0, p1 = Decimal(lo["payout_pct"]), Decimal(hi["payout_pct"])
            rate = _pct(p0 + (p1 - p0) * (completion_pct - c0) / (c1 - c0))
            if explain:
                steps.append(Step(
                    f"线性规则：在第 {tier + 1} 档与第 {tier + 2} 档之间插值："
                    f"{_show(p0)}% + ({_show(p1)}% − {_show(p0)}%) × "
                    f"({completion_pct} − {_show(c0)}) ÷ "
                    f"({_show(c1)} − {_show(c0)}) = {rate}%（保留两位小数）。",
                    f"Linear rule: interpolated between tiers {tier + 1} and {tier + 2}: "
                    f"{_show(p0)} % + ({_show(p1)} % − {_show(p0)} %) × "
                    f"({completion_pct} − {_show(c0)}) / "
                    f"({_show(c1)} − {_show(c0)}) = {rate} % (two decimals)."))
    else:  # marginal
        parts_zh, parts_en, total = [], [], Decimal(0)
        for i, t in enumerate(ladder):
            lo = Decimal(0) if i == 0 else Decimal(t["completion_pct"])
            hi = Decimal(ladder[i + 1]["completion_pct"]) if i + 1 < len(ladder) else None
            top = completion_pct if hi is None else min(completion_pct, hi)
            if top <= lo:
                break
            r = Decimal(t["payout_pct"])
            total += (top - lo) * r / HUNDRED
            parts_zh.append(f"({_show(top)} − {_show(lo)}) × {_show(r)}%")
            parts_en.append(f"({_show(top)} − {_show(lo)}) × {_show(r)} %")
        rate = _pct(total)
        if explain:
            steps.append(Step(f"分段累进规则：{' + '.join(parts_zh)} = {rate}%。",
                              f"Marginal rule: {' + '.join(parts_en)} = {rate} %."))
    cap = Decimal(rules["cap_pct"])
    if rate > cap:
        rate = cap
        if explain:
            steps.append(Step(f"发放比例封顶 {_show(cap)}%。",
                              f"Payout rate capped at {_show(cap)} %."))
    return tier, rate, steps


# ------------------------------------------------------------ proration ---

def _period(period: object) -> tuple[str, cal.Period | None]:
    """("month" | "quarter", the dated period or None): "quarter", "季度", "2026-07", "2026-Q3"."""
    text = unicodedata.normalize("NFKC", "" if period is None else str(period)).strip().lower()
    if not text:
        return "month", None
    if text in PERIOD_KINDS:
        return PERIOD_KINDS[text], None
    dated = cal.parse_period(period, "period")
    if dated.kind == "year":
        raise CalculatorError("period", "the bonus period is a month or a quarter",
                              "奖金周期为月度或季度")
    return dated.kind, dated


def _proration(rules: Mapping[str, Any], kind: str, dated: cal.Period | None, start_date: object,
               days_in_role: object, explain: bool = True, *, asked: bool = True,
               ) -> tuple[int, int, list[Step], cal.Period | None] | None:
    """(days in role, days in the period, explanation, the dated period), or None when
    nothing is prorated. `asked`: the reader gave a period (a kind or a dated one)."""
    if is_blank(start_date) and is_blank(days_in_role):
        return None
    if not is_blank(start_date) and not is_blank(days_in_role):
        raise CalculatorError("days_in_role", "give a start date or days in role, not both",
                              "入职日期与在岗天数只填一项")
    proration = rules.get("proration", {"month_days": 30, "quarter_days": 90})
    if not is_blank(start_date):
        start = parse_date(start_date, "start_date")
        if not cal.MIN_YEAR <= start.year <= cal.MAX_YEAR:
            raise CalculatorError("start_date", "the start date is out of range",
                                  "入职日期超出范围")
        if not asked:  # (days in role without a period say "每月按 30 天" themselves)
            policy_kind = proration.get("without_period", "ask")
            if policy_kind == "ask":
                raise CalculatorError(
                    "period", "proration needs the bonus period: give it, e.g. 2026-Q3 or 2026-07",
                    "按入职日期折算需要奖金周期：请填写期间，如 2026-Q3 或 2026-07")
            kind = policy_kind
        dated = dated or cal.containing(kind, start)
        if start > dated.end:
            raise CalculatorError(
                "start_date", f"the start date {start} is after the period "
                f"{dated.label('en')} ({dated.start} to {dated.end}): nothing to prorate; "
                "check the date or the period",
                f"入职日期 {start} 晚于奖金周期{dated.label('zh')}（{dated.start} 至 "
                f"{dated.end}）：本期无在岗天数，请核对日期或周期")
        first = max(start, dated.start)
        days = (dated.end - first).days + 1
        if not explain:
            return days, dated.days, [], dated
        label_zh, label_en = dated.label("zh"), dated.label("en")
        if start < dated.start:
            return days, dated.days, [Step(
                f"{start} 入职，早于{label_zh}（{dated.start} 起）：整期在岗 {days} 天，不折算。",
                f"Started {start}, before {label_en} (from {dated.start}): in role for all "
                f"{days} days, nothing is prorated.")], dated
        return days, dated.days, [Step(
            f"按在岗自然日折算：{label_zh}（{dated.start} 至 {dated.end}）共 {dated.days} 天，"
            f"{start} 入职，在岗 {start} 至 {dated.end} 共 {days} 天。",
            f"Prorated by calendar days in role: {label_en} ({dated.start} to {dated.end}) "
            f"has {dated.days} days; started {start}, in role {start} to {dated.end}: "
            f"{days} days.")], dated
    days = parse_int(days_in_role, "days_in_role", 0, 366)
    if dated is not None:
        period_days = dated.days
        where_zh, where_en = dated.label("zh"), f"{dated.label('en')} has"
    else:
        period_days = proration[f"{kind}_days"]
        where_zh = "每月按" if kind == "month" else "每季度按"
        where_en = "a month counts" if kind == "month" else "a quarter counts"
    steps = [Step(f"按在岗自然日折算：{where_zh}{'' if dated is None else '共'} {period_days} 天，"
                  f"在岗 {days} 天。",
                  f"Prorated by calendar days in role: {where_en} {period_days} days; "
                  f"{days} days in role.")] if explain else []
    if days > period_days:
        if explain:
            steps.append(Step(f"在岗天数超过周期天数，按 {period_days} 天计。",
                              f"More days than the period has: counted as {period_days}."))
        days = period_days
    return days, period_days, steps, dated


# -------------------------------------------------------------- compute ---

def compute(completion: object = None, target_bonus: object = None,
            policy: Policy | None = None, *, kpis: object = None, period: object = None,
            start_date: object = None, days_in_role: object = None,
            special_bonus: object = None, explain: bool = True) -> BonusResult:
    """The bonus for one person. Inputs are as typed (strings); errors are CalculatorError.

    explain=False leaves `steps` empty (batch mode: the CSV carries only the figures)."""
    policy = policy or get_policy()
    rules = policy["bonus"]
    mode_zh, mode_en = MODE_NAMES[rules["mode"]]
    bonus = parse_amount(target_bonus, "target_bonus")
    if bonus < 0:
        raise CalculatorError("target_bonus", "the target bonus cannot be negative",
                              "目标奖金不能为负数")
    kind, dated = _period(period)  # checked even when unused, so a typo is reported
    asked = not is_blank(period)
    steps: list[Step] = []
    kpi_list: tuple[Kpi, ...] = ()
    if not is_blank(kpis) and kpis != []:
        if not is_blank(completion):
            raise CalculatorError("completion", "give one completion rate or KPIs, not both",
                                  "完成率与 KPI 明细只填一项")
        cap = rules.get("kpi_cap_pct")
        cap = None if cap is None else Decimal(cap)
        kpi_list = tuple(_kpi(row, i, cap, "kpis") for i, row in enumerate(parse_kpis(kpis)))
        weights = sum((k.weight_pct for k in kpi_list), Decimal(0))
        if weights != HUNDRED:
            raise CalculatorError("kpis",
                                  f"the KPI weights add up to {_show(weights)} %, not 100 %",
                                  f"KPI 权重之和为 {_show(weights)}%，应为 100%")
        for k in kpi_list if explain else ():
            if k.direction == "higher":
                rule_zh = f"实际 {_show(k.actual)} ÷ 目标 {_show(k.target)}"
                rule_en = f"actual {_show(k.actual)} / target {_show(k.target)}"
            else:
                rule_zh = f"（越低越好）目标 {_show(k.target)} ÷ 实际 {_show(k.actual)}"
                rule_en = f" (lower is better): target {_show(k.target)} / actual {_show(k.actual)}"
            capped_zh = f"，按上限 {k.counted_pct}% 计" if k.counted_pct != k.completion_pct else ""
            capped_en = f", counted at the {k.counted_pct} % cap" \
                if k.counted_pct != k.completion_pct else ""
            sep = "" if k.direction == "lower" else ": "
            steps.append(Step(
                f"{k.name}{'' if k.direction == 'lower' else '：'}{rule_zh} = "
                f"{k.completion_pct}%{capped_zh}，权重 {_show(k.weight_pct)}%。",
                f"{k.name}{sep}{rule_en} = {k.completion_pct} %{capped_en}, "
                f"weight {_show(k.weight_pct)} %."))
        completion_pct = weighted_completion(list(kpi_list))
        if explain:
            terms = " + ".join(f"{k.counted_pct}% × {_show(k.weight_pct)}%" for k in kpi_list)
            steps.append(Step(f"加权完成率 = {terms} = {completion_pct}%。",
                              f"Weighted completion = {terms.replace('%', ' %')} = "
                              f"{completion_pct} %."))
    else:
        completion_pct = _pct(parse_percent(completion, "completion"))
        if completion_pct < 0:
            raise CalculatorError("completion", "completion cannot be negative", "完成率不能为负数")
        if explain:
            steps.append(Step(f"KPI 完成率 {completion_pct}%。",
                              f"KPI completion {completion_pct} %."))
    tier, rate, rate_steps = payout_rate(completion_pct, rules, explain)
    exact = bonus * rate / HUNDRED
    payout = money(exact)
    if explain:
        steps.append(Step(f"目标奖金 {yuan(bonus, 'zh')}，计发方式：{mode_zh}。",
                          f"Target bonus {yuan(bonus, 'en')}; payout mode: {mode_en}."))
        steps.extend(rate_steps)
        steps.append(Step(f"应发奖金 = {yuan(bonus, 'zh')} × {num(rate, 2)}% = "
                          f"{yuan(payout, 'zh', 2)}（四舍五入到分）。",
                          f"Payout = {yuan(bonus, 'en')} × {num(rate, 2)} % = "
                          f"{yuan(payout, 'en', 2)} (rounded half-up to the fen)."))

    prorated: Decimal | None = None
    proration_pct, days, period_days = HUNDRED, None, None
    found = _proration(rules, kind, dated, start_date, days_in_role, explain, asked=asked)
    over: cal.Period | None = None
    if found is not None:
        days, period_days, pro_steps, over = found
        proration_pct = _pct(Decimal(days) / Decimal(period_days) * HUNDRED)
        prorated = money(exact * days / period_days)
    if found is not None and explain:
        steps.extend(pro_steps)
        steps.append(Step(f"折算后奖金 = {yuan(payout, 'zh', 2)}的精确值 × {days} ÷ "
                          f"{period_days} = {yuan(prorated, 'zh', 2)}。",
                          f"Prorated = the exact {yuan(payout, 'en', 2)} × {days} / "
                          f"{period_days} = {yuan(prorated, 'en', 2)}."))
    special = Decimal(0)
    if not is_blank(special_bonus):
        special = money(parse_amount(special_bonus, "special_bonus"))
        if special < 0:
            raise CalculatorError("special_bonus", "the special bonus cannot be negative",
                                  "专项奖金不能为负数")
    base = payout if prorated is None else prorated
    total = base + special
    if not explain:
        pass
    elif special:
        steps.append(Step(f"加专项奖金 {yuan(special, 'zh', 2)}（一次性发放，不折算、不封顶）："
                          f"合计 {yuan(total, 'zh', 2)}。",
                          f"Plus the special project bonus {yuan(special, 'en', 2)} (paid once, "
                          f"neither prorated nor capped): total {yuan(total, 'en', 2)}."))
    else:
        steps.append(Step(f"合计 {yuan(total, 'zh', 2)}。", f"Total {yuan(total, 'en', 2)}."))
    return BonusResult(completion_pct, bonus, tier, rate, payout, total, steps,
                       mode=rules["mode"], proration_pct=proration_pct, prorated=prorated,
                       special_bonus=special, kpis=kpi_list, days_in_role=days,
                       period_days=period_days, scale=typed_scale(target_bonus),
                       period_label=None if over is None else
                       {"zh": over.label("zh"), "en": over.label("en")})


def compute_row(row: Mapping[str, Any], policy: Policy | None = None,
                explain: bool = True) -> BonusResult:
    """One batch / web row: the keys are the input names."""
    return compute(row.get("completion"), row.get("target_bonus"), policy,
                   kpis=row.get("kpis"), period=row.get("period"),
                   start_date=row.get("start_date"), days_in_role=row.get("days_in_role"),
                   special_bonus=row.get("special_bonus"), explain=explain)


def batch_cells(r: BonusResult) -> dict[str, str]:
    """A batch row's result columns (the registry's batch_columns)."""
    return {
        "completion_pct": fixed2(r.completion_pct),
        "tier": "" if r.tier is None else str(r.tier + 1),
        "payout_pct": fixed2(r.payout_pct),
        "payout": fixed2(r.payout),
        "proration_pct": fixed2(r.proration_pct),
        "prorated": fixed2(r.payout if r.prorated is None else r.prorated),
        "special_bonus": fixed2(r.special_bonus),
        "total": fixed2(r.total),
    }


"""Target split (目标拆解): a total into parts that add up exactly.

Three ways, rules from data/decomposition.toml:
- Parts: by weights ("16,17,17", "30% / 35% / 35%"; relative, normalised by their
  sum) or evenly into `parts`; optional labels.
- Time cascade (`period` 2026 / 2026-Q3 / 2026-07, `into` quarter / month / week):
  year -> quarters -> months -> weeks, each level split from the rounded level above,
  so every level adds up exactly. `basis`: even; days (calendar days); working (working
  days from data/holidays.toml: a year without data is a CalculatorError naming
  `basis`, never a weekend-only guess); weighted (`weights` for the first level,
  e.g. seasonality, deeper levels even). Weeks: split evenly, a month is
  `weeks_per_month` planning weeks (the seed's 1,667 -> 417); by days or working days
  they are calendar weeks (Monday–Sunday), a week straddling a month end is cut in two.
- People (`start_dates` given, with `period`): a team target split by weights
  (capacity, territory); a person who starts during or shortly before the period
  counts with the ramp of the mentoring months, averaged over the days of the period,
  and nothing before the start date.

Rounding: the (buffered) total is rounded half-up to the unit's resolution; each part
gets the floor of its exact share and the leftover units go one each to the largest
remainders, equal remainders to the earlier part. So the parts always add up exactly.
Buffer: blank or 0 means an exact split; otherwise it must lie in the policy's range
and the parts add up to target × (1 + buffer). Ratio metrics (rates, CAC, ROI), or a
total typed with %, are copied to every part, never divided.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from . import calendar as cal
from .bonus import Step
from .deviation import metric_names
from .display import num
from .errors import CalculatorError
from .i18n import as_json
from .numbers import (
    choice,
    fixed,
    has_unit_suffix,
    is_blank,
    parse_amount,
    parse_date,
    parse_int,
    parse_percent,
    split_list,
)
from .policy import Policy, get_policy

HUNDRED = Decimal(100)
MAX_PARTS = 1000
_WHOLE_NUMBERS = re.compile(r"^\d{1,15}(?:,\d{1,15}){0,999}$", re.ASCII)
INTO = {"quarter": "quarter", "quarters": "quarter", "季度": "quarter", "季": "quarter",
        "month": "month", "months": "month", "月": "month", "月度": "month",
        "week": "week", "weeks": "week", "周": "week"}
BASES = {"even": "even", "平均": "even", "均分": "even",
         "days": "days", "calendar": "days", "自然日": "days",
         "working": "working", "working-days": "working", "workdays": "working",
         "工作日": "working",
         "weighted": "weighted", "weights": "weighted", "seasonal": "weighted",
         "加权": "weighted", "季节性": "weighted"}
BASIS_NAMES = {"even": ("平均", "evenly"), "days": ("按自然日", "by calendar days"),
               "working": ("按工作日", "by working days"), "weighted": ("按权重", "by weight")}
LEVEL = {"year": 0, "quarter": 1, "month": 2, "week": 3}


@dataclass(frozen=True)
class Part:
    label: str
    label_en: str
    value: Decimal
    parent: str | None = None

    def as_json(self, places: int) -> dict[str, Any]:
        out = {"label": self.label, "label_en": self.label_en, "value": fixed(self.value, places)}
        if self.parent is not None:
            out["parent"] = self.parent
        return out


@dataclass(frozen=True)
class SplitResult:
    target: Decimal
    buffer_pct: Decimal
    total: Decimal  # the sum of the parts (the rate itself for a ratio metric)
    unit: str
    decimals: int
    parts: tuple[Part, ...]
    ratio: bool = False
    levels: dict[str, tuple[Part, ...]] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        d = self.decimals
        return {
            "target": fixed(self.target, d),
            "buffer_pct": fixed(self.buffer_pct, 2),
            "total": fixed(self.total, d),
            "unit": self.unit,
            "ratio": self.ratio,
            "parts": [p.as_json(d) for p in self.parts],
            "levels": {k: [p.as_json(d) for p in v] for k, v in self.levels.items()},
            "steps": [as_json(s) for s in self.steps],
        }


# --------------------------------------------------------- the rounding ---

Weight = int | Decimal | Fraction


def _integers(weights: Sequence[Weight]) -> list[int]:
    """The same proportions as whole numbers (exact; ints avoid slow Fraction arithmetic)."""
    ints: list[int] = []
    for w in weights:  # the common case: whole numbers typed as weights
        if type(w) is int:
            ints.append(w)
        elif isinstance(w, Decimal) and w.as_tuple().exponent == 0:
            ints.append(int(w))
        else:
            break
    else:
        return ints
    if all(isinstance(w, (int, Decimal)) for w in weights):
        low = min(0, *(Decimal(w).as_tuple().exponent for w in weights))  # type: ignore[type-var]
        if max(Decimal(w).adjusted() for w in weights) - low < 27:  # scaleb stays exact
            return [int(Decimal(w).scaleb(-low)) for w in weights]
        parts = [Decimal(w).as_tuple() for w in weights]
        low = min(0, *(int(p.exponent) for p in parts))
        return [int("".join(map(str, p.digits)) or "0") * 10 ** (int(p.exponent) - low)
                for p in parts]
    fracs = [w if isinstance(w, Fraction) else Fraction(w) for w in weights]
    scale = math.lcm(*(f.denominator for f in fracs))
    return [f.numerator * (scale // f.denominator) for f in fracs]


def largest_remainder(units: int, weights: Sequence[Weight]) -> list[int]:
    """Split a whole number of units by weights: floors, then the leftover units one
    each to the largest remainders; equal remainders go to the earlier part."""
    ints = _integers(weights)
    total = sum(ints)
    floors, remainders = [], []
    for w in ints:
        q, r = divmod(units * w, total)  # exact share = q + r / total
        floors.append(q)
        remainders.append(r)
    left = units - sum(floors)
    if left:
        order = sorted(range(len(ints)), key=lambda i: (-remainders[i], i))
        for i in order[:left]:
            floors[i] += 1
    return floors


def _apportion(total: Decimal, weights: Sequence[Weight], quantum: Decimal) -> list[Decimal]:
    units = int(total / quantum)
    return [quantum * n for n in largest_remainder(units, weights)]


# ------------------------------------------------------------ parsing ---

def parse_weights(value: object, field: str = "weights") -> list[Decimal]:
    """Relative weights: "16,17,17", "1,600 / 1,700 / 1,700", "30%；35%；35%".

    Plain whole numbers come back as int (exact, and faster to apportion)."""
    if type(value) is str and _WHOLE_NUMBERS.match(value):  # "16,17,17": the common case
        fast = [int(x) for x in value.split(",")]  # ints: exact, and the fastest to apportion
        if any(fast):
            return fast  # type: ignore[return-value]
    items = split_list(value)
    if len(items) > MAX_PARTS:
        raise CalculatorError(field, f"at most {MAX_PARTS} weights", f"权重最多 {MAX_PARTS} 个")
    out = []
    for i, item in enumerate(items):
        try:
            number = parse_percent(item, field) if item.strip().endswith(("%", "％")) \
                else parse_amount(item, field)
        except CalculatorError as exc:
            raise CalculatorError(field, f"weight {i + 1}: {exc.en}",
                                  f"第 {i + 1} 个权重：{exc.zh}") from None
        if number < 0:
            raise CalculatorError(field, f"weight {i + 1} is negative", f"第 {i + 1} 个权重为负数")
        out.append(number)
    if out and sum(out) == 0:
        raise CalculatorError(field, "the weights add up to zero", "权重之和为 0")
    return out


def _show(value: Decimal | int) -> str:
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _frac_pct(value: Fraction) -> str:
    pct = (Decimal(value.numerator) / Decimal(value.denominator) * HUNDRED)
    return _show(pct.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _ratio_metric(rules: Mapping[str, Any], value: object) -> dict[str, Any] | None:
    if is_blank(value):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().lower()
    key = metric_names(rules["ratio_metrics"]).get(text)
    # Any other metric is a volume: it is split.
    return None if key is None else rules["ratio_metrics"][key]


def _buffer(rules: Mapping[str, Any], value: object) -> Decimal:
    if is_blank(value):
        return Decimal(0)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    # A bare 10 / 15 means percent points here (parse_percent reads 1..3 as ratios).
    pct = parse_percent(value, "buffer") if text.endswith("%") or "." in text \
        else parse_amount(value, "buffer")
    if pct == 0:
        return Decimal(0)
    low, high = Decimal(rules["buffer"]["min_pct"]), Decimal(rules["buffer"]["max_pct"])
    if not low <= pct <= high:
        raise CalculatorError("buffer", f"the buffer must be {_show(low)} %–{_show(high)} % "
                              "(or left empty for an exact split)",
                              f"弹性系数须在 {_show(low)}%–{_show(high)}% 之间"
                              "（不填则按原目标拆解）")
    return pct


# ------------------------------------------------------------ compute ---

def split(total: object = None, weights: object = None, parts: object = None,
          buffer: object = None, policy: Policy | None = None, *, labels: object = None,
          unit: object = None, decimals: object = None, metric: object = None,
          period: object = None, into: object = None, basis: object = None,
          start_dates: object = None, explain: bool = True) -> SplitResult:
    """Split a target. Inputs are as typed (strings); errors are CalculatorError.

    explain=False leaves `steps` empty (batch mode: the CSV has no room for them, and
    wording thousands of explanations nobody reads is most of the work)."""
    policy = policy or get_policy()
    rules = policy["decomposition"]
    units_table = rules["units"]
    unit_key = choice(unit, "unit", _unit_names(units_table),
                      default="wan_yuan" if has_unit_suffix(total) else "yuan")
    spec = units_table[unit_key]
    places = spec["decimals"] if is_blank(decimals) else parse_int(decimals, "decimals", 0, 4)
    quantum = Decimal(1).scaleb(-places)
    name_zh, name_en = spec["name"]["zh"], spec["name"]["en"]
    steps: list[Step] = []

    # ---- what is split: a ratio is copied down, a volume is divided
    ratio = _ratio_metric(rules, metric)
    typed_pct = isinstance(total, str) and unicodedata.normalize("NFKC", total).strip() \
        .endswith("%")
    if ratio is not None or typed_pct:
        if not is_blank(buffer) and _buffer(rules, buffer) != 0:
            raise CalculatorError("buffer", "a buffer applies to volume targets, not to rates",
                                  "弹性系数只适用于数量型目标，不适用于比率")
        rate = parse_percent(total, "total") if typed_pct or ratio is None else \
            parse_amount(total, "total")
        what_zh = ratio["name"]["zh"] if ratio else "以百分比填写的目标"
        what_en = ratio["name"]["en"] if ratio else "A target typed as a percentage"
        if explain:
            steps.append(Step(
                f"{what_zh}是比率型指标，不做拆分：每个部分沿用同一目标值 {num(rate)}"
                f"{'%' if typed_pct else ''}。若要拆分，请拆分它的分子和分母（如线索数与成交数）。",
                f"{what_en} is a ratio: it is never divided, every part carries the same target "
                f"{num(rate)}{' %' if typed_pct else ''}. To split it, split its numerator "
                "and denominator (e.g. leads and deals)."))
        if not is_blank(period):
            dated = cal.parse_period(period, "period")
            leaves = _leaves_even(dated, _into(into, dated), rules)
            plan_parts = tuple(Part(_label(p, i % rules["weeks_per_month"], "zh"),
                                    _label(p, i % rules["weeks_per_month"], "en"), rate)
                               for i, p in enumerate(leaves))
        else:
            typed = parse_weights(weights) if not is_blank(weights) else None
            plan_parts = tuple(Part(zh, en, rate)
                               for zh, en in _plain_labels(labels, parts, typed))
        return SplitResult(rate, Decimal(0), rate, "pct" if typed_pct else unit_key,
                           max(places, 2), plan_parts, True, {}, steps)

    # ---- the target in the chosen unit, the buffer, the total to split
    target = parse_amount(total, "total")
    if has_unit_suffix(total):
        target = target / Decimal(spec["scale"])
    if target < 0:
        raise CalculatorError("total", "the target cannot be negative", "目标值不能为负数")
    pct = _buffer(rules, buffer)
    buffered = (target * (1 + pct / HUNDRED)).quantize(quantum, rounding=ROUND_HALF_UP) + 0
    if explain:
        steps.append(Step(f"目标 {num(target)} {name_zh}，按 {places} 位小数取整。",
                          f"Target {num(target)} {name_en}, rounded to {places} "
                          "decimal place(s)."))
    if pct and explain:
        steps.append(Step(
            f"加 {_show(pct)}% 弹性（超额分配）：{num(target)} × (1 + {_show(pct)}%) = "
            f"{num(buffered, places)} {name_zh}。",
            f"Plus a {_show(pct)} % buffer (over-assignment): {num(target)} × "
            f"(1 + {_show(pct)} %) = {num(buffered, places)} {name_en}."))

    levels: dict[str, tuple[Part, ...]] = {}
    # ",," (three people already in role) is people mode too: not is_blank(), which drops commas.
    dated_people = start_dates is not None and str(start_dates).strip()
    people = bool(dated_people) or not is_blank(labels)
    if not is_blank(period) and not is_blank(parts) and not dated_people:
        raise CalculatorError("parts", "with a period, name the people instead (张三,李四) or "
                              "leave this empty: the period's own parts are its months or weeks",
                              "按期间拆分时份数留空；要再拆到人，请在“名称”中列出人员")
    if dated_people and is_blank(period):
        raise CalculatorError("period", "start dates need the period the target covers "
                              "(e.g. 2026-07 or 2026-Q3): the ramp counts days in it",
                              "填写入职日期时，请同时填写目标所属期间（例如 2026-07 或 2026-Q3）："
                              "爬坡按期间内的天数计算")
    if people and not is_blank(period):
        out, levels = _period_people(buffered, weights, parts, labels, start_dates, period,
                                     into, basis,
                                     rules, policy, quantum, places, name_zh, name_en,
                                     steps if explain else None)
    elif not is_blank(period):
        out, levels, _ = _cascade(buffered, weights, period, into, basis, rules, policy, quantum,
                                  places, steps if explain else None, name_zh, name_en)
    else:
        w_typed = parse_weights(weights) if not is_blank(weights) else None
        pairs = _plain_labels(labels, parts, w_typed)
        w: list[Weight] = list(w_typed) if w_typed is not None else [1] * len(pairs)
        values = _apportion(buffered, w, quantum)
        out = tuple(Part(zh, en, v) for (zh, en), v in zip(pairs, values, strict=True))
        if explain:
            _explain_plain(pairs, values, w_typed, places, steps, name_zh, name_en)
    total_out = sum([p.value for p in out], Decimal(0))
    if explain:
        steps.append(Step(
            f"各部分先取整，取整后剩下的零头依次分给小数部分最大的部分"
            f"（{rules['tie_rule']['zh']}），合计正好 {num(total_out, places)} {name_zh}。",
            f"Each part is rounded down first; the units left over go one by one to the parts "
            f"with the largest fractions ({rules['tie_rule']['en']}): they add up to exactly "
            f"{num(total_out, places)} {name_en}."))
    return SplitResult(target, pct, total_out, unit_key, places, out, False, levels, steps)


def _explain_plain(pairs: list[tuple[str, str]], values: list[Decimal],
                   w_typed: list[Decimal] | None, places: int, steps: list[Step],
                   name_zh: str = "", name_en: str = "") -> None:
    texts = [num(v, places) for v in values]
    if w_typed is not None:
        whole = sum(w_typed, Decimal(0))
        ratio_text = " : ".join(_show(x) for x in w_typed)
        shares = [_frac_pct(Fraction(x) / Fraction(whole)) for x in w_typed]
        how_zh = f"按权重 {ratio_text} 拆分（占比 = 权重 ÷ {_show(whole)}）"
        how_en = f"by weights {ratio_text} (share = weight / {_show(whole)})"
    else:
        shares = [_frac_pct(Fraction(1, len(values)))] * len(values)
        how_zh = f"平均分为 {len(values)} 份（每份 1 ÷ {len(values)}）"
        how_en = f"evenly into {len(values)} parts (each 1 / {len(values)})"
    steps.append(Step(
        f"{how_zh}：" + "，".join(f"{zh} {sh}% → {t} {name_zh}".rstrip()
                                 for (zh, _), sh, t in zip(pairs, shares, texts, strict=True))
        + "。",
        f"Split {how_en}: " + ", ".join(f"{en} {sh} % → {t} {name_en}".rstrip()
                                        for (_, en), sh, t in zip(pairs, shares, texts,
                                                                  strict=True)) + "."))


_unit_cache: dict[int, tuple[Mapping[str, Any], dict[str, str]]] = {}


def _unit_names(units: Mapping[str, Any]) -> dict[str, str]:
    """Every accepted spelling of a unit -> its key (cached per policy table)."""
    cached = _unit_cache.get(id(units))
    if cached is None:
        names = {k: k for k in units}
        names |= {"".join(v["name"]["zh"].lower().split()): k for k, v in units.items()}
        names |= {"".join(v["name"]["en"].lower().split()): k for k, v in units.items()}
        cached = _unit_cache[id(units)] = (units, names)  # holds units: its id stays unique
    return cached[1]


def _plain_labels(labels: object, parts: object,
                  weights: list[Decimal] | None) -> list[tuple[str, str]]:
    names = split_list(labels) if not is_blank(labels) else []
    if weights is not None:
        count = len(weights)
        if not is_blank(parts) and parse_int(parts, "parts", 1, MAX_PARTS) != count:
            raise CalculatorError("parts", f"{count} weights but parts = {str(parts)[:10]}",
                                  f"给出了 {count} 个权重，但份数为 {str(parts)[:10]}")
    elif not is_blank(parts):
        count = parse_int(parts, "parts", 1, MAX_PARTS)
    elif names:
        count = len(names)
    else:
        raise CalculatorError("parts", "give weights, a number of parts, or a period to split",
                              "请填写权重、份数或要拆分的期间")
    if names and len(names) != count:
        raise CalculatorError("labels", f"{len(names)} labels for {count} parts",
                              f"名称有 {len(names)} 个，但要拆成 {count} 份")
    if names:
        return [(n[:60] or str(i + 1), n[:60] or str(i + 1)) for i, n in enumerate(names)]
    return [(str(i + 1), str(i + 1)) for i in range(count)]


def _into(into: object, dated: cal.Period) -> str:
    below = {"year": "quarter", "quarter": "month", "month": "week"}[dated.kind]
    level = choice(into, "into", INTO, default=below)
    if LEVEL[level] <= LEVEL[dated.kind]:
        raise CalculatorError("into", f"a {dated.kind} splits into smaller periods, not {level}s",
                              "只能拆分到更小的期间")
    return level


def _children(period: cal.Period, rules: Mapping[str, Any],
              planning_weeks: bool) -> list[cal.Period]:
    nxt = {"year": "quarter", "quarter": "month", "month": "week"}[period.kind]
    if nxt == "week" and planning_weeks:
        n = rules["weeks_per_month"]
        return [cal.Period("planning_week", period.start, period.end) for _ in range(n)]
    return cal.subperiods(period, nxt)


def _leaves_even(dated: cal.Period, level: str, rules: Mapping[str, Any]) -> list[cal.Period]:
    nodes = [dated]
    while LEVEL[_kind(nodes[0])] < LEVEL[level]:
        nodes = [c for n in nodes for c in _children(n, rules, True)]
    return nodes


def _label(p: cal.Period, index: int, lang: str) -> str:
    if p.kind == "planning_week":
        month = p.start.month
        return f"{month}月第{index + 1}周" if lang == "zh" else f"{p.start:%Y-%m} week {index + 1}"
    return p.label(lang)


Leaf = tuple[cal.Period, Decimal, Part | None]


def _cascade(total: Decimal, weights: object, period: object, into: object, basis: object,
             rules: Mapping[str, Any], policy: Policy, quantum: Decimal, places: int,
             steps: list[Step] | None, name_zh: str = "", name_en: str = "",
             same_level: bool = False,
             ) -> tuple[tuple[Part, ...], dict[str, tuple[Part, ...]], list[Leaf]]:
    """year -> quarters -> months -> weeks down to `into`: (the parts of the last level,
    every level's parts, the last level's periods with their values and parts).
    same_level: `into` may be the period's own level (people split the period itself)."""
    dated = cal.parse_period(period, "period")
    if same_level and (is_blank(into) or choice(into, "into", INTO) == dated.kind):
        return (), {}, [(dated, total, None)]
    level = _into(into, dated)
    how = choice(basis, "basis", BASES, default="weighted" if not is_blank(weights) else "even")
    if how == "weighted" and is_blank(weights):
        raise CalculatorError("weights", "weighted splitting needs weights (e.g. 30,35,35)",
                              "按权重拆分需要填写权重（例如 30,35,35）")
    if how != "weighted" and not is_blank(weights):
        raise CalculatorError("basis", "weights are used only with the weighted basis",
                              "只有按权重拆分时才使用权重")
    calendar = cal.working_calendar(policy) if how == "working" else None
    how_zh, how_en = BASIS_NAMES[how]
    nodes: list[tuple[cal.Period, Decimal, str | None]] = [(dated, total, None)]
    levels: dict[str, tuple[Part, ...]] = {}
    leaves: list[Leaf] = []
    first = True
    while LEVEL[_kind(nodes[0][0])] < LEVEL[level]:
        next_nodes: list[tuple[cal.Period, Decimal, str | None]] = []
        parts_here: list[Part] = []
        for node, amount, _ in nodes:
            kids = _children(node, rules, planning_weeks=how in ("even", "weighted"))
            if how == "weighted" and first:
                w = parse_weights(weights)
                if len(w) != len(kids):
                    raise CalculatorError(
                        "weights", f"{len(w)} weights for {len(kids)} parts of {node.label('en')}",
                        f"权重有 {len(w)} 个，但{node.label('zh')}要拆成 {len(kids)} 份")
            elif how == "days":
                w = [k.days for k in kids]
            elif how == "working" and calendar is not None:
                w = [calendar.working_days(k, "basis") for k in kids]
                if sum(w) == 0:
                    w = [k.days for k in kids]  # a month of holidays only: by days
            else:
                w = [1] * len(kids)
            values = _apportion(amount, w, quantum)
            parent = node.label("zh")
            for i, (kid, value) in enumerate(zip(kids, values, strict=True)):
                part = Part(_label(kid, i, "zh"), _label(kid, i, "en"), value,
                            None if node is dated else parent)
                parts_here.append(part)
                next_nodes.append((kid, value, parent))
            if steps is None:
                continue
            weights_text = " : ".join(_show(Decimal(x)) for x in w)
            basis_zh = how_zh if not (how == "weighted" and not first) else "平均"
            basis_en = how_en if not (how == "weighted" and not first) else "evenly"
            whole = sum((Fraction(Decimal(x)) for x in w), Fraction(0))
            shares = [_frac_pct(Fraction(Decimal(x)) / whole) for x in w]
            mine = parts_here[-len(kids):]
            steps.append(Step(
                f"{node.label('zh')} {num(amount, places)} {name_zh} {basis_zh}拆分"
                f"（{weights_text}，"
                f"占比 = 各项 ÷ {_show(Decimal(whole.numerator) / whole.denominator)}）："
                + "，".join(f"{p.label} {sh}% → {num(p.value, places)}"
                           for p, sh in zip(mine, shares, strict=True)) + f" {name_zh}。",
                f"{node.label('en')} {num(amount, places)} {name_en} split {basis_en} "
                f"({weights_text}; share = each / "
                f"{_show(Decimal(whole.numerator) / whole.denominator)}): "
                + ", ".join(f"{p.label_en} {sh} % → {num(p.value, places)}"
                            for p, sh in zip(mine, shares, strict=True)) + f" {name_en}."))
        levels[_kind(next_nodes[0][0]) + "s"] = tuple(parts_here)
        leaves = [(kid, part.value, part) for (kid, _, _), part
                  in zip(next_nodes, parts_here, strict=True)]
        nodes = next_nodes
        first = False
    if steps is None:
        pass
    elif level == "week" and how in ("even", "weighted"):
        steps.append(Step(f"平均拆到周：每月按 {rules['weeks_per_month']} 个计划周。",
                          f"Even weeks: a month is planned as {rules['weeks_per_month']} weeks."))
    elif level == "week":
        steps.append(Step("自然周（周一至周日）跨月时按天拆到两个月。",
                          "Calendar weeks (Monday to Sunday) that straddle a month end are "
                          "cut into their two months' days."))
    return levels[level + "s"], levels, leaves


def _kind(p: cal.Period) -> str:
    return "week" if p.kind == "planning_week" else p.kind


def _months_between(start: dt.date, day: dt.date) -> int:
    """Whole months in role on a day (0 in the first month after the start date)."""
    return (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)


def _month_in_role_starts(start: dt.date, m: int) -> dt.date:
    """The first day with _months_between(start, day) == m: the start's day of the month
    m months on, or the 1st of the month after when that month is too short."""
    index = start.year * 12 + start.month - 1 + m
    year, month = divmod(index, 12)
    try:
        return dt.date(year, month + 1, start.day)
    except ValueError:
        year, month = divmod(index + 1, 12)
        return dt.date(year, month + 1, 1)


def _ramp_segments(start: dt.date, first: dt.date, last: dt.date,
                   ramp: Sequence[Fraction]) -> list[tuple[int, int, Fraction]]:
    """(month in role, days in role between first and last in that month, its rate):
    month m in role (m < len(ramp)) at ramp[m], afterwards at 1. Counted per month in
    role, not per day, so a year among 1,000 people is 1,000 × a few steps."""
    out = []
    lo = max(start, first)
    for m in range(len(ramp) + 1):
        if lo > last:
            break
        end = _month_in_role_starts(start, m + 1) if m < len(ramp) else last + dt.timedelta(1)
        hi = min(end - dt.timedelta(days=1), last)
        if hi >= lo:
            out.append((m, (hi - lo).days + 1, ramp[m] if m < len(ramp) else Fraction(1)))
            lo = hi + dt.timedelta(days=1)
    return out


def _ramp_days(start: dt.date, first: dt.date, last: dt.date,
               ramp: Sequence[Fraction]) -> Fraction:
    """Days in role between first and last (inclusive), each at its ramp rate."""
    return sum((rate * days for _, days, rate in _ramp_segments(start, first, last, ramp)),
               Fraction(0))


def _fr(value: Fraction) -> str:
    """A fraction of days or weights for the steps: exact when short, else 4 places."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return _show(d.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _ramp_step(who: tuple[str, str], start: dt.date, leaf: cal.Period,
               segments: list[tuple[int, int, Fraction]], factor: Fraction) -> Step:
    """The derivation of a person's average capacity in one period, every figure shown."""
    zh, en = who
    if not segments:
        return Step(f"{zh}：{start} 入职，{leaf.label('zh')}（{leaf.start} 至 {leaf.end}）"
                    "不在岗，本期平均 0%。",
                    f"{en}: starts {start}, not in role in {leaf.label('en')} "
                    f"({leaf.start} to {leaf.end}): 0 % on average this period.")
    def when(m: int, rate: Fraction, lang: str) -> str:
        if m >= 3 and rate == 1:
            return "满产" if lang == "zh" else "full"
        return f"入职第 {m + 1} 个月" if lang == "zh" else f"month {m + 1} in role"

    terms_zh = " + ".join(f"{days} 天 × {_frac_pct(rate)}%（{when(m, rate, 'zh')}）"
                          for m, days, rate in segments)
    terms_en = " + ".join(f"{days} days × {_frac_pct(rate)} % ({when(m, rate, 'en')})"
                          for m, days, rate in segments)
    full = factor * leaf.days
    return Step(
        f"{zh}：{start} 入职，{leaf.label('zh')}共 {leaf.days} 天；产能爬坡：{terms_zh} = "
        f"{_fr(full)} 个满产日；{_fr(full)} ÷ {leaf.days} = 本期平均 {_frac_pct(factor)}%。",
        f"{en}: started {start}; {leaf.label('en')} has {leaf.days} days; ramp: {terms_en} = "
        f"{_fr(full)} full days; {_fr(full)} / {leaf.days} = {_frac_pct(factor)} % on average "
        "this period.")


def _period_people(total: Decimal, weights: object, parts: object, labels: object,
                   start_dates: object,
                   period: object, into: object, basis: object, rules: Mapping[str, Any],
                   policy: Policy, quantum: Decimal, places: int, name_zh: str, name_en: str,
                   steps: list[Step] | None,
                   ) -> tuple[tuple[Part, ...], dict[str, tuple[Part, ...]]]:
    """A period's target down its calendar (`into`: quarter / month / week; empty: the
    period itself) and then each of those periods among the people: their weights
    (capacity, territory) times the new hires' ramp in that period. Every level adds up
    exactly to the one above (largest remainder at each level)."""
    how = "" if is_blank(basis) else choice(basis, "basis", BASES)
    if how == "weighted":
        raise CalculatorError("basis", "with people, the weights are the people's: split the "
                              "period evenly, by days or by working days",
                              "按人拆分时权重属于人员：期间请选平均、按自然日或按工作日拆分")
    _, levels, leaves = _cascade(total, None, period, into, basis or None, rules, policy,
                                 quantum, places, steps, name_zh, name_en, same_level=True)
    dates = split_list(start_dates) if start_dates is not None and str(start_dates).strip() \
        else []
    typed = parse_weights(weights) if not is_blank(weights) else None
    if is_blank(parts) and is_blank(labels) and typed is None and dates:
        parts = len(dates)  # one person per start date
    pairs = _plain_labels(labels, parts, typed)
    if dates and len(dates) != len(pairs):
        raise CalculatorError("start_dates", f"{len(dates)} start dates for {len(pairs)} people "
                              "(leave a date empty for someone already in role: a,,b)",
                              f"入职日期有 {len(dates)} 个，人数为 {len(pairs)}"
                              "（老员工留空，如 a,,b）")
    starts = [parse_date(t, "start_dates") if t else None for t in dates] or [None] * len(pairs)
    w = [Fraction(x) for x in typed] if typed is not None else [Fraction(1)] * len(pairs)
    ramp = [Fraction(Decimal(x)) / 100 for x in rules["ramp"]["months_pct"]]
    if steps is not None and typed is not None:
        steps.append(Step("人员权重（产能、区域）：" + "，".join(
            f"{zh} {_show(x)}" for (zh, _), x in zip(pairs, typed, strict=True)) + "。",
            "People's weights (capacity, territory): " + ", ".join(
            f"{en} {_show(x)}" for (_, en), x in zip(pairs, typed, strict=True)) + "."))
    out: list[Part] = []
    factors: dict[tuple[dt.date, dt.date], Fraction] = {}
    for leaf, amount, leaf_part in leaves:
        effective: list[Fraction] = []
        for who, weight, start in zip(pairs, w, starts, strict=True):
            if start is None:
                effective.append(weight)
                continue
            key = (start, leaf.start)
            factor = factors.get(key)
            segments = _ramp_segments(start, leaf.start, leaf.end, ramp)
            if factor is None:  # people often share a start date: count it once
                factor = factors[key] = sum((r * d for _, d, r in segments), Fraction(0)) / \
                    leaf.days
            effective.append(weight * factor)
            if steps is not None:
                steps.append(_ramp_step(who, start, leaf, segments, factor))
        where_zh = leaf.label("zh") if leaf_part is None else leaf_part.label
        where_en = leaf.label("en") if leaf_part is None else leaf_part.label_en
        if sum(effective) == 0:
            raise CalculatorError("start_dates", f"nobody is in role in {where_en}",
                                  f"{where_zh}无人在岗")
        values = _apportion(amount, effective, quantum)
        parent = None if leaf_part is None else leaf_part.label
        mine = [Part(zh, en, v, parent) for (zh, en), v in zip(pairs, values, strict=True)]
        out += mine
        if steps is None:
            continue
        whole = sum(effective, Fraction(0))
        steps.append(Step(
            f"{where_zh} {num(amount, places)} {name_zh} 按有效权重分配（有效权重 = 权重 × 本期平均"
            f"产能，合计 {_fr(whole)}；占比 = 有效权重 ÷ {_fr(whole)}）：" + "，".join(
                f"{p.label} {_fr(e)} ÷ {_fr(whole)} = {_frac_pct(e / whole)}% → "
                f"{num(p.value, places)}" for p, e in zip(mine, effective, strict=True))
            + f" {name_zh}。",
            f"{where_en} {num(amount, places)} {name_en} by effective weight (weight × average "
            f"capacity this period, {_fr(whole)} in all; share = effective weight / "
            f"{_fr(whole)}): " + ", ".join(
                f"{p.label_en} {_fr(e)} / {_fr(whole)} = {_frac_pct(e / whole)} % → "
                f"{num(p.value, places)}" for p, e in zip(mine, effective, strict=True))
            + f" {name_en}."))
    levels["people"] = tuple(out)
    return tuple(out), levels


def split_row(row: Mapping[str, Any], policy: Policy | None = None,
              explain: bool = True) -> SplitResult:
    """One batch / web row: the keys are the input names."""
    return split(row.get("total"), row.get("weights"), row.get("parts"), row.get("buffer"),
                 policy, labels=row.get("labels"), unit=row.get("unit"),
                 decimals=row.get("decimals"), metric=row.get("metric"),
                 period=row.get("period"), into=row.get("into"), basis=row.get("basis"),
                 start_dates=row.get("start_dates"), explain=explain)


def batch_cells(result: SplitResult) -> dict[str, str]:
    """A batch row's result columns (the registry's batch_columns); the CSV has no steps."""
    places = result.decimals
    return {
        "total": fixed(result.total, places),
        "parts": "; ".join(f"{p.label}={fixed(p.value, places)}" for p in result.parts),
        "unit": result.unit,
        "ratio": "true" if result.ratio else "false",
    }

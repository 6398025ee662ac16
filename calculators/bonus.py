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
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import pairwise
from typing import Any

from . import calendar as cal
from .display import num, yuan
from .errors import CalculatorError
from .i18n import DEFAULT, LANGUAGES, Msg, as_json
from .numbers import (
    ABSENT,
    choice,
    fixed2,
    half_up,
    is_blank,
    money,
    parse_amount,
    parse_date,
    parse_int,
    parse_percent,
    typed_scale,
)
from .policy import Memo, Policy, get_policy
from .words import Join, Lazy

HUNDRED = Decimal(100)
PCT = Decimal("0.01")
KPI_RATIO_LIMIT = Decimal(10_000)
MAX_KPIS = 50

# Input vocabulary (what readers may type, in any page language), not words shown to them.
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


class Line(Msg):
    """One line of an explanation: a catalog message (`Line("bonus.total", total=...)`).

    `.zh` / `.en` keep the old Step's attributes readable for callers that still print a
    step by attribute (the CLI) until they ask `.text(lang)`; every language is `.texts()`.
    """

    __slots__ = ()

    @property
    def zh(self) -> str:
        return self.text("zh")

    @property
    def en(self) -> str:
        return self.text("en")


def _yuan(value: Decimal, places: int | None = None) -> Lazy:
    """An amount in 元 as display writes it in the asking language ("1,000.00 元", "¥1,000.00")."""
    return Lazy(partial(yuan, value, places=places))


def _label(period: cal.Period) -> Lazy:
    """A period's label as calendar writes it in the asking language."""
    return Lazy(period.label)


def reason(exc: CalculatorError) -> Msg:
    """A caught error's message, to nest in a message that says where it happened."""
    return exc.msg


# Not frozen: batch mode makes one per row (or per part), and a frozen dataclass's
# __init__ (object.__setattr__ per field) costs three times a plain one's. Read-only
# all the same: nothing changes a result once it is made.
@dataclass
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


# (Not frozen either: see above.)
@dataclass
class BonusResult:
    completion_pct: Decimal
    target_bonus: Decimal
    tier: int | None  # index into the ladder, None below the threshold
    payout_pct: Decimal
    payout: Decimal
    total: Decimal
    steps: list[Msg] = field(default_factory=list)
    mode: str = "step"
    proration_pct: Decimal = HUNDRED
    prorated: Decimal | None = None  # None: no proration asked (equals payout)
    special_bonus: Decimal = Decimal(0)
    kpis: tuple[Kpi, ...] = ()
    days_in_role: int | None = None
    period_days: int | None = None
    scale: str = ""  # the 万 / 亿 the reader typed the target bonus with (display only)
    period_label: dict[str, str] | None = None  # the period prorated over, by language

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
    return half_up(value, PCT)


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
        copy = True  # (the caller's mappings: copied below, not kept)
    else:
        text = unicodedata.normalize("NFKC", "" if value is None else str(value))
        rows = []
        copy = False  # (made here: used as they are)
        for i, line in enumerate(p for p in _KPI_LINES.split(text) if p.strip()):
            cells = [c.strip() for c in line.split(":")]
            if len(cells) not in (4, 5):
                raise CalculatorError(field, Msg("bonus.kpi_format", n=i + 1, line=line[:40]))
            rows.append(dict(zip(_KPI_KEYS, cells, strict=False)))
    if not rows:
        raise CalculatorError(field, Msg("bonus.no_kpi"))
    if len(rows) > MAX_KPIS:
        raise CalculatorError(field, Msg("bonus.too_many_kpis", limit=MAX_KPIS))
    for row in rows:
        if not isinstance(row, Mapping):
            raise CalculatorError(field, Msg("bonus.kpi_shape"))
    return [dict(row) for row in rows] if copy else rows


_KPI_LINES = re.compile(r"[;\n]+")  # (input vocabulary: one KPI a line, or ";" between)
_KPI_KEYS = ("name", "target", "actual", "weight", "direction")


def _kpi(row: dict[str, Any], i: int, cap: Decimal | None, field: str) -> Kpi:
    name = str(row.get("name") or f"KPI {i + 1}").strip()[:60] or f"KPI {i + 1}"
    try:
        target = parse_amount(row.get("target"), field)
        actual = parse_amount(row.get("actual"), field)
        weight = parse_percent(row.get("weight"), field)
        direction = choice(row.get("direction"), field, DIRECTIONS, default="higher")
    except CalculatorError as exc:
        raise _kpi_error(field, i, reason(exc)) from None
    if target <= 0:
        raise _kpi_error(field, i, Msg("bonus.kpi_target"))
    if actual < 0:
        raise _kpi_error(field, i, Msg("bonus.kpi_actual"))
    if weight <= 0:
        raise _kpi_error(field, i, Msg("bonus.kpi_weight"))
    if direction == "lower" and actual == 0:
        raise _kpi_error(field, i, Msg("bonus.kpi_lower_zero"))
    ratio = actual / target if direction == "higher" else target / actual
    if ratio > KPI_RATIO_LIMIT:  # e.g. a target typed as 0.000001: surely a typo
        raise _kpi_error(field, i, Msg("bonus.kpi_too_high", limit=num(KPI_RATIO_LIMIT * HUNDRED)))
    completion = _pct(ratio * HUNDRED)
    counted = completion if cap is None else min(completion, cap)
    return Kpi(name, target, actual, weight, direction, completion, counted)


def _kpi_error(field: str, i: int, why: Msg) -> CalculatorError:
    return CalculatorError(field, Msg("bonus.kpi_error", n=i + 1, reason=why))


def weighted_completion(kpis: list[Kpi]) -> Decimal:
    return _pct(sum((k.weight_pct * k.counted_pct for k in kpis), Decimal(0)) / HUNDRED)


# ------------------------------------------------------------- the ladder ---

@dataclass(frozen=True)
class _Figures:
    """The ladder's figures as Decimals, made once per policy rather than once a row."""

    floors: tuple[Decimal, ...]  # each tier's completion_pct
    rates: tuple[Decimal, ...]  # each tier's payout_pct
    threshold: Decimal
    cap: Decimal
    ascending: bool  # floors strictly increasing (validated data is): a tier is a bisection


# One policy's ladder figures, kept while its rules are in use (a changed policy is a new
# rules table, so identity is the right key: see policy.Memo).
_FIGURES: Memo[_Figures] = Memo()


def _make_figures(rules: Mapping[str, Any]) -> _Figures:
    ladder = rules["ladder"]
    floors = tuple(Decimal(t["completion_pct"]) for t in ladder)
    return _Figures(floors, tuple(Decimal(t["payout_pct"]) for t in ladder),
                    Decimal(rules["threshold_pct"]), Decimal(rules["cap_pct"]),
                    all(a < b for a, b in pairwise(floors)))


def _ladder(rules: Mapping[str, Any]) -> _Figures:
    """The figures of a policy's bonus rules, made once per rules table."""
    return _FIGURES.get(rules, "ladder", _make_figures, rules)


def payout_rate(completion_pct: Decimal, rules: Mapping[str, Any], explain: bool = True
                ) -> tuple[int | None, Decimal, list[Msg]]:
    """(tier index or None, payout rate in %, explanation) for a completion in %."""
    ladder = rules["ladder"]
    mode = rules["mode"]
    figures = _ladder(rules)
    steps: list[Msg] = []
    threshold = figures.threshold
    if completion_pct < threshold:
        if explain:
            steps.append(Line("bonus.below_threshold", completion=completion_pct,
                              threshold=_show(threshold)))
        return None, Decimal(0), steps
    tier: int | None  # the highest tier whose floor is reached
    if figures.ascending:
        tier = bisect_right(figures.floors, completion_pct) - 1
    else:  # (an unvalidated policy, in tests: every floor compared)
        tier = max((i for i, floor in enumerate(figures.floors) if completion_pct >= floor),
                   default=-1)
    if tier < 0:
        tier = None
    first = ladder[0]
    if mode == "step":
        if tier is None:
            rate = Decimal(0)
            if explain:
                steps.append(Line("bonus.step_none"))
        else:
            t = ladder[tier]
            rate = figures.rates[tier]
            if explain:
                steps.append(Line("bonus.step_tier", tier=tier + 1,
                                  floor=_show(Decimal(t["completion_pct"])), rate=_show(rate)))
    elif mode == "linear":
        if tier is None:
            rate = Decimal(first["payout_pct"])
            if explain:
                steps.append(Line("bonus.linear_below", rate=_show(rate)))
        elif tier == len(ladder) - 1:
            rate = Decimal(ladder[tier]["payout_pct"])
            if explain:
                steps.append(Line("bonus.linear_top", tier=tier + 1, rate=_show(rate)))
        else:
            lo, hi = ladder[tier], ladder[tier + 1]
            c0, c1 = Decimal(lo["completion_pct"]), Decimal(hi["completion_pct"])
            p0, p1 = Decimal(lo["payout_pct"]), Decimal(hi["payout_pct"])
            rate = _pct(p0 + (p1 - p0) * (completion_pct - c0) / (c1 - c0))
            if explain:
                steps.append(Line("bonus.linear_between", tier=tier + 1, next=tier + 2,
                                  p0=_show(p0), p1=_show(p1), completion=completion_pct,
                                  c0=_show(c0), c1=_show(c1), rate=rate))
    else:  # marginal
        parts: list[Msg] = []
        total = Decimal(0)
        for i, t in enumerate(ladder):
            lo = Decimal(0) if i == 0 else Decimal(t["completion_pct"])
            hi = Decimal(ladder[i + 1]["completion_pct"]) if i + 1 < len(ladder) else None
            top = completion_pct if hi is None else min(completion_pct, hi)
            if top <= lo:
                break
            r = Decimal(t["payout_pct"])
            total += (top - lo) * r / HUNDRED
            if explain:
                parts.append(Msg("bonus.marginal_band", top=_show(top), low=_show(lo),
                                 rate=_show(r)))
        rate = _pct(total)
        if explain:
            steps.append(Line("bonus.marginal", bands=Join(parts, " + "), rate=rate))
    cap = figures.cap
    if rate > cap:
        rate = cap
        if explain:
            steps.append(Line("bonus.capped", cap=_show(cap)))
    return tier, rate, steps


# ------------------------------------------------------------ proration ---

def _period(period: object) -> tuple[str, cal.Period | None]:
    """("month" | "quarter", the dated period or None): "quarter", "季度", "2026-07", "2026-Q3"."""
    if period is None or period == "":  # (most rows: nothing to fold)
        return "month", None
    text = unicodedata.normalize("NFKC", "" if period is None else str(period)).strip().lower()
    if not text:
        return "month", None
    if text in PERIOD_KINDS:
        return PERIOD_KINDS[text], None
    dated = cal.parse_period(period, "period")
    if dated.kind == "year":
        raise CalculatorError("period", Msg("bonus.period_kind"))
    return dated.kind, dated


def _proration(rules: Mapping[str, Any], kind: str, dated: cal.Period | None, start_date: object,
               days_in_role: object, explain: bool = True, *, asked: bool = True,
               ) -> tuple[int, int, list[Msg], cal.Period | None] | None:
    """(days in role, days in the period, explanation, the dated period), or None when
    nothing is prorated. `asked`: the reader gave a period (a kind or a dated one)."""
    if is_blank(start_date) and is_blank(days_in_role):
        return None
    if not is_blank(start_date) and not is_blank(days_in_role):
        raise CalculatorError("days_in_role", Msg("bonus.start_or_days"))
    proration = rules.get("proration", {"month_days": 30, "quarter_days": 90})
    if not is_blank(start_date):
        start = parse_date(start_date, "start_date")
        if not cal.MIN_YEAR <= start.year <= cal.MAX_YEAR:
            raise CalculatorError("start_date", Msg("bonus.start_out_of_range"))
        if not asked:  # (days in role without a period say "每月按 30 天" themselves)
            policy_kind = proration.get("without_period", "ask")
            if policy_kind == "ask":
                raise CalculatorError("period", Msg("bonus.period_needed"))
            kind = policy_kind
        dated = dated or cal.containing(kind, start)
        if start > dated.end:
            raise CalculatorError("start_date", Msg(
                "bonus.start_after_period", start=start, period=_label(dated),
                first=dated.start, last=dated.end))
        first = max(start, dated.start)
        days = (dated.end - first).days + 1
        if not explain:
            return days, dated.days, [], dated
        if start < dated.start:
            return days, dated.days, [Line(
                "bonus.started_before", start=start, period=_label(dated), first=dated.start,
                days=days)], dated
        return days, dated.days, [Line(
            "bonus.prorated_from_start", period=_label(dated), first=dated.start,
            last=dated.end, period_days=dated.days, start=start, days=days)], dated
    days = parse_int(days_in_role, "days_in_role", 0, 366)
    steps: list[Msg] = []
    if dated is not None:
        period_days = dated.days
        if explain:
            steps.append(Line("bonus.prorated_days_dated", period=_label(dated),
                              period_days=period_days, days=days))
    else:
        period_days = proration[f"{kind}_days"]
        if explain:  # bonus.prorated_days_month / _quarter: the policy's days per period
            steps.append(Line(f"bonus.prorated_days_{kind}", period_days=period_days, days=days))
    if days > period_days:
        if explain:
            steps.append(Line("bonus.days_over", period_days=period_days))
        days = period_days
    return days, period_days, steps, dated


# -------------------------------------------------------------- compute ---

def compute(completion: object = None, target_bonus: object = None,
            policy: Policy | None = None, *, kpis: object = None, period: object = None,
            start_date: object = None, days_in_role: object = None,
            special_bonus: object = None, explain: bool = True) -> BonusResult:
    """The bonus for one person. Inputs are as typed (strings); errors are CalculatorError.

    explain=False leaves `steps` empty (batch mode: the CSV carries only the figures)."""
    if policy is None:  # (not `or`: a Policy's truth is its length, a call a row)
        policy = get_policy()
    rules = policy["bonus"]
    bonus = parse_amount(target_bonus, "target_bonus")
    if bonus < 0:
        raise CalculatorError("target_bonus", Msg("bonus.target_negative"))
    kind, dated = _period(period)  # checked even when unused, so a typo is reported
    asked = not is_blank(period)
    steps: list[Msg] = []
    kpi_list: tuple[Kpi, ...] = ()
    if not is_blank(kpis) and kpis != []:
        if not is_blank(completion):
            raise CalculatorError("completion", Msg("bonus.completion_or_kpis"))
        cap = rules.get("kpi_cap_pct")
        cap = None if cap is None else Decimal(cap)
        kpi_list = tuple(_kpi(row, i, cap, "kpis") for i, row in enumerate(parse_kpis(kpis)))
        weights = sum((k.weight_pct for k in kpi_list), Decimal(0))
        if weights != HUNDRED:
            raise CalculatorError("kpis", Msg("bonus.kpi_weights", total=_show(weights)))
        for k in kpi_list if explain else ():
            capped: object = "" if k.counted_pct == k.completion_pct else Msg(
                "bonus.kpi_capped", cap=k.counted_pct)
            # bonus.kpi_higher / bonus.kpi_lower: actual / target, or target / actual
            steps.append(Line(f"bonus.kpi_{k.direction}", name=k.name, actual=_show(k.actual),
                              target=_show(k.target), completion=k.completion_pct,
                              capped=capped, weight=_show(k.weight_pct)))
        completion_pct = weighted_completion(list(kpi_list))
        if explain:
            terms = Join([Msg("bonus.weighted_term", counted=k.counted_pct,
                                weight=_show(k.weight_pct)) for k in kpi_list], " + ")
            steps.append(Line("bonus.weighted", terms=terms, completion=completion_pct))
    else:
        completion_pct = _pct(parse_percent(completion, "completion"))
        if completion_pct < 0:
            raise CalculatorError("completion", Msg("bonus.completion_negative"))
        if explain:
            steps.append(Line("bonus.completion", completion=completion_pct))
    tier, rate, rate_steps = payout_rate(completion_pct, rules, explain)
    exact = bonus * rate / HUNDRED
    payout = money(exact)
    if explain:
        steps.append(Line("bonus.target", bonus=_yuan(bonus), mode=Msg(f"mode.{rules['mode']}")))
        steps.extend(rate_steps)
        steps.append(Line("bonus.payout", bonus=_yuan(bonus), rate=num(rate, 2),
                          payout=_yuan(payout, 2)))

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
        assert prorated is not None
        steps.append(Line("bonus.prorated", payout=_yuan(payout, 2), days=days,
                          period_days=period_days, prorated=_yuan(prorated, 2)))
    special = Decimal(0)
    if not is_blank(special_bonus):
        special = money(parse_amount(special_bonus, "special_bonus"))
        if special < 0:
            raise CalculatorError("special_bonus", Msg("bonus.special_negative"))
    base = payout if prorated is None else prorated
    total = base + special
    if not explain:
        pass
    elif special:
        steps.append(Line("bonus.special", special=_yuan(special, 2), total=_yuan(total, 2)))
    else:
        steps.append(Line("bonus.total", total=_yuan(total, 2)))
    return BonusResult(completion_pct, bonus, tier, rate, payout, total, steps,
                       mode=rules["mode"], proration_pct=proration_pct, prorated=prorated,
                       special_bonus=special, kpis=kpi_list, days_in_role=days,
                       period_days=period_days, scale=typed_scale(target_bonus),
                       period_label=None if over is None else
                       {code: over.label(code) for code in LANGUAGES})


def compute_row(row: Mapping[str, Any], policy: Policy | None = None,
                explain: bool = True) -> BonusResult:
    """One batch / web row: the keys are the input names."""
    return compute(row.get("completion"), row.get("target_bonus"), policy,
                   kpis=row.get("kpis"), period=row.get("period"),
                   start_date=row.get("start_date"), days_in_role=row.get("days_in_role"),
                   special_bonus=row.get("special_bonus"), explain=explain)


def batch_cells(r: BonusResult, lang: str = DEFAULT) -> dict[str, str]:
    """A batch row's result columns (the registry's batch_columns)."""
    # fixed2() depends on a figure's value only (its text has two places whatever the
    # Decimal's exponent), so a figure equal to one already written is not written again:
    # most rows have no proration (100 %, prorated = payout) and no special bonus (0, the
    # total = what is paid before it).
    payout = fixed2(r.payout)
    prorated = payout if r.prorated is None else fixed2(r.prorated)
    special = r.special_bonus
    return {
        "completion_pct": fixed2(r.completion_pct),
        "tier": "" if r.tier is None else str(r.tier + 1),
        "payout_pct": fixed2(r.payout_pct),
        "payout": payout,
        "proration_pct": "100.00" if r.proration_pct == HUNDRED else fixed2(r.proration_pct),
        "prorated": prorated,
        "special_bonus": fixed2(special) if special else "0.00",
        "total": fixed2(r.total) if special else prorated,
    }


# ------------------------------------------------------------ batch rows ---
# Most rows of a batch file are one person's typed completion and target bonus, and
# nothing else: their cells are found here straight from the two inputs, with compute's
# own parsing, rounding and payout_rate, without the BonusResult and the checks of the
# inputs they leave blank. Every other row (KPIs, a period, proration, a special bonus,
# anything not text, an input compute refuses) takes the full path.

# A batch cell left empty ("") or a column the file does not have (None). Only these two:
# compute reads 0, False or [] as typed (is_blank), and "  " only after folding it.

# (completion cell, tier cell, payout rate, payout rate cell, payout cells by target bonus)
_Rated = tuple[str, str, Decimal, str, dict[str, str]]


class _Quick:
    """What one policy's rules give the common batch row, by input text. A file types the
    same completions ("120%", "0.95") and target bonuses ("12,000") over and over, and
    what they give depends on nothing but the text and the rules (kept per rules: Memo).

    `rated`: a completion as typed -> its cells, its payout rate and the payout cells at
    that rate by target bonus as typed. Completions with equal rates share those payout
    cells: a payout depends on the target bonus and the rate alone (in step mode a few
    rates serve every completion).
    """

    __slots__ = ("payouts", "rated")

    def __init__(self) -> None:
        self.rated: dict[str, _Rated] = {}
        self.payouts: dict[Decimal, dict[str, str]] = {}  # by payout rate

    def clear(self) -> None:
        self.rated.clear()
        self.payouts.clear()


_QUICK: Memo[_Quick] = Memo()
_QUICK_SIZE = 16_384  # completions, and target bonuses at one rate, kept; then afresh


def _rate_cells(completion: str, rules: Mapping[str, Any], quick: _Quick) -> _Rated | None:
    """A typed completion's cells, as compute and payout_rate find them (kept in `quick`);
    None when compute refuses it: the full path then raises compute's error (or that of
    the target bonus, which compute checks first)."""
    try:
        completion_pct = _pct(parse_percent(completion, "completion"))
    except CalculatorError:
        return None
    if completion_pct < 0:
        return None
    tier, rate, _ = payout_rate(completion_pct, rules, False)
    if len(quick.rated) >= _QUICK_SIZE:
        quick.clear()
    payouts = quick.payouts.get(rate)  # (by value: 150 and 150.00 pay the same)
    if payouts is None:
        payouts = quick.payouts[rate] = {}
    rated = quick.rated[completion] = (
        fixed2(completion_pct), "" if tier is None else str(tier + 1), rate, fixed2(rate),
        payouts)
    return rated


def batch_row(row: Mapping[str, Any], policy: Policy, lang: str = DEFAULT) -> dict[str, str]:
    """A batch row's cells: batch_cells(compute_row(row, policy, False), lang), or the
    same CalculatorError (the registry's batch_row)."""
    get = row.get
    completion = get("completion")
    target = get("target_bonus")
    if (type(completion) is str and type(target) is str and get("kpis") in ABSENT
            and get("period") in ABSENT and get("start_date") in ABSENT
            and get("days_in_role") in ABSENT and get("special_bonus") in ABSENT):
        rules = policy["bonus"]
        quick = _QUICK.get(rules, "batch_row", _Quick)
        rated = quick.rated.get(completion) or _rate_cells(completion, rules, quick)
        if rated is not None:
            completion_cell, tier, rate, rate_cell, payouts = rated
            payout = payouts.get(target)
            if payout is None:
                # compute's first check: a target bonus that is not a number raises here
                # the error compute raises (before any about the completion)
                bonus = parse_amount(target, "target_bonus")
                if bonus >= 0:  # (a negative one: the full path raises compute's error)
                    payout = fixed2(money(bonus * rate / HUNDRED))  # compute's, rounded once
                    if len(payouts) >= _QUICK_SIZE:
                        payouts.clear()
                    payouts[target] = payout
            if payout is not None:
                # batch_cells' cells when nothing is prorated and there is no special
                # bonus: 100 %, and the prorated amount and the total are the payout.
                return {"completion_pct": completion_cell, "tier": tier,
                        "payout_pct": rate_cell, "payout": payout, "proration_pct": "100.00",
                        "prorated": payout, "special_bonus": "0.00", "total": payout}
    return batch_cells(compute_row(row, policy, False), lang)

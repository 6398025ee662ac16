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
from functools import lru_cache
from typing import Any

from . import calendar as cal
from .deviation import metric_names
from .display import num
from .errors import CalculatorError
from .i18n import DEFAULT, LANGUAGES, Msg, as_json, pick
from .numbers import (
    _UNITS,
    ABSENT,
    LIMIT,
    choice,
    fixed,
    half_up,
    has_unit_suffix,
    is_blank,
    parse_amount,
    parse_date,
    parse_int,
    parse_percent,
    split_list,
)
from .policy import Memo, Policy, get_policy
from .words import Join, Lazy

HUNDRED = Decimal(100)
MAX_PARTS = 1000
_WHOLE_NUMBERS = re.compile(r"^\d{1,15}(?:,\d{1,15}){0,999}$", re.ASCII)
# Input vocabulary (INTO, BASES): the words people type, Chinese ones included.
INTO = {"quarter": "quarter", "quarters": "quarter", "季度": "quarter", "季": "quarter",
        "month": "month", "months": "month", "月": "month", "月度": "month",
        "week": "week", "weeks": "week", "周": "week"}
BASES = {"even": "even", "平均": "even", "均分": "even",
         "days": "days", "calendar": "days", "自然日": "days",
         "working": "working", "working-days": "working", "workdays": "working",
         "工作日": "working",
         "weighted": "weighted", "weights": "weighted", "seasonal": "weighted",
         "加权": "weighted", "季节性": "weighted"}
LEVEL = {"year": 0, "quarter": 1, "month": 2, "week": 3}


# Not frozen: batch mode makes one per row (or per part), and a frozen dataclass's
# __init__ (object.__setattr__ per field) costs three times a plain one's. Read-only
# all the same: nothing changes a result once it is made.
@dataclass
class Part:
    label: str  # in the default language (the key `parent` refers to)
    label_en: str
    value: Decimal
    parent: str | None = None
    name: Msg | None = None  # a period's name, in every language; None: a typed label

    def text(self) -> Msg | str:
        """The label as a message parameter (a typed label is the same in every language)."""
        return self.label if self.name is None else self.name

    def as_json(self, places: int) -> dict[str, Any]:
        labels = dict.fromkeys(LANGUAGES, self.label) if self.name is None \
            else self.name.texts()
        out = {"label": self.label, "label_en": self.label_en, "labels": labels,
               "value": fixed(self.value, places)}
        if self.parent is not None:
            out["parent"] = self.parent
        return out


def _period_part(period: cal.Period, index: int, value: Decimal,
                 parent: str | None = None) -> Part:
    return Part(*_period_labels(period, index), value, parent,
                _label_msg(period, index))


@lru_cache(maxsize=8192)  # one lookup per part instead of three
def _period_labels(period: cal.Period, index: int) -> tuple[str, str]:
    return _label(period, index, DEFAULT), _label(period, index, "en")


@dataclass(frozen=True)
class _Month:
    """A planning week's month; the catalog picks the form: {month:number} is 7,
    {month:iso} is 2026-07."""

    day: dt.date

    def __format__(self, spec: str) -> str:
        return str(self.day.month) if spec == "number" else f"{self.day:%Y-%m}"


# (Not frozen either: see above.)
@dataclass
class SplitResult:
    target: Decimal
    buffer_pct: Decimal
    total: Decimal  # the sum of the parts (the rate itself for a ratio metric)
    unit: str
    decimals: int
    parts: tuple[Part, ...]
    ratio: bool = False
    levels: dict[str, tuple[Part, ...]] = field(default_factory=dict)
    steps: list[Msg] = field(default_factory=list)

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
    return _shares(units, _integers(weights))


def _shares(units: int, ints: Sequence[int]) -> list[int]:
    """largest_remainder() of whole-number weights (their sum not 0)."""
    total = sum(ints)
    floors, remainders = [], []
    for w in ints:
        q, r = divmod(units * w, total)  # exact share = q + r / total
        floors.append(q)
        remainders.append(r)
    left = units - sum(floors)
    if left:  # largest remainder first; a stable sort keeps equal ones in their order
        order = sorted(range(len(ints)), key=remainders.__getitem__, reverse=True)
        for i in order[:left]:
            floors[i] += 1
    return floors


def _apportion(total: Decimal, weights: Sequence[Weight], quantum: Decimal) -> list[Decimal]:
    units = int(total / quantum)
    return [quantum * n for n in largest_remainder(units, weights)]


_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(5)}  # the policy's 0-4 places


def _quantum(places: int) -> Decimal:
    """1, 0.1, …, 0.0001: a unit's resolution (made once, not once a row)."""
    quantum = _QUANTA.get(places) if type(places) is int else None
    return Decimal(1).scaleb(-places) if quantum is None else quantum


# ------------------------------------------------------------ parsing ---

def parse_weights(value: object, field: str = "weights") -> list[Decimal]:
    """Relative weights: "16,17,17", "1,600 / 1,700 / 1,700", "30%；35%；35%".

    Plain whole numbers come back as int (exact, and faster to apportion)."""
    fast = _whole_weights(value)
    if fast is not None:
        return fast  # type: ignore[return-value]
    items = split_list(value)
    if len(items) > MAX_PARTS:
        raise CalculatorError(field, Msg("split.too_many_weights", max=MAX_PARTS))
    out = []
    for i, item in enumerate(items):
        try:
            number = parse_percent(item, field) if item.strip().endswith(("%", "％")) \
                else parse_amount(item, field)
        except CalculatorError as exc:
            raise CalculatorError(field, Msg("split.weight_error", n=i + 1,
                                             error=Lazy(exc.message))) from None
        if number < 0:
            raise CalculatorError(field, Msg("split.weight_negative", n=i + 1))
        out.append(number)
    if out and sum(out) == 0:
        raise CalculatorError(field, Msg("split.weights_zero"))
    return out


def _whole_weights(value: object) -> list[int] | None:
    """Weights typed as plain whole numbers ("16,17,17", the common case), not all 0: ints
    (exact, and the fastest to apportion); None: anything else (parse_weights reads it)."""
    if type(value) is str and _WHOLE_NUMBERS.match(value):
        fast = [int(x) for x in value.split(",")]
        if any(fast):
            return fast
    return None


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
        raise CalculatorError("buffer", Msg("split.buffer_range", low=_show(low),
                                            high=_show(high)))
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
    if policy is None:  # (not `or`: a Policy's truth is its length, a call a row)
        policy = get_policy()
    rules = policy["decomposition"]
    units_table = rules["units"]
    suffixed = has_unit_suffix(total)
    unit_key = choice(unit, "unit", _unit_names(units_table),
                      default="wan_yuan" if suffixed else "yuan")
    spec = units_table[unit_key]
    places = spec["decimals"] if is_blank(decimals) else parse_int(decimals, "decimals", 0, 4)
    quantum = _quantum(places)
    name: Lazy | str = _data(spec["name"]) if explain else ""  # words for the steps only
    steps: list[Msg] = []

    # ---- what is split: a ratio is copied down, a volume is divided
    ratio = _ratio_metric(rules, metric)
    typed_pct = isinstance(total, str) and unicodedata.normalize("NFKC", total).strip() \
        .endswith("%")
    if ratio is not None or typed_pct:
        if not is_blank(buffer) and _buffer(rules, buffer) != 0:
            raise CalculatorError("buffer", Msg("split.buffer_ratio"))
        rate = parse_percent(total, "total") if typed_pct or ratio is None else \
            parse_amount(total, "total")
        if explain:
            what = _data(ratio["name"]) if ratio else Msg("split.typed_pct")
            value = Msg("split.percent", value=num(rate)) if typed_pct else num(rate)
            steps.append(Msg("split.step_ratio", what=what, value=value))
        if not is_blank(period):
            dated = cal.parse_period(period, "period")
            leaves = _leaves_even(dated, _into(into, dated), rules)
            plan_parts = tuple(_period_part(p, i % rules["weeks_per_month"], rate)
                               for i, p in enumerate(leaves))
        else:
            typed = parse_weights(weights) if not is_blank(weights) else None
            plan_parts = tuple(Part(zh, en, rate)
                               for zh, en in _plain_labels(labels, parts, typed))
        return SplitResult(rate, Decimal(0), rate, "pct" if typed_pct else unit_key,
                           max(places, 2), plan_parts, True, {}, steps)

    # ---- the target in the chosen unit, the buffer, the total to split
    target = parse_amount(total, "total")
    if suffixed:
        target = target / Decimal(spec["scale"])
    if target < 0:
        raise CalculatorError("total", Msg("split.negative_total"))
    pct = _buffer(rules, buffer)
    buffered = half_up(target * (1 + pct / HUNDRED) if pct else target, quantum)
    if explain:
        steps.append(Msg("split.step_target", target=num(target), unit=name, places=places))
    if pct and explain:
        steps.append(Msg("split.step_buffer", pct=_show(pct), target=num(target),
                         buffered=num(buffered, places), unit=name))

    levels: dict[str, tuple[Part, ...]] = {}
    # ",," (three people already in role) is people mode too: not is_blank(), which drops commas.
    dated_people = start_dates is not None and str(start_dates).strip()
    people = bool(dated_people) or not is_blank(labels)
    has_period = not is_blank(period)
    if has_period and not is_blank(parts) and not dated_people:
        raise CalculatorError("parts", Msg("split.period_and_parts"))
    if dated_people and not has_period:
        raise CalculatorError("period", Msg("split.dates_need_period"))
    if people and has_period:
        out, levels = _period_people(buffered, weights, parts, labels, start_dates, period,
                                     into, basis,
                                     rules, policy, quantum, places, name,
                                     steps if explain else None)
    elif has_period:
        out, levels, _ = _cascade(buffered, weights, period, into, basis, rules, policy, quantum,
                                  places, steps if explain else None, name)
    else:
        w_typed = parse_weights(weights) if not is_blank(weights) else None
        pairs = _plain_labels(labels, parts, w_typed)
        w: list[Weight] = list(w_typed) if w_typed is not None else [1] * len(pairs)
        values = _apportion(buffered, w, quantum)
        out = tuple(Part(zh, en, v) for (zh, en), v in zip(pairs, values, strict=True))
        if explain:
            _explain_plain(pairs, values, w_typed, places, steps, name)
    total_out = sum([p.value for p in out], Decimal(0))
    if explain:
        steps.append(Msg("split.step_rounding", tie=_data(rules["tie_rule"]),
                         total=num(total_out, places), unit=name))
    return SplitResult(target, pct, total_out, unit_key, places, out, False, levels, steps)


def _data(bilingual: Mapping[str, str]) -> Lazy:
    """A {zh, en} text of the policy data as a message parameter (any language)."""
    return Lazy(lambda lang: pick(bilingual, lang))


def _explain_plain(pairs: list[tuple[str, str]], values: list[Decimal],
                   w_typed: list[Decimal] | None, places: int, steps: list[Msg],
                   unit: Msg | str = "") -> None:
    texts = [num(v, places) for v in values]
    how: Msg
    if w_typed is not None:
        whole = sum(w_typed, Decimal(0))
        ratio_text = " : ".join(_show(x) for x in w_typed)
        shares = [_frac_pct(Fraction(x) / Fraction(whole)) for x in w_typed]
        how = Msg("split.how_weights", weights=ratio_text, whole=_show(whole))
    else:
        shares = [_frac_pct(Fraction(1, len(values)))] * len(values)
        how = Msg("split.how_even", n=len(values))
    items = [Msg("split.share_unit_item", label=label, share=sh, value=t, unit=unit)
             for (label, _), sh, t in zip(pairs, shares, texts, strict=True)]
    steps.append(Msg("split.step_plain", how=how, parts=Join(items, Msg("split.sep"))))


# Every accepted spelling of a unit, per policy units table (a changed policy is a new
# table). A Memo: identity-checked and bounded (tests make many policies).
_UNIT_NAMES: Memo[dict[str, str]] = Memo(64)


def _unit_names(units: Mapping[str, Any]) -> dict[str, str]:
    """Every accepted spelling of a unit -> its key (cached per policy table): input
    vocabulary, so the data's zh and en names are both read here."""
    return _UNIT_NAMES.get(units, None, _spellings, units)


def _spellings(units: Mapping[str, Any]) -> dict[str, str]:
    names = {k: k for k in units}
    names |= {"".join(v["name"]["zh"].lower().split()): k for k, v in units.items()}
    names |= {"".join(v["name"]["en"].lower().split()): k for k, v in units.items()}
    return names


def _plain_labels(labels: object, parts: object,
                  weights: list[Decimal] | None) -> list[tuple[str, str]]:
    names = split_list(labels) if not is_blank(labels) else []
    if weights is not None:
        count = len(weights)
        if not is_blank(parts) and parse_int(parts, "parts", 1, MAX_PARTS) != count:
            raise CalculatorError("parts", Msg("split.parts_mismatch", count=count,
                                               parts=str(parts)[:10]))
    elif not is_blank(parts):
        count = parse_int(parts, "parts", 1, MAX_PARTS)
    elif names:
        count = len(names)
    else:
        raise CalculatorError("parts", Msg("split.need_parts"))
    if names and len(names) != count:
        raise CalculatorError("labels", Msg("split.labels_count", labels=len(names),
                                            count=count))
    if names:
        return [(n[:60] or str(i + 1), n[:60] or str(i + 1)) for i, n in enumerate(names)]
    return list(_numbered(count))


@lru_cache(maxsize=64)
def _numbered(count: int) -> tuple[tuple[str, str], ...]:
    """The labels of `count` unnamed parts: 1, 2, 3 (made once per count, not once a row)."""
    return tuple((str(i + 1), str(i + 1)) for i in range(count))


def _into(into: object, dated: cal.Period) -> str:
    below = {"year": "quarter", "quarter": "month", "month": "week"}[dated.kind]
    level = choice(into, "into", INTO, default=below)
    if LEVEL[level] <= LEVEL[dated.kind]:
        raise CalculatorError("into", Msg("split.into_smaller",
                                          kind=Msg(f"split.kind_{dated.kind}"),
                                          level=Msg(f"split.kind_{level}")))
    return level


def _children(period: cal.Period, weeks_per_month: int,
              planning_weeks: bool) -> list[cal.Period]:
    nxt = {"year": "quarter", "quarter": "month", "month": "week"}[period.kind]
    if nxt == "week" and planning_weeks:
        return [cal.Period("planning_week", period.start, period.end)
                for _ in range(weeks_per_month)]
    return list(_subperiods(period, nxt))


@lru_cache(maxsize=4096)  # a batch file splits the same quarters and months over and over
def _subperiods(period: cal.Period, kind: str) -> tuple[cal.Period, ...]:
    return tuple(cal.subperiods(period, kind))


def _leaves_even(dated: cal.Period, level: str, rules: Mapping[str, Any]) -> list[cal.Period]:
    nodes = [dated]
    while LEVEL[_kind(nodes[0])] < LEVEL[level]:
        nodes = [c for n in nodes for c in _children(n, rules["weeks_per_month"], True)]
    return nodes


@lru_cache(maxsize=8192)  # batch splits label the same periods over and over
def _label_msg(p: cal.Period, index: int) -> Msg:
    if p.kind == "planning_week":
        return Msg("split.planning_week", month=_Month(p.start), n=index + 1)
    return p.name()


@lru_cache(maxsize=8192)
def _label(p: cal.Period, index: int, lang: str) -> str:
    return _label_msg(p, index).text(lang)


Leaf = tuple[cal.Period, Decimal, Part | None]


@dataclass(frozen=True)
class _Group:
    """One period's children in a cascade level: everything about them but the money."""

    node: int  # the period's place in the level above (0: the period that is split)
    period: cal.Period
    parent: str | None  # the period's label, the `parent` of its parts (None at the top)
    kids: tuple[cal.Period, ...]
    # Each kid's label, English label and name, as three columns: a row makes its parts
    # with map(Part, ...) over them.
    labels: tuple[str, ...]
    labels_en: tuple[str, ...]
    names: tuple[Msg, ...]
    parents: tuple[str | None, ...]  # `parent`, once per kid
    weights: tuple[int, ...] | None  # None: the row's typed weights (weighted, first level)


# A cascade level: its key in SplitResult.levels ("months") and its groups, in order.
_Level = tuple[str, tuple[_Group, ...]]


@lru_cache(maxsize=1024)  # bounded: a file has a few dozen distinct (period, into, basis)
def _plan(dated: cal.Period, level: str, how: str, weeks_per_month: int,
          calendar: cal.Calendar | None) -> tuple[_Level, ...]:
    """The structure of a cascade, the same for every row with this period, `into` and
    basis: the periods of each level and their weights (days, working days). Only the
    amounts differ between rows, so a batch file's cascades (a quarter into working-day
    weeks is ~20 periods, each with its working days) are worked out once, not per row.
    Errors (a year without holiday data) are raised, and lru_cache keeps none of them."""
    nodes = [dated]
    levels: list[_Level] = []
    first = True
    while LEVEL[_kind(nodes[0])] < LEVEL[level]:
        groups: list[_Group] = []
        next_nodes: list[cal.Period] = []
        for j, node in enumerate(nodes):
            kids = tuple(_children(node, weeks_per_month,
                                   planning_weeks=how in ("even", "weighted")))
            w: tuple[int, ...] | None
            if how == "weighted" and first:
                w = None
            elif how == "days":
                w = tuple(k.days for k in kids)
            elif how == "working" and calendar is not None:
                w = tuple(calendar.working_days(k, "basis") for k in kids)
                if sum(w) == 0:
                    w = tuple(k.days for k in kids)  # a month of holidays only: by days
            else:
                w = (1,) * len(kids)
            pairs = [_period_labels(k, i) for i, k in enumerate(kids)]
            parent = None if first else node.label(DEFAULT)
            groups.append(_Group(j, node, parent, kids, tuple(zh for zh, _ in pairs),
                                 tuple(en for _, en in pairs),
                                 tuple(_label_msg(k, i) for i, k in enumerate(kids)),
                                 (parent,) * len(kids), w))
            next_nodes += kids
        levels.append((_kind(next_nodes[0]) + "s", tuple(groups)))
        nodes = next_nodes
        first = False
    return tuple(levels)


def _cascade(total: Decimal, weights: object, period: object, into: object, basis: object,
             rules: Mapping[str, Any], policy: Policy, quantum: Decimal, places: int,
             steps: list[Msg] | None, unit: Msg | str = "",
             same_level: bool = False,
             ) -> tuple[tuple[Part, ...], dict[str, tuple[Part, ...]], list[Leaf]]:
    """year -> quarters -> months -> weeks down to `into`: (the parts of the last level,
    every level's parts, the last level's periods with their values and parts).
    same_level: `into` may be the period's own level (people split the period itself);
    only then are the last level's periods given (else an empty list)."""
    if same_level:
        dated = cal.parse_period(period, "period")
        if is_blank(into) or choice(into, "into", INTO) == dated.kind:
            return (), {}, [(dated, total, None)]
    dated, level, how = _setup(period, into, basis, not is_blank(weights))
    calendar = cal.working_calendar(policy) if how == "working" else None
    plan = _plan(dated, level, how, rules["weeks_per_month"], calendar)
    levels: dict[str, tuple[Part, ...]] = {}
    amounts = [total]  # the amounts of the level above, in order (for the steps)
    # ... and as whole units of the quantum: each level is split from the rounded level
    # above, so a part's units are exactly its value / quantum (as _apportion finds them).
    units_above = [int(total / quantum)]
    parts_here: list[Part] = []
    first = True
    for key, groups in plan:
        parts_here = []
        units_here: list[int] = []
        for group in groups:
            kids = group.kids
            w: Sequence[Weight] | None = group.weights
            if w is None:  # weighted, first level: this row's weights
                w = parse_weights(weights)
                if len(w) != len(kids):
                    raise CalculatorError("weights", Msg(
                        "split.weights_count", weights=len(w), parts=len(kids),
                        period=group.period.name()))
                shares = largest_remainder(units_above[group.node], w)
            else:  # the plan's whole numbers (days, working days, evenly: 1s)
                shares = _shares(units_above[group.node], group.weights)
            units_here += shares
            parts_here += map(Part, group.labels, group.labels_en,
                              map(quantum.__mul__, shares), group.parents, group.names)
            if steps is None:
                continue
            amount = amounts[group.node]
            weights_text = " : ".join(_show(Decimal(x)) for x in w)
            basis = "even" if how == "weighted" and not first else how  # deeper: even
            whole = sum((Fraction(Decimal(x)) for x in w), Fraction(0))
            shares_pct = [_frac_pct(Fraction(Decimal(x)) / whole) for x in w]
            mine = parts_here[-len(kids):]
            items = [Msg("split.share_item", label=p.text(), share=sh,
                         value=num(p.value, places))
                     for p, sh in zip(mine, shares_pct, strict=True)]
            steps.append(Msg(
                "split.step_level", period=group.period.name(), amount=num(amount, places),
                unit=unit, basis=Msg(f"split.basis_{basis}"), weights=weights_text,
                whole=_show(Decimal(whole.numerator) / whole.denominator),
                parts=Join(items, Msg("split.sep"))))
        levels[key] = tuple(parts_here)
        units_above = units_here
        if steps is not None:
            amounts = [p.value for p in parts_here]
        first = False
    leaves: list[Leaf] = []
    if same_level:  # people: each period of the last level is split among them
        leaves = [(kid, part.value, part) for kid, part
                  in zip((k for _, groups in plan[-1:] for g in groups for k in g.kids),
                         parts_here, strict=True)]
    if steps is None:
        pass
    elif level == "week" and how in ("even", "weighted"):
        steps.append(Msg("split.step_planning_weeks", n=rules["weeks_per_month"]))
    elif level == "week":
        steps.append(Msg("split.step_calendar_weeks"))
    return levels[level + "s"], levels, leaves


def _setup(period: object, into: object, basis: object,
           weighted: bool) -> tuple[cal.Period, str, str]:
    """(the period, the level it is split down to, the basis) of a cascade as typed; its
    errors in split()'s order. Cached: a batch file types the same few periods, and
    reading one (folding, patterns) cost as much as splitting it. Only typed text is a
    key (lru_cache keeps no error: a bad period is read, and refused, on every row)."""
    if all(type(x) is str or x is None for x in (period, into, basis)):
        return _setup_typed(period, into, basis, weighted)
    return _setup_typed.__wrapped__(period, into, basis, weighted)


@lru_cache(maxsize=1024)
def _setup_typed(period: object, into: object, basis: object,
                 weighted: bool) -> tuple[cal.Period, str, str]:
    dated = cal.parse_period(period, "period")
    level = _into(into, dated)
    how = choice(basis, "basis", BASES, default="weighted" if weighted else "even")
    if how == "weighted" and not weighted:
        raise CalculatorError("weights", Msg("split.weighted_needs_weights"))
    if how != "weighted" and weighted:
        raise CalculatorError("basis", Msg("split.weights_only_weighted"))
    return dated, level, how


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


def _ramp_step(who: str, start: dt.date, leaf: cal.Period,
               segments: list[tuple[int, int, Fraction]], factor: Fraction) -> Msg:
    """The derivation of a person's average capacity in one period, every figure shown."""
    if not segments:
        return Msg("split.step_not_in_role", who=who, start=start, period=leaf.name(),
                   first=leaf.start, last=leaf.end)

    def when(m: int, rate: Fraction) -> Msg:
        return Msg("split.ramp_full") if m >= 3 and rate == 1 else \
            Msg("split.ramp_month", n=m + 1)

    terms = [Msg("split.ramp_term", days=days, rate=_frac_pct(rate), when=when(m, rate))
             for m, days, rate in segments]
    full = factor * leaf.days
    return Msg("split.step_ramp", who=who, start=start, period=leaf.name(), days=leaf.days,
               terms=Join(terms, Msg("split.plus")), full=_fr(full), factor=_frac_pct(factor))


def _period_people(total: Decimal, weights: object, parts: object, labels: object,
                   start_dates: object,
                   period: object, into: object, basis: object, rules: Mapping[str, Any],
                   policy: Policy, quantum: Decimal, places: int, unit: Msg | str,
                   steps: list[Msg] | None,
                   ) -> tuple[tuple[Part, ...], dict[str, tuple[Part, ...]]]:
    """A period's target down its calendar (`into`: quarter / month / week; empty: the
    period itself) and then each of those periods among the people: their weights
    (capacity, territory) times the new hires' ramp in that period. Every level adds up
    exactly to the one above (largest remainder at each level)."""
    how = "" if is_blank(basis) else choice(basis, "basis", BASES)
    if how == "weighted":
        raise CalculatorError("basis", Msg("split.people_weighted"))
    _, levels, leaves = _cascade(total, None, period, into, basis or None, rules, policy,
                                 quantum, places, steps, unit, same_level=True)
    dates = split_list(start_dates) if start_dates is not None and str(start_dates).strip() \
        else []
    typed = parse_weights(weights) if not is_blank(weights) else None
    if is_blank(parts) and is_blank(labels) and typed is None and dates:
        parts = len(dates)  # one person per start date
    pairs = _plain_labels(labels, parts, typed)
    if dates and len(dates) != len(pairs):
        raise CalculatorError("start_dates", Msg("split.dates_count", dates=len(dates),
                                                 people=len(pairs)))
    starts = [parse_date(t, "start_dates") if t else None for t in dates] or [None] * len(pairs)
    w = [Fraction(x) for x in typed] if typed is not None else [Fraction(1)] * len(pairs)
    ramp = [Fraction(Decimal(x)) / 100 for x in rules["ramp"]["months_pct"]]
    if steps is not None and typed is not None:
        steps.append(Msg("split.step_people_weights", weights=Join(
            [f"{label} {_show(x)}" for (label, _), x in zip(pairs, typed, strict=True)],
            Msg("split.sep"))))
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
                steps.append(_ramp_step(who[0], start, leaf, segments, factor))
        where = leaf.name() if leaf_part is None else leaf_part.text()
        if sum(effective) == 0:
            raise CalculatorError("start_dates", Msg("split.nobody_in_role", period=where))
        values = _apportion(amount, effective, quantum)
        parent = None if leaf_part is None else leaf_part.label
        mine = [Part(zh, en, v, parent) for (zh, en), v in zip(pairs, values, strict=True)]
        out += mine
        if steps is None:
            continue
        whole = sum(effective, Fraction(0))
        items = [Msg("split.effective_item", label=p.label, weight=_fr(e), whole=_fr(whole),
                     share=_frac_pct(e / whole), value=num(p.value, places))
                 for p, e in zip(mine, effective, strict=True)]
        steps.append(Msg("split.step_effective", period=where, amount=num(amount, places),
                         unit=unit, whole=_fr(whole), parts=Join(items, Msg("split.sep"))))
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


def batch_cells(result: SplitResult, lang: str = DEFAULT) -> dict[str, str]:
    """A batch row's result columns (the registry's batch_columns); the CSV has no steps."""
    places = result.decimals
    cells = [f"{p.label}={fixed(p.value, places)}" for p in result.parts]
    return {
        "total": fixed(result.total, places),
        "parts": "; ".join(cells),
        "unit": result.unit,
        "ratio": "true" if result.ratio else "false",
    }


# ---------------------------------------------------------- batch rows ---



def batch_row(row: Mapping[str, Any], policy: Policy | None = None,
              lang: str = DEFAULT) -> dict[str, str]:
    """batch_cells(split_row(row, policy, False), lang), or its CalculatorError, straight
    from the row (the registry's batch_row).

    Batch mode's common row (9 in 10 of a typical file): a total typed in ASCII digits
    (no 万, sign, decimals or %) split by typed whole-number weights in a unit given or
    by default, nothing else typed. Its cells are worked out in whole units of the unit's
    quantum, without the checks split() makes that such a row passes anyway, and without
    the result's Part objects (making them cost more than the rest of the row). A
    cascade (1 in 10: a total with or without 万 / 亿 / w, a period, maybe `into`,
    `basis`, a unit and a buffer) is worked out the same way from its cached plan
    (_cascade_cells). Any other row goes through split_row() and batch_cells()."""
    if policy is None:  # (not `or`: a Policy's truth is its length)
        policy = get_policy()
    get = row.get
    total, weights = get("total"), get("weights")
    # parse_amount reads such a total as Decimal(total) (15 digits at most: within LIMIT).
    # `into` and `basis` are not looked at: split() ignores them without a period.
    if type(total) is str and type(weights) is str and total.isdigit() and \
            total.isascii() and len(total) <= 15 and get("parts") in ABSENT and \
            get("buffer") in ABSENT and get("period") in ABSENT and \
            get("labels") in ABSENT and get("decimals") in ABSENT and \
            get("metric") in ABSENT and get("start_dates") in ABSENT:
        cells = _plain_cells(total, weights, get("unit"), policy)
        if cells is not None:
            return cells
    elif type(total) is str and get("period") not in ABSENT and weights in ABSENT and \
            get("parts") in ABSENT and get("labels") in ABSENT and \
            get("decimals") in ABSENT and get("metric") in ABSENT and \
            get("start_dates") in ABSENT:
        try:
            cells = _cascade_cells(total, get("unit"), get("buffer"), get("period"),
                                   get("into"), get("basis"), policy)
        except CalculatorError:  # split() raises it, or an earlier one: it is asked
            cells = None
        if cells is not None:
            return cells
    return batch_cells(split_row(row, policy, False), lang)


def _plain_cells(total: str, weights: str, unit: object,
                 policy: Policy) -> dict[str, str] | None:
    """batch_row()'s cells of a plain row (see there), or None: weights or a unit that are
    not for this path (split() reads the row). A unit the policy does not know raises
    split()'s error: with such a total and weights, it is the first thing split() checks."""
    ints = _whole_weights(weights)
    if ints is None or (unit is not None and type(unit) is not str):
        return None
    table = policy["decomposition"]["units"]
    figures = _PLAIN_UNITS.get(table, unit, _plain_unit, table, unit)
    if figures is None:
        return None
    key, quantum, scale = figures
    # split() rounds Decimal(total) to the quantum and divides by it: total × 10^places
    # units (19 digits at most, so Decimal's 28 never round); no buffer. The parts'
    # values are quantum × their units, as _apportion makes them; being at the unit's
    # places, in plain notation and not negative, each is its own fixed() text
    # (batch_cells' usual case), and so is their sum, `units` units of the quantum.
    units = int(total) * scale
    values = tuple(map(quantum.__mul__, _shares(units, ints)))
    # One %-format of the row's template writes every part (str() of each value), a
    # third cheaper than an f-string a part.
    return {"total": str(quantum * units), "parts": _parts_template(len(ints)) % values,
            "unit": key, "ratio": "false"}


# A unit's key, quantum and 10^places, for _plain_cells.
_UnitFigures = tuple[str, Decimal, int]
# Per policy units table and unit as typed: its figures (None: not for _plain_cells). A
# unit the policy does not know raises, and is not kept.
_PLAIN_UNITS: Memo[_UnitFigures | None] = Memo(256)


def _plain_unit(units: Mapping[str, Any], unit: str | None) -> _UnitFigures | None:
    """A unit as typed in a row whose total has no 万 / 亿 (default: yuan): its figures,
    or None when its places are outside the policy's 0-4 (split() reads such a row)."""
    key = choice(unit, "unit", _unit_names(units), default="yuan")
    places = units[key]["decimals"]
    if type(places) is int and places in _QUANTA:
        return key, _QUANTA[places], 10 ** places
    return None


@lru_cache(maxsize=64)
def _parts_template(count: int) -> str:
    """The parts cell of `count` unnamed parts with a %s for each value, as batch_cells
    writes it: "1=%s; 2=%s" (the labels, _numbered()'s, have no %)."""
    return "; ".join(f"{zh}=%s" for zh, _ in _numbered(count))


# ------------------------------------------------------ batch cascades ---

# The multipliers a cascade's quick path reads: parse_amount's own, as it reads them
# without folding (an upper-case W or full-width digits are folded first: split() reads
# them). Taken from numbers, not copied: the words stay with the other input vocabulary.
_MULTIPLIERS = {suffix: int(factor) for suffix, factor in _UNITS.items()}
_LIMIT = int(LIMIT)  # a larger total is refused (split() says so); an int compares faster


def _cascade_cells(total: str, unit: object, buffer: object, period: object, into: object,
                   basis: object, policy: Policy) -> dict[str, str] | None:
    """batch_row()'s cells of a cascade row (a period, no weights, labels, parts, start
    dates, metric or decimals), or None: a total, unit, buffer or period that is not for
    this path (split() reads the row). May raise a CalculatorError of split()'s checks
    (unit, buffer, period, into, basis, holiday data), in any order: batch_row() then
    asks split() for the row, so the error is always the one split() raises first.

    split() cascades the buffered total down the plan's levels with _shares() on whole
    units of the quantum; so does this, without the Part objects, the steps' amounts and
    the levels that batch_cells does not write."""
    multiplier = _MULTIPLIERS.get(total[-1:], 0)
    digits = total[:-1] if multiplier else total
    # (At most 20 digits: int() refuses thousands, and past LIMIT split() refuses them.)
    if not (digits.isdigit() and digits.isascii() and len(digits) <= 20) or \
            (unit is not None and type(unit) is not str) or \
            (buffer is not None and type(buffer) is not str) or type(period) is not str or \
            (into is not None and type(into) is not str) or \
            (basis is not None and type(basis) is not str) or is_blank(period):
        return None
    rules = policy["decomposition"]
    table = rules["units"]
    figures = _CASCADE_UNITS.get(table, (unit, multiplier), _cascade_unit, table, unit,
                                 multiplier)
    if figures is None:
        return None
    key, quantum, scale, per = figures
    # parse_amount: the digits times the multiplier, refused past LIMIT; split() then
    # divides a total with a multiplier by the unit's scale, which _cascade_unit made
    # sure is exact: `per` (the multiplier over the scale) is a whole number.
    number = int(digits)
    if number * (multiplier or 1) > _LIMIT:
        return None
    target = number * per
    factor = None if buffer in ABSENT else _BUFFERS.get(rules, buffer, _buffer_factor,
                                                          rules, buffer)
    if factor is None:  # no buffer: the total, whole, is already at the unit's places
        units = target * scale
    else:  # split()'s own Decimal arithmetic (its 28 digits round where they round)
        units = int(half_up(Decimal(target) * factor, quantum) / quantum)
    if units < 0:  # (a policy whose buffer goes below -100 %)
        return None
    levels, template = _CASCADE_PLANS.get(
        policy, (period, into, basis, rules["weeks_per_month"]), _cascade_program, policy,
        rules, period, into, basis)
    above = [units]
    for groups in levels:  # as _cascade: each level from the rounded level above
        here: list[int] = []
        for node, ints in groups:
            here += _shares(above[node], ints)
        above = here
    # The values are quantum × units, not negative, at the unit's places and short of 26
    # characters: each is its own fixed() text, str() (see _plain_cells); so is their sum,
    # the total's `units` units (every level adds up to the one above). At 0 places that
    # text is the units' own (the Decimals are not made).
    if scale == 1:
        return {"total": str(units), "parts": template % tuple(above), "unit": key,
                "ratio": "false"}
    return {"total": str(quantum * units),
            "parts": template % tuple(map(quantum.__mul__, above)),
            "unit": key, "ratio": "false"}


# A unit's key, quantum, 10^places and the multiplier over its scale, for _cascade_cells.
_CascadeUnit = tuple[str, Decimal, int, int]
# Per policy units table, unit as typed and the total's multiplier (0: none): its figures
# (None: not for _cascade_cells). A unit the policy does not know raises, and is not kept.
_CASCADE_UNITS: Memo[_CascadeUnit | None] = Memo(256)


def _cascade_unit(units: Mapping[str, Any], unit: str | None,
                  multiplier: int) -> _CascadeUnit | None:
    """A unit as typed in a cascade row whose total has `multiplier` (0: none, the default
    unit yuan; else 万元): its figures, or None when its places are outside the policy's
    0-4, or the multiplier is not a whole number of its scale (a total in 万 split in
    thousands: split()'s Decimal division reads it)."""
    key = choice(unit, "unit", _unit_names(units), default="wan_yuan" if multiplier
                 else "yuan")
    places, scale = units[key]["decimals"], units[key]["scale"]
    if not (type(places) is int and places in _QUANTA):
        return None
    if not multiplier:  # no multiplier: split() does not divide by the scale
        return key, _QUANTA[places], 10 ** places, 1
    if type(scale) is not int or scale <= 0 or multiplier % scale:
        return None
    return key, _QUANTA[places], 10 ** places, multiplier // scale


# Per decomposition rules and buffer as typed: 1 + buffer / 100, as split() works it
# out, or None for a buffer of 0. A buffer that split() refuses raises, and is not kept.
_BUFFERS: Memo[Decimal | None] = Memo(256)


def _buffer_factor(rules: Mapping[str, Any], buffer: str) -> Decimal | None:
    pct = _buffer(rules, buffer)
    return 1 + pct / HUNDRED if pct else None


# A cascade for _cascade_cells: each level's groups as (the node above, its whole-number
# weights), and the parts cell of the last level with a %s for each value.
_Program = tuple[tuple[tuple[tuple[int, tuple[int, ...]], ...], ...], str]
# Per policy (its working calendar is the policy's) and period, into, basis as typed and
# weeks a month. A cascade that split() refuses raises, and is not kept.
_CASCADE_PLANS: Memo[_Program] = Memo(256)


def _cascade_program(policy: Policy, rules: Mapping[str, Any], period: str,
                     into: str | None, basis: str | None) -> _Program:
    """The plan _cascade() follows for such a row (no weights), reduced to what
    _cascade_cells needs: every group's weights, and the last level's labels as
    batch_cells writes them ("2026年7月=%s; …", a label's own % doubled)."""
    dated, level, how = _setup(period, into, basis, False)
    calendar = cal.working_calendar(policy) if how == "working" else None
    plan = _plan(dated, level, how, rules["weeks_per_month"], calendar)
    levels = []
    for _, groups in plan:
        level_groups = []
        for group in groups:
            assert group.weights is not None  # (weighted needs weights: _setup refuses)
            level_groups.append((group.node, group.weights))
        levels.append(tuple(level_groups))
    labels = [label for group in plan[-1][1] for label in group.labels]
    template = "; ".join(f"{label.replace('%', '%%')}=%s" for label in labels)
    return tuple(levels), template

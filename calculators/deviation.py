"""Deviation check (偏差预警): plan vs actual -> deviation, status and required actions.

Rules, all from data/deviation.toml:
- Plan to date: the plan, or the plan times the period's progress (typed as a percent,
  as elapsed / total days, or from a dated period and an as-of date by calendar or
  working days). It is rounded to 0.01 so the explanation checks by hand.
- Deviation = actual − plan to date; deviation % = deviation / plan to date × 100,
  rounded half-up to 0.01 %. The sign is the plain arithmetic one (Table 3: −24 %).
- Favourable: above plan for higher-is-better, below plan for lower-is-better; a
  two-sided metric (budget spend, exposure within ±5 %) is neither: both ways count.
- Status: ok within ± the warning line (exactly on the line is ok); beyond it a
  warning; escalate when an unfavourable or two-sided deviation is beyond the
  escalation line, or, for a metric with `escalate_on_overrun`, on any overrun
  beyond the warning line.
- A plan (to date) of zero: with an actual of zero the deviation is 0 % (ok); otherwise
  the percentage is undefined (JSON null) and the deviation counts as beyond every
  line: a warning if favourable, an escalation if not (or two-sided).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import calendar as cal
from .display import amount, num
from .errors import CalculatorError
from .i18n import DEFAULT, LANGUAGES, Msg, as_json, pick, t
from .numbers import (
    ABSENT,
    choice,
    fixed2,
    half_up,
    is_blank,
    parse_amount,
    parse_date,
    parse_int,
    parse_percent,
    typed_scale,
)
from .policy import Memo, Policy, get_policy
from .words import Lazy

HUNDRED = Decimal(100)
PCT = Decimal("0.01")
# Input vocabulary: the words people type for a direction (Chinese ones included).
DIRECTIONS = {
    "higher": "higher", "high": "higher", "up": "higher", "越高越好": "higher", "高": "higher",
    "正向": "higher",
    "lower": "lower", "low": "lower", "down": "lower", "越低越好": "lower", "低": "lower",
    "反向": "lower",
    "both": "both", "two-sided": "both", "twosided": "both", "±": "both", "双向": "both",
}
# Input vocabulary, as DIRECTIONS.
BASES = {"calendar": "calendar", "days": "calendar", "自然日": "calendar",
         "working": "working", "working-days": "working", "workdays": "working",
         "工作日": "working"}


def texts(bilingual: Mapping[str, str]) -> dict[str, str]:
    """A {zh, en} text of the policy data in every language (zh-Hant generated)."""
    return {code: pick(bilingual, code) for code in LANGUAGES}


@dataclass(frozen=True)
class Action:
    text: Mapping[str, str]  # {zh, en} from data/deviation.toml
    owner: Mapping[str, str]
    within_hours: int | None

    def as_json(self) -> dict[str, Any]:
        return {**texts(self.text), "owner": texts(self.owner),
                "within_hours": self.within_hours}


# Not frozen: batch mode makes one per row, and a frozen dataclass's __init__
# (object.__setattr__ per field) costs three times a plain one's. Read-only all the
# same: nothing changes a result once it is made.
@dataclass
class DeviationResult:
    plan: Decimal
    plan_to_date: Decimal
    actual: Decimal
    deviation: Decimal
    deviation_pct: Decimal | None  # None: a zero plan with a non-zero actual
    direction: str
    favourable: bool | None  # None: on plan, or a two-sided metric
    status: str  # ok | warning | escalate
    warning_pct: Decimal
    escalate_pct: Decimal
    progress_pct: Decimal
    metric: str | None
    owner: dict[str, str]
    actions: tuple[Action, ...] = ()
    steps: list[Msg] = field(default_factory=list)
    scale: str = ""  # the 万 / 亿 the reader typed the plan or actual with (display only)

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": fixed2(self.plan),
            "progress_pct": fixed2(self.progress_pct),
            "plan_to_date": fixed2(self.plan_to_date),
            "actual": fixed2(self.actual),
            "deviation": fixed2(self.deviation),
            "deviation_pct": None if self.deviation_pct is None else fixed2(self.deviation_pct),
            "direction": self.direction,
            "favourable": self.favourable,
            "status": self.status,
            "warning_pct": fixed2(self.warning_pct),
            "escalate_pct": fixed2(self.escalate_pct),
            "metric": self.metric,
            "owner": texts(self.owner),
            "actions": [a.as_json() for a in self.actions],
            "scale": self.scale,
            "steps": [as_json(s) for s in self.steps],
        }


def _pct(value: Decimal) -> Decimal:
    return half_up(value, PCT)


_names_memo: Memo[dict[str, str]] = Memo()


def metric_names(metrics: Mapping[str, Any]) -> dict[str, str]:
    """Every accepted name of a metric (id, zh, en, aliases; lower case) -> its id."""
    return _names_memo.get(metrics, None, _metric_names, metrics)


def _metric_names(metrics: Mapping[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for key, metric in metrics.items():
        for name in (key, metric["name"]["zh"], metric["name"]["en"],
                     *metric.get("aliases", ())):
            names.setdefault(unicodedata.normalize("NFKC", name).strip().lower(), key)
    return names


_actions_memo: Memo[tuple[Action, ...]] = Memo()


def _actions(rules: Mapping[str, Any], status: str, key: str | None,
             owner: Mapping[str, str]) -> tuple[Action, ...]:
    """The actions a status requires (a warning's; an escalation's adds its own), each with
    its owner (the action's, else the metric's `owner`). Made once per policy, status and
    metric, not once a row: the same few tuples are shared by every row's result."""
    return _actions_memo.get(rules, (status, key), _make_actions, rules, status, owner)


def _make_actions(rules: Mapping[str, Any], status: str,
                  owner: Mapping[str, str]) -> tuple[Action, ...]:
    required = list(rules["actions"]["warning"])
    if status == "escalate":
        required += rules["actions"]["escalate"]
    return tuple(Action(item["action"], dict(item.get("owner", owner)), item.get("within_hours"))
                 for item in required)


@lru_cache(maxsize=1024)  # a file's metric column repeats a few names
def _name_text(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().lower()


def _metric(rules: Mapping[str, Any], value: object) -> tuple[str, dict[str, Any]] | None:
    if is_blank(value):
        return None
    key = metric_names(rules["metrics"]).get(_name_text(str(value)))
    if key is not None:
        return key, rules["metrics"][key]
    known = ", ".join(rules["metrics"])
    raise CalculatorError("metric", Msg("deviation.unknown_metric", value=str(value)[:40],
                                        known=known))


def _progress(progress: object, elapsed_days: object, period_days: object, period: object,
              as_of: object, basis: object, policy: Policy, explain: bool = True,
              ) -> tuple[Decimal, list[Msg]]:
    """(share of the period elapsed, as a fraction 0..1, explanation)."""
    if not is_blank(progress):
        pct = parse_percent(progress, "progress")
        if not 0 <= pct <= 100:
            raise CalculatorError("progress", Msg("deviation.progress_range"))
        return pct / HUNDRED, [Msg("deviation.step_progress", pct=pct)] if explain else []
    if not is_blank(elapsed_days) or not is_blank(period_days):
        total = parse_int(period_days, "period_days", 1, 366)
        done = parse_int(elapsed_days, "elapsed_days", 0, 366)
        if done > total:
            raise CalculatorError("elapsed_days", Msg("deviation.elapsed_too_many"))
        return Decimal(done) / Decimal(total), [Msg("deviation.step_progress_days",
                                                    done=done, total=total)]
    if not is_blank(period) or not is_blank(as_of):
        dated = cal.parse_period(period, "period")
        day = parse_date(as_of, "as_of")
        how = choice(basis, "basis", BASES, default="calendar")
        end = min(max(day, dated.start - dt.timedelta(days=1)), dated.end)
        elapsed = cal.Period("span", dated.start, end) if end >= dated.start else None
        if how == "working":
            calendar = cal.working_calendar(policy)
            total = calendar.working_days(dated, "period")
            done = 0 if elapsed is None else calendar.working_days(elapsed, "period")
            unit = Msg("deviation.unit_working_days")
        else:
            total, done = dated.days, 0 if elapsed is None else elapsed.days
            unit = Msg("deviation.unit_calendar_days")
        if total == 0:  # pragma: no cover - every month has working days
            raise CalculatorError("period", Msg("deviation.no_working_days"))
        return Decimal(done) / Decimal(total), [Msg(
            "deviation.step_progress_period", period=dated.name(), day=day, done=done,
            total=total, unit=unit)]
    return Decimal(1), []


@dataclass(frozen=True)
class _Line:
    """A metric's figures (or the defaults'), made once per policy and metric: batch mode
    would otherwise convert the same thresholds and copy the same owner every row."""

    direction: str
    warning: Decimal
    escalate: Decimal
    owner: dict[str, str]  # shared by the results of every row on this metric: read only
    escalate_on_overrun: bool


_line_memo: Memo[_Line] = Memo()


def _line(rules: Mapping[str, Any], key: str | None, spec: Mapping[str, Any]) -> _Line:
    """A metric's thresholds, direction and owner: made once per policy and metric."""
    return _line_memo.get(rules, key, _make_line, rules, spec)


def _make_line(rules: Mapping[str, Any], spec: Mapping[str, Any]) -> _Line:
    warning = Decimal(spec.get("warning_pct", rules["warning_pct"]))
    escalate = max(Decimal(spec.get("escalate_pct", rules["escalate_pct"])), warning)
    return _Line(spec.get("direction", "higher"), warning, escalate,
                 dict(spec.get("owner", rules["default_owner"])),
                 bool(spec.get("escalate_on_overrun")))


def _judge(plan: Decimal, actual: Decimal, fraction: Decimal, way: str, line: _Line,
           ) -> tuple[Decimal, Decimal, Decimal | None, bool | None, str, bool]:
    """(plan to date, deviation, deviation %, favourable, status, a major overrun): the
    rules of the module docstring, for check() and batch_row() alike."""
    to_date = _pct(plan * fraction)
    deviation = actual - to_date
    overrun = deviation > 0
    favourable: bool | None
    if deviation == 0 or way == "both":
        favourable = None
    else:
        favourable = overrun if way == "higher" else not overrun
    pct: Decimal | None
    if to_date == 0:
        pct = Decimal(0) if deviation == 0 else None
        beyond_warning = beyond_escalate = pct is None
    else:
        pct = _pct(deviation / to_date * HUNDRED)
        beyond_warning = abs(pct) > line.warning
        beyond_escalate = abs(pct) > line.escalate
    status = "ok"
    major_overrun = False
    if beyond_warning:
        status = "warning"
        if favourable is not True and beyond_escalate:
            status = "escalate"
        if line.escalate_on_overrun and overrun:
            status = "escalate"
            major_overrun = True
    return to_date, deviation, pct, favourable, status, major_overrun


def check(plan: object = None, actual: object = None, direction: object = None,
          policy: Policy | None = None, *, metric: object = None, progress: object = None,
          elapsed_days: object = None, period_days: object = None, period: object = None,
          as_of: object = None, basis: object = None, explain: bool = True) -> DeviationResult:
    """Compare one plan line with its actual. Inputs are as typed; errors are CalculatorError.

    explain=False leaves `steps` empty (batch mode: the CSV carries only the figures)."""
    if policy is None:  # (not `or`: a Policy's truth is its length, a call a row)
        policy = get_policy()
    rules = policy["deviation"]
    found = _metric(rules, metric)
    key, spec = found if found else (None, {})
    plan_value = parse_amount(plan, "plan")
    actual_value = parse_amount(actual, "actual")
    if plan_value < 0:
        raise CalculatorError("plan", Msg("deviation.negative_plan"))
    line = _line(rules, key, spec)
    way = choice(direction, "direction", DIRECTIONS, default=line.direction)
    warning, escalate, owner = line.warning, line.escalate, line.owner
    fraction, progress_steps = _progress(progress, elapsed_days, period_days, period, as_of,
                                         basis, policy, explain)
    to_date, deviation, pct, favourable, status, major_overrun = _judge(
        plan_value, actual_value, fraction, way, line)
    beyond_warning = status != "ok"
    actions = () if status == "ok" else _actions(rules, status, key, owner)

    steps: list[Msg] = []
    scale = typed_scale(plan) or typed_scale(actual)

    if explain:
        # A figure in a step: 万 kept, in the reader's language, when the reader typed it.
        def F(v: Decimal) -> object:
            if not scale:
                return num(v, 2)
            return Lazy(lambda lang: amount(v, lang, money=False, scale=scale))

        if key:
            steps.append(Msg("deviation.step_metric", metric=_data(spec["name"]),
                             owner=_data(owner)))
        steps.append(Msg("deviation.step_direction", way=Msg(f"deviation.way_{way}"),
                         warning=warning, escalate=escalate))
        steps.extend(progress_steps)
        if fraction != 1:
            steps.append(Msg("deviation.step_to_date", plan=F(plan_value), to_date=F(to_date)))
        steps.append(Msg("deviation.step_deviation", actual=F(actual_value), to_date=F(to_date),
                         deviation=F(deviation)))
        if to_date == 0 and pct is None:
            steps.append(Msg("deviation.step_zero_plan"))
        elif to_date == 0:
            steps.append(Msg("deviation.step_both_zero"))
        else:
            steps.append(Msg("deviation.step_pct", deviation=F(deviation), to_date=F(to_date),
                             pct=num(pct, 2)))
        if favourable is not None:
            steps.append(Msg("deviation.step_way", way=Msg(
                "status.favourable" if favourable else "status.unfavourable")))
        if major_overrun:
            steps.append(Msg("deviation.step_major_overrun"))
        where = "deviation.beyond" if beyond_warning else "deviation.within"
        steps.append(Msg("deviation.step_result", where=Msg(where, warning=warning),
                         status=Msg(f"status.{status}")))
        for a in actions:
            due = Msg("deviation.due", hours=a.within_hours) if a.within_hours else ""
            steps.append(Msg("deviation.step_action", action=_data(a.text), due=due,
                             owner=_data(a.owner)))
    return DeviationResult(plan_value, to_date, actual_value, deviation, pct, way, favourable,
                           status, warning, escalate, _pct(fraction * HUNDRED), key, owner,
                           actions, steps,
                           scale=scale)


def check_row(row: Mapping[str, Any], policy: Policy | None = None,
              explain: bool = True) -> DeviationResult:
    """One batch / web row: the keys are the input names."""
    return check(row.get("plan"), row.get("actual"), row.get("direction"), policy,
                 metric=row.get("metric"), progress=row.get("progress"),
                 elapsed_days=row.get("elapsed_days"), period_days=row.get("period_days"),
                 period=row.get("period"), as_of=row.get("as_of"), basis=row.get("basis"),
                 explain=explain)


def _data(bilingual: Mapping[str, str]) -> Lazy:
    """A {zh, en} text of the policy data as a message parameter (any language)."""
    return Lazy(lambda lang: pick(bilingual, lang))


_FAVOURABLE = {True: "favourable", False: "unfavourable", None: ""}  # the batch column's codes


_words_cache: dict[tuple[int, int, str], tuple[object, object, str, str]] = {}


def _words(r: DeviationResult, lang: str) -> tuple[str, str]:
    """(owner, actions) of a result in `lang`: worded once per owner, actions and language,
    since batch rows share the few owner dicts and action tuples the caches above made."""
    key = (id(r.owner), id(r.actions), lang)
    cached = _words_cache.get(key)
    if cached is None or cached[0] is not r.owner or cached[1] is not r.actions:
        actions = t("deviation.action_sep", lang).join(pick(a.text, lang) for a in r.actions)
        if len(_words_cache) >= 1024:
            _words_cache.clear()
        # holds the owner and actions: their ids stay unique while cached
        cached = _words_cache[key] = (r.owner, r.actions, pick(r.owner, lang), actions)
    return cached[2], cached[3]


def batch_cells(r: DeviationResult, lang: str = DEFAULT) -> dict[str, str]:
    """A batch row's result columns (the registry's batch_columns): codes, figures, and the
    policy's owner and actions in `lang` (the page's language; the default in the CLI)."""
    owner, actions = _words(r, lang)
    pct = r.deviation_pct
    return {
        "plan_to_date": fixed2(r.plan_to_date),
        "deviation": fixed2(r.deviation),
        "deviation_pct": "" if pct is None else fixed2(pct),
        "favourable": _FAVOURABLE[r.favourable],
        "status": r.status,
        "owner": owner,
        "actions": actions,
    }


_QUICK_SIZE = 16_384  # progress texts and worded lines kept per policy; then afresh


class _Quick:
    """What a batch row's cells take from its metric, direction and progress as typed,
    kept per rules (Memo): a file repeats a few of each. Only what check() accepts is kept;
    anything it refuses goes to check(), which raises its own error."""

    __slots__ = ("fractions", "lines", "ways", "words")

    def __init__(self) -> None:
        self.lines: dict[str | None, tuple[str | None, _Line]] = {}  # by metric as typed
        self.ways: dict[tuple[str | None, str], str] = {}  # by (direction, the line's)
        self.fractions: dict[str | None, Decimal] = {}  # by progress as typed
        self.words: dict[tuple[str | None, str, str], tuple[str, str]] = {}  # owner, actions

    def clear(self) -> None:
        for kept in (self.lines, self.ways, self.fractions, self.words):
            kept.clear()


_QUICK: Memo[_Quick] = Memo()


def _quick_line(rules: Mapping[str, Any], metric: str | None,
                quick: _Quick) -> tuple[str | None, _Line]:
    found = _metric(rules, metric)  # (unknown: check() raises the same error)
    key, spec = found if found else (None, {})
    kept = quick.lines[metric] = (key, _line(rules, key, spec))
    return kept


def _quick_fraction(progress: str | None, quick: _Quick) -> Decimal:
    if is_blank(progress):
        fraction = Decimal(1)
    else:
        pct = parse_percent(progress, "progress")
        if not 0 <= pct <= 100:
            raise CalculatorError("progress", Msg("deviation.progress_range"))
        fraction = pct / HUNDRED
    quick.fractions[progress] = fraction
    return fraction


def batch_row(row: Mapping[str, Any], policy: Policy, lang: str = DEFAULT) -> dict[str, str]:
    """A batch row's cells: batch_cells(check_row(row, policy, False), lang), or the same
    CalculatorError (the registry's batch_row). The usual row (a progress typed as a
    percent, or none) is worked here with check()'s arithmetic; its metric's line, its
    direction and its progress are found once per text; the rest goes through check()."""
    get = row.get
    # Kept by text only: an int 1 and True would share a key (and parse differently).
    metric, direction, progress = get("metric"), get("direction"), get("progress")
    plan, actual = get("plan"), get("actual")
    if (type(plan) is str and type(actual) is str and (metric is None or type(metric) is str)
            and (direction is None or type(direction) is str)
            and (progress is None or type(progress) is str)
            # a progress from days or from a dated period: left to check() (a basis
            # alone is not read)
            and get("elapsed_days") in ABSENT and get("period_days") in ABSENT
            and get("period") in ABSENT and get("as_of") in ABSENT):
        try:
            cells = _quick_cells(policy["deviation"], metric, direction, progress, plan,
                                 actual, lang)
        except CalculatorError:
            cells = None  # check() raises the error it would have raised first
        if cells is not None:
            return cells
    return batch_cells(check_row(row, policy, False), lang)


def _quick_cells(rules: Mapping[str, Any], metric: str | None, direction: str | None,
                 progress: str | None, plan: str, actual: str,
                 lang: str) -> dict[str, str] | None:
    """check()'s cells for the usual row; None (or its error) for check() to work out."""
    quick = _QUICK.get(rules, "batch_row", _Quick)
    if len(quick.fractions) + len(quick.lines) + len(quick.ways) >= _QUICK_SIZE:
        quick.clear()
    key, line = quick.lines.get(metric) or _quick_line(rules, metric, quick)
    plan_value = parse_amount(plan, "plan")
    actual_value = parse_amount(actual, "actual")
    if plan_value < 0:
        return None
    way = quick.ways.get((direction, line.direction))
    if way is None:
        way = quick.ways[direction, line.direction] = choice(
            direction, "direction", DIRECTIONS, default=line.direction)
    fraction = quick.fractions.get(progress)
    if fraction is None:
        fraction = _quick_fraction(progress, quick)
    to_date, deviation, pct, favourable, status, _ = _judge(plan_value, actual_value,
                                                            fraction, way, line)
    worded = quick.words.get((key, status, lang))
    if worded is None:
        actions = () if status == "ok" else _actions(rules, status, key, line.owner)
        owner = pick(line.owner, lang)
        worded = quick.words[key, status, lang] = (owner, t("deviation.action_sep", lang).join(
            pick(a.text, lang) for a in actions))
    return {
        "plan_to_date": fixed2(to_date),
        "deviation": fixed2(deviation),
        "deviation_pct": "" if pct is None else fixed2(pct),
        "favourable": _FAVOURABLE[favourable],
        "status": status,
        "owner": worded[0],
        "actions": worded[1],
    }

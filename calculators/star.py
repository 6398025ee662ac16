"""Marketing star (营销之星): the team's results of the month -> the month's stars.

Rules, all from data/star.toml (this module owns its schema, `SCHEMA`):
- Each month the top `top_pct` % of the team by results are the marketing stars (seed).
- Star places = team size × top_pct %, rounded by `places.rounding` (up, half_up or
  down) and at least `places.min_stars`, never more than the team (company choice).
- One metric: the score is the value itself; higher is better unless the metric is
  marked `:lower`. Several weighted metrics: each value becomes points, the team's
  best value scoring `scoring.best_points` and the others value / best (higher is
  better) or best / value (lower is better) of it; points and the weighted score are
  rounded half-up to `scoring.places` decimals before ranking (company choice).
- Ranking: best score first; equal scores share a rank (1, 2, 2, 4). The cut-off is the
  score at the last star place. `tie.rule`: all_tied_win, everyone with the cut-off
  score is a star (there may be more stars than places); none_tied_win, when the tie
  crosses the cut-off none of the tied people is (company choice).

Input: one person per line, `张三 120`, `张三: 5500万`, `张三,120`, or with several
metrics `张三: 5500万, 12`; numbers as people type them (1,200, 5500万, １２０, 95%).
Errors name the field and the line. Standard library only (runs in Pyodide).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import chain
from typing import Any

from . import calendar as cal
from . import charts, display
from .bonus import Line, reason
from .errors import CalculatorError
from .i18n import LANGUAGES, Msg, as_json, pick, t
from .numbers import (
    fixed,
    fixed2,
    half_up,
    is_blank,
    parse_amount,
    parse_percent,
    simplified,
    typed_scale,
)
from .policy import Policy, get_policy
from .render import _e, _figure, _figures, _steps, _wrap
from .schema import Num, Str, Table, document_fields
from .words import Join, Lazy

HUNDRED = Decimal(100)
ZERO = Decimal(0)  # (a Decimal compares with a Decimal faster than with an int)
MAX_PEOPLE = 2000  # a team, not a payroll: beyond this the input is surely a mistake
MAX_METRICS = 10
ROUNDINGS = {"up": ROUND_CEILING, "half_up": ROUND_HALF_UP, "down": ROUND_FLOOR}
SOURCE = Str("Where the rule comes from: the source documents (seed) or this company",
             choices=("seed", "company"))

SCHEMA = Table(
    {
        **document_fields(),
        "top_pct": Num("Share of the team (by results) that becomes the star (%)",
                       min=0, max=100),
        "cadence": Str("How often the stars are chosen", choices=("monthly", "quarterly")),
        "places": Table({
            "rounding": Str("How team size × top_pct % is rounded to whole places: up, "
                            "half_up or down", choices=tuple(ROUNDINGS)),
            "min_stars": Num("Fewest star places of a team (when it has anyone)", min=0,
                             max=100, integer=True),
            "source": SOURCE,
        }),
        "tie": Table({
            "rule": Str("A tie at the last star place: all_tied_win or none_tied_win",
                        choices=("all_tied_win", "none_tied_win")),
            "source": SOURCE,
        }),
        "scoring": Table({
            "normalise": Str("How a metric's values become points before weighting",
                             choices=("share_of_best",)),
            "best_points": Num("Points of the team's best value in a metric", min=1,
                               max=10_000),
            "places": Num("Decimals of points and scores (rounded half-up before ranking)",
                          min=0, max=6, integer=True),
            "source": SOURCE,
        }),
    },
    description="Marketing star (营销之星)",
)

# Input vocabulary (what readers may type, in any page language), not words shown to them.
DIRECTIONS = {
    "higher": "higher", "high": "higher", "up": "higher", "高": "higher", "越高越好": "higher",
    "正向": "higher",
    "lower": "lower", "low": "lower", "down": "lower", "低": "lower", "越低越好": "lower",
    "反向": "lower",
}
# Input vocabulary too: a first line such as "姓名 业绩" pasted with the table is a header,
# not a person; a batch table's name column may be titled in either language.
HEADER_WORDS = {"姓名", "名字", "成员", "员工", "人员", "name", "names", "person", "member",
                "employee"}
NAME_COLUMNS = ("name", "姓名", "名字", "成员", "员工", "人员")
# Input vocabulary: separators readers type between metrics and between values (、 too).
_METRIC_SEPARATORS = re.compile(r"[,;、\n]+")


@dataclass(frozen=True)
class Metric:
    name: str  # as typed; "" for the default single metric (业绩 / results)
    weight_pct: Decimal
    direction: str  # higher | lower

    @property
    def title(self) -> str | Msg:
        """The name to show: as typed, or the default metric's name in the asking language."""
        return self.name or Msg("star.metric_default")

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "weight_pct": fixed2(self.weight_pct),
                "direction": self.direction}


@dataclass(frozen=True)
class Entry:
    """One person as typed: where (line or row), name, one value per metric."""

    where: int
    name: str
    values: tuple[Decimal, ...]
    scales: tuple[str, ...] = ()  # per value, the 万 / 亿 typed after it (the form's text)


@dataclass(frozen=True)
class Person:
    where: int  # the line of the results (form) or the row's index (batch)
    name: str
    values: tuple[Decimal, ...]
    points: tuple[Decimal, ...]  # per metric (several metrics only)
    score: Decimal
    rank: int
    star: bool


@dataclass(frozen=True)
class StarResult:
    people: tuple[Person, ...]  # ranked, best first (input order among equals)
    metrics: tuple[Metric, ...]
    best: tuple[Decimal, ...]  # the team's best value per metric
    places: int  # star places by the rounding rule
    star_count: int
    cutoff: Decimal  # the score at the last star place
    top_pct: Decimal
    rounding: str
    tie: str
    score_places: int | None  # decimals of a points score; None: the score is the value
    month: cal.Period | None = None
    team: str = ""
    steps: list[Msg] = field(default_factory=list)
    scales: tuple[str, ...] = ()  # per metric, the 万 / 亿 the reader typed its values in

    @property
    def stars(self) -> list[str]:
        return [p.name for p in self.people if p.star]

    def _score(self, value: Decimal) -> str:
        return _score_text(value, self.score_places)

    def _scale(self, metric: int) -> str:
        return self.scales[metric] if metric < len(self.scales) else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "month": None if self.month is None else self.month.label("en"),
            "month_label": None if self.month is None else
            {code: self.month.label(code) for code in LANGUAGES},
            "team": self.team or None,
            "team_size": len(self.people),
            "top_pct": fixed2(self.top_pct),
            "places": self.places,
            "star_count": self.star_count,
            "stars": ", ".join(self.stars),
            "cutoff": self._score(self.cutoff),
            "scored": "value" if self.score_places is None else "points",
            "rounding": self.rounding,
            "tie": self.tie,
            "metrics": [m.as_json() | {"best": fixed2(b), "scale": self._scale(i)}
                        for i, (m, b) in enumerate(zip(self.metrics, self.best, strict=True))],
            "people": [{
                "line": p.where, "name": p.name, "values": [fixed2(v) for v in p.values],
                "points": [self._score(v) for v in p.points], "score": self._score(p.score),
                "rank": p.rank, "star": p.star,
            } for p in self.people],
            "steps": [as_json(s) for s in self.steps],
        }


# ---------------------------------------------------------------- parsing ---

def _text(value: object) -> str:
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_metrics(value: object, field: str = "metrics") -> list[Metric]:
    """`营收:60%, 新客户:40%`, `营收:60%:higher; 获客成本:40%:lower`; [] when blank.

    A metric is name[:weight][:higher|lower]; weights are all given (adding up to 100 %)
    or none (equal weights)."""
    text = _text(value)
    if is_blank(text):
        return []
    items = [i.strip() for i in _METRIC_SEPARATORS.split(text) if i.strip()]
    if len(items) > MAX_METRICS:
        raise CalculatorError(field, Msg("star.too_many_metrics", limit=MAX_METRICS))
    names, weights, directions = [], [], []
    for n, item in enumerate(items, 1):
        cells = [c.strip() for c in item.split(":")]
        name, weight, direction = cells[0][:40], None, "higher"
        if not name or len(cells) > 3:
            raise CalculatorError(field, Msg("star.metric_format", n=n, item=item[:40]))
        for cell in cells[1:]:
            word = "".join(simplified(cell).lower().split())
            if word in DIRECTIONS:
                direction = DIRECTIONS[word]
                continue
            try:
                weight = parse_percent(cell, field)
            except CalculatorError:
                raise CalculatorError(field, Msg("star.metric_cell", n=n, name=name,
                                                 cell=cell[:40])) from None
            if weight <= 0:
                raise CalculatorError(field, Msg("star.metric_weight", n=n, name=name))
        if _key(name) in (_key(x) for x in names):
            raise CalculatorError(field, Msg("star.metric_twice", name=name))
        names.append(name)
        weights.append(weight)
        directions.append(direction)
    given = [w for w in weights if w is not None]
    if given and len(given) != len(weights):
        raise CalculatorError(field, Msg("star.weights_all_or_none"))
    if given:
        total = sum(given, Decimal(0))
        if total != HUNDRED:
            raise CalculatorError(field, Msg("star.weights_sum", total=f"{total:f}"))
    else:
        weights = [HUNDRED / len(names)] * len(names)
    return [Metric(n, w, d) for n, w, d in zip(names, weights, directions, strict=True)]


# (input vocabulary, as _METRIC_SEPARATORS)
_NAME_VALUES = re.compile(r"^(.*?\S)\s*(?:,|\s)\s*([-+.\d¥].*)$")
_SEVERAL = re.compile(r"\s*[;、/|\t]\s*|,\s+|\s+")  # "120, 12", "120 12": two numbers
# The ways several values are split, tried in turn until one gives a value per metric
# (see _cells): ; 、 / | or tabs; commas or spaces (str.split); a comma followed by a
# space ("1,200, 12"); spaces. The second pattern finds one of the first's separators
# much sooner than the first finds its match.
_SPLITTERS = (re.compile(r"\s*[;、/|\t]+\s*"), re.compile(r"[;、/|\t]"),
              re.compile(r"\s*,\s+|\s+"))
_LISTED, _LIST_MARK, _COMMA_SPACED = _SPLITTERS


# Input vocabulary: a unit readers may type after a score.
_POINTS = re.compile(r"\s*(分|points?|pts?)$", re.I)  # "120 分", "95 points": a score
_DIGIT = re.compile(r"\d")


def _value(text: str, field: str) -> Decimal:
    text = _POINTS.sub("", text) or text
    if text.endswith("%"):
        return parse_percent(text, field)
    return parse_amount(text, field)


def _values(text: str, count: int, field: str, where: Msg | str,
            metrics: Sequence[Metric], known: dict[str, Decimal] | None = None,
            scales: list[str] | None = None) -> tuple[Decimal, ...]:
    """One value per metric; `where` prefixes errors ("line 3: "; "" in a batch row).
    `known`: cells already read (batch mode: a file repeats its figures), filled here;
    a cell in error is not kept, so its error is raised afresh each time. `scales`, when
    given, gets the 万 / 亿 typed after each value ("" for none)."""
    if count == 1:
        cells = [text]
        # (without a separator the text is one cell: at most one number, nothing to count)
        if not text.isalnum() and _SEVERAL.search(text) and sum(
                bool(_DIGIT.search(c)) for c in _SEVERAL.split(text)) > 1:
            raise CalculatorError(field, Msg("star.several_values", where=where,
                                             text=text[:40]))
    else:
        cells = _cells(text, count)
        if len(cells) != count:
            raise CalculatorError(field, Msg("star.value_count", where=where, count=len(cells),
                                             metrics=count, text=text[:40]))
    out = []
    for i, cell in enumerate(cells):
        value = None if known is None else known.get(cell)
        if value is None:
            try:
                value = _value(cell, field)
            except CalculatorError as exc:
                raise CalculatorError(field, Msg("star.at", where=where, reason=reason(exc))
                                      ) from None
            if known is not None:
                known[cell] = value
        if count > 1 and value < ZERO:
            raise CalculatorError(field, Msg("star.negative", where=where,
                                             name=metrics[i].name))
        if scales is not None:
            scales.append(typed_scale(cell))
        out.append(value)
    return tuple(out)


def _cells(text: str, count: int) -> list[str]:
    """The first split of `text` (see _LISTED) that gives `count` cells, else the last."""
    if _LIST_MARK.search(text):  # (without these separators it would give the text whole)
        cells = [c for c in _LISTED.split(text) if c]
        if len(cells) == count:
            return cells
    # Commas or spaces: the runs of anything else, as splitting on r"\s*,\s*|\s+" and
    # dropping the empty cells would give (str.split() and re's \s know the same spaces).
    cells = text.replace(",", " ").split()
    if len(cells) == count:
        return cells
    cells = [c for c in _COMMA_SPACED.split(text) if c]
    return cells if len(cells) == count else text.split()


def _split_line(line: str) -> tuple[str, str] | None:
    """(name, values text) of `张三 120`, `张三: 120`, `张三,120`, `张三<tab>120`."""
    if ":" in line:
        name, rest = line.split(":", 1)
    elif "\t" in line:
        name, rest = line.split("\t", 1)
    else:
        match = _NAME_VALUES.match(line)
        if not match:
            return None
        name, rest = match.groups()
    name, rest = name.strip().rstrip(","), rest.strip()
    return (name, rest) if name and rest else None


def _is_header(line: str) -> bool:
    first = re.split(r"[:,\t\s]+", simplified(line).lower(), maxsplit=1)[0]
    return first in HEADER_WORDS and not re.search(r"\d", line)


def parse_results(value: object, metrics: Sequence[Metric],
                  field: str = "results") -> tuple[list[Entry], list[Msg]]:
    """The typed results -> one entry per person (with its line number), and a note when
    a header line was skipped."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    count = max(len(metrics), 1)
    entries: list[Entry] = []
    notes: list[Msg] = []
    seen: dict[str, int] = {}
    first = True
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if first and _is_header(line):
            notes.append(Line("star.header_skipped", n=number, line=line[:40]))
            first = False
            continue
        first = False
        where = Msg("star.line", n=number)
        parts = _split_line(line)
        if parts is None:
            raise CalculatorError(field, Msg("star.name_and_result", where=where,
                                             text=line[:40]))
        name, rest = parts
        name = name[:40]
        if _key(name) in seen:
            raise CalculatorError(field, Msg("star.name_twice_line", n=number, name=name,
                                             first=seen[_key(name)]))
        seen[_key(name)] = number
        scales: list[str] = []
        values = _values(rest, count, field, where, metrics, scales=scales)
        entries.append(Entry(number, name, values, tuple(scales)))
        if len(entries) > MAX_PEOPLE:
            raise CalculatorError(field, Msg("star.too_many_people", limit=MAX_PEOPLE))
    if not entries:
        raise CalculatorError(field, Msg("star.no_results"))
    return entries, notes


def _period(value: object, rules: Mapping[str, Any], field: str = "month") -> cal.Period | None:
    if is_blank(value):
        return None
    period = cal.parse_period(value, field)
    kind = "quarter" if rules["cadence"] == "quarterly" else "month"
    if period.kind != kind:
        example = "2026-Q3" if kind == "quarter" else "2026-07"
        # star.cadence_month / star.cadence_quarter
        raise CalculatorError(field, Msg(f"star.cadence_{kind}", example=example))
    return period


# ---------------------------------------------------------------- ranking ---

def star_places(team_size: int, rules: Mapping[str, Any]) -> tuple[int, Decimal]:
    """(star places, team size × top_pct % before rounding)."""
    raw = Decimal(team_size) * Decimal(rules["top_pct"]) / HUNDRED
    rounded = int(raw.to_integral_value(rounding=ROUNDINGS[rules["places"]["rounding"]]))
    return min(team_size, max(rounded, int(rules["places"]["min_stars"]))), raw


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _score(values: Sequence[tuple[Decimal, ...]], metrics: Sequence[Metric],
           rules: Mapping[str, Any]
           ) -> tuple[list[tuple[Decimal, ...]], list[Decimal], tuple[Decimal, ...], int | None]:
    """(points per person, score per person, best value per metric, score decimals) of
    the team's values (one tuple per person)."""
    count = max(len(metrics), 1)
    lower = [m.direction == "lower" for m in metrics] or [False]
    # One tuple per metric; no one at all: empty columns (min() and max() refuse them).
    columns = list(zip(*values, strict=True)) or [()] * count
    best = tuple((min if low else max)(column) for column, low in zip(columns, lower, strict=True))
    if count == 1:
        return [() for _ in values], list(columns[0]), best, None
    scoring = rules["scoring"]
    top = Decimal(scoring["best_points"])
    q = _quantum(int(scoring["places"]))
    top_points = half_up(top, q)  # the best value's points (batch mode: many of them)
    # Column by column (a list comprehension per metric costs less than a loop per
    # person); each person's figures are the same operations in the same order.
    by_metric = [[top_points if v == b else half_up((b / v if low else v / b) * top, q)
                  for v in column]
                 for column, b, low in zip(columns, best, lower, strict=True)]
    totals = [ZERO] * len(values)
    for column_points, m in zip(by_metric, metrics, strict=True):  # in metric order, from 0
        weight = m.weight_pct
        totals = [total + p * weight for total, p in zip(totals, column_points, strict=True)]
    scores = [half_up(total / HUNDRED, q) for total in totals]
    return list(zip(*by_metric, strict=True)), scores, best, int(scoring["places"])


def _score_text(score: Decimal, places: int | None) -> str:
    """A score's figure: two places for a value, `places` for points."""
    return fixed2(score) if places is None else fixed(score, places)


def _standing(keys: Sequence[Decimal], rules: Mapping[str, Any]
              ) -> tuple[list[int], list[int], list[bool], int, Decimal, list[int]]:
    """Who wins, from each person's key (larger = better): (order, best first and input
    order among equals; rank of each person; star or not of each; star places; places
    before rounding; the people tied at the cut-off left outside the places, in order)."""
    n = len(keys)
    # stable: input order among equals (the negated keys looked up: no call per person)
    order = sorted(range(n), key=[-k for k in keys].__getitem__)
    places, raw = star_places(n, rules)
    cut_key = keys[order[places - 1]] if places else None
    tied_out = [i for i in order[places:] if keys[i] == cut_key]
    if cut_key is None:
        star = [False] * n
    elif rules["tie"]["rule"] == "all_tied_win" or not tied_out:
        star = [k >= cut_key for k in keys]
    else:
        star = [k > cut_key for k in keys]
    ranks = [0] * n
    for position, i in enumerate(order):  # equal scores share a rank: 1, 2, 2, 4
        same = position and keys[order[position - 1]] == keys[i]
        ranks[i] = ranks[order[position - 1]] if same else position + 1
    return order, ranks, star, places, raw, tied_out


def _keys(scores: list[Decimal], metrics: Sequence[Metric]) -> list[Decimal]:
    """Each score as a ranking key, larger = better (one lower-is-better metric: negated)."""
    if len(metrics) == 1 and metrics[0].direction == "lower":
        return [-s for s in scores]
    return scores


def _num(value: Decimal) -> str:
    return display.num(value)


def _typed(value: Decimal, scale: str) -> object:
    """A value in a step: in the 万 / 亿 the reader typed (in the asking language), else as is."""
    if not scale:
        return _num(value)
    return Lazy(lambda lang: shown_value(value, lang, scale))


def _weight(value: Decimal) -> str:
    """A weight's figure (the templates add the % sign the language's way)."""
    whole = value == value.to_integral_value()
    return display.num(value, None if whole else 2)


def _names(names: Sequence[str]) -> Join:
    """Names joined the asking language's way (甲、乙 / A, B)."""
    return Join(names, Msg("star.list_sep"))


def rank(entries: Sequence[Entry], metrics: Sequence[Metric], policy: Policy,
         explain: bool = True, notes: Sequence[Msg] = (), month: cal.Period | None = None,
         team: str = "") -> StarResult:
    """Score, rank and choose the stars of one team (entries already parsed)."""
    rules = policy["star"]
    points, scores, best, score_places = _score([e.values for e in entries], metrics, rules)
    order, ranks, star, places, raw, tied_out = _standing(_keys(scores, metrics), rules)
    people = tuple(Person(entries[i].where, entries[i].name, entries[i].values, points[i],
                          scores[i], ranks[i], star[i]) for i in order)
    cutoff = scores[order[places - 1]] if places else Decimal(0)
    metric_list = tuple(metrics) or (Metric("", HUNDRED, "higher"),)
    # Each metric is shown in the 万 or 亿 of its first value typed with one.
    scales = tuple(next((e.scales[j] for e in entries if j < len(e.scales) and e.scales[j]),
                        "") for j in range(len(metric_list)))
    result = StarResult(people, metric_list, best, places, sum(star), cutoff,
                        Decimal(rules["top_pct"]), rules["places"]["rounding"],
                        rules["tie"]["rule"],
                        score_places, month, team, scales=scales)
    if explain:
        result.steps.extend(_explain(result, rules, raw, notes,
                                     [entries[i].name for i in tied_out]))
    return result


def _explain(r: StarResult, rules: Mapping[str, Any], raw: Decimal, notes: Sequence[Msg],
             tied_out: list[str]) -> list[Msg]:
    steps = list(notes)
    n = len(r.people)
    team = Msg("star.team_named", team=r.team) if r.team else Msg("star.team_default")
    # English counts people and places; the catalog has a form per count (*_one / *_many).
    steps.append(Line("star.size_one" if n == 1 else "star.size_many", team=team, n=n))
    metric = r.metrics[0]
    by_best = {m.name: b for m, b in zip(r.metrics, r.best, strict=True)}
    if r.score_places is None:  # star.ranked_higher / star.ranked_lower
        steps.append(Line(f"star.ranked_{metric.direction}", metric=metric.title))
    else:
        top = _num(Decimal(rules["scoring"]["best_points"]))
        listed = Join([Msg("star.metric_listed", name=m.name, weight=_weight(m.weight_pct),
                             direction=Msg(f"star.direction_{m.direction}"))
                         for m in r.metrics], Msg("star.metric_sep"))
        steps.append(Line("star.scored_on", count=len(r.metrics), metrics=listed))
        steps.append(Line("star.points_rule", top=top, places=r.score_places))
        for m in r.metrics:
            holders = [p.name for p in r.people
                       if p.values[r.metrics.index(m)] == by_best[m.name]]
            steps.append(Line("star.best", metric=m.name,
                              best=_typed(by_best[m.name], r._scale(r.metrics.index(m))),
                              holders=_names(holders)))
        shown = [p for p in r.people if p.star]
        below = [p for p in r.people if not p.star][:1]
        for p in [*shown, *below]:
            terms = Join([Msg("star.score_term", points=_num(pt), weight=_weight(m.weight_pct))
                            for pt, m in zip(p.points, r.metrics, strict=True)], " + ")
            steps.append(Line("star.person_score", name=p.name, terms=terms,
                              score=_num(p.score)))
    least = int(rules["places"]["min_stars"])
    rounded = int(raw.to_integral_value(rounding=ROUNDINGS[r.rounding]))
    extra: object = Msg("star.places_least", least=least) if rounded < least <= n else ""
    steps.append(Line("star.places_one" if r.places == 1 else "star.places_many", n=n,
                      top_pct=_num(r.top_pct), raw=_num(raw),
                      method=Msg(f"star.rounding_{r.rounding}"), rounded=rounded, extra=extra,
                      places=r.places, least=least))
    if r.places:
        cutoff = _num(r.cutoff) if r.score_places is not None else _typed(r.cutoff, r._scale(0))
        steps.append(Line("star.cutoff_step", place=r.places, cutoff=cutoff))
    if tied_out and r.tie == "all_tied_win":
        steps.append(Line("star.tied_win_one" if len(tied_out) == 1 else "star.tied_win_many",
                          names=_names(tied_out)))
    elif tied_out:
        steps.append(Line("star.tied_none_win", names=_names(tied_out)))
    elif r.places:
        steps.append(Line("star.no_tie"))
    when = _when_msg(r.month)
    if r.stars:
        steps.append(Line("star.verdict", when=when, n=r.star_count, names=_names(r.stars)))
    else:
        steps.append(Line("star.no_stars", when=when))
    return steps


def _when_msg(month: cal.Period | None) -> Msg:
    """"2026年7月" / " for 2026-07", or 本期 / nothing without a month."""
    return Msg("star.when_none") if month is None else Msg("star.when", month=Lazy(month.label))


def compute(results: object = None, metrics: object = None, month: object = None,
            policy: Policy | None = None, *, team: object = None,
            explain: bool = True) -> StarResult:
    """Rank one team typed as text. Inputs are as typed; errors are CalculatorError."""
    policy = policy or get_policy()
    rules = policy["star"]
    period = _period(month, rules)
    spec = parse_metrics(metrics)
    entries, notes = parse_results(results, spec)
    return rank(entries, spec, policy, explain, notes, period, _text(team)[:40])


def compute_row(row: Mapping[str, Any], policy: Policy | None = None,
                explain: bool = True) -> StarResult:
    """One web / CLI request: the keys are the input names."""
    return compute(row.get("results"), row.get("metrics"), row.get("month"), policy,
                   team=row.get("team"), explain=explain)


# ------------------------------------------------------------------ batch ---

# First characters numbers.is_blank never cleans away (it drops spaces, separators,
# currency marks and the letters of rmb and cny; NFKC keeps an ASCII letter a letter).
_NAME_STARTS = frozenset("ADEFGHIJKLOPQSTUVWXZadefghijklopqstuvwxz0123456789")


def _row_name(row: Mapping[str, Any], columns: Sequence[str] = NAME_COLUMNS) -> str:
    for key in columns:
        value = row.get(key)
        if (type(value) is str and value[:1] in _NAME_STARTS) or not is_blank(value):
            return _text(value)[:40]
    return ""


def _metrics_or_none(text: str) -> list[Metric] | None:
    try:
        return parse_metrics(text)
    except CalculatorError:
        return None


def batch_table(rows: Sequence[Mapping[str, Any]], policy: Policy | None = None
                ) -> list[dict[str, str] | CalculatorError]:
    """Whole-table batch: each row is one person (`results` = `张三 120`, or a name column
    and `results` = `120`); rows with the same `team` are ranked together, each team on
    its own. Rows in = rows out, in order; a bad row gets its error, the rest are ranked.

    The same as ranking each team with rank() (tests/unit/test_batch_fast.py checks it),
    without what only a single result shows (people, explanation): a file's work is its
    rows. Texts that repeat (teams, metrics, months, figures) are read once per call; an
    error is raised afresh for each row."""
    policy = policy or get_policy()
    rules = policy["star"]
    out: list[dict[str, str] | CalculatorError | None] = [None] * len(rows)
    teams: dict[str, list[int]] = {}  # a team -> its rows
    typed_teams: dict[str, list[int]] = {}  # a team cell as typed -> its team's rows
    for i, row in enumerate(rows):
        team = row.get("team")
        members = typed_teams.get(team) if type(team) is str else None  # (1 == True)
        if members is None:
            members = teams.setdefault(_key(_text(team)), [])
            if type(team) is str:
                typed_teams[team] = members
        members.append(i)
    # Only the name columns the file has (a row without one has no name there either).
    present = set(chain.from_iterable(rows))
    names = [c for c in NAME_COLUMNS if c in present]
    specs: dict[str, list[Metric]] = {}  # a team's metrics text -> its metrics (when valid)
    alike: dict[str, list[Metric] | None] = {}  # a row's metrics text -> its metrics
    months: set[object] = set()  # months found valid (a file repeats its month: checked once)
    known: dict[str, Decimal] = {}  # figures already read (_values)
    for members in teams.values():
        given = next((rows[i].get("metrics") for i in members
                      if not is_blank(rows[i].get("metrics"))), "")
        typed = _text(given)
        spec = specs.get(typed)
        if spec is None:
            try:
                spec = specs[typed] = parse_metrics(typed)
            except CalculatorError as exc:
                for i in members:
                    out[i] = exc
                continue
        count = max(len(spec), 1)
        where: list[int] = []  # the rows ranked, and their values
        values: list[tuple[Decimal, ...]] = []
        seen: dict[str, int] = {}
        for i in members:
            row = rows[i]
            try:
                mine: object = row.get("metrics")
                # (a team repeats its metrics cell: the same text is the same metrics)
                if not (type(mine) is str and mine == given):
                    mine = _text(mine)
                    if mine and mine != typed:
                        if mine not in alike:
                            alike[mine] = _metrics_or_none(mine)
                        if alike[mine] != spec:
                            raise CalculatorError("metrics", Msg("star.row_metrics",
                                                                 metrics=typed[:40]))
                month = row.get("month")
                if not (type(month) is str and month in months):
                    _period(month, rules)
                    if type(month) is str:
                        months.add(month)
                cell = _text(row.get("results"))
                name = _row_name(row, names)
                if not name:
                    parts = _split_line(cell)
                    if parts is None:
                        raise CalculatorError("results", Msg("star.name_and_result", where="",
                                                             text=cell[:40]))
                    name, cell = parts[0][:40], parts[1]
                if not cell:
                    raise CalculatorError("results", Msg("star.result_required"))
                person = _key(name)
                if person in seen:
                    raise CalculatorError("results", Msg("star.name_twice_row", name=name,
                                                         first=seen[person]))
                mine_values = _values(cell, count, "results", "", spec, known)
            except CalculatorError as exc:
                out[i] = exc
                continue
            seen[person] = i + 1
            where.append(i)
            values.append(mine_values)
        if where:
            _, scores, _, score_places = _score(values, spec, rules)
            _, ranks, star, *_ = _standing(_keys(scores, spec), rules)
            texts = map(_score_text, scores, [score_places] * len(scores))
            for i, score, place, won in zip(where, texts, ranks, star, strict=True):
                out[i] = {"rank": str(place), "score": score, "star": "true" if won else "false"}
    assert all(cell is not None for cell in out)
    return [cell for cell in out if cell is not None]


# ------------------------------------------------------------- rendering ---

SCALE = Decimal("1.5")  # text scale: handbook.css 13 px × 1.5 = 19.5 of 480 units, ≥ 12 px
# on a phone, where the calculator draws its chart about 300 px wide
MAX_ROWS = 200


def _tr(key: str, lang: str, **kw: Any) -> str:
    return t(f"star.{key}", lang, **kw)


def _d(value: object) -> Decimal:
    return Decimal(str(value))


def _when(r: Mapping[str, Any], lang: str) -> str:
    labels = r.get("month_label")
    label = pick(labels, lang) if labels else ""
    return _tr("when", lang, month=label) if label else _tr("when_none", lang)


def _verdict(r: Mapping[str, Any], lang: str) -> str:
    people = list(r.get("people") or ())
    stars = [str(p.get("name", "")) for p in people if p.get("star")]
    team = _tr("team_prefix", lang, team=r["team"]) if r.get("team") else ""
    if not stars:
        return team + _tr("none", lang, when=_when(r, lang))
    return team + _tr("verdict", lang, when=_when(r, lang), n=len(stars),
                      names=_names(stars).text(lang))


def _metric_label(m: Mapping[str, Any], lang: str) -> str:
    return str(m.get("name") or _tr("metric_column", lang))


def shown_value(value: object, lang: str, scale: str = "") -> str:
    """A metric's value as the reader sees it: in the 万 or 亿 they typed it in, where that
    is exact ("5,500 万"; display.amount), else as typed ("48,123,456")."""
    if not scale:
        return display.num(value)
    return display.amount(value, lang, money=False, scale=scale, places=None)


def _metric_scale(r: Mapping[str, Any], j: int) -> str:
    metrics = list(r.get("metrics") or ())
    return str(metrics[j].get("scale") or "") if j < len(metrics) else ""


def _score_shown(r: Mapping[str, Any], value: object, lang: str) -> str:
    """A score as shown: the value itself (one metric, in its typed 万) or points."""
    scale = _metric_scale(r, 0) if r.get("scored") != "points" else ""
    return shown_value(value, lang, scale)


def _rows(r: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    return [
        (_tr("team_size", lang), display.num(r["team_size"])),
        (_tr("top_pct", lang), display.pct(r["top_pct"], lang)),
        (_tr("places_label", lang), display.num(r["places"])),
        (_tr("star_count", lang), display.num(r["star_count"])),
        (_tr("cutoff", lang), _score_shown(r, r["cutoff"], lang)),
    ]


def star_display(r: Mapping[str, Any], lang: str, policy: Policy | None = None
                 ) -> dict[str, str]:
    """The star's key figures as the reader sees them (render.display_outputs): the
    cut-off grouped as in the chart and the steps (the JSON keeps "55000000.00")."""
    return {"star_count": display.num(r["star_count"]), "team_size": display.num(r["team_size"]),
            "cutoff": _score_shown(r, r["cutoff"], lang)}


def star_chart(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    """Horizontal bars of the ranked scores, the stars highlighted, the cut-off line and a
    legend. Text is drawn in a group scaled by SCALE so it stays ≥ 12 px on a phone."""
    people = list(r.get("people") or ())
    shown = people[: charts.MAX_BARS]
    scores = [_d(p.get("score", "0")) for p in shown]
    cutoff = _d(r.get("cutoff", "0"))
    top_value = max([abs(s) for s in scores] + [abs(cutoff), Decimal(1)])
    width = charts.WIDTH
    left, right, row, head = 160.0, width - 122.0, 32.0, 36.0
    height = head + row * len(shown) + 48

    def sx(v: Decimal) -> float:
        return left + float(max(v, Decimal(0)) / top_value) * (right - left)

    s = float(SCALE)
    texts: list[str] = []

    def label(x: float, y: float, text: str, cls: str = "hb-chart__label",
              anchor: str = "start") -> None:
        texts.append(charts._text(x / s, y / s, text, cls, anchor))

    body = [charts._line(left, head - 4, left, head + row * len(shown), "hb-chart__axis")]
    for i, (p, v) in enumerate(zip(shown, scores, strict=True)):
        y = head + row * i
        star = bool(p.get("star"))
        name = charts._short(str(p.get("name", "")), 7)
        cls = "hb-chart__bar hb-chart__bar--ok" if star else "hb-chart__bar hb-chart__bar--plan"
        tip = f"{p.get('rank')}. {p.get('name', '')}: {_score_shown(r, v, lang)}"
        body.append(charts._rect(left, y + 5, sx(v) - left, row - 10, cls, tip))
        label(left - 8, y + 23, ("★ " if star else "") + name,
              "hb-chart__mark" if star else "hb-chart__label", "end")
        label(sx(v) + 6, y + 23, _score_shown(r, v, lang))
    if r.get("places"):
        x = sx(cutoff)
        body.append(charts._line(x, head - 8, x, head + row * len(shown) + 2, "hb-chart__guide"))
        anchor = "end" if x > (left + right) / 2 else "start"
        label(x + (-4 if anchor == "end" else 4), head - 12,
              f"{_tr('legend_cut', lang)} {_score_shown(r, cutoff, lang)}", "hb-chart__label",
              anchor)
    y = head + row * len(shown) + 18
    body.append(charts._rect(10, y, 20, 16, "hb-chart__bar hb-chart__bar--ok"))
    label(36, y + 15, _tr("legend_star", lang))
    body.append(charts._rect(140, y, 20, 16, "hb-chart__bar hb-chart__bar--plan"))
    label(166, y + 15, _tr("legend_other", lang))
    body.append(charts._line(286, y - 2, 286, y + 18, "hb-chart__guide"))
    label(294, y + 15, _tr("legend_cut", lang))
    body.append(f'<g transform="scale({SCALE})">' + "".join(texts) + "</g>")
    metrics = list(r.get("metrics") or ())
    what = (_tr("score", lang) if r.get("scored") == "points" or len(metrics) != 1
            else _metric_label(metrics[0], lang))
    listed = _tr("desc_sep", lang).join(f"{p.get('rank')}. {p.get('name', '')} "
                                        f"{_score_shown(r, v, lang)}"
                      + (" ★" if p.get("star") else "") for p, v in zip(shown, scores, strict=True))
    more = _tr("more", lang, n=len(people), m=charts.MAX_BARS) if len(people) > len(shown) else ""
    stars = _names([str(p.get("name", "")) for p in people if p.get("star")]).text(lang) or "—"
    desc = _tr("desc", lang, what=what, listed=listed, cut=_score_shown(r, cutoff, lang),
               stars=stars) + more
    return charts._svg("star", height, _tr("chart_title", lang) + more, desc, body)


def star_text(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> list[str]:
    """The verdict, the figures and the ranking as plain lines."""
    lines = [_verdict(r, lang), *(_tr("figure_line", lang, label=k, value=v)
                                  for k, v in _rows(r, lang))]
    for p in r.get("people") or ():
        mark = f" ★ {_tr('star', lang)}" if p.get("star") else ""
        lines.append(f"{p.get('rank')}. {p.get('name', '')} "
                     f"{_score_shown(r, p.get('score'), lang)}{mark}")
    return lines


def render_star(r: Mapping[str, Any], lang: str, policy: Policy | None = None) -> str:
    people = list(r.get("people") or ())
    metrics = list(r.get("metrics") or ())
    points = r.get("scored") == "points"
    scales = [_metric_scale(r, j) for j in range(len(metrics))]
    head = [f'<th scope="col" class="hb-num">{_e(_tr("rank", lang))}</th>',
            f'<th scope="col">{_e(_tr("name", lang))}</th>']
    head += [f'<th scope="col" class="hb-num">{_e(_metric_label(m, lang))}</th>' for m in metrics]
    if points:
        head.append(f'<th scope="col" class="hb-num">{_e(_tr("score", lang))}</th>')
    head.append(f'<th scope="col">{_e(_tr("star", lang))}</th>')
    body = []
    for p in people[:MAX_ROWS]:
        cells = [f'<td class="hb-num">{_e(p.get("rank"))}</td>',
                 f'<th scope="row">{_e(p.get("name", ""))}</th>']
        values = list(p.get("values") or ())
        pts = list(p.get("points") or ())
        for j, v in enumerate(values):
            text = _e(shown_value(v, lang, scales[j] if j < len(scales) else ""))
            if points and j < len(pts):
                # The value and its points, each whole: a table too wide for the page
                # puts the points under the value rather than hide a column.
                text = (f'<span class="hb-part">{text}</span><wbr><span class="hb-part">'
                        f'{_e(_tr("points", lang, v="", p=display.num(pts[j])))}</span>')
                cells.append(f'<td class="hb-num hb-parts">{text}</td>')
            else:
                cells.append(f'<td class="hb-num">{text}</td>')
        if points:
            cells.append(f'<td class="hb-num">{_e(display.num(p.get("score")))}</td>')
        cells.append(f"<td>{_e(_tr('star_mark', lang)) if p.get('star') else ''}</td>")
        cls = ' class="hb-star--star"' if p.get("star") else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    table = (f'<div class="hb-result__table" tabindex="0" role="region" '
             f'aria-label="{_e(_tr("table", lang))}"><table class="hb-table"><thead><tr>'
             f"{''.join(head)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
    status = "stars" if r.get("star_count") else "none"
    return _wrap("star", status, [
        f'<p class="hb-result__verdict">{_e(_verdict(r, lang))}</p>',
        _figures(_rows(r, lang), lang), _figure(star_chart(r, lang, policy)), table,
        _steps(r, lang)])

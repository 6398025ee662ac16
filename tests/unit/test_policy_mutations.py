"""Policy data that cannot lie: each mutation of a copy of data/ is refused with one
bilingual line naming the file and the key.

A mutation is a text edit of one file (or a re-encoding of it). The whole copy is then
loaded as the build does (handbook.policy.load: every file) and as the calculators do
(calculators.policy.load_policy: their areas only); both must refuse it the same way.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from calculators.errors import PolicyError
from calculators.policy import default_data_dir, load_policy

try:  # the build's loader; inside Pyodide only the calculators' own is installed
    from handbook.policy import load as load_all
except ImportError:  # pragma: no cover - Pyodide
    load_all = None

LOADERS = {"calculators": load_policy, **({"handbook": load_all} if load_all else {})}


def sub(pattern: str, repl: str, count: int = 1) -> Callable[[str], str]:
    """A regex edit that must apply: a mutation that changes nothing would prove nothing."""

    def edit(text: str) -> str:
        new, n = re.subn(pattern, repl, text, count=count, flags=re.M)
        assert n, f"pattern {pattern!r} not found"
        return new

    return edit


@dataclass(frozen=True)
class Mutation:
    rule: str
    file: str
    edit: Callable[[str], str]
    key: str        # the key path the message names ("" when it names only the file)
    fragment: str   # a piece of the message (en or zh)
    encoding: str = "utf-8"


M = Mutation
MUTATIONS = [
    # ---- numbers are finite
    M("threshold nan", "bonus.toml", sub(r"^threshold_pct = 80", "threshold_pct = nan"),
      "threshold_pct", "NaN is not a finite number"),
    M("threshold -inf", "bonus.toml", sub(r"^threshold_pct = 80", "threshold_pct = -inf"),
      "threshold_pct", "不能是 nan 或 inf"),
    M("payout inf", "bonus.toml", sub(r"^payout_pct = 50", "payout_pct = inf"),
      "ladder[0].payout_pct", "Infinity is not a finite number"),
    M("month ramp nan", "decomposition.toml",
      sub(r"^months_pct = \[25, 50, 75\]", "months_pct = [25, nan, 75]"),
      "ramp.months_pct[1]", "not a finite number"),
    M("warning line inf", "deviation.toml", sub(r"^warning_pct = 10", "warning_pct = +inf"),
      "warning_pct", "not a finite number"),
    # ---- numbers are in range
    M("cap 1e40", "bonus.toml", sub(r"^cap_pct = 200", "cap_pct = 1e40"),
      "cap_pct", "1E+40 is above the maximum 1000"),
    M("completion 1e30", "bonus.toml", sub(r"^completion_pct = 150", "completion_pct = 1e30"),
      "ladder[4].completion_pct", "is above the maximum 1000"),
    M("payout negative", "bonus.toml", sub(r"^payout_pct = 80", "payout_pct = -80"),
      "ladder[1].payout_pct", "-80 is below the minimum 0"),
    M("kpi cap huge", "bonus.toml", sub(r"^kpi_cap_pct = 150", "kpi_cap_pct = 150000"),
      "kpi_cap_pct", "above the maximum 1000"),
    M("integer with 5,000 digits", "bonus.toml",
      sub(r"^quarter_days = 90", "quarter_days = 9" + "0" * 5000),
      "proration.quarter_days", "number too long"),
    M("unit scale huge", "decomposition.toml", sub(r"^scale = 10000", "scale = 1e30"),
      "units.wan_yuan.scale", "above the maximum"),
    M("escalation 1e40", "deviation.toml", sub(r"^escalate_pct = 30", "escalate_pct = 1e40"),
      "escalate_pct", "above the maximum 1000"),
    M("metric line 5000 %", "deviation.toml", sub(r"^warning_pct = 5 ", "warning_pct = 5000 "),
      "metrics.brand_exposure.warning_pct", "above the maximum 1000"),
    M("deadline of 10 years", "deviation.toml", sub(r"^within_hours = 24", "within_hours = 87600"),
      "actions.warning[1].within_hours", "above the maximum"),
    M("holiday year 1e20", "holidays.toml", sub(r"^year = 2026", "year = 100000000000000000000"),
      "years[0].year", "above the maximum 2200"),
    # ---- cross-field rules
    M("cap below a tier's payout", "bonus.toml", sub(r"^cap_pct = 200", "cap_pct = 100"),
      "cap_pct", "100 is below the payout of ladder[3] (150)"),
    M("threshold above every tier", "bonus.toml",
      sub(r"^threshold_pct = 80", "threshold_pct = 500"),
      "threshold_pct", "500 is above the first tier's completion (80)"),
    M("threshold above the first tier", "bonus.toml",
      sub(r"^threshold_pct = 80", "threshold_pct = 85"),
      "threshold_pct", "高于第一档的完成率"),
    M("make-up day in another year", "holidays.toml",
      sub(r"^makeup_workdays = \[2026-01-04\]", "makeup_workdays = [2031-01-04]"),
      "years[0].holidays[0].makeup_workdays[0]", "2031-01-04 is not in 2026"),
    M("make-up day inside its holiday", "holidays.toml",
      sub(r"^makeup_workdays = \[2026-01-04\]", "makeup_workdays = [2026-01-03]"),
      "years[0].holidays[0].makeup_workdays[0]",
      "2026-01-03 is a day off (New Year's Day, 2026-01-01 – 2026-01-03)"),
    M("make-up day inside another holiday", "holidays.toml",
      sub(r"^makeup_workdays = \[2026-09-20, 2026-10-10\]",
          "makeup_workdays = [2026-05-02, 2026-10-10]"),
      "years[0].holidays[6].makeup_workdays[0]", "落在劳动节假期内"),
    M("make-up day on a weekday", "holidays.toml",
      sub(r"^makeup_workdays = \[2026-05-09\]", "makeup_workdays = [2026-05-11]"),
      "years[0].holidays[3].makeup_workdays[0]", "2026-05-11 is a Monday"),
    M("make-up day twice", "holidays.toml",
      sub(r"^makeup_workdays = \[2026-05-09\]", "makeup_workdays = [2026-02-14]"),
      "years[0].holidays[3].makeup_workdays[0]", "2026-02-14 is listed twice"),
    M("holidays overlap", "holidays.toml", sub(r"^first = 2026-02-15", "first = 2026-01-03"),
      "years[0].holidays[1].first",
      "overlaps New Year's Day, 2026-01-01 – 2026-01-03 (holidays[0])"),
    M("holiday in another year", "holidays.toml", sub(r"^last = 2026-10-07", "last = 2027-10-07"),
      "years[0].holidays[6].last", "2027-10-07 is not in 2026"),
    # ---- decoding and syntax
    M("saved as GBK", "bonus.toml", lambda text: text, "", "not UTF-8: save it as UTF-8",
      encoding="gbk"),
    M("GBK in a calculator file without notes", "holidays.toml", lambda text: text, "",
      "不是 UTF-8 编码", encoding="gbk"),
    M("unclosed array", "holidays.toml",
      sub(r"^makeup_workdays = \[2026-02-14, 2026-02-28\]", "makeup_workdays = [2026-02-14,"),
      "years[0].holidays[1].makeup_workdays", "the [ or { opened on line 30 is not closed"),
    M("unclosed array before a table", "bonus.toml",
      sub(r"^kpi_cap_pct = 150 ", "kpi_cap_pct = [150 "),
      "kpi_cap_pct", "opened on line 17 is not closed"),
    M("bad value in a nested array table", "holidays.toml",
      sub(r"^last = 2026-04-06", "last = 2026-04-31"),
      "years[0].holidays[2].last", "not valid TOML"),
]


def mutated_copy(tmp_path: Path, m: Mutation) -> Path:
    for src in default_data_dir().glob("*.toml"):
        shutil.copy(src, tmp_path / src.name)
    target = tmp_path / m.file
    text = m.edit(target.read_text(encoding="utf-8"))
    target.write_bytes(text.encode(m.encoding))
    return tmp_path


@pytest.mark.parametrize("m", MUTATIONS, ids=[m.rule for m in MUTATIONS])
@pytest.mark.parametrize("loader", list(LOADERS.values()), ids=list(LOADERS))
def test_mutation_is_refused(tmp_path: Path, m: Mutation,
                             loader: Callable[[Path], object]) -> None:
    data = mutated_copy(tmp_path, m)
    with pytest.raises(PolicyError) as caught:
        loader(data)
    err = caught.value
    message = str(err)
    assert (err.file, err.path) == (f"data/{m.file}", m.key), message
    assert m.fragment in message
    assert "\n" not in message and " / " in message and err.zh, message  # one line, both langs
    assert message.startswith(f"data/{m.file}: {m.key}: " if m.key else f"data/{m.file}: ")
    assert len(message) < 400, message


@pytest.mark.parametrize("loader", list(LOADERS.values()), ids=list(LOADERS))
def test_a_utf8_bom_is_accepted(tmp_path: Path, loader: Callable[[Path], Any]) -> None:
    for src in default_data_dir().glob("*.toml"):
        (tmp_path / src.name).write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    policy = loader(tmp_path)
    assert policy.value("bonus.cap_pct") == 200
    assert policy.value("holidays.years[0].year") == 2026


@pytest.mark.parametrize("loader", list(LOADERS.values()), ids=list(LOADERS))
def test_the_unmutated_copy_loads(tmp_path: Path, loader: Callable[[Path], Any]) -> None:
    data = mutated_copy(tmp_path, M("none", "bonus.toml", lambda t: t, "", ""))
    assert loader(data)["bonus"]["threshold_pct"] == 80

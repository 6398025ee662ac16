"""The validator, rule by rule: one broken copy of a real data file per rule, each with
the exact one-line message a policy owner sees (file, key path, what was expected).

Broken copies are made from the real files (calculators.policy.default_data_dir(), which
is the packaged data inside Pyodide) in tmp_path: no file outside the package is read.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from calculators.errors import PolicyError
from calculators.policy import default_data_dir
from calculators.schema import Ctx, Num, Table, between
from handbook.policy import load as load_policy


@dataclass(frozen=True)
class Broken:
    rule: str
    file: str
    edit: Callable[[str], str]
    message: str


def sub(pattern: str, repl: str, count: int = 1) -> Callable[[str], str]:
    """A regex edit that must apply: a test that edits nothing would prove nothing."""

    def edit(text: str) -> str:
        new, n = re.subn(pattern, repl, text, count=count, flags=re.M)
        assert n, f"pattern {pattern!r} not found"
        return new

    return edit


CASES = [
    Broken("missing key", "goals.toml", sub(r'^version = "2026\.1"\n', ""),
           "data/goals.toml: version: missing required key / 缺少必填的键"),
    Broken("missing key, nested", "tasks.toml", sub(r"^max_p0_per_person = 2\n", ""),
           "data/tasks.toml: load.max_p0_per_person: missing required key / 缺少必填的键"),
    Broken("wrong type", "tasks.toml", sub(r"^standup_minutes = 15", 'standup_minutes = "15"'),
           "data/tasks.toml: tracking.standup_minutes: expected a number, got a string "
           "/ 应为数字"),
    Broken("wrong type, integer", "roles.toml", sub(r"^mentor_months = 3", "mentor_months = 3.5"),
           "data/roles.toml: pipeline.mentor_months: expected an integer, "
           "got a decimal number / 应为数字"),
    Broken("unknown key", "communication.toml", sub(r"^solution_hours = 24",
                                                   "solution_hours = 24\nescalate_hours = 48"),
           "data/communication.toml: urgent.escalate_hours: unknown key "
           "(expected one of: response_hours, solution_hours) / 未知的键"),
    Broken("label missing a language", "goals.toml",
           sub(r'^owner = \{ zh = "营销总监", en = "Marketing director" \}',
               'owner = { zh = "营销总监" }'),
           "data/goals.toml: owner.en: the label has no en text / 标签缺少 en 文本"),
    Broken("label in a list missing a language", "customers.toml",
           sub(r'\{ zh = "销量", en = "Volume" \}', '{ zh = "销量", en = "" }'),
           "data/customers.toml: results_reported[1].en: the label has no en text "
           "/ 标签缺少 en 文本"),
    Broken("label not bilingual", "naming.toml",
           sub(r'^name = \{ zh = "日期", en = "Date" \}', 'name = "日期"'),
           "data/naming.toml: parts[2].name: expected a bilingual label "
           '{ zh = "…", en = "…" }, got a string / 应为中英文双语标签'),
    Broken("weights do not sum to 100 %", "performance.toml",
           sub(r"^weight_pct = 15", "weight_pct = 10"),
           "data/performance.toml: annual_weights: the weight_pct values add up to 95, "
           "expected 100 / weight_pct 之和为 95，应为 100"),
    Broken("date that does not parse (TOML date)", "pages.toml",
           sub(r"^next_review = 2027-05-16", "next_review = 2027-02-30"),
           "data/pages.toml: pages.index.md.next_review: not valid TOML: Invalid date or "
           "datetime (at line {line}, column 15) / TOML 语法错误"),
    Broken("date that does not parse (quoted)", "goals.toml",
           sub(r"^effective_from = 2026-01-01", 'effective_from = "2026-1-1"'),
           "data/goals.toml: effective_from: '2026-1-1' is not a date (expected YYYY-MM-DD) "
           "/ 不是有效日期（格式 YYYY-MM-DD）"),
    Broken("time that does not parse", "communication.toml",
           sub(r"^due_time = 17:00:00", 'due_time = "5pm"'),
           "data/communication.toml: daily_report.due_time: '5pm' is not a time of day "
           "(expected HH:MM:SS) / 不是有效时刻（格式 HH:MM:SS）"),
    Broken("choice outside the list", "communication.toml",
           sub(r'^weekday = "monday"', 'weekday = "mon"'),
           "data/communication.toml: weekly_meeting.weekday: 'mon' is not one of: monday, "
           "tuesday, wednesday, thursday, friday, saturday, sunday / 取值须为：monday, "
           "tuesday, wednesday, thursday, friday, saturday, sunday"),
    Broken("number out of range", "training.toml",
           sub(r"^coverage_pct = 100", "coverage_pct = 120"),
           "data/training.toml: coverage_pct: 120 is above the maximum 100 / 不能大于 100"),
    Broken("response slower than solution", "communication.toml",
           sub(r"^response_hours = 2$", "response_hours = 30"),
           "data/communication.toml: urgent.response_hours: 30 is later than solution_hours "
           "(24) / 响应时限不能晚于解决时限"),
    Broken("review before the page took effect", "pages.toml",
           sub(r"^last_reviewed = 2026-11-16", "last_reviewed = 2025-12-01"),
           "data/pages.toml: pages.index.md.last_reviewed: 2025-12-01 is before "
           "effective_from (2026-01-01) / 早于生效日期"),
    Broken("template row without a column", "templates.toml",
           sub(r"^months = \[90, 100, 110\]\n", ""),
           "data/templates.toml: templates[0].rows[1].months: missing cell for this column "
           "/ 缺少该列的值"),
    Broken("template cell of the wrong kind", "templates.toml",
           sub(r"^deviation = -24", 'deviation = "-24%"'),
           "data/templates.toml: templates[2].rows[0].deviation: expected a number, "
           "got a string / 应为数字"),
    Broken("template status not a task status", "templates.toml",
           sub(r'^status = "done"', 'status = "finished"'),
           "data/templates.toml: templates[4].rows[0].status: 'finished' is not one of: "
           "not_started, in_progress, done, blocked / 取值须为：not_started, in_progress, "
           "done, blocked"),
    Broken("reference to no policy value", "goals.toml",
           sub(r'^value_from = "training\.hours_per_person"',
               'value_from = "training.hours"'),
           "data/goals.toml: targets.training_hours.value_from: 'training.hours' does not "
           "name a policy value / 引用的制度数值不存在"),
    Broken("both value and value_from", "goals.toml",
           sub(r'^value_from = "training\.coverage_pct"',
               'value_from = "training.coverage_pct"\nvalue = 100'),
           "data/goals.toml: targets.training_coverage.value: give exactly one of value and "
           "value_from / value 与 value_from 须且只能填一个"),
    Broken("duplicate id", "customers.toml", sub(r'^id = "potential"', 'id = "key"'),
           "data/customers.toml: classes[2].id: 'key' is used twice / 'key' 重复"),
]


def broken_copy(tmp_path: Path, name: str, edit: Callable[[str], str]) -> Path:
    for src in default_data_dir().glob("*.toml"):
        shutil.copy(src, tmp_path / src.name)
    target = tmp_path / name
    target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_broken_copy_fails_with_one_line_message(tmp_path: Path, case: Broken) -> None:
    data = broken_copy(tmp_path, case.file, case.edit)
    with pytest.raises(PolicyError) as caught:
        load_policy(data)
    # A syntax error names its line: the one the edit broke (first line that differs).
    real = (default_data_dir() / case.file).read_text(encoding="utf-8").splitlines()
    edited = (data / case.file).read_text(encoding="utf-8").splitlines()
    line = next(i for i, (a, b) in enumerate(zip(real, edited, strict=False), 1) if a != b)
    assert str(caught.value) == case.message.replace("{line}", str(line))
    assert "\n" not in str(caught.value)


def test_the_real_files_pass(tmp_path: Path) -> None:
    policy = load_policy(broken_copy(tmp_path, "goals.toml", lambda text: text))
    assert "goals" in policy


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    broken_copy(tmp_path, "goals.toml", lambda text: text)
    (tmp_path / "training.toml").unlink()
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path)
    assert str(caught.value) == "data/training.toml: the file is missing / 缺少数据文件"


# ---- rules on files owned by the calculators: broken copies of the real file ----

def test_bonus_ladder_that_is_not_monotonic(tmp_path: Path) -> None:
    real = tomllib.loads((default_data_dir() / "bonus.toml").read_text(encoding="utf-8"),
                        parse_float=Decimal)
    before = real["ladder"][1]["payout_pct"]
    lower = before - 1
    # Rewrite the third tier's payout_pct (its third occurrence in the file).
    text = (default_data_dir() / "bonus.toml").read_text(encoding="utf-8")
    hits = list(re.finditer(r"^payout_pct = .*$", text, flags=re.M))
    start, end = hits[2].span()

    def edit(_: str) -> str:
        return text[:start] + f"payout_pct = {lower}" + text[end:]

    with pytest.raises(PolicyError) as caught:
        load_policy(broken_copy(tmp_path, "bonus.toml", edit))
    assert str(caught.value) == (
        f"data/bonus.toml: ladder[2].payout_pct: {lower} is lower than the tier before it "
        f"({before}) / 低于上一档（{before}）"
    )


def test_bonus_ladder_tiers_must_rise(tmp_path: Path) -> None:
    text = (default_data_dir() / "bonus.toml").read_text(encoding="utf-8")
    hits = list(re.finditer(r"^completion_pct = (.*)$", text, flags=re.M))
    first = hits[0].group(1).strip()
    start, end = hits[1].span()

    def edit(_: str) -> str:
        return text[:start] + f"completion_pct = {first}" + text[end:]

    with pytest.raises(PolicyError) as caught:
        load_policy(broken_copy(tmp_path, "bonus.toml", edit))
    assert str(caught.value) == (
        f"data/bonus.toml: ladder[1].completion_pct: {first} is not above the tier before it "
        f"({first}) / 必须高于上一档（{first}）"
    )


BUFFER = Table(
    {"buffer_min_pct": Num("low"), "buffer_max_pct": Num("high"),
     "default_buffer_pct": Num("default")},
    checks=(between("default_buffer_pct", "buffer_min_pct", "buffer_max_pct",
                    "buffer", "弹性"),),
)


@pytest.mark.parametrize(("data", "message"), [
    ({"buffer_min_pct": 10, "buffer_max_pct": 15, "default_buffer_pct": 20},
     "data/decomposition.toml: default_buffer_pct: 20 is outside the buffer range 10–15 "
     "/ 超出弹性范围 10–15"),
    ({"buffer_min_pct": 10, "buffer_max_pct": 15, "default_buffer_pct": 5},
     "data/decomposition.toml: default_buffer_pct: 5 is outside the buffer range 10–15 "
     "/ 超出弹性范围 10–15"),
    ({"buffer_min_pct": 15, "buffer_max_pct": 10, "default_buffer_pct": 12},
     "data/decomposition.toml: buffer_max_pct: 10 is lower than buffer_min_pct (15) "
     "/ 不能小于 buffer_min_pct（15）"),
])
def test_buffer_outside_the_policy_range(data: dict[str, int], message: str) -> None:
    """The generic `between` rule, for the buffer of the target split (10 %–15 %)."""
    with pytest.raises(PolicyError) as caught:
        BUFFER.check(data, Ctx("data/decomposition.toml"))
    assert str(caught.value) == message


@pytest.mark.skipif(not (default_data_dir() / "decomposition.toml").exists(),
                    reason="data/decomposition.toml not written yet")
@pytest.mark.parametrize(("edit", "message"), [
    (sub(r"^max_pct = 15", "max_pct = 5"),
     "data/decomposition.toml: buffer.max_pct: below min_pct / 不能小于 min_pct"),
    (sub(r"^max_pct = 15", "max_pct = 120"),
     "data/decomposition.toml: buffer.max_pct: 120 is above the maximum 100 / 不能大于 100"),
])
def test_buffer_range_of_the_real_split_policy(tmp_path: Path, edit: Callable[[str], str],
                                               message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(broken_copy(tmp_path, "decomposition.toml", edit))
    assert str(caught.value) == message


# ---------------------------------------------------------- Num: finite, bounded ---

@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("-NaN"), Decimal("sNaN"),
                                   Decimal("Infinity"), Decimal("-Infinity")])
@pytest.mark.parametrize("spec", [Num(), Num(min=0, max=100), Num(min=None, max=None)])
def test_num_refuses_nan_and_infinity_always(spec: Num, value: Decimal) -> None:
    with pytest.raises(PolicyError) as caught:
        spec.check(value, Ctx("data/x.toml", "k"))
    assert "is not a finite number" in str(caught.value)
    assert "不能是 nan 或 inf" in str(caught.value)


@pytest.mark.parametrize(("value", "fragment"), [
    (Decimal("1e40"), "1E+40 is above the maximum 1000000000000"),
    (-10 ** 13, "is below the minimum -1000000000000"),
    (10 ** 400, "is above the maximum"),
])
def test_num_without_a_range_has_a_default_one(value: Decimal | int, fragment: str) -> None:
    with pytest.raises(PolicyError) as caught:
        Num().check(value, Ctx("data/x.toml", "k"))
    assert fragment in str(caught.value)


def test_num_in_range_passes_and_publishes_its_range() -> None:
    assert Num().check(Decimal("-24.5"), Ctx("f")) == Decimal("-24.5")
    assert Num(min=0, max=1000).json_schema() == {"type": "number", "minimum": 0.0,
                                                  "maximum": 1000.0}
    assert Num().json_schema()["maximum"] == 1e12


def test_every_number_of_the_calculator_schemas_has_its_own_range() -> None:
    from calculators.registry import SCHEMAS
    from calculators.schema import Array, MapOf, Spec
    from calculators.schema import Table as TableSpec

    def numbers(spec: Spec, path: str) -> list[tuple[str, Num]]:
        if isinstance(spec, Num):
            return [(path, spec)]
        if isinstance(spec, TableSpec):
            return [n for k, s in {**spec.fields, **spec.optional}.items()
                    for n in numbers(s, f"{path}.{k}")]
        if isinstance(spec, Array):
            return numbers(spec.item, f"{path}[]")
        if isinstance(spec, MapOf):
            return numbers(spec.value, f"{path}.*")
        return []

    found = [n for area, spec in SCHEMAS.items() for n in numbers(spec, area)]
    assert len(found) > 15
    unbounded = [path for path, spec in found if spec.min is None or spec.max is None]
    assert unbounded == []

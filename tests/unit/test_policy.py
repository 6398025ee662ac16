"""The one loader: dotted look-ups, cross-file references, caching, and the JSON Schemas
published for editors (checked against the real files by a tiny validator of the subset
of JSON Schema that calculators.schema emits)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from calculators import policy as calculators_policy
from calculators.policy import Memo, default_data_dir, load_file
from calculators.registry import SCHEMAS as CALCULATOR_SCHEMAS
from handbook.policy import get as get_policy
from handbook.policy import load as load_policy
from handbook.schema_export import document, export
from handbook.schemas import CONTENT_SCHEMAS, SCHEMAS


def test_the_calculators_load_only_their_own_areas() -> None:
    """The browser layer: the wheel and the snapshot carry the calculators' policy only."""
    areas = set(calculators_policy.get_policy())
    assert areas == set(CALCULATOR_SCHEMAS)
    assert not areas & set(CONTENT_SCHEMAS)
    assert {"bonus", "decomposition", "deviation", "holidays"} <= areas


def test_every_data_file_has_a_schema_and_every_schema_a_file() -> None:
    files = {p.stem for p in default_data_dir().glob("*.toml")}
    assert files == set(SCHEMAS)


@pytest.mark.parametrize("stem", sorted(SCHEMAS))
def test_every_file_starts_with_version_effective_from_owner(stem: str) -> None:
    text = (default_data_dir() / f"{stem}.toml").read_text(encoding="utf-8")
    keys = [line.split("=")[0].strip() for line in text.splitlines()
            if line and not line.startswith(("#", " ", "[", "]", "}")) and "=" in line]
    assert keys[:3] == ["version", "effective_from", "owner"], stem


@pytest.mark.parametrize("stem", sorted(set(SCHEMAS) - {"bonus", "deviation",
                                                       "decomposition", "holidays"}))
def test_every_own_file_points_editors_at_its_schema(stem: str) -> None:
    first = (default_data_dir() / f"{stem}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"#:schema ../build/schemas/{stem}.schema.json"


@pytest.mark.parametrize(("path", "expected"), [
    ("communication.urgent.response_hours", 2),
    ("tasks.priorities[0].id", "P0"),
    ("templates.templates[0].rows[0].months[1]", 1700),
    ("goals.targets.voluntary_turnover.value", 8),
    ("roles.layers[2].roles[0].en", "Data analyst"),
])
def test_value_by_dotted_path(path: str, expected: Any) -> None:
    assert get_policy().value(path) == expected


@pytest.mark.parametrize(("path", "message"), [
    ("communication.urgent.reply_hours",
     "\"policy value 'communication.urgent.reply_hours': no 'reply_hours' here\""),
    ("tasks.priorities[9]", "\"policy value 'tasks.priorities[9]': no 9 here\""),
    ("nothing.at_all", "\"policy value 'nothing.at_all': no 'nothing' here\""),
])
def test_unknown_path_names_the_missing_part(path: str, message: str) -> None:
    with pytest.raises(KeyError) as caught:
        get_policy().value(path)
    assert str(caught.value) == message


def test_value_from_takes_the_figure_from_the_other_file(tmp_path: Path) -> None:
    for src in default_data_dir().glob("*.toml"):
        shutil.copy(src, tmp_path / src.name)
    training = tmp_path / "training.toml"
    training.write_text(training.read_text(encoding="utf-8").replace(
        "hours_per_person = 40", "hours_per_person = 48"), encoding="utf-8")
    policy = load_policy(tmp_path)
    assert policy.value("goals.targets.training_hours.value") == 48


def test_numbers_are_exact() -> None:
    for area in get_policy().values():
        _no_floats(area)


def _no_floats(node: Any) -> None:
    assert not isinstance(node, float)
    if isinstance(node, dict):
        for v in node.values():
            _no_floats(v)
    elif isinstance(node, list):
        for v in node:
            _no_floats(v)


def test_get_policy_loads_once() -> None:
    assert get_policy() is get_policy()
    assert calculators_policy.get_policy() is calculators_policy.get_policy()


def test_load_file_validates_one_file() -> None:
    doc = load_file(default_data_dir() / "tasks.toml", SCHEMAS)
    assert doc["tracking"]["status_update_time"] == dt.time(17, 0)


# ------------------------------------------------------------ JSON Schema ---

def test_export_writes_one_schema_per_file(tmp_path: Path) -> None:
    written = export(tmp_path / "schemas")
    assert sorted(p.name for p in written) == sorted(f"{s}.schema.json" for s in SCHEMAS)
    doc = json.loads((tmp_path / "schemas" / "tasks.schema.json").read_text(encoding="utf-8"))
    assert doc["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert doc["required"][:3] == ["version", "effective_from", "owner"]
    assert doc["additionalProperties"] is False


def to_json(node: Any) -> Any:
    """What an editor sees of a TOML value: dates and times as strings, numbers as numbers."""
    if isinstance(node, dict):
        return {k: to_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_json(v) for v in node]
    if isinstance(node, (dt.date, dt.time)):
        return node.isoformat()
    if isinstance(node, Decimal):
        return float(node)
    return node


def errors(schema: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """A validator for the subset of JSON Schema draft 7 that calculators.schema emits."""
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool}
    if kind in types and not isinstance(value, types[kind]):
        return [f"{path}: not {kind}"]
    if kind in ("number", "integer") and (isinstance(value, bool) or not isinstance(
            value, int if kind == "integer" else (int, float))):
        return [f"{path}: not {kind}"]
    out = []
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: not in enum")
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        out.append(f"{path}: above maximum")
    if "minLength" in schema and len(value) < schema["minLength"]:
        out.append(f"{path}: too short")
    if "minItems" in schema and len(value) < schema["minItems"]:
        out.append(f"{path}: too few items")
    if kind == "array":
        for i, item in enumerate(value):
            out += errors(schema["items"], item, f"{path}[{i}]")
    if kind == "object":
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{path}.{key}: missing")
        for key, item in value.items():
            if key in props:
                out += errors(props[key], item, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                out.append(f"{path}.{key}: unknown")
            elif isinstance(schema.get("additionalProperties"), dict):
                out += errors(schema["additionalProperties"], item, f"{path}.{key}")
    return out


@pytest.mark.parametrize("stem", sorted(SCHEMAS))
def test_real_files_pass_their_json_schema(stem: str) -> None:
    raw = tomllib.loads((default_data_dir() / f"{stem}.toml").read_text(encoding="utf-8"),
                        parse_float=Decimal)
    assert errors(document(stem), to_json(raw)) == []


def test_json_schema_catches_what_editors_should_flag() -> None:
    raw = tomllib.loads((default_data_dir() / "tasks.toml").read_text(encoding="utf-8"))
    raw["tracking"]["standup_minutes"] = "15"
    raw["load"]["colour"] = "red"
    del raw["owner"]["en"]
    assert errors(document("tasks"), to_json(raw)) == [
        ".owner.en: missing", ".tracking.standup_minutes: not number", ".load.colour: unknown"]


# --- the policy as JSON, for the browser (policy.encode / decode) ----------------------

@pytest.mark.parametrize("value", [
    Decimal("1.50"), Decimal("5"), Decimal("1E+2"), Decimal("-0.0"), Decimal("1.5E-7"),
    Decimal("123456789012345678901234567890.123"), 0, -7, 10**30, True, False, None,
    "", "复盘 \"quoted\" \\ back\nslash", "emoji 🙂", dt.date(2026, 10, 1),
    dt.datetime(2026, 10, 1, 9, 30), dt.time(17, 0),
    {"a": [1, Decimal("2.0"), {"b": dt.date(2026, 1, 1)}], "": []}, [[], {}],
    {"$date": "a one-key table named like a tag is read as a date: see below"},
])
def test_policy_json_round_trip_keeps_values_and_types(value: object) -> None:
    if isinstance(value, dict) and "$date" in value:
        with pytest.raises(ValueError):  # never in policy data: no key starts with "$"
            calculators_policy.decode(calculators_policy.encode(value))
        return
    back = calculators_policy.decode(calculators_policy.encode(value))
    assert same(back, value)


def same(a: object, b: object) -> bool:
    """Equal, of the same types, and written the same (1.50 is not 1.5) all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
    return a == b and str(a) == str(b)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), 1.5, b"x", {1, 2}])
def test_policy_json_refuses_what_it_cannot_write_exactly(value: object) -> None:
    with pytest.raises(TypeError, match="no JSON form"):
        calculators_policy.encode(value)


def test_the_real_policy_survives_the_trip_to_the_browser() -> None:
    real = calculators_policy.load_policy()
    back = calculators_policy.decode(calculators_policy.encode(dict(real)))
    assert list(back) == list(real)
    assert all(same(back[area], real[area]) for area in real)


# ------------------------------------------------------------------ Memo ---

def test_memo_makes_a_value_once_per_rules_and_key() -> None:
    made: list[tuple[str, str]] = []

    def make(name: str, key: str) -> str:
        made.append((name, key))
        return f"{name}:{key}"

    memo: Memo[str] = Memo()
    first, second = {"ladder": [1]}, {"ladder": [1]}  # equal, but other rules
    assert memo.get(first, "a", make, "first", "a") == "first:a"
    assert memo.get(first, "a", make, "never", "made") == "first:a"  # kept
    assert memo.get(first, "b", make, "first", "b") == "first:b"  # another key
    assert memo.get(second, "a", make, "second", "a") == "second:a"  # other rules
    assert made == [("first", "a"), ("first", "b"), ("second", "a")]


def test_memo_is_bounded_and_never_answers_for_other_rules() -> None:
    memo: Memo[int] = Memo(size=3)
    kept = [{"n": n} for n in range(10)]
    for n, rules in enumerate(kept):
        assert memo.get(rules, "k", lambda n=n: n) == n
        assert len(memo._seen) <= 3
    # Rules dropped and made again may reuse an id: the identity check still holds.
    for n in range(50):
        rules = {"n": n}
        assert memo.get(rules, "k", lambda n=n: n) == n

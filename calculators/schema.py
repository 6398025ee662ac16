"""A small declarative schema for the policy data files.

Each spec checks a parsed TOML value and returns it (possibly normalised), or
raises PolicyError naming the key path; the same spec also renders itself as
JSON Schema, published for editors. Standard library only (runs in Pyodide).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import PolicyError

LANGS = ("zh", "en")

Check = Callable[[Any, "Ctx"], None]


@dataclass(frozen=True)
class Ctx:
    """Where a value sits: the file it came from and its key path inside it."""

    file: str
    path: str = ""

    def key(self, name: str) -> Ctx:
        return Ctx(self.file, f"{self.path}.{name}" if self.path else name)

    def index(self, i: int) -> Ctx:
        return Ctx(self.file, f"{self.path}[{i}]")

    def fail(self, en: str, zh: str = "") -> PolicyError:
        return PolicyError(self.file, self.path, en, zh)


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean", int: "an integer", Decimal: "a decimal number", float: "a number",
        str: "a string", list: "an array", dict: "a table",
        dt.date: "a date", dt.datetime: "a date-time",
    }.get(type(value), type(value).__name__)


class Spec:
    description: str = ""
    # Bilingual column/row title: how the macros head a table column with this value.
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _with_doc(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.title:
            schema["title"] = f"{self.title['zh']} · {self.title['en']}"
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass
class Str(Spec):
    description: str = ""
    choices: tuple[str, ...] = ()
    pattern: str = ""
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> str:
        if not isinstance(value, str):
            raise ctx.fail(f"expected a string, got {_type_name(value)}", "应为字符串")
        if self.choices and value not in self.choices:
            allowed = ", ".join(self.choices)
            raise ctx.fail(f"{value!r} is not one of: {allowed}", f"取值须为：{allowed}")
        if not value.strip():
            raise ctx.fail("must not be empty", "不能为空")
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.choices:
            schema["enum"] = list(self.choices)
        return self._with_doc(schema)


# A Num without its own range still has one: no figure in a policy file comes near
# 10^12, and a bound keeps a stray 1e40 from reaching the arithmetic.
NUM_BOUND = Decimal(10) ** 12


@dataclass
class Num(Spec):
    """A number kept exact: TOML floats are parsed as Decimal by the loader.

    NaN and infinities are always refused (TOML allows nan and inf). Without min / max
    the range is ±NUM_BOUND; the calculators' schemas give every number its own range.
    """

    description: str = ""
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    integer: bool = False
    title: dict[str, str] | None = None

    @property
    def low(self) -> Decimal | int:
        return -NUM_BOUND if self.min is None else self.min

    @property
    def high(self) -> Decimal | int:
        return NUM_BOUND if self.max is None else self.max

    def check(self, value: Any, ctx: Ctx) -> Decimal | int:
        ok = isinstance(value, int) if self.integer else isinstance(value, (int, Decimal))
        if isinstance(value, bool) or not ok:
            want = "an integer" if self.integer else "a number"
            raise ctx.fail(f"expected {want}, got {_type_name(value)}", "应为数字")
        if isinstance(value, Decimal) and not value.is_finite():
            raise ctx.fail(f"{value} is not a finite number (nan and inf are not allowed)",
                           "必须是有限的数字（不能是 nan 或 inf）")
        if value < self.low:
            raise ctx.fail(f"{value} is below the minimum {self.low}", f"不能小于 {self.low}")
        if value > self.high:
            raise ctx.fail(f"{value} is above the maximum {self.high}", f"不能大于 {self.high}")
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number",
                                  "minimum": float(self.low), "maximum": float(self.high)}
        return self._with_doc(schema)


@dataclass
class Bool(Spec):
    description: str = ""
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> bool:
        if not isinstance(value, bool):
            raise ctx.fail(f"expected true or false, got {_type_name(value)}", "应为 true 或 false")
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({"type": "boolean"})


@dataclass
class Date(Spec):
    """A TOML local date (2026-01-01); a quoted string is accepted when it parses."""

    description: str = ""
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ctx.fail(
            f"{value!r} is not a date (expected YYYY-MM-DD)", "不是有效日期（格式 YYYY-MM-DD）"
        )

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({"type": "string", "format": "date"})


@dataclass
class Time(Spec):
    """A TOML local time (17:00:00), e.g. a daily deadline; "17:00" as a string is accepted too."""

    description: str = ""
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> dt.time:
        if isinstance(value, dt.time):
            return value
        if isinstance(value, str):
            try:
                return dt.time.fromisoformat(value)
            except ValueError:
                pass
        raise ctx.fail(f"{value!r} is not a time of day (expected HH:MM:SS)",
                       "不是有效时刻（格式 HH:MM:SS）")

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({"type": "string", "format": "partial-time"})


@dataclass
class Label(Spec):
    """User-facing text, required in every handbook language."""

    description: str = ""
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> dict[str, str]:
        if not isinstance(value, dict):
            raise ctx.fail(
                f"expected a bilingual label {{ zh = \"…\", en = \"…\" }}, got {_type_name(value)}",
                "应为中英文双语标签",
            )
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                raise ctx.key(lang).fail(
                    f"the label has no {lang} text", f"标签缺少 {lang} 文本"
                )
        extra = sorted(set(value) - set(LANGS))
        if extra:
            raise ctx.key(extra[0]).fail(
                f"unknown language {extra[0]!r} (expected zh and en)", "未知语言"
            )
        return dict(value)

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({
            "type": "object",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGS},
            "required": list(LANGS),
            "additionalProperties": False,
        })


@dataclass
class Array(Spec):
    item: Spec
    description: str = ""
    min_items: int = 0
    checks: tuple[Check, ...] = ()
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> list[Any]:
        if not isinstance(value, list):
            raise ctx.fail(f"expected an array, got {_type_name(value)}", "应为数组")
        if len(value) < self.min_items:
            raise ctx.fail(
                f"expected at least {self.min_items} item(s), got {len(value)}",
                f"至少需要 {self.min_items} 项",
            )
        out = [self.item.check(v, ctx.index(i)) for i, v in enumerate(value)]
        for rule in self.checks:
            rule(out, ctx)
        return out

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return self._with_doc(schema)


@dataclass
class Table(Spec):
    """A TOML table with known keys: missing required keys and unknown keys both fail."""

    fields: Mapping[str, Spec]
    optional: Mapping[str, Spec] = field(default_factory=dict)
    description: str = ""
    checks: tuple[Check, ...] = ()
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail(f"expected a table, got {_type_name(value)}", "应为表")
        unknown = [k for k in value if k not in self.fields and k not in self.optional]
        if unknown:
            known = ", ".join([*self.fields, *self.optional])
            raise ctx.key(unknown[0]).fail(
                f"unknown key (expected one of: {known})", "未知的键"
            )
        out: dict[str, Any] = {}
        for name, spec in self.fields.items():
            if name not in value:
                raise ctx.key(name).fail("missing required key", "缺少必填的键")
            out[name] = spec.check(value[name], ctx.key(name))
        for name, spec in self.optional.items():
            if name in value:
                out[name] = spec.check(value[name], ctx.key(name))
        for rule in self.checks:
            rule(out, ctx)
        return out

    def json_schema(self) -> dict[str, Any]:
        props = {k: s.json_schema() for k, s in {**self.fields, **self.optional}.items()}
        return self._with_doc({
            "type": "object",
            "properties": props,
            "required": list(self.fields),
            "additionalProperties": False,
        })


@dataclass
class MapOf(Spec):
    """A table whose keys are free identifiers (e.g. metric ids), each value one spec."""

    value: Spec
    description: str = ""
    title: dict[str, str] | None = None

    def check(self, value: Any, ctx: Ctx) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ctx.fail(f"expected a table, got {_type_name(value)}", "应为表")
        return {k: self.value.check(v, ctx.key(k)) for k, v in value.items()}

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({"type": "object", "additionalProperties": self.value.json_schema()})


# ------------------------------------------------------------ shared rules ---

def document_fields() -> dict[str, Spec]:
    """The keys every policy file starts with: its version, effective date and owner."""
    return {
        "version": Str("Policy version, e.g. 2026.1"),
        "effective_from": Date("Date from which this policy applies"),
        "owner": Label("Who owns this policy"),
    }


def non_decreasing(key: str, what_en: str, what_zh: str) -> Check:
    """Array rule: item[key] never goes down from one item to the next."""

    def rule(items: list[dict[str, Any]], ctx: Ctx) -> None:
        for i in range(1, len(items)):
            before, now = items[i - 1][key], items[i][key]
            if now < before:
                raise ctx.index(i).key(key).fail(
                    f"{now} is lower than the {what_en} before it ({before})",
                    f"低于上一{what_zh}（{before}）",
                )

    return rule


def strictly_increasing(key: str, what_en: str, what_zh: str) -> Check:
    def rule(items: list[dict[str, Any]], ctx: Ctx) -> None:
        for i in range(1, len(items)):
            before, now = items[i - 1][key], items[i][key]
            if now <= before:
                raise ctx.index(i).key(key).fail(
                    f"{now} is not above the {what_en} before it ({before})",
                    f"必须高于上一{what_zh}（{before}）",
                )

    return rule


def sums_to(key: str, total: Decimal | int) -> Check:
    """Array rule: the items' key adds up to total (weights summing to 100 %)."""

    def rule(items: list[dict[str, Any]], ctx: Ctx) -> None:
        got = sum((Decimal(str(item[key])) for item in items), Decimal(0))
        if got != Decimal(total):
            raise ctx.fail(
                f"the {key} values add up to {got}, expected {total}",
                f"{key} 之和为 {got}，应为 {total}",
            )

    return rule


def between(key: str, low_key: str, high_key: str, what_en: str, what_zh: str) -> Check:
    """Table rule: low_key <= key <= high_key (e.g. a default buffer inside the policy's range)."""

    def rule(table: dict[str, Any], ctx: Ctx) -> None:
        low, high, now = table[low_key], table[high_key], table[key]
        if low > high:
            raise ctx.key(high_key).fail(
                f"{high} is lower than {low_key} ({low})", f"不能小于 {low_key}（{low}）"
            )
        if not low <= now <= high:
            raise ctx.key(key).fail(
                f"{now} is outside the {what_en} range {low}–{high}",
                f"超出{what_zh}范围 {low}–{high}",
            )

    return rule


def unique(key: str) -> Check:
    """Array rule: item[key] identifies the item, so no two items share it."""

    def rule(items: list[dict[str, Any]], ctx: Ctx) -> None:
        seen: set[Any] = set()
        for i, item in enumerate(items):
            if item[key] in seen:
                raise ctx.index(i).key(key).fail(
                    f"{item[key]!r} is used twice", f"{item[key]!r} 重复"
                )
            seen.add(item[key])

    return rule


def spec_at(spec: Spec, parts: list[str | int]) -> Spec | None:
    """The spec describing the value at a key path (None when the path leaves the schema).

    The macros use it to find a table's column titles and a value's kind.
    """
    for part in parts:
        if isinstance(part, int):
            if not isinstance(spec, Array):
                return None
            spec = spec.item
        elif isinstance(spec, Table):
            found = spec.fields.get(part) or spec.optional.get(part)
            if found is None:
                return None
            spec = found
        elif isinstance(spec, MapOf):
            spec = spec.value
        else:
            return None
    return spec

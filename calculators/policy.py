"""The one loader of the policy data files, used by the calculators, the CLI and the browser.

Each data file whose area has a schema is parsed with `tomllib` (floats kept exact as
Decimal) and checked against its schema. The calculators load only their own areas
(calculators.schemas, plus the areas their registry entries own): that is all the wheel
ships. The build loads every area through handbook.policy with the full schema set.
The first problem found raises PolicyError naming the file and the key path.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable, Hashable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

from .errors import PolicyError
from .schema import Ctx, Spec

# Inside the wheel the data sits beside the code (calculators/policy_data/);
# in a source checkout it is the repository's data/ directory.
_PACKAGED = Path(__file__).resolve().parent / "policy_data"
_SOURCE = Path(__file__).resolve().parent.parent / "data"


# Resolved once, at import: in the browser the engine restores a memory snapshot taken
# after import, and the restored process has the cached policy but not the files.
_DEFAULT = _PACKAGED if _PACKAGED.is_dir() else _SOURCE


def default_data_dir() -> Path:
    return _DEFAULT


T = TypeVar("T")


class Memo(Generic[T]):
    """Values made from one policy's rules (a ladder's figures, a metric's worded
    actions), kept while those rules are in use: batch mode asks for them once a row.

    Keyed by the rules' identity and a key (a policy's mappings are not hashable). Each
    entry holds its rules, so their id cannot be reused by other rules while it is kept,
    and the identity is checked anyway. Tests make many policies and a worker uses one:
    past `size` entries the memo starts afresh, so it never grows without bound.
    """

    __slots__ = ("_seen", "_size")

    def __init__(self, size: int = 256) -> None:
        self._seen: dict[tuple[int, Hashable], tuple[object, T]] = {}
        self._size = size

    def get(self, rules: object, key: Hashable, make: Callable[..., T], *args: Any) -> T:
        """The value for (rules, key), made by make(*args) the first time."""
        entry = self._seen.get((id(rules), key))
        if entry is not None and entry[0] is rules:
            return entry[1]
        value = make(*args)
        if len(self._seen) >= self._size:
            self._seen.clear()
        self._seen[(id(rules), key)] = (rules, value)
        return value

    def clear(self) -> None:
        self._seen.clear()


class Policy(Mapping[str, dict[str, Any]]):
    """The validated policy: one entry per area (file stem), plus dotted look-ups."""

    def __init__(self, areas: dict[str, dict[str, Any]], data_dir: Path) -> None:
        self._areas = areas
        self.data_dir = data_dir

    def __getitem__(self, area: str) -> dict[str, Any]:
        return self._areas[area]

    def __iter__(self) -> Iterator[str]:
        return iter(self._areas)

    def __len__(self) -> int:
        return len(self._areas)

    def value(self, dotted: str) -> Any:
        """`policy.value("bonus.ladder[3].payout_pct")`: a KeyError names the missing part."""
        node: Any = self._areas
        for part in _split_path(dotted):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                raise KeyError(f"policy value {dotted!r}: no {part!r} here") from None
        return node


def _split_path(dotted: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in dotted.split("."):
        name, _, rest = piece.partition("[")
        if name:
            parts.append(name)
        while rest:
            index, _, rest = rest.partition("]")
            parts.append(int(index))
            rest = rest.lstrip("[")
    return parts


def display_name(path: Path) -> str:
    return f"data/{path.name}"


def calculator_schemas() -> dict[str, Spec]:
    """The areas the calculators read (imported late: the calculators import this module)."""
    from .registry import SCHEMAS

    return SCHEMAS


def load_file(path: Path, schemas: Mapping[str, Spec] | None = None) -> dict[str, Any]:
    """Parse and validate one data file; its stem selects the schema."""
    schemas = calculator_schemas() if schemas is None else schemas
    name = display_name(path)
    schema = schemas.get(path.stem)
    if schema is None:
        raise PolicyError(name, "", f"no schema for this file (known: {', '.join(schemas)})",
                          "没有对应的数据结构定义")
    text = _read_text(path, name)
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        key, opened = _locate(text, int(where.group(1))) if where else ("", 0)
        if opened:
            raise PolicyError(name, key, f"not valid TOML: {exc}: the [ or {{ opened on line "
                              f"{opened} is not closed",
                              f"TOML 语法错误：第 {opened} 行开始的数组或表没有闭合") from None
        raise PolicyError(name, key, f"not valid TOML: {exc}", "TOML 语法错误") from None
    except ValueError as exc:  # an integer literal beyond Python's int max str digits
        line = next((i for i, current in enumerate(text.splitlines(), 1)
                     if _LONG_NUMBER.search(current)), 0)
        if not line:  # pragma: no cover - no other ValueError is known to escape tomllib
            raise PolicyError(name, "", f"not valid TOML: {exc}", "TOML 语法错误") from None
        raise PolicyError(name, _key_at_line(text, line), "number too long (more than "
                          "4,000 digits)", "数字位数过多（超过 4000 位）") from None
    return schema.check(raw, Ctx(name))


_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


def _read_text(path: Path, name: str) -> str:
    """The file as text: UTF-8, with or without a byte order mark (Windows editors add
    one); anything else (a file saved as GBK) is one line naming the file."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PolicyError(name, "", f"not UTF-8: save it as UTF-8 (the first bad byte is on "
                          f"line {line})", f"不是 UTF-8 编码：请另存为 UTF-8（第 {line} 行）"
                          ) from None


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-.\"]+)\s*=")


def _brackets(line: str, depth: int) -> int:
    """The depth of open [ and { after a line, outside strings and comments."""
    quote = ""
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            break
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return depth


def _key_at_line(text: str, line: int) -> str:
    """The key path a TOML line sets (see _locate)."""
    return _locate(text, line)[0]


def _locate(text: str, line: int) -> tuple[str, int]:
    """The key path a TOML line sets (`ladder[2].payout_pct`), so a syntax error names it
    like a schema error does (a bad date is a syntax error for tomllib).

    Arrays of tables are counted as the schema counts them (`years[0].holidays[1].last`),
    and a line inside a value left open (an unclosed array reported on a later line) is
    the key whose value was opened, with the line it was opened on (else 0)."""
    prefix = ""
    counts: dict[str, int] = {}  # an array-of-tables path (indices resolved) -> last index
    lines = text.splitlines()
    depth, opened, opened_at = 0, "", 0
    for number, current in enumerate(lines[: line - 1], 1):
        if depth == 0:
            header = _HEADER.match(current)
            if header:
                prefix = _resolve(header.group(2), counts, header.group(1) == "[[")
                continue
            key = _KEY.match(current)
            if key:
                name = key.group(1).replace('"', "")
                opened = f"{prefix}.{name}" if prefix else name
                opened_at = number
                depth = _brackets(current[key.end():], 0)
        else:
            depth = _brackets(current, depth)
    if depth > 0:
        return opened, opened_at
    key = _KEY.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if key is None:
        return prefix, 0
    name = key.group(1).replace('"', "")
    return (f"{prefix}.{name}" if prefix else name), 0


def _resolve(header: str, counts: dict[str, int], array: bool) -> str:
    """A table header's path with the current index of each enclosing array of tables:
    [[years.holidays]] under the first [[years]] is years[0].holidays[k]."""
    path = ""
    parts = [p.strip() for p in header.replace('"', "").split(".")]
    for n, part in enumerate(parts):
        path = f"{path}.{part}" if path else part
        last = n == len(parts) - 1
        if last and array:
            counts[path] = counts.get(path, -1) + 1
            for inner in [k for k in counts if k.startswith(f"{path}[")]:
                del counts[inner]  # a new element: its own arrays start again
            path = f"{path}[{counts[path]}]"
        elif path in counts:
            path = f"{path}[{counts[path]}]"
    return path


def load_policy(data_dir: Path | str | None = None,
                schemas: Mapping[str, Spec] | None = None) -> Policy:
    """Load the areas of `schemas` (default: the calculators' own) from `data_dir`.

    Files of other areas are left alone: the build's full schema set (handbook.schemas)
    knows every file, and a file it does not know is an error there.
    """
    schemas = calculator_schemas() if schemas is None else schemas
    directory = Path(data_dir) if data_dir is not None else default_data_dir()
    files = {p.stem: p for p in sorted(directory.glob("*.toml")) if p.stem in schemas}
    missing = [area for area in schemas if area not in files]
    if missing:
        raise PolicyError(f"data/{missing[0]}.toml", "", "the file is missing", "缺少数据文件")
    areas = {stem: load_file(path, schemas) for stem, path in files.items()}
    policy = Policy(areas, directory)
    for stem, area in areas.items():
        _resolve_refs(policy, area, Ctx(display_name(files[stem])))
    return policy


def _resolve_refs(policy: Policy, node: Any, ctx: Ctx) -> None:
    """Fill `value` from `value_from = "area.key"`: a figure shared by two files lives in one."""
    if isinstance(node, dict):
        ref = node.get("value_from")
        if isinstance(ref, str):
            try:
                target = policy.value(ref)
            except KeyError:
                raise ctx.key("value_from").fail(
                    f"{ref!r} does not name a policy value", "引用的制度数值不存在") from None
            if isinstance(target, bool) or not isinstance(target, (int, Decimal)):
                raise ctx.key("value_from").fail(
                    f"{ref!r} is not a number", "引用的制度数值不是数字")
            node["value"] = target
        for key, child in node.items():
            _resolve_refs(policy, child, ctx.key(key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            _resolve_refs(policy, child, ctx.index(i))


# --- the policy as one JSON text, for the browser -------------------------------------
# The engine's memory snapshot holds the calculators' code but no policy, so that every
# published version shares one snapshot byte for byte (hooks/engine.py); each version
# ships its validated policy as a JSON text of its own, which the worker installs after
# restoring (web.install_policy). JSON because json is compiled into Pyodide and decodes
# in milliseconds, where TOML parsing and schema checks take about a second there.
# Exact round trip: a Decimal is written as its own digits and read back with
# parse_float=Decimal (so 1.50 stays 1.50); dates and times are tagged objects.
_TAGS = {"$date": dt.date.fromisoformat, "$datetime": dt.datetime.fromisoformat,
         "$time": dt.time.fromisoformat}


def encode(node: Any) -> str:
    """A policy value (areas, tables, lists, figures, dates) as JSON text (see decode)."""
    if isinstance(node, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{encode(v)}"
                              for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ",".join(encode(v) for v in node) + "]"
    if node is None or isinstance(node, (bool, int, str)):
        return json.dumps(node, ensure_ascii=False)
    if isinstance(node, Decimal) and node.is_finite():
        text = str(node)  # "1.50", "1E+2", "-0.0": each a JSON number read back the same
        # A whole Decimal ("5") would read back as an int: "5E0" is the same Decimal.
        return text if "." in text or "E" in text else f"{text}E0"
    for tag, kind in (("$datetime", dt.datetime), ("$date", dt.date), ("$time", dt.time)):
        if isinstance(node, kind):
            return json.dumps({tag: node.isoformat()})
    raise TypeError(f"policy value {node!r} has no JSON form")


def decode(text: str) -> Any:
    """What `encode` wrote, equal and of the same types."""
    return json.loads(text, parse_float=Decimal, object_hook=_tagged)


def _tagged(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        (key, value), = obj.items()
        parse = _TAGS.get(key)
        if parse is not None:
            return parse(value)
    return obj


def install(policy: Policy, data_dir: Path | str | None = None) -> None:
    """Make `policy` what get_policy() returns for `data_dir` (default: the package's)."""
    _cache[Path(data_dir) if data_dir is not None else default_data_dir()] = policy


_cache: dict[Path, Policy] = {}


def get_policy(data_dir: Path | str | None = None) -> Policy:
    """The policy of a directory, loaded once per process (the browser worker calls this often)."""
    key = Path(data_dir) if data_dir is not None else default_data_dir()
    if key not in _cache:
        _cache[key] = load_policy(key)
    return _cache[key]

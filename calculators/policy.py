"""The one loader of the policy data files, used by the calculators, the CLI and the browser.

Each data file whose area has a schema is parsed with `tomllib` (floats kept exact as
Decimal) and checked against its schema. The calculators load only their own areas
(calculators.schemas, plus the areas their registry entries own): that is all the wheel
ships. The build loads every area through handbook.policy with the full schema set.
The first problem found raises PolicyError naming the file and the key path.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

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
    text = path.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        key = _key_at_line(text, int(where.group(1))) if where else ""
        raise PolicyError(name, key, f"not valid TOML: {exc}", "TOML 语法错误") from None
    return schema.check(raw, Ctx(name))


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-.\"]+)\s*=")


def _key_at_line(text: str, line: int) -> str:
    """The key path a TOML line sets (`ladder[2].payout_pct`), so a syntax error names it
    like a schema error does (a bad date is a syntax error for tomllib)."""
    prefix, arrays = "", {}
    lines = text.splitlines()
    for current in lines[: line - 1]:
        header = _HEADER.match(current)
        if header:
            name = header.group(2).replace('"', "")
            if header.group(1) == "[[":
                arrays[name] = arrays.get(name, -1) + 1
                prefix = f"{name}[{arrays[name]}]"
            else:
                prefix = name
    key = _KEY.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if key is None:
        return prefix
    name = key.group(1).replace('"', "")
    return f"{prefix}.{name}" if prefix else name


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


_cache: dict[Path, Policy] = {}


def get_policy(data_dir: Path | str | None = None) -> Policy:
    """The policy of a directory, loaded once per process (the browser worker calls this often)."""
    key = Path(data_dir) if data_dir is not None else default_data_dir()
    if key not in _cache:
        _cache[key] = load_policy(key)
    return _cache[key]

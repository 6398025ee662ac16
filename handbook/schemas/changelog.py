"""data/changelog.toml: the handbook version in force and what changed in each version.

The file's own `version` / `effective_from` are the handbook's: the version `make publish`
deploys (the version selector shows it) and the date it applies from. Each `[[changes]]`
entry records one changed policy value: when, in which version, which file (`policy`, the
data file's stem) and key path (`key`, as in `ladder[1].payout_pct`), the old and the new
value, and why.

`check_against(changelog, policy)` checks the entries against the other files (the schema
sees one file only): the macros call it at build time, so a stale entry fails the build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from calculators.schema import Array, Ctx, Date, Label, MapOf, Spec, Str, Table, document_fields

VERSION = re.compile(r"^\d{4}\.\d+$")


def version_key(version: str) -> tuple[int, ...]:
    """"2026.10" sorts after "2026.9"."""
    return tuple(int(part) for part in version.split("."))


class _Version(Str):
    def check(self, value: Any, ctx: Ctx) -> str:
        value = super().check(value, ctx)
        if not VERSION.match(value):
            raise ctx.fail(f"{value!r} is not a version like 2026.2 (year.number)",
                           "版本号格式应为 年.序号，如 2026.2")
        return value


class AnyValue(Spec):
    """A policy value of any TOML type (a number, a string, a date, a label, a list)."""

    def __init__(self, description: str, title: dict[str, str] | None = None) -> None:
        self.description = description
        self.title = title

    def check(self, value: Any, ctx: Ctx) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._with_doc({})


def _old_or_new(entry: dict[str, Any], ctx: Ctx) -> None:
    if "old" not in entry and "new" not in entry:
        raise ctx.key("new").fail("give old, new or both (old only: the key was removed; "
                                  "new only: the key was added)", "old 与 new 至少填一个")


def _not_after_current(doc: dict[str, Any], ctx: Ctx) -> None:
    current = version_key(doc["version"])
    for i, entry in enumerate(doc["changes"]):
        if version_key(entry["version"]) > current:
            raise ctx.key("changes").index(i).key("version").fail(
                f"{entry['version']} is later than the handbook version {doc['version']}",
                f"晚于手册版本 {doc['version']}")


CHANGE = Table(
    {
        "date": Date("Date the change applies from", title={"zh": "日期", "en": "Date"}),
        "version": _Version("Handbook version that made the change, e.g. 2026.2",
                            title={"zh": "版本", "en": "Version"}),
        "policy": Str("The data file that changed, by stem (bonus = data/bonus.toml)",
                      title={"zh": "制度", "en": "Policy"}),
        "key": Str("Key path inside that file, e.g. ladder[1].payout_pct",
                   title={"zh": "项目", "en": "Item"}),
        "reason": Label("Why it changed", title={"zh": "原因", "en": "Reason"}),
    },
    optional={
        "old": AnyValue("Value before the change (leave out when the key was added)",
                        title={"zh": "原值", "en": "Before"}),
        "new": AnyValue("Value after the change (leave out when the key was removed)",
                        title={"zh": "新值", "en": "After"}),
    },
    description="One changed policy value",
    checks=(_old_or_new,),
)

_FIELDS: dict[str, Spec] = {
    **document_fields(),
    "changes": Array(CHANGE, "Changed policy values, one entry each"),
}
# The handbook version must look like the entries' versions.
_FIELDS["version"] = _Version("Handbook version in force, e.g. 2026.2 (the version "
                              "`make publish` deploys)")

SCHEMA = Table(
    _FIELDS,
    optional={
        "names": MapOf(Label("Name of the policy area"),
                       "Readable names of the data files (by stem), shown with their versions"),
    },
    description="Handbook version and change log",
    checks=(_not_after_current,),
)


def check_against(changelog: Mapping[str, Any], policy: Any,
                  file: str = "data/changelog.toml") -> None:
    """Cross-file rules, raising PolicyError naming the entry:

    - `policy` names an existing data file (not the change log itself);
    - entries of the current version: the key path exists, `new` equals today's value and
      the data file carries the current version (a removal: the key no longer exists);
    - older entries: the key path still exists, unless a later entry removed it;
    - `names` only names existing data files.
    """
    from calculators.policy import _split_path  # the loader imports the schemas: import late

    ctx = Ctx(file)
    current = changelog["version"]
    changes = changelog["changes"]
    areas = set(policy) - {"changelog"}
    for stem in changelog.get("names", {}):
        if stem not in areas:
            raise ctx.key("names").key(stem).fail(
                f"no data file data/{stem}.toml", f"没有数据文件 data/{stem}.toml")
    for i, entry in enumerate(changes):
        at = ctx.key("changes").index(i)
        area = entry["policy"]
        if area not in areas:
            raise at.key("policy").fail(
                f"{area!r} is not a data file (expected one of: {', '.join(sorted(areas))})",
                "不是已有的数据文件")
        found, value = _lookup(policy[area], _split_path(entry["key"]))
        if entry["version"] == current:
            if policy[area]["version"] != current:
                raise at.key("version").fail(
                    f"data/{area}.toml changed in {current} but its version is "
                    f"{policy[area]['version']}: set it to {current}",
                    f"data/{area}.toml 的 version 应改为 {current}")
            if "new" in entry:
                if not found:
                    raise at.key("key").fail(
                        f"data/{area}.toml has no {entry['key']!r}", "数据文件中没有该项")
                if value != entry["new"]:
                    raise at.key("new").fail(
                        f"{entry['new']!r} is not the current value of {area}.{entry['key']} "
                        f"({value!r})", f"与当前值（{value}）不一致")
            elif found:
                raise at.key("new").fail(
                    f"no new value, but data/{area}.toml still has {entry['key']!r}",
                    "未填新值，但该项仍存在")
        elif not found and not _removed_later(changes, i):
            raise at.key("key").fail(
                f"data/{area}.toml has no {entry['key']!r} (and no later entry removes it)",
                "数据文件中没有该项")


def _lookup(node: Any, parts: list[str | int]) -> tuple[bool, Any]:
    for part in parts:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False, None
    return True, node


def _removed_later(changes: list[dict[str, Any]], i: int) -> bool:
    entry = changes[i]
    return any(later["policy"] == entry["policy"] and later["key"] == entry["key"]
               and "new" not in later
               and version_key(later["version"]) > version_key(entry["version"])
               for later in changes)


def changes_in(changelog: Mapping[str, Any], version: str) -> list[dict[str, Any]]:
    """The entries of one version, in file order."""
    return [entry for entry in changelog["changes"] if entry["version"] == version]

"""Handbook and policy versions: which version is in force, what changed, on which pages.

- `Recording` is the policy the macros read: it notes which data files (areas) a page's
  macros touched while the page rendered, so each page can show those files' versions
  and a "changed in this version" note without any page ↔ policy mapping to maintain.
- `changelog_page` renders data/changelog.toml as the change log page.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

from calculators.policy import Policy, _split_path
from handbook.schemas.changelog import changes_in, version_key

from . import format as fmt

# Data files that describe the handbook rather than a policy: never listed on a page.
NOT_POLICY = frozenset({"changelog", "pages"})
CHANGELOG_PAGE = "changelog.md"

T = {
    "handbook": {"zh": "手册版本 {version}，自{date}起生效",
                 "en": "Handbook version {version}, in force from {date}"},
    "handbook_short": {"zh": "{version}，自{date}起生效", "en": "{version}, in force from {date}"},
    "handbook_label": {"zh": "手册版本", "en": "Handbook version"},
    "policies_label": {"zh": "本页依据的制度", "en": "Rules on this page"},
    "area": {"zh": "{name} {version}（{date}起）", "en": "{name} {version} (from {date})"},
    "changed_title": {"zh": "本版本（{version}）的变更",
                      "en": "Changed in this version ({version})"},
    "changed_line": {"zh": "{name}：{key} {old} → {new}（{reason}）",
                     "en": "{name}: {key} {old} → {new} ({reason})"},
    "changed_more": {"zh": "全部变更见[变更记录]({link})。",
                     "en": "All changes: [what changed]({link})."},
    "none": {"zh": "（无）", "en": "(none)"},
    "current": {"zh": "当前版本", "en": "current version"},
    "no_changes": {"zh": "自首版以来，制度规定没有变更。",
                   "en": "No policy value has changed since the first edition."},
    "version_heading": {"zh": "版本 {version}", "en": "Version {version}"},
    "columns": {"zh": ("日期", "制度", "项目", "原值", "新值", "原因"),
                "en": ("Date", "Policy", "Item", "Before", "After", "Reason")},
}


class Recording(Policy):
    """The validated policy, noting which areas were read since the last `reset()`."""

    def __init__(self, policy: Policy) -> None:
        super().__init__({area: policy[area] for area in policy}, policy.data_dir)
        self.used: set[str] = set()

    def reset(self) -> None:
        self.used = set()

    def __getitem__(self, area: str) -> dict[str, Any]:
        self.used.add(area)
        return super().__getitem__(area)

    def value(self, dotted: str) -> Any:
        parts = _split_path(dotted)
        if parts:
            self.used.add(str(parts[0]))
        return super().value(dotted)

    def peek(self, area: str) -> dict[str, Any]:
        """Read an area without recording it (the version machinery itself)."""
        return super().__getitem__(area)


def version_selector_only_in_releases(conf: Any) -> None:
    """Material's version selector fetches ../versions.json, which only a mike release has:
    outside one (mkdocs serve / build) the request would 404 on every page. mike sets
    MIKE_DOCS_VERSION while it builds a release."""
    if not os.environ.get("MIKE_DOCS_VERSION") and "version" in conf["extra"]:
        conf["extra"].pop("version")


def area_name(policy: Recording, area: str, lang: str) -> str:
    """The readable name of a policy area: data/changelog.toml's [names], else the title of
    the calculator that owns the area (a new calculator needs no entry there)."""
    names = policy.peek("changelog").get("names", {})
    if area in names:
        return fmt.label(names[area], lang)
    from calculators.registry import CALCULATORS

    owner = next((c for c in CALCULATORS.values() if area in c.schemas), None)
    return fmt.label(owner.title, lang) if owner else f"data/{area}.toml"


def handbook_version(policy: Recording, lang: str) -> str:
    doc = policy.peek("changelog")
    return T["handbook"][lang].format(version=doc["version"],
                                      date=fmt.date(doc["effective_from"], lang))


def page_policies(policy: Recording, lang: str) -> dict[str, Any]:
    """What overrides/main.html shows on a page: the handbook version and the versions of
    the data files the page's macros read."""
    doc = policy.peek("changelog")
    areas = []
    for area in sorted(policy.used - NOT_POLICY):
        if area not in policy:
            continue
        data = policy.peek(area)
        areas.append({
            "area": area,
            "text": T["area"][lang].format(name=area_name(policy, area, lang),
                                           version=data["version"],
                                           date=fmt.date(data["effective_from"], lang)),
            "changed": "true" if data["version"] == doc["version"] and any(
                c["policy"] == area for c in changes_in(doc, doc["version"])) else "",
        })
    return {
        "handbook_label": T["handbook_label"][lang],
        "handbook": T["handbook_short"][lang].format(
            version=doc["version"], date=fmt.date(doc["effective_from"], lang)),
        "version": doc["version"],
        "policies_label": T["policies_label"][lang],
        "areas": areas,
    }


def _value(entry: dict[str, Any], which: str, lang: str) -> str:
    if which not in entry:
        return T["none"][lang]
    key = next((str(p) for p in reversed(_split_path(entry["key"])) if isinstance(p, str)), "")
    try:
        return fmt.value(key, entry[which], lang)
    except (TypeError, ValueError, KeyError):
        return str(entry[which])


def changed_note(policy: Recording, src_uri: str, lang: str) -> str:
    """A Markdown admonition listing this version's changes to the areas the page used
    ('' when none changed)."""
    doc = policy.peek("changelog")
    used = policy.used - NOT_POLICY
    entries = [c for c in changes_in(doc, doc["version"]) if c["policy"] in used]
    if not entries:
        return ""
    link = posixpath.relpath(CHANGELOG_PAGE, posixpath.dirname(src_uri) or ".")
    lines = [f'!!! info "{T["changed_title"][lang].format(version=doc["version"])}"', ""]
    for c in entries:
        lines.append("    - " + T["changed_line"][lang].format(
            name=area_name(policy, c["policy"], lang), key=f"`{c['key']}`",
            old=_value(c, "old", lang), new=_value(c, "new", lang),
            reason=fmt.label(c["reason"], lang)))
    lines += ["", "    " + T["changed_more"][lang].format(link=link)]
    return "\n".join(lines) + "\n"


def insert_after_title(markdown: str, block: str) -> str:
    """Put block right after the page's first `# ` heading (or at the top)."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join([*lines[: i + 1], "", block, *lines[i + 1:]])
    return block + "\n" + markdown


def changelog_page(policy: Recording, lang: str) -> str:
    """The change log: the version in force, then each version's changes, newest first."""
    doc = policy.peek("changelog")
    out = [f"**{handbook_version(policy, lang)}**", ""]
    versions = sorted({c["version"] for c in doc["changes"]}, key=version_key, reverse=True)
    if not versions:
        return "\n".join([*out, T["no_changes"][lang]]) + "\n"
    head = T["columns"][lang]
    for version in versions:
        title = T["version_heading"][lang].format(version=version)
        if version == doc["version"]:
            title += f" · {T['current'][lang]}"
        out += [f"## {title}", "", "| " + " | ".join(head) + " |",
                "|" + "---|" * len(head)]
        for c in sorted(changes_in(doc, version), key=lambda c: c["date"]):
            cells = (fmt.date(c["date"], lang), area_name(policy, c["policy"], lang),
                     f"`{c['key']}`", _value(c, "old", lang), _value(c, "new", lang),
                     fmt.label(c["reason"], lang))
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        out.append("")
    return "\n".join(out)

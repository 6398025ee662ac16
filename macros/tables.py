"""Policy tables as row data (rendered by format.Table): no arithmetic, only look-ups."""

from __future__ import annotations

from typing import Any

from calculators.policy import Policy, _split_path
from calculators.schema import Array, MapOf, Num, Spec, Table, spec_at
from handbook.schemas import SCHEMAS

from . import format as fmt

SOURCE = {
    "seed": {"zh": "原始制度", "en": "The source rules"},
    "company": {"zh": "公司规定", "en": "Company rule"},
}

# Column titles for keys whose schema carries no title (files owned elsewhere).
FALLBACK_TITLES: dict[str, dict[str, str]] = {
    "name": {"zh": "名称", "en": "Name"},
    "completion_pct": {"zh": "KPI 完成率 ≥", "en": "KPI completion ≥"},
    "payout_pct": {"zh": "奖金发放比例", "en": "Bonus paid"},
    "source": {"zh": "依据", "en": "Basis"},
    "note": {"zh": "说明", "en": "Note"},
    "value": {"zh": "目标值", "en": "Target"},
    "metric": {"zh": "指标", "en": "Metric"},
}


def bonus_ladder(rules: dict[str, Any], lang: str) -> fmt.Table:
    columns = [
        fmt.Column("tier", {"zh": "档位", "en": "Tier"}, "center"),
        fmt.Column("completion", {"zh": "KPI 完成率 ≥", "en": "KPI completion ≥"}, "right"),
        fmt.Column("payout", {"zh": "奖金发放比例", "en": "Bonus paid"}, "right"),
        fmt.Column("source", {"zh": "依据", "en": "Basis"}),
    ]
    rows = [{
        "tier": "—",
        "completion": fmt.label({"zh": f"< {fmt.percent(rules['threshold_pct'], 'zh')}",
                                 "en": f"< {fmt.percent(rules['threshold_pct'], 'en')}"}, lang),
        "payout": fmt.percent(0, lang),
        "source": fmt.label(SOURCE["company"], lang),
    }]
    for i, tier in enumerate(rules["ladder"], start=1):
        rows.append({
            "tier": str(i),
            "completion": fmt.percent(tier["completion_pct"], lang),
            "payout": fmt.percent(tier["payout_pct"], lang),
            "source": fmt.label(SOURCE[tier["source"]], lang),
        })
    return fmt.Table(columns, rows)


def collection(policy: Policy, path: str) -> tuple[list[dict[str, Any]], Table]:
    """The rows at `path` (an array of tables or a table of tables) and their row spec."""
    node = policy.value(path)
    parts = _split_path(path)
    schema = SCHEMAS.get(str(parts[0]))
    spec = spec_at(schema, parts[1:]) if schema else None
    if isinstance(spec, Array) and isinstance(spec.item, Table):
        return list(node), spec.item
    if isinstance(spec, MapOf) and isinstance(spec.value, Table):
        return list(node.values()), spec.value
    raise ValueError(f"policy table {path!r}: not an array of tables or a table of tables")


def _title(key: str, spec: Spec | None, path: str) -> dict[str, str]:
    if spec is not None and spec.title:
        return spec.title
    if key in FALLBACK_TITLES:
        return FALLBACK_TITLES[key]
    raise ValueError(f"policy table {path!r}: column {key!r} has no title in the schema")


def _names(policy: Policy, area: str, key: str) -> dict[str, Any] | None:
    """Ids that name an entry of a sibling table (area -> areas) are shown by its name."""
    sibling = policy[area].get(f"{key}s")
    return sibling if isinstance(sibling, dict) else None


def cell(policy: Policy, area: str, key: str, row: dict[str, Any], lang: str) -> str:
    if key == "value" and "op" in row:
        return fmt.criterion(row, lang)
    if key not in row:
        return "—"
    v = row[key]
    names = _names(policy, area, key) if isinstance(v, str) else None
    if names and v in names:
        return fmt.value(key, names[v], lang)
    return fmt.value(key, v, lang)


def policy_table(policy: Policy, path: str, lang: str,
                 columns: list[str] | None = None) -> fmt.Table:
    rows, spec = collection(policy, path)
    fields = {**spec.fields, **spec.optional}
    keys = columns or [k for k, s in fields.items() if s.title]
    if not keys:
        keys = [k for k in fields if k in FALLBACK_TITLES]
    unknown = [k for k in keys if k not in fields]
    if unknown:
        raise ValueError(f"policy table {path!r}: no column {unknown[0]!r} "
                         f"(columns: {', '.join(fields)})")
    area = str(_split_path(path)[0])
    cols = [fmt.Column(k, _title(k, fields.get(k), path),
                       "right" if isinstance(fields.get(k), Num) else "left") for k in keys]
    body = [{k: cell(policy, area, k, row, lang) for k in keys} for row in rows]
    return fmt.Table(cols, body)


def _template_cell(policy: Policy, kind: str, v: Any, lang: str) -> str:
    if kind == "text":
        return fmt.label(v, lang)
    if kind == "number":
        return fmt.number(v)
    if kind == "quantity":
        return fmt.with_unit(v["value"], v["unit"], lang)
    if kind == "pct":
        return fmt.signed_percent(v, lang)
    if kind == "split":
        return " / ".join(fmt.number(x) for x in v)
    if kind == "criteria":
        return ("；" if lang == "zh" else "; ").join(
            fmt.criterion(c, lang, with_metric=True) for c in v)
    if kind == "day":
        return fmt.date(v, lang, year=False)
    if kind == "status":
        names = {s["id"]: s["name"] for s in policy["tasks"]["statuses"]}
        return fmt.label(names[v], lang)
    if kind == "plan_actual":
        return (f"{fmt.label(v['metric'], lang)} {fmt.with_unit(v['plan'], v['unit'], lang)}"
                f" / {fmt.with_unit(v['actual'], v['unit'], lang)}")
    return str(v)  # priority


def template(policy: Policy, number: int) -> dict[str, Any]:
    for t in policy["templates"]["templates"]:
        if t["number"] == number:
            return t
    known = ", ".join(str(t["number"]) for t in policy["templates"]["templates"])
    raise ValueError(f"template_table({number}): no such template (known: {known})")


def template_table(policy: Policy, number: int, lang: str) -> fmt.Table:
    t = template(policy, number)
    cols = [fmt.Column(c["key"], c["title"],
                       "right" if c["kind"] in ("number", "quantity", "pct") else "left")
            for c in t["columns"]]
    kinds = {c["key"]: c["kind"] for c in t["columns"]}
    rows = [{k: _template_cell(policy, kinds[k], row[k], lang) for k in kinds}
            for row in t["rows"]]
    return fmt.Table(cols, rows)

"""Policy tables as row data (rendered by format.Table)."""

from __future__ import annotations

from typing import Any

from . import format as fmt

SOURCE = {
    "seed": {"zh": "制度原文", "en": "Source documents"},
    "company": {"zh": "公司选择（可调整）", "en": "Company choice (adjustable)"},
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

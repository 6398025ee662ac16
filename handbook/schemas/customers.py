"""data/customers.toml: customer classes, complaints, opportunities and reporting."""

from __future__ import annotations

from calculators.schema import Label, Table, document_fields

from ._common import items, label_list, source, text

SCHEMA = Table(
    {
        **document_fields(),
        "collected_by": label_list("Who collects customer data"),
        "visits": Label("Customer visits"),
        "complaint_steps": label_list("How a complaint is handled, in order"),
        "opportunities": Label("How sales opportunities are handled"),
        "results_reported": label_list("Sales results reported and analysed"),
        "campaign_review": Label("How campaigns are evaluated"),
        "market_research": Label("Market research"),
        "classes": items("Customer classes", {
            "approach": text("How the class is served", "服务方式", "Approach"),
            "source": source(),
        }, min_items=3),
    },
    description="Customers, sales and promotion",
)

"""data/naming.toml: how shared documents are named."""

from __future__ import annotations

from calculators.schema import Date, Label, Str, Table, document_fields

from ._common import items

SCHEMA = Table(
    {
        **document_fields(),
        "separator": Str("Between the parts of a name", choices=("_", "-")),
        "date_format": Str("strftime format of the date part", choices=("%Y%m%d", "%Y-%m-%d")),
        "parts": items("Parts of a document name, in order", min_items=2),
        "example": Table({
            "project": Label("Example project name"),
            "doctype": Label("Example document type"),
            "date": Date("Example date"),
        }),
    },
    description="Document naming",
)

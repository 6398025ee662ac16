"""Write the policy schemas as JSON Schema files, for editors (taplo / Even Better TOML).

    python -m calculators.schema_export build/schemas

writes one `<stem>.schema.json` per data file; each data file's first line
(`#:schema ../build/schemas/<stem>.schema.json`) points an editor at it. The built
site publishes the same files under /schemas/. Generated, never committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from handbook.schemas import SCHEMAS

DIALECT = "http://json-schema.org/draft-07/schema#"


def document(stem: str) -> dict[str, Any]:
    """The JSON Schema of data/<stem>.toml."""
    schema = SCHEMAS[stem].json_schema()
    return {"$schema": DIALECT, "$id": f"{stem}.schema.json",
            "title": f"data/{stem}.toml", **schema}


def export(outdir: Path | str) -> list[Path]:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in SCHEMAS:
        path = out / f"{stem}.schema.json"
        text = json.dumps(document(stem), ensure_ascii=False, indent=2, sort_keys=False)
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m calculators.schema_export OUTDIR", file=sys.stderr)
        return 2
    for path in export(args[0]):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

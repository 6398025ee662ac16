"""Everything the browser asks of the calculators, run once inside Pyodide.

Run by hooks/stdlib_needs.mjs (never imported by the site or the calculators): first with
Pyodide's whole standard library, to record which of its modules the calculators use
(hooks/engine.py ships only those), then with the trimmed archive, to prove that nothing
is missing (tests/pyodide/test_stdlib_archive.py). So it walks every path a reader can
take in the browser, including the lazy ones: every calculator with its sample inputs and
with none, both languages; batch from pasted text, from CSV files in every encoding
calculators.tables accepts, from an XLSX workbook, results to XLSX, templates; every
message catalog; and the refusals (a broken file, bad base64, a corrupt workbook), whose
error paths import modules of their own.

It ends by setting STDLIB_USED: the archive paths ("json/__init__.py", ...) of every
standard library module loaded, and ANSWERS, the number of requests that succeeded.
"""

from __future__ import annotations

import base64
import csv
import importlib
import io
import json
import sys

from calculators import i18n, policy, web
from calculators.registry import CALCULATORS

# Every module a browser runs, as the snapshot imports them (hooks/make_snapshot.mjs).
for _name in web.browser_modules():
    importlib.import_module(_name)
policy.get_policy()
for _lang in i18n.LANGUAGES:
    i18n.catalog(_lang)

ANSWERS = 0
_failures: list[str] = []


def _ask(request: dict[str, object], must_succeed: bool = True) -> dict[str, object]:
    global ANSWERS
    reply = json.loads(web.handle(json.dumps(request)))
    if reply.get("ok"):
        ANSWERS += 1
    elif must_succeed or "Internal error" in json.dumps(reply.get("errors")):
        # A refusal is fine where expected; an internal error (a module missing from the
        # archive is an ImportError, which web.handle reports as one) never is.
        _failures.append(f"{json.dumps(request, ensure_ascii=False)[:200]}: {reply.get('errors')}")
    return reply


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


for _name, _entry in CALCULATORS.items():
    for _lang in ("zh", "en"):
        for _inputs in _entry.samples:
            _ask({"calculator": _name, "inputs": dict(_inputs), "lang": _lang})
        _ask({"calculator": _name, "inputs": {}, "lang": _lang}, must_succeed=False)
        _template = _ask({"calculator": "batch", "lang": _lang, "inputs": {
            "calculator": _name, "template": True, "format": "xlsx", "lang": _lang}})
        # The template workbook read back as a reader's upload: the XLSX reader's path.
        if isinstance(_template.get("result"), dict) and "xlsx" in _template["result"]:
            _ask({"calculator": "batch", "inputs": {
                "calculator": _name, "file": _template["result"]["xlsx"], "name": "t.xlsx"}},
                must_succeed=False)
    # A CSV of the samples under the template's header, pasted and as files.
    _header = next(csv.reader(io.StringIO(
        _ask({"calculator": "batch", "inputs": {"calculator": _name, "template": True}})
        ["result"]["csv"])))  # type: ignore[index]
    _out = io.StringIO()
    _writer = csv.writer(_out)
    _writer.writerow(_header)
    for _inputs in _entry.samples:
        _writer.writerow([_inputs.get(column, "") for column in _header])
    _text = _out.getvalue()
    _ask({"calculator": "batch", "inputs": {"calculator": _name, "csv": _text}})
    for _encoding in ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le",
                      "utf-16-be"):
        _data = _text.encode(_encoding)
        if _encoding == "utf-16-le":
            _data = b"\xff\xfe" + _data
        elif _encoding == "utf-16-be":
            _data = b"\xfe\xff" + _data
        _ask({"calculator": "batch", "inputs": {
            "calculator": _name, "file": _b64(_data), "name": "t.csv"}}, must_succeed=False)
    _done = _ask({"calculator": "batch", "inputs": {
        "calculator": _name, "csv": _text, "format": "xlsx"}})
    _results = _done["result"]["csv"]  # type: ignore[index]
    _ask({"calculator": "batch", "inputs": {
        "calculator": _name, "results": _results, "format": "xlsx"}})
    _ask({"calculator": "batch", "inputs": {
        "calculator": _name, "file": _done["result"]["xlsx"], "name": "r.xlsx"}},  # type: ignore[index]
        must_succeed=False)
    # Refusals: each error path may import modules of its own.
    for _bad in (b"PK\x03\x04 not really a workbook", b"\xff\xfe\x00\xd8", b"\x81\x30" * 7,
                 b"a,b\n\"unclosed\n"):
        _ask({"calculator": "batch", "inputs": {
            "calculator": _name, "file": _b64(_bad), "name": "bad.xlsx"}}, must_succeed=False)
        _ask({"calculator": "batch", "inputs": {
            "calculator": _name, "file": _b64(_bad), "name": "bad.csv"}}, must_succeed=False)
    _ask({"calculator": "batch", "inputs": {"calculator": _name, "file": "not base64!"}},
         must_succeed=False)
_ask({"calculator": "nope", "inputs": {}}, must_succeed=False)
_ask({"calculator": "bonus", "inputs": {"completion": "9" * 5000}}, must_succeed=False)
for _raw in ("[" * 100 + "]" * 100, "not json"):
    if "Internal error" in web.handle(_raw):
        _failures.append(f"{_raw[:20]}: internal error")

if _failures:
    raise RuntimeError("requests that should succeed failed: " + "; ".join(_failures[:5]))


def _archive_paths() -> list[str]:
    archives = [p for p in sys.path if p.endswith(".zip")]
    found = set()
    for module in list(sys.modules.values()):
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None) or ""
        for archive in archives:
            if origin.startswith(archive + "/"):
                found.add(origin[len(archive) + 1:])
    return sorted(found)


STDLIB_USED = _archive_paths()

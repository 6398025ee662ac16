"""The browser glue: the only module that knows it may run inside Pyodide.

The Web Worker calls `handle(request_json)` and gets JSON back; no exception
ever crosses into JavaScript, so no Python traceback can reach the page.

Requests: {"calculator": NAME, "inputs": {INPUT: "as typed", ...}}. NAME is an entry of
calculators.registry; input names are its fields (the CLI options with _ for -); the
result's keys are the JSON fields of the CLI, which the calculator pages'
<output name="..."> elements use.
"batch" takes {"calculator": NAME, "csv": "..."} (pasted text) or {"calculator": NAME,
"file": BASE64, "name": "x.xlsx"} (a file's bytes: the encoding, separator or workbook is
found in Python, calculators.tables, as in the CLI) and returns {"csv": "...", "rows": N,
"errors": K, "skipped": [{"line", "reason"}], "source", "encoding", "separator"}; with
"format": "xlsx" also "xlsx" (the results workbook, base64). {"results": CSV, "format":
"xlsx"} turns a results CSV into a workbook without computing again. With "template":
true it returns the calculator's empty template (CSV; with "format": "xlsx" a workbook).

Replies: {"ok": true, "result": {...}, "html": "...", "text": "..."}: `result` is the JSON
of the CLI (the pages fill their <output name="..."> elements from it), `html` is the
result rendered by calculators.render in the request's "lang" (any of i18n.LANGUAGES,
normalised by i18n.language: "zh-Hant", "zh-TW", "en-GB"; the default language when
missing; the page inserts it as is), `text` the same result as plain text (the page's
"copy" button). Errors: {"ok": false, "errors": [{"field", "id", "zh", "en", "zh-Hant"}]}
(every language: the page shows its own).

The policy: the engine's memory snapshot has the code but no policy (so that published
versions share it); the worker installs this version's policy first, with
`install_policy(bundle)`, the JSON text `policy_bundle()` made at build time.

Limits checked before parsing, each with its own message: a request of at most
MAX_REQUEST characters (a batch CSV of tens of thousands of rows fits), nested at most
MAX_DEPTH levels of [ ] and { } (json.loads recurses: 20,000 levels overflow the C
stack, which inside Pyodide is a JavaScript RangeError no `except` can catch), and no
integer literal past Python's limit on int digits (4,300).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

from . import batch, i18n, policy, render, tables
from .errors import CalculatorError, PolicyError
from .i18n import LANGUAGES, Msg, language
from .registry import CALCULATORS


def policy_bundle(areas: Mapping[str, Any] | None = None,
                  hant: Mapping[str, str] | None = None) -> str:
    """A policy for the browser (build side): the calculators' areas, validated, and the
    zh-Hant forms of their texts, as one JSON text (default: this package's)."""
    areas = policy.get_policy() if areas is None else areas
    hant = i18n.hant_data() if hant is None else hant
    return policy.encode({"areas": {name: areas[name] for name in areas},
                          "hant": dict(hant)})


# What a browser never runs: the command line (with argparse and gettext). The memory
# snapshot leaves it out (every byte of it crosses a reader's phone link).
NOT_IN_BROWSER = frozenset({"calculators.__main__"})


def browser_modules() -> list[str]:
    """The package's modules a browser's engine runs, all but NOT_IN_BROWSER: what the
    memory snapshot imports up front (hooks/make_snapshot.mjs: nothing is imported after
    a restore) and what the build runs to find the standard library they need
    (hooks/exercise_engine.py)."""
    import pkgutil  # (build side: the snapshot's maker and the build's probe call this)

    import calculators

    return [info.name for info in pkgutil.walk_packages(calculators.__path__, "calculators.")
            if info.name not in NOT_IN_BROWSER]


def install_policy(bundle: str) -> None:
    """Compute with the policy of `bundle` (policy_bundle's text) from now on."""
    data = policy.decode(bundle)
    policy.install(policy.Policy(data["areas"], policy.default_data_dir()))
    i18n.install_hant_data(data["hant"])


def _batch(inputs: dict[str, Any]) -> dict[str, Any]:
    kind = str(inputs.get("calculator") or "")
    xlsx_wanted = inputs.get("format") == "xlsx"
    if inputs.get("template") and kind in CALCULATORS:
        reply = {"csv": render.template_csv(kind), "rows": 0, "errors": 0}
        if xlsx_wanted:
            reply["xlsx"] = _b64(batch.template_xlsx(kind, _lang(inputs)))
        return reply
    if isinstance(inputs.get("results"), str) and xlsx_wanted:  # a results CSV -> .xlsx
        batch._entry(kind)
        table = tables.read_text(inputs["results"])
        out = batch.Output(table.header, [[r.get(h, "") for h in table.header]
                                          for r in table.rows], 0)
        return {"csv": "", "rows": out.count, "errors": 0, "xlsx": _b64(out.xlsx(kind))}
    if isinstance(inputs.get("file"), str):  # the file's bytes, base64: decoded in Python
        try:
            data = base64.b64decode(inputs["file"], validate=True)
        except ValueError:
            raise CalculatorError("csv", Msg("web.file_incomplete")) from None
        out = batch.run_bytes(kind, data, str(inputs.get("name") or ""), lang=_lang(inputs))
    else:
        out = batch.run_text(kind, str(inputs.get("csv") or ""), lang=_lang(inputs))
    reply = {"csv": out.csv(), "rows": out.count, "errors": out.errors,
             "skipped": out.skipped, "source": out.source, "encoding": out.encoding,
             "separator": out.separator}
    if xlsx_wanted:
        reply["xlsx"] = _b64(out.xlsx(kind))
    return reply


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _lang(inputs: dict[str, Any]) -> str:
    return language(inputs.get("lang"))


def _error(field: str, msg: Msg) -> dict[str, Any]:
    return {"ok": False, "errors": [CalculatorError(field, msg).as_dict()]}


MAX_REQUEST = 16_000_000  # characters: a 50,000-row file, base64, fits
MAX_DEPTH = 64
# A JSON string (unrolled: fast on megabytes); the bytes that are not brackets.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.__getitem__


def _depth(text: str) -> int:
    """The deepest nesting of [ ] and { } outside JSON strings: the running sum of the
    brackets, in C (bytes.translate, accumulate, max), linear in the request's size.
    (UTF-8 never puts an ASCII byte inside a multi-byte character.)"""
    outside = _STRING.sub("", text).encode("utf-8", "surrogatepass")
    return max(accumulate(map(_STEP, outside.translate(None, _NOT_BRACKET))), default=0)


def _parse(request_json: Any) -> Any:
    """The request, or an error reply (a dict with "ok": False) saying what is wrong."""
    if isinstance(request_json, (bytes, bytearray)):
        try:
            request_json = bytes(request_json).decode("utf-8")
        except UnicodeDecodeError:
            return _error("", Msg("web.not_utf8"))
    if not isinstance(request_json, str):
        return _error("", Msg("web.not_json"))
    if len(request_json) > MAX_REQUEST:
        return _error("", Msg("web.too_large", size=f"{len(request_json):,}",
                              limit=f"{MAX_REQUEST:,}"))
    if _depth(request_json) > MAX_DEPTH:
        return _error("", Msg("web.too_deep", limit=MAX_DEPTH))
    try:
        return {"request": json.loads(request_json)}
    except json.JSONDecodeError:
        return _error("", Msg("web.not_json"))
    except ValueError:  # int("9" * 5000): past sys.get_int_max_str_digits()
        return _error("", Msg("web.number_too_long"))
    except RecursionError:  # pragma: no cover - ruled out by _depth
        return _error("", Msg("web.too_deep", limit=MAX_DEPTH))


def answer(name: str, inputs: Mapping[str, Any], lang: str,
           policy_: policy.Policy | None = None) -> dict[str, Any]:
    """The reply to one calculator request: its result, HTML and text in `lang`. The build
    calls it too (macros/forms.py, with the build's policy) for the reply each form shows
    before the engine is ready, so that reply is this function's, as the engine's is.
    Raises CalculatorError for a bad input (handle() turns it into an error reply)."""
    result = CALCULATORS[name].run(dict(inputs), policy_).as_json()
    return {"ok": True, "result": result, "html": render.render(name, result, lang, policy_),
            "text": render.as_text(name, result, lang, policy_)}


def _reply(request_json: Any) -> dict[str, Any]:
    parsed = _parse(request_json)
    if "request" not in parsed:
        return parsed
    request = parsed["request"]
    if not isinstance(request, dict):
        return _error("", Msg("web.not_object"))
    name = request.get("calculator")
    known = isinstance(name, str) and (name == "batch" or name in CALCULATORS)
    if not known:
        return _error("calculator", Msg("web.unknown_calculator", name=str(name)[:40]))
    inputs = request.get("inputs") or {}
    if not isinstance(inputs, dict):
        return _error("", Msg("web.inputs_not_object"))
    lang = language(request.get("lang"))
    try:
        if name == "batch":
            result = _batch(inputs)
            return {"ok": True, "result": result, "text": "",
                    "html": render.render_batch(str(inputs.get("calculator")), result, lang)}
        return answer(name, inputs, lang)
    except CalculatorError as exc:
        return {"ok": False, "errors": [exc.as_dict()]}
    except PolicyError as exc:  # for the policy owner, who reads the data's zh / en text
        return {"ok": False, "errors": [{"field": "", **dict.fromkeys(LANGUAGES, str(exc))}]}


def handle(request_json: str) -> str:
    """{"calculator": "bonus", "inputs": {...}} -> {"ok": true, "result": {...}} or errors."""
    try:
        reply = json.dumps(_reply(request_json), ensure_ascii=False)
        try:
            reply.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate echoed from the request: escape it
            reply = json.dumps(json.loads(reply), ensure_ascii=True)
        return reply
    except Exception as exc:  # a bug: report it plainly, never as a traceback on the page
        return json.dumps(_error("", Msg("web.internal", name=type(exc).__name__)),
                          ensure_ascii=False)

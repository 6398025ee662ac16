"""The browser glue: the only module that knows it may run inside Pyodide.

The Web Worker calls `handle(request_json)` and gets JSON back; no exception
ever crosses into JavaScript, so no Python traceback can reach the page.

Requests: {"calculator": NAME, "inputs": {INPUT: "as typed", ...}}. NAME is an entry of
calculators.registry; input names are its fields (the CLI options with _ for -); the
result's keys are the JSON fields of the CLI, which the calculator pages'
<output name="..."> elements use.
"batch" takes {"calculator": NAME, "csv": "..."} and returns
{"csv": "...", "rows": N, "errors": K}; with "template": true instead of a CSV it returns
the calculator's empty CSV template (its input columns).

Replies: {"ok": true, "result": {...}, "html": "...", "text": "..."}: `result` is the JSON
of the CLI (the pages fill their <output name="..."> elements from it), `html` is the
result rendered by calculators.render in the request's "lang" (zh by default; the page
inserts it as is), `text` the same result as plain text (the page's "copy" button).
Errors: {"ok": false, "errors": [{"field", "zh", "en"}]}.
"""

from __future__ import annotations

import json
from typing import Any

from . import batch, render
from .errors import CalculatorError, PolicyError
from .registry import CALCULATORS


def _batch(inputs: dict[str, Any]) -> dict[str, Any]:
    kind = str(inputs.get("calculator") or "")
    if inputs.get("template") and kind in CALCULATORS:
        return {"csv": render.template_csv(kind), "rows": 0, "errors": 0}
    text, rows, errors = batch.run_csv(kind, str(inputs.get("csv") or ""))
    return {"csv": text, "rows": rows, "errors": errors}


def _error(field: str, en: str, zh: str) -> dict[str, Any]:
    return {"ok": False, "errors": [{"field": field, "en": en, "zh": zh}]}


def _reply(request_json: Any) -> dict[str, Any]:
    try:
        request = json.loads(request_json)
    except (TypeError, ValueError):
        return _error("", "The request is not valid JSON.", "请求不是有效的 JSON。")
    if not isinstance(request, dict):
        return _error("", "The request must be a JSON object.", "请求必须是 JSON 对象。")
    name = request.get("calculator")
    known = isinstance(name, str) and (name == "batch" or name in CALCULATORS)
    if not known:
        return _error("calculator", f"Unknown calculator {str(name)[:40]!r}.",
                      f"没有名为“{str(name)[:40]}”的计算器。")
    inputs = request.get("inputs") or {}
    if not isinstance(inputs, dict):
        return _error("", "inputs must be an object of field names.", "inputs 必须是字段对象。")
    lang = "en" if request.get("lang") == "en" else "zh"
    try:
        if name == "batch":
            result = _batch(inputs)
            return {"ok": True, "result": result, "text": "",
                    "html": render.render_batch(str(inputs.get("calculator")), result, lang)}
        result = CALCULATORS[name].run(inputs).as_json()
        return {"ok": True, "result": result, "html": render.render(name, result, lang),
                "text": render.as_text(name, result, lang)}
    except CalculatorError as exc:
        return {"ok": False, "errors": [exc.as_dict()]}
    except PolicyError as exc:
        return _error("", str(exc), str(exc))


def handle(request_json: str) -> str:
    """{"calculator": "bonus", "inputs": {...}} -> {"ok": true, "result": {...}} or errors."""
    try:
        reply = _reply(request_json)
        return json.dumps(reply, ensure_ascii=False)
    except Exception as exc:  # a bug: report it plainly, never as a traceback on the page
        return json.dumps(_error(
            "", f"Internal error in the calculator ({type(exc).__name__}).",
            f"计算器内部错误（{type(exc).__name__}）。"), ensure_ascii=False)

"""The browser glue: the only module that knows it may run inside Pyodide.

The Web Worker calls `handle(request_json)` and gets JSON back; no exception
ever crosses into JavaScript, so no Python traceback can reach the page.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from . import bonus
from .errors import CalculatorError, PolicyError

IN_BROWSER = sys.platform == "emscripten"

Runner = Callable[[dict[str, Any]], dict[str, Any]]


def _bonus(inputs: dict[str, Any]) -> dict[str, Any]:
    return bonus.compute(inputs.get("completion"), inputs.get("target_bonus")).as_json()


CALCULATORS: dict[str, Runner] = {"bonus": _bonus}


def handle(request_json: str) -> str:
    """{"calculator": "bonus", "inputs": {...}} -> {"ok": true, "result": {...}} or errors."""
    try:
        request = json.loads(request_json)
        runner = CALCULATORS[request["calculator"]]
        reply: dict[str, Any] = {"ok": True, "result": runner(request.get("inputs") or {})}
    except CalculatorError as exc:
        reply = {"ok": False, "errors": [exc.as_dict()]}
    except PolicyError as exc:
        reply = {"ok": False, "errors": [{"field": "", "en": str(exc), "zh": str(exc)}]}
    except Exception as exc:  # a bug: report it plainly, never as a traceback on the page
        reply = {"ok": False, "errors": [{
            "field": "",
            "en": f"Internal error in the calculator ({type(exc).__name__}).",
            "zh": f"计算器内部错误（{type(exc).__name__}）。",
        }]}
    return json.dumps(reply, ensure_ascii=False)

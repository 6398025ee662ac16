"""web.handle: the browser's entry point never raises and answers JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import anything

from calculators import web
from calculators.registry import CALCULATORS


def ask(calculator: object, inputs: object) -> dict:
    return json.loads(web.handle(json.dumps({"calculator": calculator, "inputs": inputs})))


def test_registered_calculators_and_inputs() -> None:
    assert {"bonus", "split", "deviation"} <= set(CALCULATORS)
    assert {"completion", "target_bonus"} <= set(CALCULATORS["bonus"].inputs)
    assert {"total", "weights", "parts", "buffer"} <= set(CALCULATORS["split"].inputs)
    assert {"plan", "actual", "direction"} <= set(CALCULATORS["deviation"].inputs)


@pytest.mark.parametrize(("calculator", "inputs", "key", "expected"), [
    ("bonus", {"completion": "120%", "target_bonus": "10000"}, "payout_pct", "150.00"),
    ("bonus", {"completion": "１１０％", "target_bonus": "1.5万"}, "payout", "15000.00"),
    ("bonus", {"completion": "79.99", "target_bonus": "8,000"}, "payout", "0.00"),
    ("bonus", {"completion": "100%", "target_bonus": "10000", "special_bonus": ""}, "total",
     "10000.00"),
    ("deviation", {"plan": "500", "actual": "380", "direction": "higher"}, "deviation_pct",
     "-24.00"),
    ("deviation", {"plan": "200", "actual": "150", "direction": "", "metric": ""}, "status",
     "warning"),
    ("split", {"total": "5000", "weights": "16,17,17", "buffer": ""}, "total", "5000.00"),
    ("split", {"total": "5000", "weights": "", "parts": "4", "buffer": "10%"}, "total",
     "5500.00"),
])
def test_answers(calculator: str, inputs: dict, key: str, expected: str) -> None:
    reply = ask(calculator, inputs)
    assert reply["ok"] is True
    assert expected == reply["result"][key]


@pytest.mark.parametrize(("calculator", "inputs", "field"), [
    ("bonus", {"completion": "abc", "target_bonus": "8000"}, "completion"),
    ("deviation", {"plan": "1", "actual": "1", "direction": "up-ish"}, "direction"),
    ("split", {"total": "1", "parts": "x"}, "parts"),
    ("nope", {}, "calculator"),
    (None, {}, "calculator"),
    ("batch", {"calculator": "nope", "csv": "a\n1"}, "calculator"),
])
def test_errors(calculator: object, inputs: dict, field: str) -> None:
    reply = ask(calculator, inputs)
    assert reply["ok"] is False
    assert field == reply["errors"][0]["field"]
    assert reply["errors"][0]["zh"] and reply["errors"][0]["en"]


def test_batch_in_the_browser() -> None:
    reply = ask("batch", {"calculator": "deviation", "csv": "计划值,实际值\n500,380\n200,x\n"})
    assert reply["ok"] is True
    assert (2, 1) == (reply["result"]["rows"], reply["result"]["errors"])
    assert "-24.00" in reply["result"]["csv"]


@pytest.mark.parametrize("raw", ["", "not json", "[]", "null", "42", '{"inputs": 5}',
                                 '{"calculator": "bonus", "inputs": []}'])
def test_malformed_requests(raw: str) -> None:
    reply = json.loads(web.handle(raw))
    assert reply["ok"] is False


@given(name=st.sampled_from(["bonus", "split", "deviation", "batch", "x"]),
       inputs=st.dictionaries(st.sampled_from([*(i for c in CALCULATORS.values() for i in c.inputs),
                                               "calculator", "csv"]), anything, max_size=8))
def test_handle_never_raises(name: str, inputs: dict) -> None:
    reply = json.loads(web.handle(json.dumps({"calculator": name, "inputs": inputs},
                                             default=str)))
    assert isinstance(reply["ok"], bool)
    if not reply["ok"]:
        assert "Internal error" not in reply["errors"][0]["en"]

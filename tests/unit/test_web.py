"""web.handle: the browser's entry point never raises and answers JSON.

web.handle computes with the default policy (the shipped data/): the figures it gives on
that data are pinned in test_facts.py; here, only what does not depend on them.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import anything

from calculators import render, web
from calculators.registry import CALCULATORS


def ask(calculator: object, inputs: object) -> dict:
    return json.loads(web.handle(json.dumps({"calculator": calculator, "inputs": inputs})))


def test_registered_calculators_and_inputs() -> None:
    assert {"bonus", "split", "deviation"} <= set(CALCULATORS)
    assert {"completion", "target_bonus"} <= set(CALCULATORS["bonus"].inputs)
    assert {"total", "weights", "parts", "buffer"} <= set(CALCULATORS["split"].inputs)
    assert {"plan", "actual", "direction"} <= set(CALCULATORS["deviation"].inputs)


@pytest.mark.parametrize(("calculator", "inputs"), [
    ("bonus", {"completion": "120%", "target_bonus": "10000"}),
    ("bonus", {"completion": "１１０％", "target_bonus": "1.5万", "special_bonus": ""}),
    ("deviation", {"plan": "500", "actual": "380", "direction": "", "metric": ""}),
    ("split", {"total": "5000", "weights": "16,17,17", "buffer": ""}),
])
def test_answers_are_the_library_results_rendered(calculator: str, inputs: dict) -> None:
    for lang in ("zh", "en"):
        reply = json.loads(web.handle(json.dumps(
            {"calculator": calculator, "inputs": inputs, "lang": lang})))
        assert reply["ok"] is True
        expected = CALCULATORS[calculator].run(inputs).as_json()  # the library, directly
        assert expected == reply["result"]
        assert render.render(calculator, expected, lang) == reply["html"]
        assert render.as_text(calculator, expected, lang) == reply["text"]


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
    out = list(csv.DictReader(io.StringIO(reply["result"]["csv"].lstrip("\ufeff"))))
    assert ["500", "200"] == [r["计划值"] for r in out]
    assert (bool(out[0]["deviation_pct"]), "") == (True, out[0]["error_field"])
    assert ("", "actual") == (out[1]["deviation_pct"], out[1]["error_field"])


@pytest.mark.parametrize(("raw", "field"), [
    ("", ""), ("not json", ""), ("[]", ""), ("null", ""), ("42", ""),
    ('{"inputs": 5}', "calculator"), ('{"calculator": "bonus", "inputs": 5}', ""),
    ('{"calculator": "bonus", "inputs": []}', "target_bonus"),  # empty: no inputs at all
])
def test_malformed_requests(raw: str, field: str) -> None:
    reply = json.loads(web.handle(raw))
    assert reply["ok"] is False
    [error] = reply["errors"]
    assert field == error["field"]
    assert error["zh"] and error["en"]


FIELDS = [*(i for c in CALCULATORS.values() for i in c.inputs), "calculator", "csv"]


@given(name=st.sampled_from(["bonus", "split", "deviation", "batch", "x"]),
       inputs=st.dictionaries(st.sampled_from(FIELDS), anything, max_size=8))
def test_handle_never_raises(name: str, inputs: dict) -> None:
    reply = json.loads(web.handle(json.dumps({"calculator": name, "inputs": inputs},
                                             default=str)))
    if reply["ok"] is True:
        assert {"ok", "result", "html", "text"} == set(reply)
        assert isinstance(reply["result"], dict) and reply["html"]
    else:
        assert reply["ok"] is False
        [error] = reply["errors"]
        assert "Internal error" not in error["en"]
        assert error["zh"] and error["en"]
        fields = set(FIELDS) | {"calculator", "csv", ""}
        assert error["field"] in fields


def test_the_worker_computes_with_the_policy_it_installs() -> None:
    """The browser's engine is restored with code only (no policy, so that versions share
    it): install_policy gives it its version's, here one tier paying 5 points more."""
    from decimal import Decimal

    from calculators import i18n, policy

    def payout() -> str:
        request = {"calculator": "bonus", "inputs": {"completion": "95%",
                                                     "target_bonus": "10000"}}
        return json.loads(web.handle(json.dumps(request)))["result"]["payout_pct"]

    original = web.policy_bundle()
    before = payout()
    data = policy.decode(original)
    tiers = [t for t in data["areas"]["bonus"]["ladder"] if t["payout_pct"] == Decimal(before)]
    assert len(tiers) == 1, "the 95 % tier is found by its payout"
    tiers[0]["payout_pct"] += 5
    data["hant"] = {**data["hant"], "一个制度文本": "一個制度文本"}
    try:
        web.install_policy(policy.encode(data))
        assert Decimal(payout()) == Decimal(before) + 5
        assert i18n.hant_data()["一个制度文本"] == "一個制度文本"
    finally:
        web.install_policy(original)
    assert payout() == before
    assert "一个制度文本" not in i18n.hant_data()


def test_the_browser_modules_are_every_module_but_the_command_line() -> None:
    """What the memory snapshot imports up front: each module a browser runs (nothing is
    imported after a restore), not the command line (every byte crosses a phone link)."""
    import pkgutil

    import calculators

    names = web.browser_modules()
    everything = {info.name for info in pkgutil.walk_packages(calculators.__path__,
                                                                "calculators.")}
    assert set(names) == everything - {"calculators.__main__"}
    assert {"calculators.web", "calculators.batch", "calculators.xlsx",
            "calculators.schemas.bonus"} <= set(names)
    assert len(names) == len(set(names))

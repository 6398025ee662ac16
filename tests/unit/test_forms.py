"""macros/forms.py's reply made at build time: the engine's reply to the form's defaults,
carried by the form as JSON in a hidden element's data-built-reply (shown until the
engine answers; see docs/assets/engine/form.js and tests/integration/test_first_result.py)."""

from __future__ import annotations

import html
import importlib.util
import json
import re

import pytest

from calculators import web
from calculators.errors import CalculatorError
from calculators.i18n import LANGUAGES, Msg
from calculators.policy import Policy
from calculators.registry import CALCULATORS
from macros import forms

BLOCK = re.compile(r'<div hidden data-built-reply="([^"]*)"></div>')
needs_opencc = pytest.mark.skipif(importlib.util.find_spec("opencc") is None,
                                  reason="OpenCC is a build dependency (make test installs it)")


@pytest.fixture(scope="module")
def site() -> Policy:
    """The handbook's policy (the forms' defaults read goals.* too)."""
    from handbook.policy import load

    return load()


def block(page: str) -> str:
    """The built reply's JSON text, as the browser reads the attribute."""
    found = BLOCK.findall(page)
    assert len(found) == 1, "one built reply per form"
    return html.unescape(found[0])


def engine_reply(name: str, inputs: dict[str, str], lang: str) -> dict:
    return json.loads(web.handle(json.dumps({"calculator": name, "inputs": inputs,
                                             "lang": lang})))


@pytest.mark.parametrize("name", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_built_reply_is_the_engines_reply_to_the_defaults(site: Policy, name: str,
                                                              lang: str) -> None:
    page = forms.render(site, name, lang)
    data = block(page)
    reply = json.loads(data)
    assert reply["ok"] is True
    assert reply == engine_reply(name, forms.default_inputs(site, name), lang)
    # The defaults in the reply's request are the ones the form shows.
    for key, value in forms.default_inputs(site, name).items():
        if value and "\n" not in value:
            assert f'value="{value}"' in page or f">{value}</textarea>" in page \
                or f'value="{value}" selected' in page, (key, value)
    # ASCII only: the zh-Hant edition's conversion of the page finds nothing to change;
    # no < or > (nothing that reads tags can end it early), and no <script> at all
    # (Material's instant navigation runs a page's scripts again, without their type).
    assert data.isascii()
    assert "<" not in data and ">" not in data
    assert "<script" not in page


@needs_opencc
@pytest.mark.parametrize("name", list(CALCULATORS))
def test_a_page_converted_later_gets_the_reply_to_its_converted_defaults(
        site: Policy, name: str) -> None:
    from handbook import hant

    page = forms.render(site, name, "zh", reply_lang="zh-Hant")
    inputs = {k: hant.reconvert(v) for k, v in forms.default_inputs(site, name).items()}
    assert json.loads(block(page)) == engine_reply(name, inputs, "zh-Hant")
    # The form itself is still written in zh (hooks/hant.py converts it afterwards).
    assert BLOCK.sub("", page) == BLOCK.sub("", forms.render(site, name, "zh"))


def test_no_text_in_a_reply_can_end_the_attribute(site: Policy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hostile = {"ok": True, "result": {"x": "</div><script>alert(1)</script>"},
               "html": "<!--<script></SCRIPT >\"'", "text": "a < b > c & d &quot; \u2028"}
    monkeypatch.setattr(web, "answer", lambda *args: hostile)
    page = forms.render(site, "bonus", "zh")
    raw = BLOCK.findall(page)[0]
    assert not set(raw) & set("<>\"'")
    assert json.loads(block(page)) == hostile
    assert "<script" not in page


def test_defaults_that_do_not_compute_fail_the_build(site: Policy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fails(*args: object) -> dict:
        raise CalculatorError("completion", Msg("web.not_json"))

    monkeypatch.setattr(web, "answer", fails)
    with pytest.raises(KeyError, match="defaults do not compute"):
        forms.render(site, "bonus", "zh")

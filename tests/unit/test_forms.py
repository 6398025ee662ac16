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
from calculators.i18n import LANGUAGES, Msg, t
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
    # no < or > (nothing that reads tags can end it early), and no data <script>
    # (Material's instant navigation runs a page's scripts again, without their type):
    # the one script is the guard, the same text after every form.
    assert data.isascii()
    assert "<" not in data and ">" not in data
    assert page.count("<script") == 1
    fields, figures = page.index("<input"), page.index("<output")
    assert fields < page.index(forms.EXAMPLE_GUARD) < figures  # (it reads the field names)
    # The page is served showing that reply: its HTML, and each figure as form.js shows it.
    assert 'data-result="built"' in page.split(">", 1)[0]
    assert ('<section class="hb-calc__result" data-result="html" data-search-exclude>'
            f'{reply["html"]}</section>') in page
    assert "<section" not in reply["html"]  # (Material's search would index the rest)
    for name_, text in forms.shown_figures(reply).items():
        if f'<output name="{name_}"' in page:
            assert re.search(f'<output name="{name_}"[^>]*>{re.escape(html.escape(text))}'
                             "</output>", page), (name_, text)


SHOWN = [
    ({"result": {"a": 12000, "b": None, "c": True, "d": "x<y"}, "html": ""},
     {"a": "12000", "b": "", "c": "true", "d": "x<y"}),
    ({"result": {"a": 12000}, "html": '<p>…</p><div hidden="" data-display="'
      + html.escape(json.dumps({"a": "12,000 元", "z": "—"})) + '"></div>'},
     {"a": "12,000 元", "z": "—"}),
    ({"ok": False, "errors": []}, {}),
]


@pytest.mark.parametrize(("reply", "expected"), SHOWN)
def test_shown_figures_are_what_form_js_writes(reply: dict, expected: dict) -> None:
    """form.js's showReply: the data-display text when there is one, else String(value)."""
    assert forms.shown_figures(reply) == expected


def test_the_guard_is_one_script_for_every_form(site: Policy) -> None:
    """One text after every form in every language (hooks/csp.py allows it by one hash)."""
    pages = [forms.render(site, name, lang) for name in CALCULATORS for lang in LANGUAGES]
    scripts = {m for page in pages for m in re.findall(r"<script>.*?</script>", page)}
    assert scripts == {forms.EXAMPLE_GUARD}


@needs_opencc
@pytest.mark.parametrize("name", list(CALCULATORS))
def test_a_page_converted_later_gets_the_reply_to_its_converted_defaults(
        site: Policy, name: str) -> None:
    from handbook import hant

    page = forms.render(site, name, "zh", reply_lang="zh-Hant")
    inputs = {k: hant.reconvert(v) for k, v in forms.default_inputs(site, name).items()}
    assert json.loads(block(page)) == engine_reply(name, inputs, "zh-Hant")
    # The form itself is still written in zh (hooks/hant.py converts it afterwards); the
    # example it shows is the zh-Hant reply.
    zh = forms.render(site, name, "zh")
    zh_reply = json.loads(block(zh))
    reply = json.loads(block(page))
    assert reply["html"] in page
    figures = re.compile(r"(<output [^>]*>)[^<]*(</output>)")
    assert figures.sub(r"\1\2", BLOCK.sub("", page.replace(reply["html"], ""))) \
        == figures.sub(r"\1\2", BLOCK.sub("", zh.replace(zh_reply["html"], "")))


def test_no_text_in_a_reply_can_end_the_attribute(site: Policy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hostile = {"ok": True, "result": {"x": "</div><script>alert(1)</script>"},
               "html": "<!--<script></SCRIPT >\"'", "text": "a < b > c & d &quot; \u2028"}
    monkeypatch.setattr(web, "answer", lambda *args: hostile)
    page = forms.render(site, "bonus", "zh")
    raw = BLOCK.findall(page)[0]
    assert not set(raw) & set("<>\"'")
    assert json.loads(block(page)) == hostile


def test_defaults_that_do_not_compute_fail_the_build(site: Policy, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fails(*args: object) -> dict:
        raise CalculatorError("completion", Msg("web.not_json"))

    monkeypatch.setattr(web, "answer", fails)
    with pytest.raises(KeyError, match="defaults do not compute"):
        forms.render(site, "bonus", "zh")


@pytest.mark.skipif(importlib.util.find_spec("material") is None,
                    reason="Material is a build dependency (make test installs it)")
# (jieba, which Material's search imports, still imports pkg_resources)
@pytest.mark.filterwarnings("ignore:pkg_resources is deprecated:UserWarning")
@pytest.mark.parametrize("name", list(CALCULATORS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_example_stays_out_of_search(site: Policy, name: str, lang: str) -> None:
    """The form is served showing its example; Material's search parser (the one that
    makes the index) reads the form's own words and none of the example's."""
    from material.plugins.search.plugin import Parser

    page = forms.render(site, name, lang)
    # each figure marked, so that it is found wherever it lands (a figure like 500 is in
    # the help text too)
    marked = re.sub(r"(<output [^>]*>)([^<]+)(</output>)", r"\1FIGURE\2\3", page)
    assert marked.count("FIGURE") == len(forms.calculator(name).outputs)
    parser = Parser()
    parser.feed(marked)
    parser.close()
    indexed = " ".join("".join(s.text) for s in parser.data)
    reply = json.loads(block(page))
    steps = re.findall(r"<li>(.*?)</li>", reply["html"])
    assert steps, "the example explains its steps"
    for step in steps:
        assert html.unescape(re.sub(r"<[^>]+>", "", step)) not in indexed, step
    assert "FIGURE" not in indexed
    # nor the note for readers without scripts (what it says is about this page only)
    assert t("forms.no_script", lang) in html.unescape(page)
    assert "JavaScript" not in indexed
    label = forms.calculator(name).fields[0].label.text(lang)
    assert html.escape(label) in indexed or label in indexed, "the form's own words are"

"""The registry, number display, charts and forms speak from the message catalog:
no words left in their code (input vocabulary aside), every entry's words in every
language, zh-Hant the converted zh, and the old {"zh", "en"} reading still working."""

from __future__ import annotations

import ast
import html
import importlib.util
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import charts, deviation, display
from calculators.i18n import LANGUAGES, catalog, t
from calculators.policy import Policy
from calculators.registry import CALCULATORS, Words
from macros import format as fmt
from macros import forms

ROOT = Path(__file__).resolve().parents[2]
MODULES = ("calculators/registry.py", "calculators/display.py", "calculators/charts.py",
           "macros/forms.py")
CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Input vocabulary, kept in code on purpose: the CSV headers people type (aliases), typed
# example inputs (defaults and their 万 suffix, samples), the CLI's help with its typed
# examples, and the scale marks the number parser reports (display.TYPED).
VOCABULARY_KEYWORDS = {"aliases", "default", "default_suffix", "samples", "cli"}
VOCABULARY_NAMES = {"TYPED"}
needs_opencc = pytest.mark.skipif(importlib.util.find_spec("opencc") is None,
                                  reason="OpenCC is a build dependency (make test installs it)")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _exempt(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        held: list[ast.AST] = []
        if isinstance(node, ast.keyword) and node.arg in VOCABULARY_KEYWORDS:
            held = [node.value]
        elif isinstance(node, ast.Assign) and any(
                isinstance(n, ast.Name) and n.id in VOCABULARY_NAMES for n in node.targets):
            held = [node.value]
        out |= {id(n) for h in held for n in ast.walk(h)}
    return out


def chinese_literals(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    skip = _docstrings(tree) | _exempt(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and CJK.search(node.value)):
            yield node.lineno, node.value


@pytest.mark.parametrize("path", MODULES)
def test_no_words_in_code(path: str) -> None:
    assert list(chinese_literals(ROOT / path)) == []


def test_the_check_finds_a_word_in_code(tmp_path: Path) -> None:
    """The scan above is not vacuous: a label typed in code is found, an alias is not."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""文档"""\nX = {"zh": "目标"}\nF(aliases=("目标",))\n', "utf-8")
    assert [text for _, text in chinese_literals(sample)] == ["目标"]


def all_words() -> Iterator[Words]:
    for entry in CALCULATORS.values():
        yield entry.title
        for f in entry.fields:
            yield from (w for w in (f.label, f.help, f.unit) if w is not None)
            yield from (o.label for o in f.options)
        for o in entry.outputs:
            yield from (w for w in (o.label, o.unit) if w is not None)


def test_every_entry_has_its_words_in_every_language() -> None:
    words = list(all_words())
    assert len(words) > 50
    for w in words:
        assert w.id in catalog("zh"), w.id
        texts = {code: w.text(code) for code in LANGUAGES}
        assert all(texts.values()), w.id
        assert dict(w) == texts and w == texts  # the whole-dict reading sees every language


def test_the_words_still_read_as_the_old_pairs() -> None:
    """Code written before the catalog reads entry.title["en"], fmt.label(label, lang)."""
    bonus = CALCULATORS["bonus"]
    assert bonus.title["en"] == t("calculator.bonus", "en")
    assert bonus.title["zh"] == t("calculator.bonus", "zh")
    label = bonus.field("completion").label
    assert fmt.label(label, "en") == t("fields.bonus.completion.label", "en")
    assert set(label) == set(LANGUAGES) and "en" in label and "fr" not in label
    assert label.get("fr") is None
    with pytest.raises(KeyError):
        label["fr"]
    assert label.text("zh-TW") == label["zh-Hant"] and label.text("fr") == label["zh"]


@needs_opencc
def test_zh_hant_words_are_the_converted_zh() -> None:
    from handbook.hant import convert

    for w in all_words():
        assert w.text("zh-Hant") == convert(w.text("zh")), w.id
    assert CALCULATORS["split"].field("into").options[0].label.text("zh-Hant") != \
        CALCULATORS["split"].field("into").options[0].label.text("zh")


# ---------------------------------------------------------------- display ---

AMOUNTS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2,
                      allow_nan=False, allow_infinity=False)


@needs_opencc
@given(value=AMOUNTS, scale=st.sampled_from(["", "万", "亿"]))
def test_zh_hant_figures_are_the_zh_figures_converted(value: Decimal, scale: str) -> None:
    from handbook.hant import convert

    for show in (lambda v, lang: display.amount(v, lang, scale=scale),
                 lambda v, lang: display.amount(v, lang, money=False, scale=scale),
                 lambda v, lang: display.compact(v, lang, scale),
                 display.yuan, display.wan_yuan, display.wan, display.pct):
        assert show(value, "zh-Hant") == convert(show(value, "zh"))


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", "5,000 万元"), ("zh-Hant", "5,000 萬元"), ("en", "¥50 million")])
def test_large_amounts_are_counted_as_each_language_counts(lang: str, expected: str) -> None:
    assert display.amount("50000000", lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_minus_sign_leads_whatever_the_template(lang: str) -> None:
    for text in (display.yuan("-5", lang, 2), display.amount("-50000000", lang),
                 display.wan_yuan("-1600", lang), display.compact("-45000000", lang)):
        assert text.startswith("\u2212"), text
    for text in (display.yuan("-0.001", lang, 2), display.amount("-0.001", lang)):
        assert not text.startswith("\u2212"), text  # rounds to 0.00: no sign
    for text in (display.yuan("abc", lang), display.amount("abc", lang)):
        assert text == "abc"  # not a number: no unit stuck to it


# ----------------------------------------------------------------- charts ---

@needs_opencc
@pytest.mark.parametrize("actual", ["380", "480", "600"])
def test_zh_hant_chart_is_the_zh_chart_converted(policy: Policy, actual: str) -> None:
    from handbook.hant import convert

    result = deviation.check_row({"plan": "500", "actual": actual}, policy).as_json()
    hant = charts.deviation_band(result, "zh-Hant")
    assert hant == convert(charts.deviation_band(result, "zh"))
    assert t(f"status.{result['status']}", "zh-Hant") in hant


def test_chart_status_names_come_from_the_status_table(policy: Policy) -> None:
    result = deviation.check_row({"plan": "500", "actual": "380"}, policy).as_json()
    for lang in LANGUAGES:
        assert t(f"status.{result['status']}", lang) in charts.deviation_band(result, lang)


# ------------------------------------------------------------------ forms ---

@pytest.fixture(scope="module")
def site() -> Policy:
    """The handbook's policy (the forms read goals.* too, not in the unit fixture)."""
    from handbook.policy import load

    return load()


@pytest.mark.parametrize("name", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_forms_show_every_label_in_the_language(site: Policy, name: str, lang: str) -> None:
    page = forms.render(site, name, lang)
    entry = CALCULATORS[name]
    for f in entry.fields:
        assert html.escape(f.label.text(lang)) in page
        assert f.help is None or html.escape(f.help.text(lang)) in page
    for o in entry.outputs:
        assert html.escape(o.label.text(lang)) in page
    assert html.escape(t("forms.compute", lang)) in page
    assert html.escape(t("forms.batch_run", lang)) in forms.batch(site, name, lang)


def test_forms_read_the_language_through_i18n(site: Policy) -> None:
    assert forms.render(site, "bonus", "zh-TW") == forms.render(site, "bonus", "zh-Hant")
    assert forms.render(site, "bonus", "en-GB") == forms.render(site, "bonus", "en")

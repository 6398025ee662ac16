"""bonus, star, numbers and errors speak through the message catalog.

Their code holds no reader-facing Chinese (only input vocabulary: words readers type,
such as 月度 or 万, kept in named constants with a comment), and their results and errors
come in every language of i18n.LANGUAGES, 繁體中文 included. Runs inside Pyodide too (no
`handbook` import: the expected Traditional text is written out).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from calculators import bonus, errors, numbers, star, web
from calculators.errors import CalculatorError
from calculators.i18n import LANGUAGES, Msg, catalog
from calculators.policy import Policy

# Han characters, CJK punctuation (、。“”) and full-width forms (，：％￥).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”]")

# Module-level constants that hold input vocabulary (parsed, never shown).
VOCABULARY: dict[ModuleType, set[str]] = {
    bonus: {"DIRECTIONS", "PERIOD_KINDS"},
    star: {"DIRECTIONS", "HEADER_WORDS", "NAME_COLUMNS", "_METRIC_SEPARATORS", "_SEVERAL",
           "_SPLITTERS", "_POINTS",
           # the policy schema's description, for policy owners: English with the term
           "SCHEMA"},
    numbers: {"_UNITS", "_SCALE_OF", "_GROUPING", "_LIST_SEPARATORS", "_DATE", "_JUNK",
              "_HANT_INPUT"},
    errors: set(),
}


def chinese_literals(source: str, allowed: set[str]) -> tuple[list[tuple[int, str]], set[str]]:
    """(Chinese string literals outside docstrings and the allowed constants, the allowed
    constants that do hold Chinese)."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
    used: set[str] = set()
    for node in tree.body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        names = {t.id for t in targets if isinstance(t, ast.Name)} & allowed
        if names:
            inner = [n for n in ast.walk(node) if isinstance(n, ast.Constant)]
            if any(isinstance(n.value, str) and CJK.search(n.value) for n in inner):
                used |= names
            skip |= {id(n) for n in inner}
    found = sorted((n.lineno, n.value) for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and id(n) not in skip and CJK.search(n.value))
    return found, used


@pytest.mark.parametrize("module", list(VOCABULARY), ids=lambda m: m.__name__)
def test_no_reader_facing_chinese_in_the_code(module: ModuleType) -> None:
    assert module.__file__
    found, used = chinese_literals(Path(module.__file__).read_text("utf-8"), VOCABULARY[module])
    assert found == [], "move these to calculators/catalog (or name them as vocabulary)"
    assert used == VOCABULARY[module], "an allowed constant no longer holds vocabulary"


def test_the_scan_finds_a_chinese_literal() -> None:
    source = ('"""文档说明可以有中文。"""\nWORDS = {"月度": "month"}  # vocabulary\n'
              'def f(lang):\n    """中文。"""\n    return "本期" if lang == "zh" else ""\n'
              'g = f"{1}人"\n')
    found, used = chinese_literals(source, {"WORDS"})
    assert [line for line, _ in found] == [5, 6]
    assert used == {"WORDS"}


def test_the_english_plural_forms_are_one_text_in_chinese() -> None:
    zh = catalog("zh")
    pairs = [k for k in zh if k.startswith(("star.", "bonus.")) and k.endswith("_one")]
    assert pairs, "no *_one ids: the test checks nothing"
    for one in pairs:
        assert zh[one] == zh[one.removesuffix("_one") + "_many"]


def test_the_payout_modes_have_one_wording() -> None:
    assert Msg("mode.marginal").texts() == {"zh": "超额累进", "en": "marginal",
                                            "zh-Hant": "超額累進"}
    assert [Msg(f"mode.{m}").text("zh") for m in ("step", "linear")] == ["阶梯式", "线性插值"]


def _texts(steps: list[dict[str, str]], lang: str) -> list[str]:
    return [s[lang] for s in steps]


def test_bonus_steps_in_every_language(policy: Policy) -> None:
    data = bonus.compute(None, "10000", policy,
                         kpis="营收:100:110:60%; 获客成本:100:90:40%:lower").as_json()
    steps = data["steps"]
    assert all(set(s) == {"id", *LANGUAGES} and all(s[c] for c in LANGUAGES) for s in steps)
    hant = _texts(steps, "zh-Hant")
    assert hant[0] == "营收：實際 110 ÷ 目標 100 = 110.00%，權重 60%。"  # (names as typed)
    assert hant[1] == "获客成本（越低越好）目標 100 ÷ 實際 90 = 111.11%，權重 40%。"
    assert any(s.startswith("階梯規則：達到第") and "發放比例" in s for s in hant)
    assert any(s.endswith("計發方式：階梯式。") for s in hant)
    assert _texts(steps, "en")[0] == "营收: actual 110 / target 100 = 110.00 %, weight 60 %."
    # the ids are the catalog's, so a page can find the words of any language
    assert all(s["id"].startswith("bonus.") for s in steps)


def test_bonus_errors_in_every_language(policy: Policy) -> None:
    with pytest.raises(CalculatorError) as info:
        bonus.compute(None, "10000", policy, kpis="A:100:abc:100%")
    error = info.value.as_dict()
    assert error["id"] == "bonus.kpi_error" and error["field"] == "kpis"
    assert error["zh-Hant"] == "第 1 個 KPI：“abc”不是有效的數字"
    assert error["zh"] == "第 1 个 KPI：“abc”不是有效的数字"
    assert error["en"] == "KPI 1: 'abc' is not a number"


def test_numbers_errors_in_every_language() -> None:
    with pytest.raises(CalculatorError) as info:
        numbers.parse_amount("20.000", "total")
    texts = info.value.as_dict()
    assert "有歧義" in texts["zh-Hant"] and "有歧义" in texts["zh"]
    assert "ambiguous" in texts["en"]


def test_star_steps_and_words_in_every_language(policy: Policy) -> None:
    result = star.compute("张三 120\n李四 95\n王五 80\n赵六 60", "", None, policy)
    data = result.as_json()
    hant = _texts(data["steps"], "zh-Hant")
    assert hant[0] == "團隊共有 4 名成員參加評選。"
    assert hant[-1].startswith("本期營銷之星（")
    en = _texts(data["steps"], "en")
    assert en[0] == "The team has 4 people in the ranking."
    chart = star.star_chart(data, "zh-Hant", policy)
    assert "營銷之星：排名與入選線" in chart and "营销之星" not in chart
    lines = star.star_text(data, "zh-Hant", policy)
    assert lines[0].startswith("本期營銷之星（") and lines[1] == "參評人數：4"


def _reply(request: dict[str, Any]) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(web.handle(json.dumps(request)))
    return reply


def test_web_errors_carry_zh_hant() -> None:
    reply = _reply({"calculator": "star", "lang": "zh-Hant",
                    "inputs": {"results": "张三 120\n李四: abc"}})
    assert reply["ok"] is False
    error = reply["errors"][0]
    assert error["field"] == "results"
    assert error["zh-Hant"] == "第 2 行：“abc”不是有效的數字"
    assert error["en"] == "line 2: 'abc' is not a number"

"""The renderer's words come from the catalog, in every catalog language (zh-Hant too):
no Chinese in calculators/render.py's strings, Traditional text when asked for zh-Hant,
batch results titled and valued in the page's language, and the JavaScript's generated
strings module (docs/assets/engine/catalog.js) current with the catalog.

Runs under CPython and inside Pyodide (the catalog.js check needs mkdocs: skipped there).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from calculators import batch, bonus, deviation, render
from calculators.i18n import LANGUAGES, t
from calculators.policy import Policy

ROOT = Path(__file__).resolve().parents[2]
# Where the calculators' sources are: the checkout, or the installed wheel inside Pyodide.
SOURCES = Path(render.__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def string_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal that is not a docstring."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_render_has_no_chinese_in_its_strings() -> None:
    found = [(n, s) for n, s in string_literals(SOURCES / "calculators" / "render.py")
             if HAN.search(s)]
    assert found == []


def test_render_assumes_no_two_languages() -> None:
    source = (SOURCES / "calculators" / "render.py").read_text("utf-8")
    assert not re.search(r"""lang\s*[!=]=\s*["'](zh|en)["']""", source)
    assert not re.search(r"""["']en["']\s+if\s+lang""", source)


def deviation_reply(text: str, policy: Policy) -> dict[str, object]:
    out = batch.run_text("deviation", text, policy)
    return {"csv": out.csv(), "rows": out.count, "errors": out.errors,
            "skipped": out.skipped, "source": out.source, "encoding": out.encoding,
            "separator": out.separator}


CSV = "姓名,计划值,实际值\n张三,400,300\n\n李四,abc,1\n王五,80,100\n"


def table(html: str) -> ET.Element:
    return ET.fromstring(f"<root>{html}</root>")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_batch_results_read_in_the_page_language(policy: Policy, lang: str) -> None:
    html = render.render_batch("deviation", deviation_reply(CSV, policy), lang)
    root = table(html)
    heads = [th.text for th in root.findall(".//thead/tr/th")]
    # key columns first: line, the name column as written, the main result, status/error
    assert heads[:3] == [t("batch_ui.row", lang), "姓名", t("batch_ui.col.deviation_pct", lang)]
    assert t("render.status", lang) in heads[3]
    for name in ("plan_to_date", "favourable", "owner"):
        assert t(f"batch_ui.col.{name}", lang) in heads, name
    assert "plan_to_date" not in heads and "favourable" not in heads
    cells = [td.text or "" for td in root.iter("td")]
    assert t("status.unfavourable", lang) in cells and t("status.favourable", lang) in cells
    assert "unfavourable" not in cells or lang == "en"
    badges = [s.text for s in root.iter("span") if "hb-status" in (s.get("class") or "")]
    assert badges == [t("status.warning", lang)] * 2
    # the summary first, then the skipped line by number, then the table
    parts = [el.get("class") for el in root.find("div")]
    assert parts[:2] == ["hb-batch__summary", "hb-batch__note"]
    assert parts[-1].startswith("hb-result__table")
    summary = root.find(".//p[@class='hb-batch__summary']").text
    assert summary == t("batch_ui.summary", lang, rows=3, computed=2, errors=1)
    note = root.find(".//p[@class='hb-batch__note']").text
    assert t("batch_ui.line", lang, n=3, why=t("batch_ui.blank", lang)) in note
    # every row says which line of the file it is (line 3 was blank)
    assert [tr.get("data-line") for tr in root.findall(".//tbody/tr")] == ["2", "4", "5"]


def test_batch_error_names_the_column_as_the_page_titles_it(policy: Policy) -> None:
    root = table(render.render_batch("deviation", deviation_reply(CSV, policy), "en"))
    [bad] = [td for td in root.iter("td") if "hb-batch__message" in (td.get("class") or "")]
    assert bad.text.startswith("Plan: ") and "is not a number" in bad.text


def test_zh_hant_is_traditional(policy: Policy) -> None:
    result = bonus.compute("130%", "8000", policy).as_json()
    verdict = render._bonus_verdict(result, "zh-Hant")
    assert "達到第 3 檔" in verdict and "发放" not in verdict
    rows = dict(render._deviation_rows(
        deviation.check("400", "300", "higher", policy).as_json(), "zh-Hant"))
    assert rows[t("render.status", "zh-Hant")] == "預警"
    html = render.render_batch("deviation", deviation_reply(CSV, policy), "zh-Hant")
    assert "批量計算結果" in html and "跳過 1 行" in html and "批量计算" not in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_as_text_heads_the_steps_in_each_language(policy: Policy, lang: str) -> None:
    result = bonus.compute("130%", "8000", policy).as_json()
    text = render.as_text("bonus", result, lang, policy)
    assert t("render.heading", lang, text=t("common.steps", lang)) in text.splitlines()


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="a build dependency")
def test_generated_js_strings_are_current() -> None:
    spec = importlib.util.spec_from_file_location("catalog_js", ROOT / "hooks" / "catalog_js.py")
    assert spec and spec.loader
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    text = hook.module_text()
    assert (ROOT / "docs" / "assets" / "engine" / "catalog.js").read_text("utf-8") == text, (
        "run: python hooks/catalog_js.py")
    for code in LANGUAGES:
        assert f'"{code}": {{' in text
        assert t("ui.copied", code) in text


def test_every_batch_output_column_has_a_title_and_no_title_is_stale() -> None:
    from calculators.i18n import DEFAULT, catalog
    from calculators.registry import CALCULATORS

    columns = {f"result_{n}" if n in entry.inputs else n
               for entry in CALCULATORS.values() for n in entry.batch_columns}
    titled = {k.removeprefix("batch_ui.col.") for k in catalog(DEFAULT)
              if k.startswith("batch_ui.col.")}
    assert titled - {"extra"} == columns


def test_whole_results_render_in_traditional(policy: Policy) -> None:
    result = bonus.compute("130%", "8000", policy).as_json()
    html = render.render("bonus", result, "zh-Hant", policy)
    assert t("common.steps", "zh-Hant") in html and "達到第 3 檔" in html
    assert "达到" not in html and "计算过程" not in html
    dev = deviation.check("400", "300", "higher", policy).as_json()
    html = render.render("deviation", dev, "zh-Hant", policy)
    assert t("status.warning", "zh-Hant") in html and "预警" not in html

"""The split, deviation, calendar, batch-file, web and command-line modules speak from
the message catalog: no Chinese words in their code (only the input vocabulary the
parsers accept), and a zh-Hant request gets Traditional steps and errors."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from calculators import batch, deviation, split, web
from calculators.__main__ import main
from calculators.errors import CalculatorError
from calculators.i18n import LANGUAGES, Msg

# Where the calculators' sources are: the checkout, or the installed wheel inside Pyodide.
SOURCES = Path(batch.__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u9fff]")  # words; full-width symbols (％ ￥) are no words
# Input vocabulary: what the parsers accept as typed (月度 -> month), kept in code on purpose.
VOCABULARY = {
    "split": {"INTO", "BASES"},
    "deviation": {"DIRECTIONS", "BASES"},
    "calendar": {"_YEAR", "_QUARTER", "_MONTH", "_CN_DIGIT"},
}
MODULES = ["split", "deviation", "calendar", "tables", "batch", "xlsx", "web", "__main__",
           "words"]


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _chinese_literals(module: str, root: Path = SOURCES) -> list[tuple[int, str]]:
    tree = ast.parse((root / "calculators" / f"{module}.py").read_text("utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):  # the values assigned to the vocabulary names
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in VOCABULARY.get(module, ())
                for t in node.targets):
            skip |= {id(n) for n in ast.walk(node.value)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and HAN.search(node.value)]


@pytest.mark.parametrize("module", MODULES)
def test_no_chinese_words_in_code(module: str) -> None:
    assert _chinese_literals(module) == []


def test_the_check_finds_a_chinese_literal(tmp_path: Path) -> None:
    """The test above can fail: a message is caught; a docstring and the vocabulary are not."""
    (tmp_path / "calculators").mkdir()
    (tmp_path / "calculators" / "split.py").write_text(
        '"""文档字符串。"""\nINTO = {"月度": "month"}\nX = {"季度": 1}\n'
        'raise ValueError("错误")\n', "utf-8")
    assert [line for line, _ in _chinese_literals("split", tmp_path)] == [3, 4]


def test_deviation_steps_in_traditional_chinese() -> None:
    steps = deviation.check("500", "380", "higher").as_json()["steps"]
    assert all(set(s) >= {"id", *LANGUAGES} for s in steps)
    result = next(s for s in steps if s["id"] == "deviation.step_result")
    assert result["zh"] == "结论：超出 ±10%，状态为“预警”。"
    assert "狀態" in result["zh-Hant"] and "预警" not in result["zh-Hant"]
    assert result["en"] == "Result: beyond ±10 %; status: Warning."


def test_split_steps_and_part_names_in_every_language() -> None:
    data = split.split("9000", period="2026-Q3", into="month").as_json()
    assert [p["labels"]["zh-Hant"] for p in data["parts"]] == [
        "2026年7月", "2026年8月", "2026年9月"]
    assert [p["labels"]["en"] for p in data["parts"]] == ["2026-07", "2026-08", "2026-09"]
    level = next(s for s in data["steps"] if s["id"] == "split.step_level")
    assert level["zh"].startswith("2026年第3季度 9,000.00 元 平均拆分")
    assert "拆分" in level["zh-Hant"] and "季度" in level["zh-Hant"]
    assert level["en"].startswith("2026 Q3 9,000.00 yuan split evenly")


def test_planning_weeks_are_named_per_language() -> None:
    parts = split.split("1000", period="2026-07", into="week").as_json()["parts"]
    assert parts[0]["labels"]["zh"] == "7月第1周"
    assert parts[0]["labels"]["en"] == "2026-07 week 1"


def _web(request: dict[str, object]) -> dict[str, object]:
    return json.loads(web.handle(json.dumps(request)))


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-TW", "zh_hant"])
def test_web_errors_in_traditional_chinese(lang: str) -> None:
    reply = _web({"calculator": "split", "lang": lang,
                  "inputs": {"total": "1000", "parts": "3", "buffer": "50%"}})
    assert reply["ok"] is False
    error = reply["errors"][0]  # type: ignore[index]
    assert set(error) >= {"field", "id", "zh", "en", "zh-Hant"}
    assert error["field"] == "buffer" and error["id"] == "split.buffer_range"
    assert error["zh"].startswith("弹性系数须在 ") and error["zh-Hant"].startswith("彈性")


def test_web_request_errors_keep_their_shape_in_every_language() -> None:
    reply = _web({"calculator": "nope", "lang": "zh-Hant"})
    error = reply["errors"][0]  # type: ignore[index]
    assert error["field"] == "calculator" and error["id"] == "web.unknown_calculator"
    assert error["en"] == "Unknown calculator 'nope'."
    assert "計算器" in error["zh-Hant"] and "nope" in error["zh-Hant"]


def test_batch_error_column_per_language() -> None:
    out = batch.run_text("deviation", "plan,actual\n500,abc\n")
    row = dict(zip(out.header, out.rows[0], strict=True))
    assert [c for c in out.header if c.startswith("error_")] == [
        "error_field", *(f"error_{code}" for code in LANGUAGES)]
    assert row["error_field"] == "actual"
    assert all(row[f"error_{code}"] for code in LANGUAGES)
    assert row["error_zh-Hant"] != row["error_en"]


def test_batch_template_in_traditional_chinese_names_its_sheet() -> None:
    data = batch.template_xlsx("deviation", "zh-Hant")
    assert "批量計算".encode() in data or b"sheet" in data  # the workbook's sheet name
    assert batch.template_header("deviation", "zh-Hant") == batch.template_header(
        "deviation", "zh")


def test_cli_errors_in_the_requested_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["split", "--total", "-1", "--parts", "2", "--lang", "zh-Hant"])
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: total: the target cannot be negative / 錯誤：total：")


def test_calculator_errors_of_these_modules_are_catalog_messages() -> None:
    with pytest.raises(CalculatorError) as info:
        split.split("100", "1,-1")
    assert isinstance(info.value.msg, Msg) and info.value.msg.id == "split.weight_negative"


def test_batch_policy_texts_follow_the_page_language() -> None:
    """A deviation's owner and actions come from the policy: on an English page (or
    `--lang en`) they read in English, on a zh-Hant page in Traditional."""
    from calculators import batch

    text = "plan,actual,metric\n100,60,revenue\n"
    owners = {}
    for lang in ("zh", "en", "zh-Hant"):
        out = batch.run_text("deviation", text, lang=lang)
        row = dict(zip(out.header, out.rows[0], strict=True))
        assert row["owner"] and row["actions"], row
        owners[lang] = (row["owner"], row["actions"])
    assert owners["en"][0].isascii() and owners["en"][1].isascii()
    assert not owners["zh"][0].isascii()
    assert owners["zh-Hant"] != owners["zh"]

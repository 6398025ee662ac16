"""The command line: python -m calculators {bonus,split,deviation}; called in-process.

The CLI computes with the default policy (the shipped data/): the figures it gives on
that data are pinned in test_facts.py; here, that it maps options to inputs and prints
the library's results, and how it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import batch, bonus, display, render
from calculators.__main__ import main
from calculators.registry import CALCULATORS


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert 0 == main([*argv, "--json"])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("argv", "inputs"), [
    (["bonus", "--completion", "１２０％", "--target-bonus", "1万", "--special-bonus", "500"],
     {"completion": "１２０％", "target_bonus": "1万", "special_bonus": "500"}),
    (["bonus", "--kpis", "A:100:120:50%;B:100:100:50%", "--target-bonus", "10000"],
     {"kpis": "A:100:120:50%;B:100:100:50%", "target_bonus": "10000"}),
    (["bonus", "--completion", "100%", "--target-bonus", "9000", "--period", "month",
      "--days-in-role", "10"],
     {"completion": "100%", "target_bonus": "9000", "period": "month", "days_in_role": "10"}),
    (["deviation", "--plan", "500", "--actual", "380", "--direction", "higher"],
     {"plan": "500", "actual": "380", "direction": "higher"}),
    (["deviation", "--plan", "100", "--actual", "120", "--metric", "budget_spend"],
     {"plan": "100", "actual": "120", "metric": "budget_spend"}),
    (["split", "--total", "5000万", "--period", "2026-Q3", "--into", "month"],
     {"total": "5000万", "period": "2026-Q3", "into": "month"}),
    (["split", "--total", "1000", "--parts", "3", "--buffer", "10%", "--start-dates", ",,",
      "--period", "2026-07"],
     {"total": "1000", "parts": "3", "buffer": "10%", "start_dates": ",,", "period": "2026-07"}),
])
def test_json_is_the_library_result(capsys: pytest.CaptureFixture[str], argv: list[str],
                                    inputs: dict[str, str]) -> None:
    expected = CALCULATORS[argv[0]].run(inputs).as_json()  # the library, directly
    assert expected == run_json(capsys, *argv)


@pytest.mark.parametrize("argv", [
    ["bonus", "--completion", "abc", "--target-bonus", "10000"],
    ["bonus", "--completion", "120%"],
    ["deviation", "--plan", "500", "--actual", "380", "--direction", "sideways"],
    ["split", "--total", "100"],
    ["split", "--total", "100", "--parts", "3", "--buffer", "50%"],
    ["deviation", "--plan", "1", "--nope", "2"],
    ["nope"],
    [],
])
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str],
                                         argv: list[str]) -> None:
    assert 2 == main(argv)
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert 1 == len(err.strip().splitlines())


def test_multi_line_input_still_gives_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["bonus", "--completion", "1\n2", "--target-bonus", "1"])
    assert 1 == len(capsys.readouterr().err.strip().splitlines())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_output_is_the_steps_then_the_figures(capsys: pytest.CaptureFixture[str],
                                                   lang: str) -> None:
    assert 0 == main(["bonus", "--completion", "120%", "--target-bonus", "10000", "--lang", lang])
    out = capsys.readouterr().out.splitlines()
    result = bonus.compute("120%", "10000")
    steps = [f"{i}. {getattr(s, lang)}" for i, s in enumerate(result.steps, 1)]
    figures = render.bonus_text(result.as_json(), lang)
    assert steps + figures == out
    assert (display.yuan(result.total, lang, 2) in out[-1]) and out[-1] != steps[-1]


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_before_or_after_the_calculator(capsys: pytest.CaptureFixture[str],
                                             where: str) -> None:
    """`--lang en bonus ...` (global options first, as many tools take them) works too."""
    inputs = ["--completion", "120%", "--target-bonus", "10000"]
    argv = ["--lang", "en", "bonus", *inputs] if where == "before" else \
        ["bonus", *inputs, "--lang", "en"]
    assert 0 == main(argv)
    out = capsys.readouterr().out.splitlines()
    figures = render.bonus_text(bonus.compute("120%", "10000").as_json(), "en")
    assert figures == out[-len(figures):]


def test_csv_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "plan,actual\n500,380\n200,150\n0,x\n"
    source = tmp_path / "rows.csv"
    source.write_text(rows, encoding="utf-8")
    target = tmp_path / "out.csv"
    assert 0 == main(["deviation", "--csv", str(source), "--out", str(target)])
    text = target.read_bytes().decode("utf-8-sig")  # CRLF kept, as Excel writes it
    assert batch.run_csv("deviation", rows)[0] == text  # what batch mode makes, unchanged
    assert 4 == len(text.strip().splitlines())
    assert "3 rows, 1 with errors" in capsys.readouterr().err


def test_csv_batch_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("completion,target_bonus\n120%,10000\n80%,1万\n", encoding="utf-8")
    assert 0 == main(["bonus", "--csv", str(source), "--json"])
    rows = json.loads(capsys.readouterr().out)
    single = [bonus.compute(c, t).as_json() for c, t in (("120%", "10000"), ("80%", "1万"))]
    assert [s["payout_pct"] for s in single] == [r["payout_pct"] for r in rows]
    assert [s["total"] for s in single] == [r["total"] for r in rows]


def test_missing_csv_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["split", "--csv", str(tmp_path / "missing.csv")])
    assert capsys.readouterr().err.startswith("error: csv")


# ------------------------------------------------ consoles, pipes, usage errors ---

ROOT = Path(__file__).resolve().parents[2]
# These run the real command in a child process: not possible inside Pyodide.
needs_processes = pytest.mark.skipif(sys.platform == "emscripten",
                                     reason="no subprocesses inside Pyodide")


def run_cli(*argv: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "calculators", *argv], cwd=ROOT, env=env,
                          capture_output=True, timeout=60, check=False)


@needs_processes
def test_gbk_console_gets_plain_stand_ins() -> None:
    """U+2212 (minus) has no GBK code: it is written as "-", and nothing crashes."""
    done = run_cli("deviation", "--plan", "500", "--actual", "380", encoding="gbk")
    assert 0 == done.returncode, done.stderr.decode("gbk", "replace")
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("gbk")  # valid GBK throughout
    assert "-24.00%" in text and "预警" in text
    assert "\u2212" not in text


@needs_processes
def test_gbk_console_yuan_sign_and_times() -> None:
    done = run_cli("bonus", "--completion", "120%", "--target-bonus", "10000", "--lang", "en",
                   encoding="gbk")
    assert 0 == done.returncode
    text = done.stdout.decode("gbk")
    assert "\uffe515,000.00" in text  # ¥ (not in GBK) as the full-width ￥
    assert "×" in text  # GBK has ×: kept


@needs_processes
def test_ascii_console_falls_back_to_plain_text() -> None:
    done = run_cli("bonus", "--completion", "120%", "--target-bonus", "10000", "--lang", "en",
                   encoding="ascii")
    assert 0 == done.returncode
    text = done.stdout.decode("ascii")
    assert "CNY 15,000.00" in text and "x 150.00 %" in text and ">= 120 %" in text


@needs_processes
def test_json_on_a_narrow_console_is_lossless() -> None:
    done = run_cli("deviation", "--plan", "500", "--actual", "380", "--json", encoding="ascii")
    assert 0 == done.returncode
    data = json.loads(done.stdout.decode("ascii"))
    assert "-24.00" == data["deviation_pct"]
    assert any("\u2212" in s["en"] or "\u2212" in s["zh"] for s in data["steps"])


@needs_processes
def test_usage_error_on_a_gbk_console_is_one_bilingual_line() -> None:
    done = run_cli("bonus", "--nope", "1", encoding="gbk")
    assert 2 == done.returncode
    err = done.stderr.decode("gbk").strip()
    assert err == "error: unrecognized arguments: --nope 1 / 错误：无法识别的参数：--nope 1"


@needs_processes
def test_a_pipe_closed_early_ends_quietly() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # --json: 110 kB, more than a pipe holds, so the writer surely meets the closed end.
    proc = subprocess.Popen([sys.executable, "-m", "calculators", "split", "--total", "1000000",
                             "--parts", "1000", "--json"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # like `| head -1`: read a line, then hang up
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    status = proc.wait(timeout=60)
    assert first.startswith(b"{")
    assert b"Traceback" not in err and b"BrokenPipeError" not in err and b"Exception" not in err
    assert status in (0, 1)


@pytest.mark.parametrize(("argv", "en", "zh"), [
    (["bonus", "--nope"], "error: unrecognized arguments: --nope", "错误：无法识别的参数：--nope"),
    ([], "error: the following arguments are required: command", "错误：缺少必填参数：command"),
    (["nope"], "error: argument command: invalid choice: 'nope'", "错误：参数 command 的取值"),
    (["bonus", "--lang", "fr"], "error: argument --lang: invalid choice", "错误：参数 --lang"),
    (["bonus", "--completion"], "error: argument --completion: expected one argument",
     "错误：参数 --completion 需要一个值"),
    (["bonus", "--completion", "abc", "--target-bonus", "1"],
     "error: completion: 'abc' is not a number", "错误：completion：“abc”不是有效的数字"),
])
def test_usage_errors_are_bilingual(capsys: pytest.CaptureFixture[str], argv: list[str],
                                    en: str, zh: str) -> None:
    assert 2 == main(argv)
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    first, _, second = err.partition(" / 错误：")
    assert err.startswith(en) and zh in err and first and second


def test_help_returns_0_instead_of_exiting(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["split", "--help"])
    assert "--start-dates" in capsys.readouterr().out


def test_csv_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A GBK file (Chinese Excel's "CSV") is read, not refused; random bytes are refused."""
    source = tmp_path / "rows.csv"
    source.write_bytes("项目,计划,实际\n预热期,500,380\n".encode("gbk"))
    assert 0 == main(["deviation", "--csv", str(source)])
    assert "预热期,500,380,500.00,-120.00,-24.00" in capsys.readouterr().out
    source.write_bytes(bytes(range(128, 256)) * 8)
    assert 2 == main(["deviation", "--csv", str(source)])
    err = capsys.readouterr().err
    assert err.startswith("error: csv: ") and "CSV UTF-8" in err and "另存为" in err

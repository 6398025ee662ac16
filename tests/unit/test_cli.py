"""The command line: python -m calculators {bonus,split,deviation}; called in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators.__main__ import main


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert 0 == main([*argv, "--json"])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("argv", "key", "expected"), [
    (["bonus", "--completion", "120%", "--target-bonus", "10000"], "payout_pct", "150.00"),
    (["bonus", "--completion", "110%", "--target-bonus", "10000"], "payout", "10000.00"),
    (["bonus", "--completion", "１２０％", "--target-bonus", "1万"], "total", "15000.00"),
    (["bonus", "--completion", "120%", "--target-bonus", "10000", "--special-bonus", "500"],
     "total", "15500.00"),
    (["bonus", "--kpis", "A:100:120:50%;B:100:100:50%", "--target-bonus", "10000"],
     "completion_pct", "110.00"),
    (["bonus", "--completion", "100%", "--target-bonus", "9000", "--period", "month",
      "--days-in-role", "10"], "total", "3000.00"),
    (["deviation", "--plan", "500", "--actual", "380", "--direction", "higher"],
     "deviation_pct", "-24.00"),
    (["deviation", "--plan", "200", "--actual", "150"], "deviation_pct", "-25.00"),
    (["deviation", "--plan", "200", "--actual", "150"], "status", "warning"),
    (["deviation", "--plan", "100", "--actual", "120", "--metric", "budget_spend"], "status",
     "escalate"),
    (["split", "--total", "5000", "--weights", "16,17,17"], "total", "5000.00"),
    (["split", "--total", "1000", "--parts", "3", "--buffer", "10%"], "total", "1100.00"),
])
def test_json_fields(capsys: pytest.CaptureFixture[str], argv: list[str], key: str,
                     expected: str) -> None:
    assert expected == run_json(capsys, *argv)[key]


def test_split_parts(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "split", "--total", "5000万", "--period", "2026-Q3", "--into",
                    "month")
    assert [("2026年7月", "1667"), ("2026年8月", "1667"), ("2026年9月", "1666")] == \
        [(p["label"], p["value"]) for p in data["parts"]]
    assert "5000" == data["total"]


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


def test_text_output_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    assert 0 == main(["bonus", "--completion", "120%", "--target-bonus", "10000"])
    assert "15,000.00 元" in capsys.readouterr().out
    assert 0 == main(["bonus", "--completion", "120%", "--target-bonus", "10000", "--lang", "en"])
    assert "¥15,000.00" in capsys.readouterr().out


def test_csv_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("plan,actual\n500,380\n200,150\n0,x\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    assert 0 == main(["deviation", "--csv", str(source), "--out", str(target)])
    text = target.read_text(encoding="utf-8-sig")
    assert 4 == len(text.strip().splitlines())
    assert "-24.00" in text and "-25.00" in text
    assert "3 rows, 1 with errors" in capsys.readouterr().err


def test_csv_batch_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "rows.csv"
    source.write_text("completion,target_bonus\n120%,10000\n", encoding="utf-8")
    assert 0 == main(["bonus", "--csv", str(source), "--json"])
    assert "150.00" == json.loads(capsys.readouterr().out)[0]["payout_pct"]


def test_missing_csv_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert 2 == main(["split", "--csv", str(tmp_path / "missing.csv")])
    assert capsys.readouterr().err.startswith("error: csv")

"""batch: CSV in, CSV out, every row kept with its results or its error."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import anything

from calculators import batch
from calculators.errors import CalculatorError


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_table_3_rows() -> None:
    text = "project,计划值,实际值,direction\n预热期曝光,500,380,higher\n618 日均销售额,200,150,\n"
    out, count, errors = batch.run_csv("deviation", text)
    rows = rows_of(out)
    assert (2, 0) == (count, errors)
    assert ["-24.00", "-25.00"] == [r["deviation_pct"] for r in rows]
    assert ["warning", "warning"] == [r["status"] for r in rows]
    assert ["预热期曝光", "618 日均销售额"] == [r["project"] for r in rows]  # passed through


def test_bad_rows_are_kept_with_their_error() -> None:
    text = "name,completion,target_bonus\nA,120%,10000\nB,abc,10000\nC,110%,\nD,1.2,1万\n"
    out, count, errors = batch.run_csv("bonus", text)
    rows = rows_of(out)
    assert (4, 2) == (count, errors)
    assert ["A", "B", "C", "D"] == [r["name"] for r in rows]
    assert ["15000.00", "", "", "15000.00"] == [r["total"] for r in rows]
    assert ["", "completion", "target_bonus", ""] == [r["error_field"] for r in rows]
    assert rows[1]["error_zh"] and rows[1]["error_en"]


def test_split_rows_and_name_clashes() -> None:
    text = "total,weights,unit\n5000,\"16,17,17\",wan_yuan\n300,9/10/11,customers\n"
    rows = rows_of(batch.run_csv("split", text)[0])
    assert ["5000", "300"] == [r["result_total"] for r in rows]   # input total is kept as typed
    assert "1=1600; 2=1700; 3=1700" == rows[0]["result_parts"]
    assert "1=90; 2=100; 3=110" == rows[1]["result_parts"]


def test_ragged_rows_and_bom() -> None:
    text = "\ufeffplan,actual\n100\n100,95,extra cell\n"
    rows = rows_of(batch.run_csv("deviation", text)[0])
    assert 2 == len(rows)
    assert "actual" == rows[0]["error_field"]
    assert "extra cell" == rows[1]["extra"]
    assert "ok" == rows[1]["status"]


def test_a_rerun_of_an_output_file_clears_old_errors() -> None:
    first = batch.run_csv("deviation", "plan,actual\n100,x\n")[0]
    fixed = first.replace("100,x", "100,50")
    rows = rows_of(batch.run_csv("deviation", fixed)[0])
    assert "" == rows[0]["error_field"]
    assert "escalate" == rows[0]["status"]


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("\n\n", "empty"),
    ("plan,plan\n1,2\n", "twice"),
])
def test_file_level_errors(text: str, message: str) -> None:
    with pytest.raises(CalculatorError) as info:
        batch.run_csv("deviation", text)
    assert "csv" == info.value.field
    assert message in info.value.en


def test_unknown_calculator() -> None:
    with pytest.raises(CalculatorError) as info:
        batch.run_csv("nope", "a\n1\n")
    assert "calculator" == info.value.field


def test_many_rows_none_lost() -> None:
    lines = ["plan,actual"] + [f"{100 + i},{90 + i % 40}" for i in range(2000)]
    out, count, errors = batch.run_csv("deviation", "\n".join(lines))
    assert (2000, 0) == (count, errors)
    assert 2000 == len(rows_of(out))


@given(st.lists(st.tuples(anything, anything), min_size=1, max_size=20))
def test_every_row_comes_out(cells: list[tuple[object, object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["completion", "target_bonus"])
    for a, b in cells:
        writer.writerow(["" if a is None else str(a), "" if b is None else str(b)])
    text = buffer.getvalue()
    try:
        _, rows = batch.read_csv(text)
    except CalculatorError as exc:
        assert "csv" == exc.field
        return
    out, count, _ = batch.run_csv("bonus", text)
    assert len(rows) == count == len(rows_of(out))


@given(completion=anything, target=anything, plan=anything, actual=anything, total=anything,
       weights=anything)
def test_batch_figures_equal_the_explained_ones(completion: object, target: object, plan: object,
                                               actual: object, total: object,
                                               weights: object) -> None:
    from calculators import bonus, deviation, split

    for run, row in ((bonus.compute_row, {"completion": completion, "target_bonus": target}),
                     (deviation.check_row, {"plan": plan, "actual": actual}),
                     (split.split_row, {"total": total, "weights": weights})):
        try:
            full = run(row)
        except CalculatorError:
            with pytest.raises(CalculatorError):
                run(row, explain=False)
            continue
        quiet = run(row, explain=False)
        assert [] == quiet.steps
        assert {k: v for k, v in full.as_json().items() if k != "steps"} == \
            {k: v for k, v in quiet.as_json().items() if k != "steps"}

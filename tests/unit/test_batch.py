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
from calculators.policy import Policy


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# Figures from the fixture policy (tests/fixtures/policy/): warning beyond ±20 %, a bonus
# of 150 % from 130 % completion, 万元 to one decimal.
def test_deviation_rows(policy: Policy) -> None:
    text = "project,计划值,实际值,direction\n预热期曝光,400,300,higher\n618 日均销售额,80,100,\n"
    out, count, errors = batch.run_csv("deviation", text, policy)
    rows = rows_of(out)
    assert (2, 0) == (count, errors)
    assert ["-25.00", "25.00"] == [r["deviation_pct"] for r in rows]
    assert ["warning", "warning"] == [r["status"] for r in rows]
    assert ["预热期曝光", "618 日均销售额"] == [r["project"] for r in rows]  # passed through


def test_bad_rows_are_kept_with_their_error(policy: Policy) -> None:
    text = "name,completion,target_bonus\nA,130%,10000\nB,abc,10000\nC,110%,\nD,1.3,1万\n"
    out, count, errors = batch.run_csv("bonus", text, policy)
    rows = rows_of(out)
    assert (4, 2) == (count, errors)
    assert ["A", "B", "C", "D"] == [r["name"] for r in rows]
    assert ["15000.00", "", "", "15000.00"] == [r["total"] for r in rows]
    assert ["", "completion", "target_bonus", ""] == [r["error_field"] for r in rows]
    assert rows[1]["error_zh"] and rows[1]["error_en"]


def test_split_rows_and_name_clashes(policy: Policy) -> None:
    text = "total,weights,unit\n5000,\"16,17,17\",wan_yuan\n300,9/10/11,customers\n"
    rows = rows_of(batch.run_csv("split", text, policy)[0])
    assert ["5000", "300"] == [r["total"] for r in rows]            # the input, as typed
    assert ["5000.0", "300"] == [r["result_total"] for r in rows]   # the result's
    assert "1=1600.0; 2=1700.0; 3=1700.0" == rows[0]["result_parts"]
    assert "1=90; 2=100; 3=110" == rows[1]["result_parts"]


def test_ragged_rows_and_bom(policy: Policy) -> None:
    text = "\ufeffplan,actual\n100\n100,95,extra cell\n"
    rows = rows_of(batch.run_csv("deviation", text, policy)[0])
    assert 2 == len(rows)
    assert "actual" == rows[0]["error_field"]
    assert "extra cell" == rows[1]["extra"]
    assert "ok" == rows[1]["status"]


def test_a_rerun_of_an_output_file_clears_old_errors(policy: Policy) -> None:
    first = batch.run_csv("deviation", "plan,actual\n100,x\n", policy)[0]
    fixed = first.replace("100,x", "100,40")
    rows = rows_of(batch.run_csv("deviation", fixed, policy)[0])
    assert "" == rows[0]["error_field"]
    assert "escalate" == rows[0]["status"]  # -60 %: beyond the fixture's 50 %


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("\n\n", "empty"),
    ("plan,plan\n1,2\n", "twice"),
])
def test_file_level_errors(policy: Policy, text: str, message: str) -> None:
    with pytest.raises(CalculatorError) as info:
        batch.run_csv("deviation", text, policy)
    assert "csv" == info.value.field
    assert message in info.value.en


def test_unknown_calculator(policy: Policy) -> None:
    with pytest.raises(CalculatorError) as info:
        batch.run_csv("nope", "a\n1\n", policy)
    assert "calculator" == info.value.field


def test_many_rows_none_lost(policy: Policy) -> None:
    lines = ["plan,actual"] + [f"{100 + i},{90 + i % 40}" for i in range(2000)]
    out, count, errors = batch.run_csv("deviation", "\n".join(lines), policy)
    assert (2000, 0) == (count, errors)
    assert 2000 == len(rows_of(out))


@given(st.lists(st.tuples(anything, anything), min_size=1, max_size=20))
def test_every_row_comes_out(policy: Policy, cells: list[tuple[object, object]]) -> None:
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
    out, count, _ = batch.run_csv("bonus", text, policy)
    assert len(rows) == count == len(rows_of(out))


@given(completion=anything, target=anything, plan=anything, actual=anything, total=anything,
       weights=anything)
def test_batch_figures_equal_the_explained_ones(policy: Policy, completion: object,
                                               target: object, plan: object, actual: object,
                                               total: object, weights: object) -> None:
    from calculators import bonus, deviation, split

    for run, row in ((bonus.compute_row, {"completion": completion, "target_bonus": target}),
                     (deviation.check_row, {"plan": plan, "actual": actual}),
                     (split.split_row, {"total": total, "weights": weights})):
        try:
            full = run(row, policy)
        except CalculatorError:
            with pytest.raises(CalculatorError):
                run(row, policy, explain=False)
            continue
        quiet = run(row, policy, explain=False)
        assert [] == quiet.steps
        assert {k: v for k, v in full.as_json().items() if k != "steps"} == \
            {k: v for k, v in quiet.as_json().items() if k != "steps"}


def test_headers_typed_in_traditional_are_the_same_inputs() -> None:
    """A zh-Hant reader's file: 計劃值 / 實際值 are 计划值 / 实际值, and 5000萬 is 5000万."""
    traditional = batch.run_text("deviation", "項目,計劃值,實際值\nA,5000萬,4000萬\n")
    simplified = batch.run_text("deviation", "項目,计划值,实际值\nA,5000万,4000万\n")
    assert traditional.errors == simplified.errors == 0
    import csv
    import io

    [trad], [simp] = (list(csv.DictReader(io.StringIO(o.csv()))) for o in (traditional,
                                                                              simplified))
    inputs = {"項目", "計劃值", "實際值", "项目", "计划值", "实际值"}  # echoed as typed
    assert {k: v for k, v in trad.items() if k not in inputs} == \
        {k: v for k, v in simp.items() if k not in inputs}
    assert trad["deviation_pct"] == "-20.00"

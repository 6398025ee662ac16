"""Robustness: the split's results pinned before it was made linear, and bounded fuzzing
of the browser entry point (web.handle) and of the command line (main([...]))."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import sys
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import amounts, anything, percents

from calculators import split, web
from calculators.__main__ import main
from calculators.registry import CALCULATORS

# Bounded: 200 examples a property in `make test`, 20 in `make test-fast` (its profile).
EXAMPLES = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "fast" else 200

# ---------------------------------------------------- split: identical results ---
# Expected values written from the day-by-day implementation (before the ramp was
# counted per month in role): the linear version must give exactly the same parts.

PEOPLE_CASES = [
    (dict(total="1000", weights="2,1,1,1", labels="A,B,C,D",
          start_dates="2024-01-31,2023-11-30,2024-02-29,", period="2024-Q1"),
     ["216.28", "319.77", "40.70", "423.25"], ["25.55", "75.55", "9.62"]),
    (dict(total="1000", labels="A,B,C,D,E",
          start_dates="2026-01-31,2025-12-31,2026-03-15,2025-09-01,", period="2026"),
     ["183.05", "201.95", "155.01", "230.00", "229.99"], ["79.59", "87.81", "67.4", "100"]),
    (dict(total="5000万", weights="1.5,2.25,1", labels="甲,乙,丙",
          start_dates="2026-07-31,2026-06-30,2026-08-01", period="2026-07", unit="wan_yuan",
          decimals="2"),
     ["99.01", "4900.99", "0.00"], ["0.81", "26.61", "0"]),
    (dict(total="123457", labels="A,B,C", start_dates="2024-02-29,2026-05-31,2026-12-31",
          period="2026-Q2"),
     ["113767.97", "9689.03", "0.00"], ["100", "8.52", "0"]),
    (dict(total="999", parts="3", start_dates="2026-02-28,2026-01-29,2025-12-29",
          period="2026-03"),
     ["178.39", "331.30", "489.31"], ["28.23", "52.42", "77.42"]),
]


@pytest.mark.parametrize(("inputs", "parts", "pcts"), PEOPLE_CASES)
def test_people_split_unchanged(inputs: dict[str, str], parts: list[str],
                                pcts: list[str]) -> None:
    result = split.split(**inputs)
    assert parts == [str(p.value) for p in result.parts]
    # (the steps now derive the figure: "... = 13.71 % on average this period.")
    shown = [s.text("en").split(" % on average")[0].rsplit(" ", 1)[-1] for s in result.steps
             if "% on average this period" in s.text("en")]
    assert pcts == shown


def _thousand() -> tuple[str, str]:
    labels = ",".join(f"p{i}" for i in range(1000))
    starts = ",".join("" if i % 5 == 0 else
                      (dt.date(2025, 10, 1) + dt.timedelta(days=i % 457)).isoformat()
                      for i in range(1000))
    return labels, starts


def test_thousand_people_unchanged() -> None:
    labels, starts = _thousand()
    result = split.split("1000000", labels=labels, start_dates=starts, period="2026")
    values = ";".join(str(p.value) for p in result.parts)
    steps = "\n".join(s.text("en") + s.text("zh") for s in result.steps)
    assert ["1580.35", "1579.26", "1578.18", "1577.10", "1576.02"] == values.split(";")[:5]
    assert hashlib.sha256(values.encode()).hexdigest() == \
        "6767493abcd62f53d7c03a42757257eb11e5431a8e55f87dfdfe6d1c23812f2c"
    assert hashlib.sha256(steps.encode()).hexdigest() == \
        "3db2fb5a01aa411209aa4411f145dd8e418d772edf3dc82acfcb86578c061256"  # steps derive each %


def _ramp_days_reference(start: dt.date, first: dt.date, last: dt.date,
                         ramp: list[Fraction]) -> Fraction:
    """The former day-by-day count: each day in role at its month's ramp rate."""
    day, acc = first, Fraction(0)
    while day <= last:
        if day >= start:
            m = split._months_between(start, day)
            acc += ramp[m] if m < len(ramp) else 1
        day += dt.timedelta(days=1)
    return acc


_dates = st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2028, 12, 31))


@settings(max_examples=EXAMPLES // 2)
@given(_dates, _dates, st.integers(0, 150),
       st.lists(st.fractions(0, 1, max_denominator=8), max_size=5))
def test_ramp_days_matches_day_by_day(start: dt.date, first: dt.date, length: int,
                                      ramp: list[Fraction]) -> None:
    last = first + dt.timedelta(days=length)
    assert split._ramp_days(start, first, last, ramp) == \
        _ramp_days_reference(start, first, last, ramp)


# ------------------------------------------- web.handle: limits before parsing ---

def reply(request: str | bytes | None) -> dict[str, Any]:
    text = web.handle(request)  # type: ignore[arg-type]
    data = json.loads(text)
    assert isinstance(data["ok"], bool)
    return data


def only_error(data: dict[str, Any]) -> dict[str, str]:
    assert data["ok"] is False and 1 == len(data["errors"])
    error = data["errors"][0]
    assert {"field", "zh", "en"} <= set(error) and error["zh"] and error["en"]
    return error


@pytest.mark.parametrize("request_json", [
    "[" * 20_000 + "]" * 20_000,
    '{"calculator": "bonus", "inputs": ' + '{"a": ' * 5_000 + "1" + "}" * 5_001,
    "[" * 100_000,  # unclosed as well
    '{"calculator": "split", "inputs": {"total": "1", "labels": ' + "[" * 65 + "]" * 65
    + "}}",
])
def test_deep_nesting_is_refused_before_parsing(request_json: str) -> None:
    error = only_error(reply(request_json))
    assert "nested too deeply" in error["en"] and "嵌套层数过多" in error["zh"]


def test_brackets_inside_strings_do_not_count() -> None:
    data = reply(json.dumps({"calculator": "split",
                             "inputs": {"total": "100", "parts": "2", "labels": "[" * 500 + ",b"}}))
    assert data["ok"] is True


def test_nesting_up_to_the_limit_is_parsed() -> None:
    nested: Any = "x"
    for _ in range(web.MAX_DEPTH - 2):
        nested = [nested]
    error = only_error(reply(json.dumps({"calculator": "bonus", "inputs": {"kpis": nested}})))
    assert "nested" not in error["en"]


def test_a_5000_digit_number_is_too_long_not_invalid_json() -> None:
    error = only_error(reply('{"calculator": "bonus", "inputs": {"completion": '
                             + "9" * 5_000 + ', "target_bonus": 1}}'))
    assert "number in the request is too long" in error["en"] and "数字过长" in error["zh"]


def test_a_request_over_the_size_limit() -> None:
    error = only_error(reply(" " * (web.MAX_REQUEST + 1)))
    assert "too large" in error["en"] and "请求过大" in error["zh"]


@pytest.mark.parametrize(("request_json", "en"), [
    (None, "not valid JSON"), ("", "not valid JSON"), ("{", "not valid JSON"),
    (b"\xff\xfe", "not UTF-8"), ("[]", "must be a JSON object"),
])
def test_other_bad_requests(request_json: str | bytes | None, en: str) -> None:
    assert en in only_error(reply(request_json))["en"]


def test_a_lone_surrogate_is_escaped_in_the_reply() -> None:
    text = web.handle('{"calculator": "\\ud800"}')
    text.encode("utf-8")  # valid UTF-8: it can cross into JavaScript
    assert "calculator" == only_error(json.loads(text))["field"]


# --------------------------------------------------- web.handle: the property ---

NAMES = st.sampled_from([*CALCULATORS, "batch", "nope", ""])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)
TYPICAL = {
    "completion": percents, "target_bonus": amounts, "total": amounts, "plan": amounts,
    "actual": amounts, "parts": st.integers(-2, 1_005).map(str),
    "weights": st.lists(st.integers(0, 30).map(str), max_size=6).map(",".join),
    "period": st.sampled_from(["2026", "2026-Q3", "2026-07", "2027", "month", "quarter", ""]),
    "into": st.sampled_from(["quarter", "month", "week", ""]),
    "basis": st.sampled_from(["even", "days", "working", "weighted", ""]),
    "start_dates": st.sampled_from(["2026-02-01,", ",2026-07-15", "", "2025-12-31,2026-09-01"]),
    "buffer": st.sampled_from(["", "0", "10%", "15%", "50%"]),
}


@st.composite
def requests(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["calculator", "calculator", "calculator", "json", "text"]))
    if kind == "text":
        return draw(st.text(max_size=60))
    if kind == "json":
        return json.dumps(draw(json_values))
    name = draw(NAMES)
    fields = list(CALCULATORS[name].inputs) if name in CALCULATORS else ["calculator", "csv"]
    inputs: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(fields), max_size=6, unique=True)):
        typical = TYPICAL.get(key)
        inputs[key] = draw(typical | anything if typical is not None else anything | json_values)
    request: dict[str, Any] = {"calculator": name, "inputs": inputs}
    if draw(st.booleans()):
        request["lang"] = draw(st.sampled_from(["en", "zh", None, 3]))
    return json.dumps(request, ensure_ascii=draw(st.booleans()))


@settings(max_examples=EXAMPLES)
@given(requests())
def test_handle_never_raises_and_keeps_its_promises(request_json: str) -> None:
    text = web.handle(request_json)
    data = json.loads(text)
    assert isinstance(data["ok"], bool)
    if not data["ok"]:
        for error in data["errors"]:
            assert {"field", "zh", "en"} <= set(error)
            assert "Internal error" not in error["en"], error
        return
    result = data["result"]
    name = json.loads(request_json)["calculator"]
    if name == "bonus":
        assert Decimal(result["payout"]) >= 0 and Decimal(result["total"]) >= 0
    elif name == "split" and not result["ratio"]:
        assert sum(Decimal(p["value"]) for p in result["parts"]) == Decimal(result["total"])
        for level in result["levels"].values():
            assert sum(Decimal(p["value"]) for p in level) == Decimal(result["total"])


# ---------------------------------------------------- the command line: fuzzed ---

OPTIONS = sorted({f"--{name.replace('_', '-')}" for c in CALCULATORS.values()
                  for name in c.inputs} | {"--json", "--lang", "--help", "-h", "--csv"})
ARGS = st.one_of(st.sampled_from([*CALCULATORS, "nope", "-", "--", "en", "zh"]),
                 st.sampled_from(OPTIONS), st.text(max_size=12), percents, amounts)


@settings(max_examples=EXAMPLES)
@given(st.lists(ARGS, max_size=8))
def test_cli_answers_0_or_2_never_a_traceback(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    stdin, sys.stdin = sys.stdin, io.StringIO("plan,actual\n500,380\n")  # for --csv -
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    finally:
        sys.stdin = stdin
    assert status in (0, 2), (argv, err.getvalue())
    if status == 2:
        lines = err.getvalue().strip().splitlines()
        assert 1 == len(lines) and lines[0].startswith("error: ")
        # In English, then in the --lang language when that is another (Chinese unless
        # English was asked for: then English only).
        asked_english = "en" in argv or "--lang=en" in argv
        assert " / 错误：" in lines[0] or " / 錯誤：" in lines[0] or asked_english, argv


@pytest.mark.parametrize(("argv", "second"), [
    (["--lang", "en"], None), (["nope"], " / 错误："), (["--lang", "zh-Hant", "nope"], " / 錯誤："),
    (["bonus", "--lang", "en"], None), (["bonus"], " / 错误："),
])
def test_cli_errors_are_english_then_the_language_asked_for(argv: list[str],
                                                            second: str | None) -> None:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert 2 == main(argv)
    line = err.getvalue().strip()
    assert line.startswith("error: ") and "\n" not in line
    assert (" / " not in line) if second is None else (second in line)

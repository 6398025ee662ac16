"""Batch files as offices make them: encodings, separators, XLSX in and out, formula cells,
duplicate columns, unclosed quotes, skipped lines, through batch, the CLI and web.handle."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import csv_rows

from calculators import batch, tables, web
from calculators.__main__ import main
from calculators.errors import CalculatorError

try:
    import openpyxl
except ImportError:  # inside Pyodide (tests/pyodide): the rest still runs there
    openpyxl = None
needs_openpyxl = pytest.mark.skipif(openpyxl is None, reason="openpyxl is not installed")

ROWS = [["张三", "120%", "10000"], ["李四", "90%", "8000"], ["王五", "abc", "5000"]]
HEADERS = {"zh": ["姓名", "完成率", "目标奖金"], "en": ["name", "completion", "target_bonus"]}
ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le-bom", "utf-16-be-bom")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def office_file(encoding: str, sep: str, lang: str = "zh", eol: str = "\r\n") -> bytes:
    lines = [sep.join(HEADERS[lang])] + [sep.join(r) for r in ROWS]
    return encode(eol.join(lines) + eol, encoding)


def names_of(csv_text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(csv_text)))
    return [r[0] for r in rows[1:]]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_office_encoding_and_separator(encoding: str, sep: str, lang: str) -> None:
    out = batch.run_bytes("bonus", office_file(encoding, sep, lang))
    assert (3, 1) == (out.count, out.errors)
    assert ["张三", "李四", "王五"] == [r[0] for r in out.rows]  # never garbled
    assert out.separator == sep
    assert out.rows[0][out.header.index("total")] == "15000.00"


@pytest.mark.parametrize(("encoding", "name"), [
    ("utf-8-sig", "utf-8"), ("utf-8", "utf-8"), ("gbk", "gb18030"), ("utf-16", "utf-16"),
    ("utf-16-le-bom", "utf-16"), ("utf-16-be-bom", "utf-16"),
])
def test_detection_order_names_the_encoding(encoding: str, name: str) -> None:
    assert name == tables.read_bytes(office_file(encoding, ",")).encoding


def test_utf16_without_a_bom_and_lf_and_cr_line_ends() -> None:
    text = "姓名,完成率,目标奖金\n张三,120%,10000\n"
    assert "utf-16-le" == tables.decode(text.encode("utf-16-le"))[1]
    assert 1 == tables.read_bytes(text.replace("\n", "\r").encode()).rows.__len__()


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 4, b"\xd0\xcf\x11\xe0" + b"\0" * 60,
                                  b"PK\x03\x04 not really a zip", b"a,b\x00\x01\x02" * 100])
def test_unreadable_files_get_one_bilingual_line(data: bytes) -> None:
    with pytest.raises(CalculatorError) as info:
        batch.run_bytes("bonus", data)
    assert "CSV UTF-8" in info.value.en and ".xlsx" in info.value.en
    assert "另存为" in info.value.zh


def test_the_sniffer_counts_outside_quotes_and_prefers_tab_then_semicolon() -> None:
    assert "," == tables.sniff('"a;b;c",d,e')
    assert ";" == tables.sniff("a;b,c;d")
    assert "\t" == tables.sniff("a\tb;c")
    assert "," == tables.sniff("single")


def test_blank_and_unreadable_lines_are_reported_with_their_numbers() -> None:
    text = "name,completion,target_bonus\r\nA,120%,10000\r\n\r\n,,\r\nB\x00,1,1\r\nC,1,1\r\n"
    out = batch.run_text("bonus", text)
    assert ["A", "C"] == [r[0] for r in out.rows]
    assert [{"line": 3, "reason": "blank"}, {"line": 4, "reason": "blank"},
            {"line": 5, "reason": "unreadable"}] == out.skipped


def test_an_unclosed_quote_names_its_line() -> None:
    text = 'name,completion,target_bonus\nA,1,1\n"B,1,1\nC,1,1\nD,1,1\n'
    with pytest.raises(CalculatorError) as info:
        batch.run_text("bonus", text)
    assert "line 3" in info.value.en and "第 3 行" in info.value.zh
    with pytest.raises(CalculatorError) as info:  # closed in the middle of a later cell
        batch.run_text("bonus", 'name,completion\nA,1\n"B,1\nC,"x"y\n')
    assert "line 3" in info.value.en


def test_a_quoted_line_break_is_one_cell() -> None:
    out = batch.run_text("bonus", 'name,completion,target_bonus\n"A\nB",1,1\nC,1,1\n')
    assert ["A\nB", "C"] == [r[0] for r in out.rows]


@pytest.mark.parametrize(("header", "names"), [
    ("completion,完成率,target_bonus", ("completion", "完成率")),
    ("Target Bonus,目标奖金,completion", ("Target Bonus", "目标奖金")),
    ("name,completion,target_bonus,name", ("name",)),
])
def test_two_columns_for_one_input_are_an_error_naming_both(header: str,
                                                           names: tuple[str, ...]) -> None:
    with pytest.raises(CalculatorError) as info:
        batch.run_text("bonus", header + "\n1,1,1,1\n")
    for name in names:
        assert name in info.value.en and name in info.value.zh


def test_trailing_empty_header_columns_are_ignored() -> None:
    out = batch.run_text("bonus", "name,completion,target_bonus,,,\nA,120%,10000,,,\n")
    assert (1, 0) == (out.count, out.errors)
    assert "extra" not in out.header and "" not in out.header


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("＝1+1", "'＝1+1"), ("-24.00", "-24.00"),
    ("\u221224%", "-24%"), ("\u221225\u202f%", "-25%"), ("\u221225 %", "-25%"), ("+5", "+5"),
    ("1,234", "1,234"), ("张三", "张三"), ("", ""),
])
def test_neutral(cell: str, written: str) -> None:
    assert written == tables.neutral(cell)


def _csv_module(rows: list[list[str]]) -> str:
    """The reference: each cell neutralised, then csv.writer's minimal quoting."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [tables.neutral(c) for c in row] for row in rows)
    return buffer.getvalue()


@settings(max_examples=600)
@given(csv_rows)
def test_csv_text_is_what_the_csv_module_writes(rows: list[list[str]]) -> None:
    assert _csv_module(rows) == tables.csv_text(rows)


@pytest.mark.parametrize("rows", [[[""]], [[]], [["", ""]], [["a,b", "=1"]], [['"', "\r\n"]],
                                  [["x", "-24.00", "\u221224 %", ",=", "a,=b"]], [],
                                  [["-5.", "x"]], [["-1,2x", "y"]], [["+5%", "-.5", "-\u0663"]],
                                  [["-1,234", "-24.00"]], [["-5 %"]]])
def test_csv_text_edges(rows: list[list[str]]) -> None:
    assert _csv_module(rows) == tables.csv_text(rows)


@needs_openpyxl
def test_no_formula_reaches_a_download() -> None:
    text = "name,completion,target_bonus\n=1+1,120%,10000\n@cmd,abc,1\n"
    out = batch.run_text("bonus", text)
    assert ["'=1+1", "'@cmd"] == names_of(out.csv())
    ws = openpyxl.load_workbook(io.BytesIO(out.xlsx())).active
    assert ["'=1+1", "'@cmd"] == [ws.cell(row=r, column=1).value for r in (2, 3)]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # a full-width ＝ becomes an ASCII = after NFKC inside split: still neutralised
    split = batch.run_text("split", "total,weights,unit\n＝1+1,,yuan\n100,1/1,yuan\n")
    assert not any(c.startswith("=") for r in csv.reader(io.StringIO(split.csv())) for c in r)


@needs_openpyxl
def test_results_workbook_has_numbers_as_numbers() -> None:
    out = batch.run_text("deviation", "project,计划值,实际值\n预热期,500,380\n代码,007,1\n")
    wb = openpyxl.load_workbook(io.BytesIO(out.xlsx("deviation")))
    ws = wb.active
    header = [c.value for c in ws[1]]
    row = {h: c.value for h, c in zip(header, ws[2], strict=False)}
    assert row["deviation_pct"] == -24 and isinstance(row["deviation_pct"], float)
    assert row["计划值"] == 500 and row["project"] == "预热期"
    assert ws.cell(row=3, column=2).value == "007"  # a code keeps its leading zeros
    assert ws.freeze_panes == "A2"


@needs_openpyxl
def test_xlsx_template_round_trip(tmp_path: Path) -> None:
    """Download the template, fill it in (openpyxl, as Excel would), upload, read results."""
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "bonus", "template": True, "format": "xlsx", "lang": "zh"}})))
    wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(reply["result"]["xlsx"])))
    assert ["批量计算"] == wb.sheetnames
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert "完成率" in header and "目标奖金" in header
    # A start date needs its period (bonus proration asks for it): the first quarter.
    values = {"完成率": 1.2, "目标奖金": 10000, "周期": f"{date.today().year}-Q1",
              "入职日期": date(date.today().year, 1, 5)}
    ws.append([values.get(h) for h in header])
    ws.cell(row=2, column=header.index("完成率") + 1).number_format = "0%"
    ws.append([None] * len(header))
    ws.append([0.9 if h == "完成率" else 8000 if h == "目标奖金" else None for h in header])
    buffer = io.BytesIO()
    wb.save(buffer)
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "bonus", "file": base64.b64encode(buffer.getvalue()).decode(),
        "name": "奖金.xlsx", "format": "xlsx"}})))
    assert reply["ok"], reply
    result = reply["result"]
    assert (2, 0, "xlsx") == (result["rows"], result["errors"], result["source"])
    results = openpyxl.load_workbook(io.BytesIO(base64.b64decode(result["xlsx"]))).active
    header = [c.value for c in results[1]]
    totals = [results.cell(row=r, column=header.index("total") + 1).value for r in (2, 3)]
    assert 6400 == totals[1] and 0 < totals[0] < 15000  # started on 5 January: prorated
    started = results.cell(row=2, column=header.index("入职日期") + 1).value
    assert f"{date.today().year}-01-05" == started  # the date cell read as a date
    assert "读取为：Excel 工作簿" in reply["html"]


@needs_openpyxl
def test_template_drop_downs_and_english_headers() -> None:
    data = batch.template_xlsx("deviation", "en")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.title == "Batch"
    header = [c.value for c in ws[1]]
    assert "direction" in header
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    column = openpyxl.utils.get_column_letter(header.index("direction") + 1)
    assert any(k.startswith(column) and "higher" in v and "lower" in v for k, v in lists.items())
    assert all(ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width >= 8
               for i in range(1, len(header) + 1))


@needs_openpyxl
def test_results_to_xlsx_without_computing_again() -> None:
    out = batch.run_text("bonus", "name,completion,target_bonus\n=1+1,120%,10000\n")
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "bonus", "results": out.csv(), "format": "xlsx"}})))
    ws = openpyxl.load_workbook(io.BytesIO(base64.b64decode(reply["result"]["xlsx"]))).active
    assert ws["A2"].value == "'=1+1"
    assert 15000 in [c.value for c in ws[2]]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8"])
def test_web_handle_reads_the_bytes(encoding: str) -> None:
    data = office_file(encoding, ";")
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "bonus", "file": base64.b64encode(data).decode(), "name": "a.csv"}})))
    assert reply["ok"]
    assert (3, 1) == (reply["result"]["rows"], reply["result"]["errors"])
    assert ["张三", "李四", "王五"] == names_of(reply["result"]["csv"])
    assert "分号" in reply["html"]


def test_web_handle_unreadable_file_is_one_error() -> None:
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "bonus", "file": base64.b64encode(bytes(range(128, 256))).decode()}})))
    assert not reply["ok"] and len(reply["errors"]) == 1
    assert "CSV UTF-8" in reply["errors"][0]["en"]
    reply = json.loads(web.handle(json.dumps({"calculator": "batch", "inputs": {
        "calculator": "bonus", "file": "not base64!"}})))
    assert not reply["ok"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
@needs_openpyxl
def test_cli_in_any_encoding_out_xlsx(tmp_path: Path, encoding: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "rows.csv"
    source.write_bytes(office_file(encoding, "\t"))
    out = tmp_path / "out.xlsx"
    assert 0 == main(["bonus", "--in", str(source), "--out", str(out)])
    assert "3 rows, 1 with errors" in capsys.readouterr().err
    ws = openpyxl.load_workbook(out).active
    assert ["张三", "李四", "王五"] == [ws.cell(row=r, column=1).value for r in (2, 3, 4)]


@needs_openpyxl
def test_cli_reads_xlsx_and_writes_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "完成率", "目标奖金", None, None])
    wb.active.append(["张三", "120%", 10000])
    wb.active.append(["=1+1", 1.1, 10000])
    wb.active["B3"].number_format = "0%"
    source = tmp_path / "in.xlsx"
    wb.save(source)
    out = tmp_path / "out.csv"
    assert 0 == main(["bonus", "--csv", str(source), "--out", str(out)])
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("姓名,完成率,目标奖金,")
    assert ",110%," in text  # a percentage cell reads as the percentage shown
    capsys.readouterr()


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.csv"
    source.write_text('name,completion\nA,1\n"B,1\n', encoding="utf-8")
    assert 2 == main(["bonus", "--in", str(source)])
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3" in err and "第 3 行" in err


def test_50000_rows_in_are_50000_rows_out() -> None:
    lines = ["name,plan,actual"] + [f"P{i},{100 + i % 50},{90 + i % 70}" for i in range(50_000)]
    lines[25_000] = ""  # a blank line: reported, not a row
    out = batch.run_bytes("deviation", "\r\n".join(lines).encode("gb18030"))
    assert 49_999 == out.count
    assert [{"line": 25_001, "reason": "blank"}] == out.skipped
    assert out.rows[-1][0] == "P49999"


def _read_record_by_record(text: str, monkeypatch: pytest.MonkeyPatch) -> tables.Table:
    """read_text with its one-go reading turned off: every record read and numbered in turn."""
    with monkeypatch.context() as patched:
        patched.setattr(tables, "_one_line_records", lambda text, sep: None)
        return tables.read_text(text)


@settings(max_examples=200)
@given(csv_rows, st.sampled_from(["\r\n", "\n", "\r"]), st.sampled_from([",", ";", "\t"]))
def test_reading_in_one_go_equals_reading_record_by_record(
        rows: list[list[str]], end: str, sep: str) -> None:
    """The usual file is read in one go (tables._one_line_records); any file, the usual or
    not (blank lines, cells over several lines, ragged rows), reads the same either way:
    the same header, rows, line numbers and lines skipped, or the same error."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=end).writerows([["h1", "h2"], *rows])
    text = buffer.getvalue()
    with pytest.MonkeyPatch.context() as monkeypatch:
        try:
            slow: tables.Table | str = _read_record_by_record(text, monkeypatch)
        except CalculatorError as exc:
            slow = exc.message("en")
    try:
        quick: tables.Table | str = tables.read_text(text)
    except CalculatorError as exc:
        quick = exc.message("en")
    assert quick == slow


@pytest.mark.parametrize("text, lines", [
    ("a,b\r\n1,2\r\n3,4\r\n", [2, 3]),  # the usual file: read in one go
    ("a,b\n1,2\n\n3,4\n", [2, 4]),  # a blank line: counted, the next row on line 4
    ('a,b\n"1\n1",2\n3,4\n', [2, 4]),  # a cell over two lines
    ("a,b\n1,2,3\n4\n", [2, 3]),  # ragged rows
])
def test_rows_keep_the_line_they_start_on(text: str, lines: list[int]) -> None:
    assert tables.read_text(text).lines == lines

"""Command line, run from the repository root:

    python -m calculators bonus --completion 120% --target-bonus 10000 [--json]
    python -m calculators split --total 5000万 --period 2026-Q3 --into month
    python -m calculators deviation --plan 500 --actual 380 --direction higher
    python -m calculators deviation --in rows.csv [--out results.xlsx]   (--csv = --in)

Options are the form input names with - for _. Exit status 2 with a one-line bilingual
error on bad input ("error: … / 错误：…"); batch mode (--in, alias --csv) reports bad rows
inside the output instead. It reads a CSV in any encoding and separator an office writes,
or an .xlsx (calculators.tables: the same reading as the browser's), and writes CSV
(UTF-8 with a BOM) or, for an --out ending in .xlsx, a workbook.

The output is written in whatever the console's encoding can show: on a GBK (or ASCII)
console a character it lacks is replaced by a plain equivalent (− as -, × as x, ¥ as ￥),
and by "?" as a last resort; JSON falls back to \\u escapes instead, which lose nothing.
When the reader closes the pipe early (`| head`), the command stops quietly.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Any, NoReturn

from . import batch
from .errors import CalculatorError, PolicyError
from .registry import CALCULATORS, Calculator

# ---------------------------------------------------------------- console ---

# Plain stand-ins for characters a console encoding may lack, best first.
_FALLBACKS = {
    "\u2212": ("-",), "\u2013": ("-",), "\u2014": ("--",), "\u00d7": ("x",),
    "\u2026": ("...",), "\u2265": (">=",), "\u2264": ("<=",), "\u00b7": (".",),
    "\u00a5": ("\uffe5", "CNY "), "\u00b1": ("+/-",), "\u2192": ("->",),
    "\u201c": ('"',), "\u201d": ('"',), "\u2018": ("'",), "\u2019": ("'",),
    "\u2248": ("~",), "\u2030": ("0/00",), "\u00a0": (" ",), "\u3000": (" ",),
    "\u2009": (" ",), "\u202f": (" ",),
}


def _console_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the encoding lacks becomes its plain stand-in,
    or "?" (what errors="replace" writes)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        for alt in (*_FALLBACKS.get(ch, ()), "?"):
            try:
                alt.encode(exc.encoding)
            except (UnicodeError, LookupError):
                continue
            out.append(alt)
            break
    return "".join(out), exc.end


codecs.register_error("handbook-console", _console_fallback)


def _console(stream: IO[str]) -> None:
    """Let the stream write anything: what its encoding lacks gets a stand-in."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="handbook-console")
        except (ValueError, OSError, TypeError):  # pragma: no cover - a detached stream
            pass


def _can_show(text: str, stream: IO[str]) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except UnicodeEncodeError:
        return False
    except LookupError:  # pragma: no cover - an encoding Python does not know
        return True
    return True


def _print_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not _can_show(text, sys.stdout):  # \u escapes: still the same JSON, nothing lost
        text = json.dumps(data, ensure_ascii=True, indent=2)
    print(text)


# ------------------------------------------------------------------ usage ---

class _UsageError(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


# argparse's messages, in Chinese for the second half of the one-line error.
_USAGE_ZH = (
    (re.compile(r"^unrecognized arguments: (.*)$"), "无法识别的参数：{0}"),
    (re.compile(r"^the following arguments are required: (.*)$"), "缺少必填参数：{0}"),
    (re.compile(r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$"),
     "参数 {0} 的取值 {1} 无效（可选：{2}）"),
    (re.compile(r"^argument (\S+): expected one argument$"), "参数 {0} 需要一个值"),
    (re.compile(r"^argument (\S+): ignored explicit argument (.*)$"), "参数 {0} 不接受值 {1}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"), "选项 {0} 不明确，可能是：{1}"),
)


def _usage_zh(message: str) -> str:
    for pattern, zh in _USAGE_ZH:
        match = pattern.match(message)
        if match:
            return zh.format(*match.groups())
    return f"命令行参数有误（{message}）"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise _Exit(status)  # --help: main() returns 0 instead of raising SystemExit


def _options(parser: argparse.ArgumentParser, entry: Calculator) -> None:
    for f in entry.fields:
        parser.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, default=None,
                            help=f.cli.replace("%", "%%"))
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="explanation language")
    parser.add_argument("--in", "--csv", dest="csv", metavar="FILE",
                        help="batch mode: a .csv (UTF-8, GBK/GB18030 or UTF-16; comma, "
                        "semicolon or tab) or .xlsx file, one row per line (- = stdin)")
    parser.add_argument("--out", metavar="FILE", help="batch mode: write the results here, "
                        ".xlsx or .csv by the extension (default: CSV on stdout)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _error(en: str, zh: str) -> int:
    print(f"error: {_one_line(en)} / 错误：{_one_line(zh)}", file=sys.stderr)
    return 2


def _print_result(entry: Calculator, result: Any, lang: str) -> None:
    """The explanation, then the result's figures: the same lines as "copy the result"."""
    for i, step in enumerate(result.steps, 1):
        print(f"{i}. {getattr(step, lang)}")
    for line in entry.text(result.as_json(), lang, None):
        print(line)


def _batch(command: str, args: argparse.Namespace) -> int:
    data = sys.stdin.buffer.read() if args.csv == "-" else Path(args.csv).read_bytes()
    table = batch.read_file(data, args.csv)
    for skip in table.skipped:
        reason = skip["reason"]
        zh = "空行" if reason == "blank" else "无法读取"
        print(f"line {skip['line']}: {reason}, skipped / 第 {skip['line']} 行：{zh}，已跳过",
              file=sys.stderr)
    if args.json:
        batch.check_columns(command, table.header)
        _print_json(list(batch.run_rows(command, table.header, table.rows)))
        return 0
    out = batch.run_table(command, table)
    if args.out and Path(args.out).suffix.lower() == ".xlsx":
        Path(args.out).write_bytes(out.xlsx(sheet=command))
    elif args.out:  # BOM: Excel then reads the UTF-8
        Path(args.out).write_text(out.csv(), encoding="utf-8-sig", newline="")
    else:
        sys.stdout.write(out.csv())
    skipped = len(table.skipped)
    print(f"{out.count} rows, {out.errors} with errors, {skipped} lines skipped / "
          f"共 {out.count} 行，{out.errors} 行有错误，跳过 {skipped} 行", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status: 0, or 2 on bad input (1 if the pipe closed)."""
    _console(sys.stdout)
    _console(sys.stderr)
    try:
        status = _main(argv)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Point stdout at devnull so the
        # interpreter's own flush at exit does not fail again (the recipe of the Python
        # docs, "Note on SIGPIPE").
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # no real file behind stdout
            pass
        return 1


def _main(argv: list[str] | None) -> int:
    parser = _Parser(prog="python -m calculators",
                     description="Handbook calculators: bonus tiers, target splits, deviation "
                                 "checks")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, entry in CALCULATORS.items():
        _options(sub.add_parser(name, help=f"{entry.title['en']} ({entry.title['zh']})"), entry)
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        message = _one_line(str(exc))
        return _error(message, _usage_zh(message))
    except _Exit as exc:
        return exc.status
    entry = CALCULATORS[args.command]
    try:
        if args.csv:
            return _batch(args.command, args)
        result = entry.run({name: getattr(args, name) for name in entry.inputs})
    except CalculatorError as exc:
        return _error(f"{exc.field}: {exc.en}", f"{exc.field}：{exc.zh}")
    except PolicyError as exc:
        where = f"{exc.file}: {exc.path}" if exc.path else exc.file
        return _error(f"{where}: {exc.en}", f"{where}：{exc.zh or exc.en}")
    except OSError as exc:
        return _error(f"csv: {exc}", f"csv：无法读写文件（{exc.strerror or exc}）")
    if args.json:
        _print_json(result.as_json())
    else:
        _print_result(entry, result, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())

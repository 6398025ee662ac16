"""Command line, run from the repository root:

    python -m calculators bonus --completion 120% --target-bonus 10000 [--json]
    python -m calculators split --total 5000万 --period 2026-Q3 --into month
    python -m calculators deviation --plan 500 --actual 380 --direction higher
    python -m calculators deviation --in rows.csv [--out results.xlsx]   (--csv = --in)

Options are the form input names with - for _. Exit status 2 with a one-line error on
bad input, in English (argparse's language) and in the --lang language when that is
another ("error: … / 错误：…"); batch mode (--in, alias --csv) reports bad rows
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
from .i18n import DEFAULT, LANGUAGES, Msg, as_json, pick
from .registry import CALCULATORS, Calculator
from .words import Lazy

# argparse writes its messages in English: every error line starts with them.
ARGPARSE_LANG = "en"

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


# argparse's (English) messages -> the catalog's id in every language, with the parts.
_USAGE = (
    (re.compile(r"^unrecognized arguments: (?P<args>.*)$"), "cli.usage_unrecognized"),
    (re.compile(r"^the following arguments are required: (?P<args>.*)$"), "cli.usage_required"),
    (re.compile(r"^argument (?P<arg>\S+): invalid choice: (?P<value>.*?) "
                r"\(choose from (?P<choices>.*)\)$"), "cli.usage_choice"),
    (re.compile(r"^argument (?P<arg>\S+): expected one argument$"), "cli.usage_one"),
    (re.compile(r"^argument (?P<arg>\S+): ignored explicit argument (?P<value>.*)$"),
     "cli.usage_no_value"),
    (re.compile(r"^ambiguous option: (?P<arg>\S+) could match (?P<choices>.*)$"),
     "cli.usage_ambiguous"),
)


def _usage(message: str) -> Msg:
    for pattern, msg_id in _USAGE:
        match = pattern.match(message)
        if match:
            return Msg(msg_id, **match.groupdict())
    return Msg("cli.usage_other", message=message)


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
    # (default None: a --lang given before the calculator's name must not be overwritten
    # by this parser's default; _main settles the language)
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=f"explanation language (default: {DEFAULT})")
    parser.add_argument("--in", "--csv", dest="csv", metavar="FILE",
                        help="batch mode: a .csv (UTF-8, GBK/GB18030 or UTF-16; comma, "
                        "semicolon or tab) or .xlsx file, one row per line (- = stdin)")
    parser.add_argument("--out", metavar="FILE", help="batch mode: write the results here, "
                        ".xlsx or .csv by the extension (default: CSV on stdout)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _line(msg: Msg, lang: str) -> str:
    """One line: the message in argparse's English, then in `lang` when that is another."""
    codes = dict.fromkeys([ARGPARSE_LANG, lang])
    return " / ".join(_one_line(msg.text(code)) for code in codes)


def _error(message: Msg, lang: str) -> int:
    print(_line(Msg("cli.error", message=message), lang), file=sys.stderr)
    return 2


def _lang_of(argv: list[str]) -> str:
    """The --lang of a command line argparse refused (its errors need a language too)."""
    for i, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else \
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None
        if value in LANGUAGES:
            return value
    return DEFAULT


def _step_text(step: object, lang: str) -> str:
    if isinstance(step, Msg):
        return step.text(lang)
    texts = as_json(step)  # a step not yet in the catalog: its zh / en pair
    return texts.get(lang) or texts[DEFAULT]


def _print_result(entry: Calculator, result: Any, lang: str) -> None:
    """The explanation, then the result's figures: the same lines as "copy the result"."""
    for i, step in enumerate(result.steps, 1):
        print(f"{i}. {_step_text(step, lang)}")
    for line in entry.text(result.as_json(), lang, None):
        print(line)


def _batch(command: str, args: argparse.Namespace) -> int:
    data = sys.stdin.buffer.read() if args.csv == "-" else Path(args.csv).read_bytes()
    table = batch.read_file(data, args.csv)
    for skip in table.skipped:
        print(_line(Msg("cli.skipped", line=skip["line"],
                        reason=Msg(f"cli.reason_{skip['reason']}")), args.lang), file=sys.stderr)
    if args.json:
        batch.check_columns(command, table.header)
        _print_json(list(batch.run_rows(command, table.header, table.rows, lang=args.lang)))
        return 0
    out = batch.run_table(command, table, lang=args.lang)
    if args.out and Path(args.out).suffix.lower() == ".xlsx":
        Path(args.out).write_bytes(out.xlsx(sheet=command))
    elif args.out:  # BOM: Excel then reads the UTF-8
        Path(args.out).write_text(out.csv(), encoding="utf-8-sig", newline="")
    else:
        sys.stdout.write(out.csv())
    skipped = len(table.skipped)
    print(_line(Msg("cli.summary", rows=out.count, errors=out.errors, skipped=skipped),
                args.lang), file=sys.stderr)
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
    parser.add_argument("--lang", dest="lang_first", choices=LANGUAGES, default=None,
                        help="explanation language (before or after the calculator's name)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, entry in CALCULATORS.items():
        title = f"{pick(entry.title, ARGPARSE_LANG)} ({pick(entry.title, DEFAULT)})"
        _options(sub.add_parser(name, help=title), entry)
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        return _error(_usage(_one_line(str(exc))),
                      _lang_of(sys.argv[1:] if argv is None else argv))
    except _Exit as exc:
        return exc.status
    args.lang = args.lang or args.lang_first or DEFAULT  # after the name wins, as typed last
    entry = CALCULATORS[args.command]
    try:
        if args.csv:
            return _batch(args.command, args)
        result = entry.run({name: getattr(args, name) for name in entry.inputs})
    except CalculatorError as exc:
        return _error(Msg("cli.field_error", field=exc.field, message=Lazy(exc.message)),
                      args.lang)
    except PolicyError as exc:  # for the policy owner: in the data's own two languages
        where = f"{exc.file}: {exc.path}" if exc.path else exc.file
        texts = {"en": exc.en, "zh": exc.zh or exc.en}
        return _error(Msg("cli.field_error", field=where,
                          message=Lazy(lambda code: pick(texts, code))), args.lang)
    except OSError as exc:
        return _error(Msg("cli.field_error", field="csv",
                          message=Msg("cli.file_error", reason=str(exc))),
                      args.lang)
    if args.json:
        _print_json(result.as_json())
    else:
        _print_result(entry, result, args.lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())

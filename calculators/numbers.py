"""Read numbers the way people type them: 120%, 1.2, 1,200, １２０％, 5000万, 1.5亿.

All parsing returns Decimal (never float) or raises CalculatorError naming the field.
Exponents, NaN and Infinity are not numbers here: people do not type them, and
letting them through would let a stray "1e999" or "nan" reach the arithmetic.
Digits are ASCII after NFKC folding (full-width １２０ is read; other scripts' digits,
such as ١٢٣, are not: they are refused rather than guessed).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache, wraps
from typing import TypeVar

from .errors import CalculatorError
from .i18n import Msg

T = TypeVar("T")
Parser = Callable[[object, str], T]


def cached_for_text(maxsize: int) -> Callable[[Parser[T]], Parser[T]]:
    """A parser of (value, field) whose results for text are kept (an LRU cache of
    `maxsize`): a batch file types the same figures, dates and periods over and over, and
    what they parse to (Decimal, date, Period) is immutable. Only text is cached, since an
    int 1 and True would share a key; an error is not cached, so it is raised afresh."""
    def wrap(parse: Parser[T]) -> Parser[T]:
        cached = lru_cache(maxsize=maxsize)(parse)

        @wraps(parse)
        def parse_value(value: object, field: str) -> T:
            if type(value) is str:
                return cached(value, field)
            return parse(value, field)
        return parse_value
    return wrap

CENT = Decimal("0.01")
# Input vocabulary (what readers type, in any page language), not words shown to them:
# the Chinese multipliers, and the scale each one stands for in display.amount().
_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "w": Decimal(10_000)}
_SCALE_OF = {"万": "万", "亿": "亿", "w": "万"}
# English multipliers as people type them: 20k, 1.5m, 2M, 3bn (after lower-casing).
_EN_UNITS = {"k": Decimal(1_000), "m": Decimal(1_000_000), "mn": Decimal(1_000_000),
             "b": Decimal(1_000_000_000), "bn": Decimal(1_000_000_000)}
_EN_SUFFIX = re.compile(r"^(.*\d)(k|mn|m|bn|b)$", re.ASCII)
# "20.000" or "1.500": a dot followed by exactly three digits after 1-3 leading digits is
# a thousands separator in much of Europe and a decimal point in China and the UK. It is
# never guessed: the reader is asked (0.125 and 20.5 are not ambiguous).
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}\.\d{3}$", re.ASCII)
# Input vocabulary: a thousands comma, typed in ASCII or full width, settles the doubt.
_GROUPING = (",", "，")
# A plain ASCII decimal of at most 15 whole digits (below LIMIT): read without folding.
_PLAIN = re.compile(r"\d{1,15}(?:\.\d{1,12})?", re.ASCII)
_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_DIGITS)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
# Bare numbers up to this are read as ratios (1.2 = 120 %); above it as percent points.
RATIO_LIMIT = Decimal(3)
# Largest magnitude accepted: 1,000 万亿 (1e15). Far beyond any real figure, and it keeps
# every product and quotient inside Decimal's default 28 digits, so rounding to the fen
# can never overflow (a 40-digit amount would make quantize() raise InvalidOperation).
LIMIT = Decimal(10) ** 15
_LIST_SEPARATORS = re.compile(r"[/;|、\n]+")
# (input vocabulary: 2026年7月15日)
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")

# Input vocabulary: separators and currency marks dropped before reading a number.
_JUNK = str.maketrans({c: None for c in ", \u00a0\u3000_¥￥元"})
# Input vocabulary in 繁體中文: the Traditional forms (OpenCC s2tw, as the zh-Hant edition
# shows them) of the characters of the calculators' Chinese input vocabulary, read as the
# Simplified ones, so that 5000萬, 1.5億, 按週 or a column 計劃值 typed on a zh-Hant page
# is understood. tests/unit/test_hant.py checks that it covers every such character.
_HANT_INPUT = str.maketrans(
    "億別劃員圍團實專對崗張彈復應戶據數於時業構標權沒為營獎獲碼稱節範籤組結編績義職萬複計評語誤請趙週進過選銷錢錯鍵閉開間隊際雙項須",
    "亿别划员围团实专对岗张弹复应户据数于时业构标权没为营奖获码称节范签组结编绩义职万复计评语误请赵周进过选销钱错键闭开间队际双项须")


def simplified(text: str) -> str:
    """`text` with the Traditional forms of input-vocabulary characters made Simplified
    (for parsing only: names and other text a reader typed are kept as typed)."""
    return text.translate(_HANT_INPUT)


def _clean(text: str) -> str:
    if type(text) is str:
        return _clean_text(text)
    return _clean_text.__wrapped__(str(text))  # (an int 1 and True would share a key)


@lru_cache(maxsize=8192)  # a batch file types the same figures and words over and over
def _clean_text(text: str) -> str:
    if not text.isascii():  # NFKC folds full-width digits, ％ and ，into their ASCII forms
        text = simplified(unicodedata.normalize("NFKC", text)).replace("−", "-")
    text = text.strip().lower().translate(_JUNK)
    if "rmb" in text or "cny" in text:
        text = text.replace("rmb", "").replace("cny", "")
    return text


def _not_a_number(field: str, original: str) -> CalculatorError:
    shown = original if len(original) <= 40 else original[:40] + "…"
    return CalculatorError(field, Msg("numbers.not_a_number", value=shown))


def _decimal(text: str, field: str, original: str) -> Decimal:
    if not _NUMBER.match(text):
        raise _not_a_number(field, original)
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already rules this out
        raise _not_a_number(field, original) from None
    return _in_range(number, field, original)


def _ambiguous(text: str, field: str, original: str) -> None:
    if _AMBIGUOUS.match(text) and not any(mark in original for mark in _GROUPING):
        whole, frac = text.lstrip("+-").split(".")
        short = f"{whole}.{frac.rstrip('0')}" if frac.rstrip("0") else whole
        raise CalculatorError(field, Msg("numbers.ambiguous", value=original[:40],
                                         thousands=f"{whole}{frac}", grouped=f"{whole},{frac}",
                                         decimal=short))


def _in_range(number: Decimal, field: str, original: str) -> Decimal:
    if abs(number) > LIMIT:
        raise CalculatorError(field, Msg("numbers.too_large", value=original[:40]))
    return number


# An input not given at all, as batch_row paths test it (`cell in ABSENT`): not "any
# blank" ("  " is blank but takes the calculator's general path, which reads it).
ABSENT = (None, "")


def is_blank(value: object) -> bool:
    """An omitted input: None or text with nothing but spaces (the browser sends "")."""
    if value is None or value == "":
        return True
    if type(value) is str and value[0] in _DIGITS:  # a digit is never cleaned away
        return False
    return isinstance(value, str) and not _clean(value)


def has_unit_suffix(value: object) -> bool:
    """Whether the text carries a 万 / 亿 / w multiplier (so it is an absolute amount)."""
    if type(value) is str and value[-1:] in _DIGIT_SET:  # ends in a digit: no multiplier
        return False
    text = _clean("" if value is None else str(value))
    return bool(text) and text[-1] in _UNITS


def typed_scale(value: object) -> str:
    """The Chinese multiplier the reader typed: "亿" for 1.5亿, "万" for 5000万 or 5w, else ""."""
    if type(value) is str and value[-1:] in _DIGIT_SET:  # ends in a digit: no multiplier
        return ""
    text = _clean("" if value is None else str(value))
    return _SCALE_OF.get(text[-1], "") if text else ""


@cached_for_text(8192)
def parse_amount(value: object, field: str) -> Decimal:
    """An amount in 元 (or a count): accepts 1,200 / 5000万 / 1.5亿 / ¥300 / full-width digits,
    and English multipliers 20k / 1.5m / 2M / 3bn. "20.000" is ambiguous: an error that asks.

    Magnitudes above 10^15 are refused with a CalculatorError (see LIMIT).
    """
    if type(value) is str and value.isascii() and value.isdigit() and len(value) <= 15:
        return Decimal(value)  # the common case, "12000": skip the folding below
    if type(value) is str and _PLAIN.fullmatch(value) and not _AMBIGUOUS.match(value):
        return Decimal(value)  # "1234.5": nothing to fold, no multiplier, within LIMIT
    if type(value) is str and value[-1:] in _UNITS and value[:-1].isascii() \
            and value[:-1].isdigit():  # "3000万": the path below, without its folding
        return _in_range(Decimal(value[:-1]) * _UNITS[value[-1]], field, value)
    original = "" if value is None else str(value)
    text = _clean(original)
    if not text:
        raise CalculatorError(field, Msg("numbers.required"))
    if text[-1] in _UNITS:
        factor = _UNITS[text[-1]]
        return _in_range(_decimal(text[:-1], field, original) * factor, field, original)
    suffix = _EN_SUFFIX.match(text)
    if suffix:
        factor = _EN_UNITS[suffix.group(2)]
        return _in_range(_decimal(suffix.group(1), field, original) * factor, field, original)
    _ambiguous(text, field, original)
    return _decimal(text, field, original)


def parse_percent(value: object, field: str) -> Decimal:
    """A rate in percent points: "120%", "120" and "1.2" all mean 120 %.

    Magnitudes above 10^15 are refused with a CalculatorError (see LIMIT).
    """
    if type(value) is str and _PLAIN.fullmatch(value):  # "1.2345", "120": nothing to fold
        number = Decimal(value)  # (within LIMIT, never negative: what _decimal gives)
        return number * 100 if number <= RATIO_LIMIT else number
    original = "" if value is None else str(value)
    text = _clean(original)
    if not text:
        raise CalculatorError(field, Msg("numbers.required"))
    if text.endswith("%"):
        return _decimal(text[:-1], field, original)
    number = _decimal(text, field, original)
    return number * 100 if abs(number) <= RATIO_LIMIT else number


def parse_int(value: object, field: str, minimum: int = 0, maximum: int = 10_000) -> int:
    """A whole count (days, parts): "30", "３０", "1,000"; outside [minimum, maximum]: an error."""
    number = parse_amount(value, field)
    if number != number.to_integral_value():
        raise CalculatorError(field, Msg("numbers.not_whole", value=f"{value!s:.40}"))
    if not minimum <= number <= maximum:
        raise CalculatorError(field, Msg("numbers.out_of_range", minimum=minimum,
                                         maximum=maximum))
    return int(number)


@cached_for_text(4096)  # a batch file's date columns repeat
def parse_date(value: object, field: str) -> dt.date:
    """A date as people type it: 2026-07-15, 2026/7/15, 2026.7.15, 2026年7月15日."""
    original = "" if value is None else str(value)
    text = _clean(original)
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CalculatorError(field, Msg("numbers.not_a_date", value=original[:40]))


def split_list(value: object) -> list[str]:
    """Split a typed list: "16,17,17", "1,600 / 1,700 / 1,700", "a；b", one per line.

    Slashes, semicolons, 、 and new lines separate items (then commas may be thousands
    separators); without any of them, commas separate items. Blank items are kept as ""
    so positions line up (an empty start date means "no date").
    """
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    if not text:
        return []
    parts = _LIST_SEPARATORS.split(text) if _LIST_SEPARATORS.search(text) else text.split(",")
    return [p.strip() for p in parts]


def choice(value: object, field: str, options: dict[str, str], default: str | None = None) -> str:
    """One of a fixed set of words; options maps every accepted spelling to its key."""
    text = _fold("" if value is None else str(value))
    if not text and default is not None:
        return default
    if text in options:
        return options[text]
    keys = ", ".join(dict.fromkeys(options.values()))
    raise CalculatorError(field, Msg("numbers.not_one_of", value=str(value)[:40], options=keys))


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """A choice as typed, folded lightly: _clean would strip 元 from "万元"."""
    return "".join(simplified(unicodedata.normalize("NFKC", text)).lower().split())


def half_up(value: Decimal, quantum: Decimal) -> Decimal:
    """`value` rounded half-up to `quantum` (0.01, 1), a zero never negative (-0.00 -> 0.00).

    The rounding mode goes by position: quantize() parses a keyword argument more slowly
    than it rounds, and batch mode rounds several figures a row. Adding 0 to a zero is what
    drops its sign; any other figure is already the one it would give.
    """
    rounded = value.quantize(quantum, ROUND_HALF_UP)
    return rounded if rounded else rounded + 0


def money(amount: Decimal) -> Decimal:
    """The handbook's rounding rule: half-up to 0.01 元, applied once, at the end."""
    return half_up(amount, CENT)


def fixed2(value: Decimal) -> str:
    """Decimals in JSON and in <output> elements: a string with two places ("150.00")."""
    if type(value) is Decimal:  # batch mode's most made cell: the usual cases inline
        text = str(value)
        if len(text) <= 26:  # (see fixed)
            if text.isdigit():  # a whole number ("100", "0"): two zero places added
                return text + ".00"
            if text[-3:-2] == "." and "E" not in text and text != "-0.00":  # two places
                return text
    return fixed(value, 2)


def fixed(value: Decimal, places: int) -> str:
    """A decimal string with the given places, half-up ("1667", "416.67")."""
    if type(value) is Decimal:
        text = str(value)
        # Already rounded to its places (most figures are): the text is the rounding's, if
        # it is plain notation (no exponent), not a negative zero, and short of quantize()'s
        # 28 digits (beyond them quantize() raises, as it should).
        if "E" not in text and len(text) <= 26 and (
                text[-places - 1:-places] == "." if places else "." not in text) and (
                text[0] != "-" or text.strip("-0.")):
            return text
    else:
        value = Decimal(value)
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return str(half_up(value, quantum))


_QUANTA = {p: Decimal(1).scaleb(-p) for p in range(9)}

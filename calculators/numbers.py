"""Read numbers the way people type them: 120%, 1.2, 1,200, １２０％, 5000万, 1.5亿.

All parsing returns Decimal (never float) or raises CalculatorError naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import CalculatorError

CENT = Decimal("0.01")
_UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "w": Decimal(10_000)}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# Bare numbers up to this are read as ratios (1.2 = 120 %); above it as percent points.
RATIO_LIMIT = Decimal(3)


def _clean(text: str) -> str:
    # NFKC folds full-width digits, ％ and ，into their ASCII forms.
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    for junk in (",", " ", "\u00a0", "_", "¥", "￥", "元", "rmb", "cny"):
        text = text.replace(junk, "")
    return text.replace("−", "-")


def _decimal(text: str, field: str, original: str) -> Decimal:
    if not _NUMBER.match(text):
        raise CalculatorError(
            field,
            f"{original!r} is not a number",
            f"“{original}”不是有效的数字",
        )
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already rules this out
        raise CalculatorError(field, f"{original!r} is not a number",
                              f"“{original}”不是有效的数字") from None


def parse_amount(value: object, field: str) -> Decimal:
    """An amount in 元 (or a count): accepts 1,200 / 5000万 / 1.5亿 / ¥300 / full-width digits."""
    original = "" if value is None else str(value)
    text = _clean(original)
    if not text:
        raise CalculatorError(field, "a value is required", "请填写此项")
    factor = Decimal(1)
    if text and text[-1] in _UNITS:
        factor = _UNITS[text[-1]]
        text = text[:-1]
    return _decimal(text, field, original) * factor


def parse_percent(value: object, field: str) -> Decimal:
    """A rate in percent points: "120%", "120" and "1.2" all mean 120 %."""
    original = "" if value is None else str(value)
    text = _clean(original)
    if not text:
        raise CalculatorError(field, "a value is required", "请填写此项")
    if text.endswith("%"):
        return _decimal(text[:-1], field, original)
    number = _decimal(text, field, original)
    return number * 100 if abs(number) <= RATIO_LIMIT else number


def money(amount: Decimal) -> Decimal:
    """The handbook's rounding rule: half-up to 0.01 元, applied once, at the end."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def fixed2(value: Decimal) -> str:
    """Decimals in JSON and in <output> elements: a string with two places ("150.00")."""
    return str(money(Decimal(value)))

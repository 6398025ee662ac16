"""Hypothesis strategies shared by the unit tests: inputs the way people type them,
and the junk they sometimes type instead."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

FULL_WIDTH = str.maketrans("0123456789.%,", "０１２３４５６７８９．％，")

# Text that looks like a number but is not one here (NaN-like, exponents, stray symbols).
NAN_LIKE = [
    "nan", "NaN", "-nan", "inf", "Infinity", "-Infinity", "1e5", "1E-3", "１e３", "sNaN",
    "", " ", "　", "--1", "1..2", "1.2.3", "%", "万", "亿", "12%%", "½", "Ⅻ", "0x10",
    "1,2,3%", "元", "¥", "None", "null", "true", "[]", "{}", "1/2", "∞", "١٢٣", "9" * 40,
    "1" + "0" * 16, "-" + "9" * 20 + "万",
]

nan_like = st.sampled_from(NAN_LIKE)


def decimals(lo: str = "0", hi: str = "1000000", places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(lo), max_value=Decimal(hi), places=places,
                       allow_nan=False, allow_infinity=False)


def _typed(number: Decimal, suffix: str, commas: bool, full: bool, spaces: bool) -> str:
    text = f"{number:,f}" if commas else f"{number:f}"
    text += suffix
    if full:
        text = text.translate(FULL_WIDTH)
    return f" {text} " if spaces else text


def typed(numbers: st.SearchStrategy[Decimal], suffixes: tuple[str, ...] = ("",)
          ) -> st.SearchStrategy[str]:
    """A number typed with optional thousands commas, full-width digits and spaces."""
    return st.builds(_typed, numbers, st.sampled_from(suffixes), st.booleans(), st.booleans(),
                     st.booleans())


percents = typed(decimals("0", "400"), ("%",))
amounts = typed(decimals("0", "10000000"), ("", "元", "万"))

# Anything at all a form field may send: text, junk, typed numbers, or nothing.
anything = st.one_of(st.none(), st.text(max_size=30), nan_like, percents, amounts,
                     st.integers(), st.floats(allow_nan=True))

directions = st.sampled_from(["higher", "lower", "both"])

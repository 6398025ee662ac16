"""Hypothesis strategies shared by the unit tests: inputs the way people type them,
and the junk they sometimes type instead."""

from __future__ import annotations

import datetime as dt
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


# ------------------------------------------------------- display, calendar ---

def signed_decimals(limit: str = "1000000000", places: int = 4) -> st.SearchStrategy[Decimal]:
    """Decimals of either sign (display shows a negative with U+2212)."""
    return decimals(f"-{limit}", limit, places)


langs = st.sampled_from(["zh", "en"])

# Dates inside the calendar's range (calculators.calendar.MIN_YEAR .. MAX_YEAR).
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
years = st.integers(1900, 2200)
# A period as people type it, with its (kind, year, number): 2026, 2026-Q3, 2026年7月 ...
QUARTER_FORMS = ("{y}-Q{q}", "{y}Q{q}", "{y} q{q}", "{y}年第{q}季度", "{y}年{cn}季度")
MONTH_FORMS = ("{y}-{m:02d}", "{y}/{m}", "{y}.{m:02d}", "{y}年{m}月")
CN = {1: "一", 2: "二", 3: "三", 4: "四"}


@st.composite
def typed_periods(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """(text, kind, year, quarter or month; 0 for a year)."""
    year = draw(years)
    kind = draw(st.sampled_from(["year", "quarter", "month"]))
    if kind == "year":
        return draw(st.sampled_from([f"{year}", f"{year}年"])), kind, year, 0
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        form = draw(st.sampled_from(QUARTER_FORMS))
        return form.format(y=year, q=q, cn=CN[q]), kind, year, q
    m = draw(st.integers(1, 12))
    return draw(st.sampled_from(MONTH_FORMS)).format(y=year, m=m), kind, year, m


# ------------------------------------------------------------------ charts ---

@st.composite
def bonus_rules(draw: st.DrawFn) -> dict[str, object]:
    """A valid bonus ladder (data/bonus.toml's schema): completion strictly increasing,
    payout never decreasing, any mode."""
    n = draw(st.integers(2, 6))
    steps = draw(st.lists(st.integers(1, 60), min_size=n, max_size=n))
    start = draw(st.integers(0, 120))
    completions = [start + sum(steps[: i + 1]) for i in range(n)]
    raises = draw(st.lists(st.integers(0, 80), min_size=n, max_size=n))
    payouts = [sum(raises[: i + 1]) for i in range(n)]
    return {
        "mode": draw(st.sampled_from(["step", "linear", "marginal"])),
        "threshold_pct": Decimal(draw(st.integers(0, completions[0]))),
        "cap_pct": Decimal(draw(st.integers(max(payouts[-1], 1), max(payouts[-1], 1) + 200))),
        "ladder": [{"completion_pct": Decimal(c), "payout_pct": Decimal(p), "source": "company"}
                   for c, p in zip(completions, payouts, strict=True)],
    }


# Labels of split parts: any text, markup and quotes included (the chart escapes them).
part_labels = st.text(min_size=0, max_size=20)

# Cells of a batch download: every character that decides how csv.writer quotes a cell or
# neutral() treats it, among ordinary text and numbers as the calculators write them.
csv_cells = st.one_of(
    st.text(alphabet=st.sampled_from([*',"\r\n\t =+-@＝＋－＠−%. ', "a", "张", "1", "0"]),
            max_size=8),
    st.sampled_from(["", "-24.00", "\u221224 %", "1,234", "18000.00", "P12"]),
    st.from_regex("[-+\u2212=]?[0-9]{0,4}[.,]?[0-9]{0,3}[ %]{0,2}", fullmatch=True))  # figures
csv_rows = st.lists(st.lists(csv_cells, max_size=6), max_size=6)

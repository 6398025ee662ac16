"""Numbers as the reader sees them: one set of rules for every explanation, page and chart.

The JSON of a result keeps plain machine strings ("-24.00", "12000.00"); everything a
person reads goes through here, in the page's language. The words and the rules of each
language are in the message catalog's [display] table (calculators/catalog/<lang>.toml),
so a language is added there, not here:

| what            | zh (zh-Hant: 萬, 億)  | en               |
|-----------------|-----------------|------------------|
| number          | 12,000.00       | 12,000.00        |
| negative        | −24.00 (U+2212) | −24.00           |
| percent         | −24.00%         | −24.00 %         |
| amount in 元     | 12,000.00 元     | ¥12,000.00       |
| amount in 万元   | 1,600 万元       | ¥16 million      |

`display.system` says how a language counts large numbers: "myriad" (in 万 and 亿, as
Chinese readers do) or "western" (in millions and billions). Every language writes a
negative number with the real minus sign (U+2212), before any currency sign.

`places=None` keeps the number's own decimals without trailing zeros (8,000, 87.5);
an int gives fixed places (half-up). Standard library only (runs in Pyodide).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .i18n import pick, t

MINUS = "\u2212"


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value).replace(MINUS, "-").replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def num(value: object, places: int | None = None, *, sign: bool = False) -> str:
    """12000 -> "12,000"; -120 -> "−120"; places=2 -> "12,000.00"; sign=True -> "+5".

    Text that is not a number comes back unchanged (a label, an empty cell)."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return "" if value is None else str(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    else:
        d = d.normalize()
    d += 0  # -0.00 -> 0.00
    text = f"{abs(d):,f}"
    if d < 0:
        return MINUS + text
    return "+" + text if sign and d > 0 else text


def _myriad(lang: str) -> bool:
    """Does this language count large numbers in 万 and 亿 (else in millions)?"""
    return t("display.system", lang) == "myriad"


def _signed(template: str, figure: str, lang: str, **params: object) -> str:
    """A catalog template with the minus sign apart from the figure (−¥5.00, −5.00 元).
    The sign is the rounded figure's (−0.0001 shown with 2 places is 0.00, unsigned)."""
    sign = MINUS if figure.startswith(MINUS) else ""
    return t(template, lang, sign=sign, n=figure.removeprefix(MINUS), **params)


def pct(value: object, lang: str, places: int | None = None, *, sign: bool = False) -> str:
    """"−24.00%" (zh) / "−24.00 %" (en)."""
    return t("display.percent", lang, n=num(value, places, sign=sign))


def yuan(value: object, lang: str, places: int | None = None) -> str:
    """"12,000.00 元" (zh) / "¥12,000.00" (en); a negative amount: "−¥5.00"."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return num(value, places)
    return _signed("display.money", num(d, places), lang)


def wan_yuan(value: object, lang: str, places: int | None = None) -> str:
    """万元 amounts: "1,600 万元" (zh); English readers get millions: "¥16 million"."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return num(value, places)
    if _myriad(lang):
        return _signed("display.money_scaled", num(d, places), lang,
                       scale=t("display.wan", lang))
    return _signed("display.money", t("display.million", lang, n=num(d.scaleb(-2))), lang)


def wan(value: object, lang: str, places: int | None = None) -> str:
    """A count in 万 (ten thousands): "500 万" (zh) / "5 million" (en)."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return num(value, places)
    if _myriad(lang):
        return _signed("display.scaled", num(d, places), lang,
                       scale=t("display.wan", lang))
    return t("display.million", lang, n=num(d.scaleb(-2)))


def in_unit(value: object, unit: str, lang: str, places: int | None = None,
            names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A split target in its unit (data/decomposition.toml units; "pct" for a typed rate)."""
    if unit == "yuan":
        return yuan(value, lang, places)
    if unit == "wan_yuan":
        return wan_yuan(value, lang, places)
    if unit == "wan":
        return wan(value, lang, places)
    if unit == "pct":
        return pct(value, lang, places)
    named = (names or {}).get(unit)
    name = pick(named, lang) if named else ""
    text = num(value, places)
    if not name:
        return text
    return f"{text} {name}"


# ------------------------------------------------------------ headlines ---
# The key figures in <output> elements: the exact JSON value stays in data-value, the
# reader sees these. A figure keeps the 万 / 亿 the reader typed, and a large one
# (LARGE and above) is shown in 万 / 亿 too (in millions / billions where the language
# counts so), but only when that is exact (at most SCALED_PLACES decimals of 万): a
# payable amount is never shown rounded.

LARGE = Decimal(1_000_000)
SCALED_PLACES = 2
# The scale marks a result carries ("scale": what the reader typed, as the number parser
# reports it: input vocabulary) -> the catalog id of its word and its size.
TYPED = {"万": "wan", "亿": "yi"}
_MYRIAD = {"wan": Decimal(10_000), "yi": Decimal(100_000_000)}
_WESTERN = ((Decimal(1_000_000_000), "display.billion"), (Decimal(1_000_000), "display.million"))


def _exact(d: Decimal, places: int) -> bool:
    return d == d.quantize(Decimal(1).scaleb(-places))


def _myriad_scale(d: Decimal, typed: str) -> str:
    """The myriad scale to show `d` in ("wan", "yi" or ""), given the one typed."""
    scale = TYPED.get(typed, "")
    if scale == "yi" and abs(d) < _MYRIAD["yi"]:
        scale = "wan"  # typed 1.5亿, a part of it is 3,000 万
    if scale and abs(d) < _MYRIAD[scale]:
        return ""  # 500 元 of a 万 target stays 500 元
    if not scale:
        scale = "yi" if abs(d) >= _MYRIAD["yi"] else "wan" if abs(d) >= LARGE else ""
    return scale


def _scaled(d: Decimal, typed: str) -> tuple[Decimal, str] | None:
    """(value in 万 or 亿, the scale's id), when that is exact; None otherwise."""
    scale = _myriad_scale(d, typed)
    if not scale:
        return None
    v = d / _MYRIAD[scale]
    return (v, scale) if _exact(v, SCALED_PLACES) else None


def _western(d: Decimal, lang: str, exact: bool) -> str | None:
    """abs(d) in millions or billions ("16 million"); None under a million, or when
    `exact` asks for at most three decimals of the unit and there are more."""
    for size, msg_id in _WESTERN:
        if abs(d) >= size:
            v = abs(d) / size
            if exact and not _exact(v, 3):
                return None
            if not exact:
                v = v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return t(msg_id, lang, n=num(v))
    return None


def amount(value: object, lang: str, *, money: bool = True, scale: str = "",
           places: int | None = 2, unit: str = "") -> str:
    """A headline amount: "20,000.00 元", "5,000 万元", "−120 万" (zh); "¥20,000.00",
    "¥5,000万" (typed 万), "¥50 million", "−1.2 million" (en). `scale` is the 万 or 亿 the
    reader typed; `money` adds 元 / ¥; `unit` is another unit's name (个客户)."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return "" if value is None else str(value)
    myriad = _myriad(lang)
    big = _scaled(d, scale) if myriad or scale else None
    if big:  # in 万 / 亿: the language counts so, or the reader typed it
        template = "display.money_scaled" if money else "display.scaled"
        text = _signed(template, num(big[0]), lang, scale=t(f"display.{big[1]}", lang))
    else:
        words = None if myriad else _western(d, lang, exact=True)
        figure = (MINUS if d < 0 else "") + words if words else num(d, places)
        text = _signed("display.money", figure, lang) if money else figure
    return f"{text} {unit}" if unit else text


def percent(value: object, lang: str, *, sign: bool = False) -> str:
    """A headline rate with its own decimals: "120%", "−24.5 %"."""
    return pct(value, lang, None, sign=sign)


def compact(value: object, lang: str, scale: str = "") -> str:
    """A chart's axis figure: in 万 (or 亿) when the reader typed it or the figure is large,
    rounded to two decimals of the unit ("4,500 万", "1.2 million"); else as num()."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return "" if value is None else str(value)
    if _myriad(lang) or scale:
        unit = TYPED.get(scale, "")  # typed: shown in it, however small (0.05 万)
        if unit == "yi" and abs(d) < _MYRIAD["yi"]:
            unit = "wan"
        if not unit:
            unit = "yi" if abs(d) >= _MYRIAD["yi"] else "wan" if abs(d) >= LARGE else ""
        if not d:
            unit = ""
        if unit:
            v = (d / _MYRIAD[unit]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return _signed("display.scaled", num(v), lang,
                           scale=t(f"display.{unit}", lang))
        return num(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    words = _western(d, lang, exact=False)
    if words:
        return (MINUS if d < 0 else "") + words
    return num(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

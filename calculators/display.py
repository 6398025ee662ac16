"""Numbers as the reader sees them: one set of rules for every explanation, page and chart.

The JSON of a result keeps plain machine strings ("-24.00", "12000.00"); everything a
person reads goes through here, in the page's language:

| what            | zh              | en               |
|-----------------|-----------------|------------------|
| number          | 12,000.00       | 12,000.00        |
| negative        | −24.00 (U+2212) | −24.00           |
| percent         | −24.00%         | −24.00 %         |
| amount in 元     | 12,000.00 元     | ¥12,000.00       |
| amount in 万元   | 1,600 万元       | ¥16 million      |

`places=None` keeps the number's own decimals without trailing zeros (8,000, 87.5);
an int gives fixed places (half-up). Standard library only (runs in Pyodide).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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


def pct(value: object, lang: str, places: int | None = None, *, sign: bool = False) -> str:
    """"−24.00%" (zh) / "−24.00 %" (en)."""
    text = num(value, places, sign=sign)
    return f"{text}%" if lang == "zh" else f"{text} %"


def yuan(value: object, lang: str, places: int | None = None) -> str:
    """"12,000.00 元" (zh) / "¥12,000.00" (en); a negative amount: "−¥5.00"."""
    text = num(value, places)
    if lang == "zh":
        return f"{text} 元"
    return f"{MINUS}¥{text[1:]}" if text.startswith(MINUS) else f"¥{text}"


def wan_yuan(value: object, lang: str, places: int | None = None) -> str:
    """万元 amounts: "1,600 万元" (zh); English readers get millions: "¥16 million"."""
    if lang == "zh":
        return f"{num(value, places)} 万元"
    d = _decimal(value)
    if d is None:
        return str(value)
    return f"¥{num(d.scaleb(-2))} million"


def wan(value: object, lang: str, places: int | None = None) -> str:
    """A count in 万 (ten thousands): "500 万" (zh) / "5 million" (en)."""
    if lang == "zh":
        return f"{num(value, places)} 万"
    d = _decimal(value)
    if d is None:
        return str(value)
    return f"{num(d.scaleb(-2))} million"


def in_unit(value: object, unit: str, lang: str, places: int | None = None,
            names: dict[str, dict[str, str]] | None = None) -> str:
    """A split target in its unit (data/decomposition.toml units; "pct" for a typed rate)."""
    if unit == "yuan":
        return yuan(value, lang, places)
    if unit == "wan_yuan":
        return wan_yuan(value, lang, places)
    if unit == "wan":
        return wan(value, lang, places)
    if unit == "pct":
        return pct(value, lang, places)
    name = (names or {}).get(unit, {}).get(lang, "")
    text = num(value, places)
    if not name:
        return text
    return f"{text} {name}"


# ------------------------------------------------------------ headlines ---
# The key figures in <output> elements: the exact JSON value stays in data-value, the
# reader sees these. A figure keeps the 万 / 亿 the reader typed, and a large one
# (LARGE and above) is shown in 万 / 亿 too, but only when that is exact (at most
# SCALED_PLACES decimals of 万): a payable amount is never shown rounded.

LARGE = Decimal(1_000_000)
SCALED_PLACES = 2
_SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_EN_SCALES = ((Decimal(1_000_000_000), "billion"), (Decimal(1_000_000), "million"))


def _exact(d: Decimal, places: int) -> bool:
    return d == d.quantize(Decimal(1).scaleb(-places))


def _scaled(d: Decimal, scale: str) -> tuple[Decimal, str] | None:
    """(value in 万 or 亿, the character), when that is exact; None otherwise."""
    if scale == "亿" and abs(d) < _SCALES["亿"]:
        scale = "万"  # typed 1.5亿, a part of it is 3,000 万
    if scale and abs(d) < _SCALES[scale]:
        scale = ""  # 500 元 of a 万 target stays 500 元
    elif not scale:
        scale = "亿" if abs(d) >= _SCALES["亿"] else "万" if abs(d) >= LARGE else ""
    if not scale:
        return None
    v = d / _SCALES[scale]
    return (v, scale) if _exact(v, SCALED_PLACES) else None


def _en_scaled(d: Decimal) -> tuple[Decimal, str] | None:
    for size, word in _EN_SCALES:
        if abs(d) >= size:
            v = d / size
            return (v, word) if _exact(v, 3) else None
    return None


def amount(value: object, lang: str, *, money: bool = True, scale: str = "",
           places: int | None = 2, unit: str = "") -> str:
    """A headline amount: "20,000.00 元", "5,000 万元", "−120 万" (zh); "¥20,000.00",
    "¥5,000万" (typed 万), "¥50 million", "−1.2 million" (en). `scale` is the 万 or 亿 the
    reader typed; `money` adds 元 / ¥; `unit` is another unit's name (个客户)."""
    d = _decimal(value)
    if d is None or not d.is_finite():
        return "" if value is None else str(value)
    sign = MINUS if d < 0 else ""
    big = _scaled(d, scale) if lang == "zh" or scale else None
    if lang == "zh":
        if big:
            text = f"{num(big[0])} {big[1]}" + ("元" if money else "")
        else:
            text = num(d, places) + (" 元" if money else "")
        return f"{text} {unit}" if unit else text
    if big:  # English page, 万 typed: keep it
        figure = f"{num(abs(big[0]))}{big[1]}"
    else:
        words = _en_scaled(d) if abs(d) >= LARGE else None
        figure = f"{num(abs(words[0]))} {words[1]}" if words else num(abs(d), places)
    text = f"{sign}¥{figure}" if money else f"{sign}{figure}"
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
    if lang == "zh" or scale:
        if scale == "亿" and abs(d) < _SCALES["亿"]:
            scale = "万"
        if not scale:
            scale = "亿" if abs(d) >= _SCALES["亿"] else "万" if abs(d) >= LARGE else ""
        if scale and d:
            v = (d / _SCALES[scale]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return f"{num(v)} {scale}" if lang == "zh" else f"{num(v)}{scale}"
        return num(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    for size, word in _EN_SCALES:
        if abs(d) >= size:
            v = (d / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return f"{num(v)} {word}"
    return num(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

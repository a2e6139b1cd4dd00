"""Numbers as the reader sees them.

>>> approx(121.1)
'120'
"""

from __future__ import annotations

import math


def approx(x: float, figures: int = 2) -> str:
    """A number rounded to ``figures`` significant figures: the one rounding rule for illustrative outputs (the
    precision the inputs support), on cards, key points, tables, chart descriptions and downloads.

    >>> approx(121.1), approx(178.5), approx(0.761), approx(0)
    ('120', '180', '0.76', '0')

    A value that rounds up to the next power of ten keeps ``figures`` figures:

    >>> approx(0.9996), approx(9.96)
    ('1.0', '10')
    """
    if x == 0 or x != x or abs(x) < 1e-300:  # a subnormal number is zero at any precision shown
        return "not available" if x != x else "0"
    digits = figures - 1 - math.floor(math.log10(abs(x)))
    r = round(x, digits)
    if r != 0 and math.floor(math.log10(abs(r))) > math.floor(math.log10(abs(x))):
        digits -= 1
        r = round(x, digits)
    return f"{r:,.{max(digits, 0)}f}"


#: Units a headline figure's amount can be in (``Headline.unit``), for the difference between two scenarios.
MONEY_UNITS = ("£ a year", "£")
MINUS = "\u2212"  # a real minus sign: read as "minus" by screen readers, unlike a hyphen


def _pounds(x: float) -> str:
    """£N (two significant figures) in millions from £1m, thousands from £1k, pounds below."""
    for scale, suffix in ((1e6, "m"), (1e3, "k")):
        if float(approx(x).replace(",", "")) >= scale:
            return f"£{approx(x / scale)}{suffix}"
    return f"£{approx(x)}"


def _counted(n: float, unit: str) -> str:
    """A whole count with its unit, singular for one: ``_counted(1, "areas")`` is '1 area'."""
    whole = round(n)
    noun = unit[:-1] if whole == 1 and unit.endswith("s") else unit
    return f"{approx(whole) if whole >= 100 else f'{whole:,}'} {noun}".strip()


def difference(a: float | None, b: float | None, unit: str) -> str:
    """B minus A in the figures' unit, signed and rounded as the figures are (from the unrounded amounts): money in £
    (millions, thousands or pounds), a share's change in percentage points, people in millions, counts whole.
    Two figures with no amount (text, or not available) have no difference to show.

    >>> difference(45e6, 90e6, "£ a year"), difference(90e6, 45e6, "£ a year"), difference(3, 3, "areas")
    ('+£45m a year', '−£45m a year', 'no difference')
    >>> difference(26.0, 30.5, "%"), difference(2, 3, "areas"), difference(1.2e6, 0.7e6, "people")
    ('+4.5 percentage points', '+1 area', '−0.50 million people')
    >>> difference(None, 5, "areas")
    'not comparable'
    """
    if a is None or b is None or a != a or b != b:
        return "not comparable"
    d = b - a
    scale = max(abs(a), abs(b), 1e-9)
    if abs(d) <= 1e-9 * scale:
        return "no difference"
    sign = "+" if d > 0 else MINUS
    size = abs(d)
    if unit in MONEY_UNITS:
        text = _pounds(size) + unit.removeprefix("£")
    elif unit == "%":
        text = f"{approx(size)} percentage point{'' if approx(size) == '1' else 's'}"
    elif unit == "people":
        text = f"{size / 1e6:,.2f} million people" if size >= 1e4 else _counted(size, "people")
    else:
        if round(size) == 0:
            return "no difference"
        text = _counted(size, unit)
    return f"{sign}{text}"

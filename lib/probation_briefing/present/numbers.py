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

"""How Q14 shows a figure: money to two significant figures (the rule of ``contract.approx``), in £m from £1m, in £k
from £1k and in pounds below; counts of organisations as whole organisations.

>>> gbp(560_400), gbp(999_600), money(36_000), count(178.5)
('about £560k', 'about £1.0m', '£36k', '180')
"""

from __future__ import annotations

from ..contract import approx, approx_gbp_k, approx_gbp_m


def _in_millions(x: float) -> bool:
    """Whether £``x`` is shown in millions: £1m or more once rounded to two significant figures (so £999.6k
    is "£1.0m", not "£1,000k")."""
    return float(approx(x).replace(",", "")) >= 1e6 if x == x else False


def _in_thousands(x: float) -> bool:
    """Whether £``x`` is shown in thousands: £1k or more once rounded (below that, in pounds)."""
    return float(approx(x).replace(",", "")) >= 1e3


def gbp(x: float) -> str:
    """About £N (two significant figures, as ``approx_gbp_m`` and ``approx_gbp_k`` round it), in millions from £1m, in
    thousands from £1k, in pounds below; under 50p is £0.

    >>> gbp(560_400), gbp(999_600), gbp(3_840_000), gbp(0), gbp(123.4), gbp(1e-300)
    ('about £560k', 'about £1.0m', 'about £3.8m', '£0', 'about £120', '£0')
    """
    if x != x:
        return "not available"
    if abs(x) < 0.5:
        return "£0"
    if _in_millions(x):
        return approx_gbp_m(x / 1e6)
    return approx_gbp_k(x / 1e3) if _in_thousands(x) else f"about £{approx(x)}"


def money(x: float) -> str:
    """£N rounded to two significant figures as ``gbp`` rounds it, without 'about' (for tables).

    >>> money(999_600), money(36_000), money(0)
    ('£1.0m', '£36k', '£0')
    """
    return gbp(x).removeprefix("about ")


def count(x: float) -> str:
    """Whole organisations (an expected count rounded for display), two significant figures from 100.

    >>> count(178.5), count(4.5), count(1443)
    ('180', '4', '1,400')
    """
    n = round(x)
    return approx(n) if n >= 100 else f"{n:,}"

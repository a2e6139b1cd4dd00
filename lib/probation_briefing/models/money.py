"""Money in whole pence: conversion, shares and largest-remainder splits that conserve totals to the penny.

>>> to_pence(0.1)
10000000
>>> largest_remainder(10, [1, 1, 1])
[4, 3, 3]
>>> share_of(to_pence(450), 10) == to_pence(45)
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

import pandas as pd

from ..errors import InputError

PENCE_PER_GBP_M = 100_000_000


def to_pence(gbp_m: float) -> int:
    """£ million to whole pence, rounding half up (uses the decimal text of the number, so 0.1 means 0.1)."""
    try:
        d = Decimal(str(gbp_m))
    except InvalidOperation:
        raise InputError(f"'{gbp_m}' is not an amount of money") from None
    if not d.is_finite():
        raise InputError(f"'{gbp_m}' is not a finite amount of money")
    return int((d * PENCE_PER_GBP_M).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_gbp_m(pence: int | pd.Series) -> float | pd.Series:
    """Whole pence back to £ million (for display only; sums are always done in pence)."""
    return pence / PENCE_PER_GBP_M


def share_of(total_p: int, pct: float) -> int:
    """``pct`` per cent of ``total_p`` pence, rounded half up to a whole penny (``pct`` read as its decimal text)."""
    frac = Fraction(total_p) * Fraction(Decimal(str(pct))) / 100
    return int((2 * frac.numerator + frac.denominator) // (2 * frac.denominator))


def largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` whole units in proportion to ``weights`` so the parts sum to ``total`` exactly.

    Each part gets the whole-number part of its exact quota; the units left over go one each to the
    largest fractional remainders (ties to the earlier item). Arithmetic is exact (fractions), so the
    result never depends on floating-point error. Weights must be finite and not negative, with a
    positive sum (unless ``total`` is 0).
    """
    if total < 0:
        raise InputError(f"cannot share out a negative amount ({total})")
    if not weights:
        if total == 0:
            return []
        raise InputError("there is nobody to share the money between")
    ws = []
    for w in weights:
        if w is None or not math.isfinite(float(w)) or float(w) < 0:
            raise InputError(f"allocation weights must be finite and not negative (found {w})")
        ws.append(Fraction(float(w)))
    s = sum(ws)
    if s == 0:
        if total == 0:
            return [0] * len(ws)
        raise InputError("every allocation weight is zero, so the money cannot be shared out")
    quotas = [total * w / s for w in ws]
    parts = [q.numerator // q.denominator for q in quotas]
    left = total - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def allocate_with_floor(total: int, weights: Sequence[float], floor: int = 0) -> tuple[list[int], list[bool]]:
    """Split ``total`` pence by ``weights`` with a minimum of ``floor`` pence each.

    Anyone whose share would be below the floor is raised to it; the others share what is left in
    proportion to their weights (so they are scaled down together). Returns the parts and, for each,
    whether it was held at the floor. Raises InputError when ``floor × n`` is more than ``total``.
    """
    n = len(weights)
    if floor < 0:
        raise InputError("the minimum per commissioner cannot be negative")
    if floor == 0:
        return largest_remainder(total, weights), [False] * n
    if floor * n > total:
        raise InputError(
            f"a minimum of £{to_gbp_m(floor):,.2f}m for each of {n} commissioners needs £{to_gbp_m(floor * n):,.2f}m, "
            f"but only £{to_gbp_m(total):,.2f}m is being moved to them; lower the minimum or move a larger share"
        )
    ws = [Fraction(float(w)) for w in weights]
    held = [False] * n
    while True:  # water-filling: hold at the floor everyone whose proportional share is below it, repeat
        free = [i for i in range(n) if not held[i]]
        rest = total - floor * (n - len(free))
        wsum = sum(ws[i] for i in free)
        newly = [i for i in free if wsum == 0 or rest * ws[i] / wsum < floor]
        if not newly:
            break
        for i in newly:
            held[i] = True
        if all(held):
            break
    parts = [floor] * n
    free = [i for i in range(n) if not held[i]]
    if free:
        rest = total - floor * (n - len(free))
        for i, p in zip(free, largest_remainder(rest, [float(ws[i]) for i in free])):
            parts[i] = p
    else:  # everyone at the floor: hand out what is left over (fewer pence than people) by weight
        extra = largest_remainder(total - floor * n, [float(w) for w in ws] if sum(ws) > 0 else [1.0] * n)
        parts = [floor + e for e in extra]
    return parts, held

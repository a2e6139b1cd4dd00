"""Old Q14 links: before issue 22, five settings that describe the voluntary sector and the market had a copy for each
setting (``reserves_pct_b`` and so on). They are now one setting shared by A and B. ``old_link`` reads a link's
settings and drops each retired copy: silently where it equals setting A's value (the shared one), with a plain
notice where it differed, since one value cannot be both.

>>> from probation_briefing.data.params import parameters
>>> pairs, notices = old_link([("reserves_pct", "40"), ("reserves_pct_b", "40"), ("route_b", "framework")], parameters("q14"))
>>> pairs, notices
([('reserves_pct', '40'), ('route_b', 'framework')], [])
>>> pairs, notices = old_link([("other_bidders_b", "3")], parameters("q14"))
>>> pairs
[]
>>> print(notices[0])
This link set 'Other (non-voluntary) bidders per competition' to 3 for setting B and 1 for setting A. It is now one setting shared by A and B, so setting A's value (1) is used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ...data.params import Parameters

# The setting B copies retired when these became one shared assumption (issue 22).
RETIRED = {f"{k}_b": k for k in ("reserves_pct", "other_bidders", "bid_rate_pct", "bid_cost_pct", "bid_cost_fixed_gbp_k")}


def _number(raw: str) -> float | None:
    try:
        x = float(raw)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def old_link(pairs: Iterable[tuple[str, str]], params: Parameters) -> tuple[list[tuple[str, str]], list[str]]:
    """A link's (name, value) pairs without the retired setting B copies, and a plain notice for each copy that
    differed from setting A's value (the link's, else the default). Nothing is evaluated; unknown names are left for
    the page's own check."""
    pairs = list(pairs)
    given = dict(pairs)
    kept, notices = [], []
    for name, raw in pairs:
        shared = RETIRED.get(name)
        if shared is None or name in params:
            kept.append((name, raw))
            continue
        p = params[shared]
        a = _number(given.get(shared, str(p.default)))
        b = _number(raw)
        if a is None:
            a = float(p.default)
        if b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            continue
        shown = raw if b is None or len(raw) > 20 else f"{b:g}"
        notices.append(
            f"This link set '{p.label}' to {shown[:20]} for setting B and {a:g} for setting A. It is now one setting shared "
            f"by A and B, so setting A's value ({a:g}) is used."
        )
    return kept, notices

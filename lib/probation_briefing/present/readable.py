"""Tables laid out for a reader: the one layer behind the rounded CSV downloads and the spreadsheet's tables.

A page table (``TableView.frame``) carries the page's column names ("baseline £m", "delivery money lost %") and the
model's full-precision numbers; the page rounds them for display with its format specs (",.2f"). ``readable`` gives
the same table as a reader should receive it in a file: column names with a capital and the unit in round brackets
("Baseline (£m)", "Delivery money lost (%)", "Commissioners (number)"), numbers rounded as the page shows them,
true/false written Yes/No. Missing values stay missing: a CSV leaves them blank and the spreadsheet writes the
Analysis Function's shorthand ([x] not available, [z] not applicable) with a key.

The full-precision table stays available beside it (``Table.full``): the model's own columns and values, for software.

>>> import pandas as pd
>>> df = pd.DataFrame({"area": ["North"], "n": [3], "left £m": [22.94256375], "lost %": [35.2398], "flag": [False]})
>>> readable(df, {"left £m": ",.2f", "lost %": ".0f"}).to_dict("records")
[{'Area': 'North', 'N (number)': 3, 'Left (£m)': 22.94, 'Lost (%)': 35.0, 'Flag': 'No'}]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

# Units a page's column name may carry, longest first: "£m" before "£".
UNITS = ("£bn", "£m", "£k", "£", "%", "pence")
_UNIT_WORD = re.compile(r"(?<!\S)(£bn|£m|£k|£|%|pence)(?!\S)")
_BRACKETED = re.compile(r"\(([^()]*)\)\s*$")
_DECIMALS = re.compile(r"\.(\d+)[f%eg]$")


@dataclass(frozen=True)
class Table:
    """One table as its files give it: the reader's version and the full-precision version for software."""

    caption: str
    readable: pd.DataFrame
    full: pd.DataFrame
    note: str = ""
    stem: str = ""  # the file-name stem ("q15-contract-areas"); the caption's slug when empty


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def label(name: str, *, count: bool = False) -> str:
    """A column name as a reader's heading: a capital first letter and the unit in round brackets at the end.

    >>> [label(n) for n in ["baseline £m", "delivery money lost %", "Demand (£m)", "£m a year", "£ per resident"]]
    ['Baseline (£m)', 'Delivery money lost (%)', 'Demand (£m)', 'Money a year (£m)', 'Money per resident (£)']
    >>> label("Local £k per 100,000 people"), label("pence"), label("commissioners", count=True)
    ('Local money per 100,000 people (£k)', 'Money (pence)', 'Commissioners (number)')

    A name that already ends in a bracket keeps it; a count gets "(number)" unless its name says what it counts in.

    >>> label("typical value (£k a year)"), label("Known CRC caseload", count=True), label("21 CRCs (2014)")
    ('Typical value (£k a year)', 'Known CRC caseload (number)', '21 CRCs (2014)')
    """
    name = " ".join(str(name).split())
    if _BRACKETED.search(name):
        return _cap(name)
    m = _UNIT_WORD.search(name)
    if m:
        unit = m.group(1)
        word = "share" if unit == "%" else "money"
        before, after = name[: m.start()].strip(), name[m.end() :].strip()
        if before and after:  # "Local £m per commissioner": the unit stood for the money
            rest = f"{before} {word} {after}"
        elif after:  # "£m a year", "£ per resident"
            rest = f"{word} {after}"
        else:  # "baseline £m", "pence"
            rest = before or word
        return f"{_cap(rest.strip())} ({unit})"
    return f"{_cap(name)} (number)" if count else _cap(name)


def decimals(spec: str) -> int | None:
    """The decimal places a format spec shows: ",.2f" is 2, ",d" is 0; None when it does not say.

    >>> decimals(",.2f"), decimals(".0f"), decimals(",d"), decimals("")
    (2, 0, 0, None)
    """
    m = _DECIMALS.search(spec)
    if m:
        return int(m.group(1))
    return 0 if spec.endswith("d") else None


def round_figures(x: float, figures: int) -> float:
    """``x`` rounded to ``figures`` significant figures (missing stays missing).

    >>> round_figures(194.405369, 2), round_figures(0.06127047, 2), round_figures(-123.38, 2), round_figures(0.0, 2)
    (190.0, 0.061, -120.0, 0.0)
    """
    if x != x or x == 0 or math.isinf(x):
        return x
    return round(x, figures - 1 - math.floor(math.log10(abs(x))))


def readable(
    frame: pd.DataFrame, formats: Mapping[str, str] | None = None, *, figures: int | None = None, rounded: bool = False
) -> pd.DataFrame:
    """``frame`` for a reader: headings with units, numbers rounded as the page shows them (``formats``, a column's
    format spec; or ``figures`` significant figures; ``rounded`` when the caller has rounded them), Yes/No for
    true/false. Floats with no format keep 2 decimal places. Missing values stay missing. A table whose rows carry
    their own measure or unit (a "measure" or "unit" column) gets no "(number)" in its headings.

    >>> readable(pd.DataFrame({"measure": ["Areas"], "2014": [21.0]}), {"2014": ".0f"}).columns.tolist()
    ['Measure', '2014']
    """
    formats = formats or {}
    by_row = any(str(c).strip().lower() in ("measure", "unit") for c in frame.columns)
    frame = frame.reset_index(drop=True)
    out = {}
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_bool_dtype(s):
            out[label(col)] = s.map(lambda v: "Yes" if v else "No").astype(object)
            continue
        if pd.api.types.is_integer_dtype(s):
            out[label(col, count=not by_row)] = s
            continue
        if pd.api.types.is_float_dtype(s):
            places = decimals(formats.get(col, ""))
            values = s.astype(float)
            if rounded:
                pass
            elif figures is not None:
                values = values.map(lambda v: round_figures(v, figures))
            else:
                values = values.round(2 if places is None else places)
            if places == 0 and figures is None and not rounded and values.notna().all() and not _mostly_shares(col):
                values = values.astype("int64")
            out[label(col, count=not by_row)] = values
            continue
        out[label(col)] = s.astype(object).where(s.notna(), None)
    return pd.DataFrame(out, index=range(len(frame)))


def _mostly_shares(col: str) -> bool:
    """A percentage rounded to whole numbers stays a float (35.0), so a reader's software sees a measure, not a count."""
    return "%" in str(col)

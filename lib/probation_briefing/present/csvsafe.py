"""CSV files a spreadsheet cannot turn into formulas (the OWASP "CSV injection" rule).

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets. Text from the data folder or a reader's upload can start that way,
so every exported CSV prefixes such cells with a single quote, which spreadsheets show as plain text.
Numbers stay numbers: only text cells (and column names) are changed. Lines end in CRLF (RFC 4180), so a
carriage return inside a cell is quoted rather than read as the end of a row.

>>> to_csv(pd.DataFrame({"name": ["=1+1", "Kent", "-x"], "n": [-2, 3, 4]})).splitlines()
['name,n', "'=1+1,-2", 'Kent,3', "'-x,4"]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading quote if it is text a spreadsheet would read as a formula; anything else unchanged.

    >>> safe_cell("@SUM(A1)"), safe_cell(-3), safe_cell("3")
    ("'@SUM(A1)", -3, '3')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names cannot run as formulas (numeric columns untouched)."""
    out = df.copy()
    for c in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[c]) or pd.api.types.is_datetime64_any_dtype(out[c])):
            out[c] = out[c].map(safe_cell)
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> str:
    """``df`` as CSV text (no index, CRLF line ends), with every text cell neutralised."""
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n")

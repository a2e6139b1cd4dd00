"""The sourced timeline of probation commissioning (``data/timeline.csv``) and the date the package describes.

``as_at()`` is that date (``as_at`` in ``datapackage.json``, in one place): the timeline calls an event *done* only
if it had happened by then, and *planned* if it had been announced by then but not yet happened. ``events()`` gives
the timeline oldest first, for all questions or only those asked about. Dates may be partial (``2026-10`` or
``2025``) where that is all a source gives; ``earliest`` and ``latest`` give the first and last day they can mean.

>>> as_at().isoformat()
'2026-12-03'
>>> ev = events(questions="q15")
>>> ev.loc[ev["event_id"] == "pcc_abolished_2028", ["date", "state"]].values.tolist()
[['2028-05', 'planned']]
>>> earliest("2026-10"), latest("2026-10")
(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date

import pandas as pd

from .package import descriptor
from .session import source
from .source import DataSource

#: The consultation questions a timeline row can bear on.
QUESTIONS = ("q13", "q14", "q15")
#: How a planned row whose date has passed, with no record that it happened, begins its note.
PAST_DUE = "Past its date:"

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def as_at() -> date:
    """The date the data package describes (``as_at`` in ``datapackage.json``); ValueError if it is not YYYY-MM-DD."""
    raw = descriptor().get("as_at", "")
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"datapackage.json: as_at must be a date written YYYY-MM-DD, not {raw!r}") from None


def _parts(text: str) -> tuple[int, int | None, int | None]:
    m = _PARTIAL.fullmatch(str(text).strip())
    if not m:
        raise ValueError(f"not a date written YYYY-MM-DD, YYYY-MM or YYYY: {text!r}")
    y, mo, d = m.groups()
    return int(y), int(mo) if mo else None, int(d) if d else None


def earliest(text: str) -> date:
    """The first day a full or partial date can mean: ``2025`` is 1 January 2025.

    >>> earliest("2025"), earliest("2021-06-26")
    (datetime.date(2025, 1, 1), datetime.date(2021, 6, 26))
    """
    y, mo, d = _parts(text)
    return date(y, mo or 1, d or 1)


def latest(text: str) -> date:
    """The last day a full or partial date can mean: ``2025`` is 31 December 2025.

    >>> latest("2028-02"), latest("2027")
    (datetime.date(2028, 2, 29), datetime.date(2027, 12, 31))
    """
    y, mo, d = _parts(text)
    mo = mo or 12
    return date(y, mo, d or calendar.monthrange(y, mo)[1])


def _wanted(questions: str | Iterable[str] | None) -> set[str] | None:
    if questions is None:
        return None
    asked = {questions} if isinstance(questions, str) else set(questions)
    unknown = asked - set(QUESTIONS)
    if unknown:
        raise ValueError(f"unknown question {sorted(unknown)}; the timeline's questions are {', '.join(QUESTIONS)}")
    return asked


def events(
    questions: str | Iterable[str] | None = None,
    *,
    state: str | None = None,
    data: DataSource | None = None,
) -> pd.DataFrame:
    """The timeline, oldest first (by the first day each date can mean), as a validated DataFrame.

    ``questions`` keeps the rows bearing on any of them (``"q14"`` or ``["q13", "q15"]``); ``state`` keeps
    ``"done"`` or ``"planned"`` rows. ``data`` is the data source (the session's by default). A column ``start``
    holds each row's earliest date.

    >>> set(events(state="planned")["state"])
    {'planned'}
    """
    asked = _wanted(questions)
    if state is not None and state not in ("done", "planned"):
        raise ValueError(f"state must be 'done' or 'planned', not {state!r}")
    df = (data or source()).load("timeline").copy()
    df["start"] = [earliest(d) for d in df["date"]]
    if asked is not None:
        df = df[[bool(asked & set(str(q).split("|"))) for q in df["questions"]]]
    if state is not None:
        df = df[df["state"] == state]
    return df.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)

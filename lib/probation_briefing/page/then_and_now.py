"""'Then and now': for one briefing's question, what was asked in 2018, what was decided and what is live at the
package's as-at date, drawn from the sourced timeline (``data/timeline.csv``), each line with its citation.

The summary at the top of the page shows the rows the timeline marks for this question's first screen; the full
timeline for the question follows in a disclosure, each event with its date, detail and the source's own words.
Planned events say so, with the date they were announced.

>>> html = then_and_now_html("q15")
>>> "Then and now" in html and "As at 3 December 2026" in html and "Planned" in html
True
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..data import DataSource
from ..data import timeline as tl
from ..present.dates import long_date
from ..present.html import cite_links, esc

ASKED = "consultation_2018"
DECIDED_BY = date(2021, 12, 31)  # what was decided: the consultation's outcome, to unification and the framework


def cite(source_id: str) -> str:
    """A citation that links to the source in the page's sources list."""
    return cite_links(esc(f"[{source_id}]"))


def _line(r: pd.Series, with_date: bool = True) -> str:
    when = long_date(str(r["date"]))
    if r["state"] == "planned":
        lead = f"Planned for {when} (announced {long_date(str(r['announced']))}): " if with_date else "Planned: "
    else:
        lead = f"{when}: " if with_date else ""
    return f"<li>{esc(lead)}{esc(str(r['title']))} {cite(str(r['source_id']))}</li>"


def events_for(question: str, data: DataSource | None = None) -> pd.DataFrame:
    """The timeline's rows for one question (none for a question the timeline does not cover)."""
    if question not in tl.QUESTIONS:
        return tl.events(data=data).iloc[0:0]
    return tl.events(question, data=data)


def source_ids(question: str, data: DataSource | None = None) -> list[str]:
    """The sources the block cites, for the page's sources list."""
    ev = events_for(question, data)
    return list(dict.fromkeys(ev["source_id"].astype(str)))


def then_and_now_html(question: str, data: DataSource | None = None) -> str:
    """The 'Then and now' block for one question: asked, decided and now on the first screen; the full timeline in a
    disclosure."""
    as_at = tl.as_at()
    ev = events_for(question, data)
    head = (
        "<section class='pb-then-now' aria-labelledby='pb-then-now-h'><h2 id='pb-then-now-h'>Then and now</h2>"
        f"<p class='pb-asat'>As at {esc(long_date(as_at.isoformat()))}. Each line cites its source.</p>"
    )
    if ev.empty:
        return head + "<p>No events are recorded for this question in the timeline yet.</p></section>"
    first = ev[[question in str(x).split("|") for x in ev["first_screen"].fillna("")]]
    asked = first[first["event_id"] == ASKED]
    decided = first[(first["event_id"] != ASKED) & (first["state"] == "done") & (first["start"] <= DECIDED_BY)]
    now = first[(first["start"] > DECIDED_BY) | (first["state"] == "planned")]
    groups = [("Asked in 2018", asked), ("Decided", decided), ("Now", now)]
    body = "".join(
        f"<h3 class='pb-tn-h'>{esc(name)}</h3><ul class='pb-tn'>{''.join(_line(r) for _, r in rows.iterrows())}</ul>"
        for name, rows in groups
        if len(rows)
    )
    full = "".join(
        f"<li><strong>{esc(long_date(str(r['date'])))}</strong>"
        f"{' (planned; announced ' + esc(long_date(str(r['announced']))) + ')' if r['state'] == 'planned' else ''}: "
        f"{esc(str(r['title']))}. {esc(str(r['detail']))} "
        + (f"<q>{esc(str(r['quote']))}</q> " if isinstance(r["quote"], str) and r["quote"].strip() else "")
        + f"{cite(str(r['source_id']))}"
        + (" (reported: no primary source could be read)" if r["status"] == "reported" else "")
        + "</li>"
        for _, r in ev.iterrows()
    )
    return (
        head
        + body
        + f"<details class='pb-timeline'><summary>The full timeline for this question ({len(ev)} events)</summary>"
        + f"<ol class='pb-tn-full'>{full}</ol></details></section>"
    )

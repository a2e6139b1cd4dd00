"""The glossary: plain-English definitions from ``data/glossary.csv``, and the abbreviations the pages use.

The glossary always comes from the shipped data package (it explains the pages, so a reader's own data
folder does not replace it).

>>> abbreviations_in("The CRCs and the NPS; PbR and MoJ are mixed case; Q14 is not matched.")
['CRC', 'NPS']
>>> abbreviations()["PCC"]
'Police and crime commissioner'
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..data import shipped_dir, source
from ..present.html import esc

# An abbreviation in running text: 2 to 5 capital letters as a whole word, with an optional plural "s".
ABBREVIATION = re.compile(r"\b([A-Z]{2,5})s?\b")
GROUPS = ("Organisations and roles", "Contracts and buying", "Places and people", "Labels on figures", "About this website")


@lru_cache(maxsize=1)
def entries() -> pd.DataFrame:
    """Every glossary entry (term, abbreviation, group, definition, source_id), sorted by term within its group."""
    table = source(shipped_dir()).load("glossary")
    order = {g: i for i, g in enumerate(GROUPS)}
    return (
        table.assign(_g=table["group"].map(order), _t=table["term"].str.lower())
        .sort_values(["_g", "_t"])
        .drop(columns=["_g", "_t"])
        .reset_index(drop=True)
    )


def abbreviations() -> dict[str, str]:
    """Each abbreviation in the glossary and the term it stands for."""
    t = entries().dropna(subset=["abbreviation"])
    return dict(zip(t["abbreviation"], t["term"]))


def abbreviations_in(text: str) -> list[str]:
    """The all-capital abbreviations (2 to 5 letters, plurals folded) in ``text``, sorted, once each."""
    return sorted({m.group(1) for m in ABBREVIATION.finditer(text)})


def anchor(term: str, prefix: str = "term") -> str:
    """The fragment id of a term (or, with ``prefix="section"``, a section) on the glossary page.

    >>> anchor("Rate card")
    'term-rate-card'
    """
    return f"{prefix}-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def glossary_html() -> str:
    """The glossary as HTML: a short list of its sections, then a heading and a definition list for each."""
    table = entries()
    sources = source(shipped_dir()).load("sources").set_index("source_id")
    contents = "".join(f'<li><a href="#{anchor(g, "section")}">{esc(g)}</a></li>' for g in GROUPS if (table["group"] == g).any())
    parts = [f'<nav aria-label="Sections of the glossary"><ul>{contents}</ul></nav>']
    for group in GROUPS:
        rows = table[table["group"] == group]
        if rows.empty:
            continue
        items = []
        for r in rows.itertuples(index=False):
            abbr = f" ({esc(r.abbreviation)})" if isinstance(r.abbreviation, str) and r.abbreviation else ""
            src = ""
            if r.source_id != "PROJECT" and r.source_id in sources.index:
                s = sources.loc[r.source_id]
                url = s["url"] if isinstance(s["url"], str) and s["url"] else ""
                who = f'<a href="{esc(url)}">{esc(s["publisher"])}</a>' if url else esc(s["publisher"])
                src = f' <span class="pb-glossary-source">Source: {who}.</span>'
            items.append(f'<dt id="{anchor(r.term)}">{esc(r.term)}{abbr}</dt><dd>{esc(r.definition)}{src}</dd>')
        parts.append(f'<h2 id="{anchor(group, "section")}">{esc(group)}</h2><dl class="pb-glossary">{"".join(items)}</dl>')
    return "".join(parts)

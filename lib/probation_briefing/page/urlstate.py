"""Scenario in the page address: read settings from the query string (and papermill), and encode them back.

Unknown keys and bad or out-of-range values never raise: they keep the value already set (the default)
and are reported as plain-text notices, which the page escapes. Values are only ever parsed as numbers
or matched against a fixed list of choices; nothing from the address is evaluated.

>>> from probation_briefing.data.params import parameters
>>> values, notices = parse("share_pct=25&bogus=1", parameters("q15"))
>>> values["share_pct"], notices
(25.0, ["Ignored unknown setting 'bogus'."])
>>> encode(values, parameters("q15"))
'share_pct=25'
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from ..data import version
from ..data.params import Parameter, Parameters, Scenario
from ..errors import InputError

MAX_QUERY = 2000


try:  # imported here, not on first use: the import is slow (~0.4 s) and must happen while the kernel is preheated
    from voila.utils import get_query_string as _voila_query_string
except Exception:  # noqa: BLE001 - Voila not installed: plain Jupyter, papermill, tests
    _voila_query_string = None


def query_string() -> str:
    """The page's query string. Under Voila with preheated kernels this waits for the real request."""
    if _voila_query_string is None:
        return os.environ.get("QUERY_STRING", "")
    try:
        return _voila_query_string() or ""
    except Exception:  # noqa: BLE001 - not a Voila kernel after all
        return os.environ.get("QUERY_STRING", "")


OldLinks = Callable[[list[tuple[str, str]], Parameters], tuple[list[tuple[str, str]], list[str]]]


def parse(query: str, params: Mapping[str, Parameter], old_links: OldLinks | None = None) -> tuple[dict[str, Any], list[str]]:
    """Values for every parameter (defaults where absent or bad) and plain-text notices for what was ignored.
    ``old_links`` (a briefing's) first reads settings an older version of the page put in its links."""
    values = {k: p.default for k, p in params.items()}
    notices: list[str] = []
    if len(query) > MAX_QUERY:
        return values, [f"The link's settings were too long ({len(query)} characters) and were ignored; defaults are shown."]
    pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True)
    if old_links is not None and isinstance(params, Parameters):
        pairs, notices = old_links(pairs, params)
    for key, raw in pairs:
        if key == version.LINK_KEY and key not in params:  # the data version the link was made with (see encode)
            if (note := version.link_notice(raw)) is not None:
                notices.append(note)
            continue
        if key not in params:
            notices.append(f"Ignored unknown setting '{_safe(key)}'.")
            continue
        _set(values, notices, params[key], raw)
    return values, notices


def _set(values: dict[str, Any], notices: list[str], p: Parameter, raw: Any) -> None:
    """Set one checked value; a bad one keeps the current value and adds a notice."""
    try:
        values[p.param_id] = p.coerce(raw, on_step=True)
    except InputError as exc:
        kept = values.get(p.param_id, p.default)
        which = "the default" if kept == p.default else "the value set before"
        notices.append(f"{_safe(str(exc))} - {which} ({p.label_of(kept)}) is used instead.")


def _safe(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[:n] + "…"


def encode(values: Mapping[str, Any], params: Mapping[str, Parameter], only_changed: bool = True, stamped: bool = False) -> str:
    """Query string for a scenario: only values that differ from the defaults, in parameter order; ``stamped`` adds
    the data's content hash (``v=``), so a link opened after the data change says the figures may have changed.

    >>> from probation_briefing.data.params import parameters
    >>> encode({"share_pct": 25}, parameters("q15"), stamped=True) == "share_pct=25&v=" + version.stamp().data_hash
    True
    """
    out = []
    for k, p in params.items():
        v = values.get(k, p.default)
        if only_changed and _same(v, p.default):
            continue
        if isinstance(v, bool):
            v = "true" if v else "false"
        elif isinstance(v, float):
            v = int(v) if v.is_integer() else format(v, ".10g")  # no 0.30000000000000004 in links
        out.append((k, v))
    if stamped:
        out.append((version.LINK_KEY, version.stamp().data_hash))
    return urlencode(out)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def read(params: Parameters, overrides: Mapping[str, Any] | None = None, old_links: OldLinks | None = None) -> tuple[Scenario, list[str]]:
    """The scenario from the current page's address, then ``overrides`` (papermill values; None = not given).

    A bad value keeps the value set so far and adds a notice, wherever it came from.
    """
    values, notices = parse(query_string(), params, old_links)
    for k, v in (overrides or {}).items():
        if v is not None and k in params:
            _set(values, notices, params[k], v)
    return params.scenario(values, on_step=True), notices

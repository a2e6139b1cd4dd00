"""The briefing contract: what every briefing declares, and what its views give the page.

A briefing is one module that builds a ``Briefing``: its id (its title, question number, summary and
notebook come from the catalogue, ``data/briefings.csv``) and consultation question; its parameters (read from ``data/parameters_<id>.csv``, the only home of defaults, ranges and status); a
pure ``run(scenario, data) -> result``; and ``views(result) -> View``, the headline figures, summary,
caveats, charts and tables the page shows. The page driver (``probation_briefing.page.driver``) does
the rest, the same way for every briefing.

>>> from probation_briefing.briefings import get
>>> from probation_briefing.data import source
>>> b = get("q15")
>>> view = b.view(b.parameters(source()).defaults(), source())
>>> [h.label for h in view.headlines][:2]
['Moved to commissioners', 'Left in the contracts']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Generic, TypeVar

import pandas as pd

from ..data import DataSource, catalogue
from ..data.params import Parameters, Scenario, parameters
from ..errors import InputError
from ..present import readable
from ..present.charts import ChartLike
from ..present.numbers import approx

R = TypeVar("R")  # a briefing's result: what its ``run`` returns and its ``views`` and ``headline`` read


def approx_gbp_m(x: float) -> str:
    """About £Nm, two significant figures: ``approx_gbp_m(121.1)`` is 'about £120m'."""
    return f"about £{approx(x)}m"


def approx_gbp_k(x: float) -> str:
    """About £Nk, two significant figures."""
    return f"about £{approx(x)}k"


def approx_pct(x: float) -> str:
    """About N%, two significant figures ('not available' for a share of nothing)."""
    return "not available" if x != x else f"about {approx(x)}%"


def _resolve(view: Any, name: str) -> Any:
    """A view field given as a function, called once and kept: the page sends the charts before building it."""
    value = getattr(view, name)
    if callable(value):
        value = value()
        object.__setattr__(view, name, value)
    return value


@dataclass(frozen=True)
class Headline:
    """One headline figure: a label, its formatted value and the status of what it rests on.

    ``amount`` and ``unit`` are the figure as a number, unrounded, for comparing two scenarios (the workshop's
    Compare works out B minus A from them): money in pounds with unit "£ a year" or "£", a share with "%",
    people with "people", a count with its plural noun ("areas"). A figure without an amount is not compared.
    """

    label: str
    value: str
    status: str = "illustrative"
    sources: tuple[str, ...] = ()  # the source ids a published figure is quoted from (and whose facts row holds it)
    amount: float | None = None
    unit: str = ""


@dataclass(frozen=True)
class KeyPoint:
    """One key point for a consultation response: plain text, which way it cuts, and the sources it rests on.

    ``stance`` is "for" (supports the proposal), "against" (a risk or cost of it) or "context". A point
    that depends on the settings is written by the briefing's ``views`` from the model's result.
    """

    text: str
    stance: str = "context"
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Notice:
    """A caveat or warning shown with the results (plain text; escaped by the page)."""

    text: str
    kind: str = "info"  # info | warn | error
    status: str | None = None  # a status badge to show with it (e.g. "reconstructed")


@dataclass(frozen=True)
class ChartView:
    """A chart with its text description and the data table behind it."""

    key: str
    title: str
    chart: ChartLike
    description: str | Callable[[], str]  # or a function that writes it: the page sends the chart first
    data: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """The text description (written on first use when given as a function)."""
        text = _resolve(self, "description")
        assert isinstance(text, str)
        return text


@dataclass(frozen=True)
class TableView:
    """A table the page shows, with the (fuller) frame offered as a CSV download."""

    key: str
    caption: str
    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)
    download: pd.DataFrame | None = None
    filename: str = ""
    note: str = ""
    # the table for a reader's files (rounded CSV, spreadsheet), when ``frame`` holds formatted text rather than numbers;
    # otherwise ``readable_frame`` derives it from ``frame`` and ``formats``
    readable: pd.DataFrame | None = None

    def readable_frame(self) -> pd.DataFrame:
        """The table as a reader's files give it: headings with units in brackets, numbers rounded as the page shows them.

        >>> t = TableView("k", "Areas", pd.DataFrame({"left £m": [22.94256375]}), {"left £m": ",.2f"})
        >>> t.readable_frame().to_dict("list")
        {'Left (£m)': [22.94]}
        """
        return self.readable if self.readable is not None else readable.readable(self.frame, self.formats)

    def full_frame(self) -> pd.DataFrame:
        """The table at full precision for software: the model's own table when there is one (``download``)."""
        return self.download if self.download is not None else self.frame


@dataclass(frozen=True)
class Check:
    """One reconciliation of the model to the record (the AQuA Book's "reconciliation to independent sources"): the
    model's figure at stated settings beside a published figure, and whether it falls within a stated tolerance.

    Where no record exists to check against, ``record`` and ``passed`` are None and ``note`` says what was looked for.

    >>> c = Check("Share of the money reaching the voluntary sector", 69.0, 67.0, "%", "within 10 percentage points",
    ...           True, "V24", "At the 2021 scale preset")
    >>> c.passed
    True
    """

    what: str
    model: float | None
    record: float | None
    unit: str
    tolerance: str
    passed: bool | None
    source_id: str
    note: str = ""


@dataclass(frozen=True)
class View:
    """Everything the page shows for one scenario's result."""

    headlines: list[Headline]
    summary: str
    caveats: list[Notice] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)
    # the tables, or a function that builds them: the page draws the charts first and the tables after
    tables: list[TableView] | Callable[[], list[TableView]] = field(default_factory=list)

    def table_views(self) -> list[TableView]:
        """The tables (built on first use when given as a function)."""
        tables = _resolve(self, "tables")
        assert isinstance(tables, list)
        return tables


def _checked(briefing: str, model: Callable[[Scenario, DataSource], R]) -> Callable[[Scenario, DataSource], R]:
    """``model`` behind a check of what it is given: a plain mapping of settings is checked against the briefing's
    parameters first (type, range, choices), so unchecked input gets the library's ``InputError`` and a plain message,
    never a bare Python error or a silent wrong number.

    >>> from probation_briefing.briefings import get
    >>> from probation_briefing.data import source
    >>> get("q15").run({"share_pct": 150}, source())
    Traceback (most recent call last):
    ...
    probation_briefing.errors.InputError: Share moved to commissioners: 150 is outside the allowed range 0 to 100 % of the pot
    """
    if getattr(model, "_checked", False):
        return model

    def run(scenario: Scenario, data: DataSource) -> R:
        if not isinstance(data, DataSource):
            raise InputError(f"the data must be a data source (probation_briefing.data.source()), not {type(data).__name__}")
        if not (isinstance(scenario, Scenario) and scenario.params.briefing == briefing):
            if not isinstance(scenario, Mapping):
                raise InputError(f"the settings must be a mapping of setting names to values, not {type(scenario).__name__}")
            scenario = parameters(briefing, data).scenario({str(k): v for k, v in scenario.items()})
        return model(scenario, data)

    run._checked = True  # type: ignore[attr-defined]
    run.__doc__, run.__name__ = model.__doc__, getattr(model, "__name__", "run")
    return run


@dataclass(frozen=True)
class Briefing(Generic[R]):
    """One briefing: identity, question, parameters, model and views, generic in its result type ``R``.

    ``run`` and ``views`` are pure: ``run(scenario, data)`` returns the model's result and ``views(result)``
    what the page shows. Both (and ``headline``) name the same ``R``, so mypy fails a briefing whose ``views``
    does not accept what its ``run`` returns (``tests/typecheck/`` keeps a deliberate mismatch to prove it). ``uploads`` names the datasets a reader may replace on the page; ``datasets``
    those the page reads (for its provenance section); ``sources`` extra source ids to list. The title,
    question number, summary and notebook are the catalogue's (``data/briefings.csv``).
    """

    id: str
    question_text: str
    run: Callable[[Scenario, DataSource], R]
    views: Callable[[R], View]
    datasets: tuple[str, ...] = ()
    uploads: tuple[str, ...] = ()
    sources: tuple[str, ...] = ("Q01",)
    # the one figure the "how sure are we?" panel tests each illustrative setting against
    headline: Callable[[R], float] | None = None
    headline_label: str = ""
    headline_unit: str = ""
    # for a headline that is a difference: what it means below and above zero ("B sends less than A", ...)
    headline_sign: tuple[str, ...] = ()
    # a change of settings that must change a key point (a key point follows the settings; the conformance tests check it)
    key_point_probe: Mapping[str, Any] = field(default_factory=dict)
    # "Does the model reproduce what happened?": the model run at the record's settings against published figures
    reconcile: Callable[[DataSource], list[Check]] | None = None
    # the assurance statement's checks: what the tests verify about this model, one plain sentence each
    verification: tuple[str, ...] = ()
    # reads settings an older version of the page put in its links: (name, value) pairs -> kept pairs and plain notices
    old_links: Callable[[list[tuple[str, str]], Parameters], tuple[list[tuple[str, str]], list[str]]] | None = None
    # the two-page briefing document (publish.document): which headline figures it shows (positions in the view's
    # ``headlines``; the ``headline_label`` figure is added where none of them is it) and which chart (a chart key;
    # "" for the view's first chart)
    document_headlines: tuple[int, ...] = (0, 1, 2)
    document_chart: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "run", _checked(self.id, self.run))

    @property
    def entry(self) -> catalogue.Entry:
        """The briefing's row in the catalogue."""
        return catalogue.entry(self.id)

    @property
    def question(self) -> int:
        """The consultation question's number."""
        return self.entry.question

    @property
    def title(self) -> str:
        """The page heading ("Q15 - ...")."""
        return self.entry.title

    @property
    def short_title(self) -> str:
        """The title without its question number."""
        return self.entry.short_title

    @property
    def summary(self) -> str:
        """One sentence on what the reader can explore."""
        return self.entry.summary

    @property
    def notebook(self) -> str:
        """The notebook's file name in ``briefings/``."""
        return self.entry.notebook

    def parameters(self, data: DataSource) -> Parameters:
        """The briefing's parameter registry, from ``data/parameters_<id>.csv``."""
        return parameters(self.id, data)

    def model_note(self) -> str:
        """'How this model works' for this briefing (markdown, from ``briefings/notes/<id>.md``): logic, assumptions, limits."""
        return (resources.files("probation_briefing.briefings") / "notes" / f"{self.id}.md").read_text(encoding="utf-8")

    def view(self, scenario: Scenario, data: DataSource) -> View:
        """Run the model and build the views in one step."""
        return self.views(self.run(scenario, data))
